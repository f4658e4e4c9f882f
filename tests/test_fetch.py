"""Fetching a release from a local HTTP server: verification, cache, offline use, refusals. No internet."""

from __future__ import annotations

import functools
import io
import json
import shutil
import tarfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pandas as pd
import pytest
from conftest import copy_package

import caucasus_data as cd
from caucasus_data.cli import main
from caucasus_data.release import IntegrityError, SchemaMismatchError
from caucasus_data.release import fetch as fetch_module
from caucasus_data.release.archive import UnsafeArchiveError
from caucasus_data.release.build import build_release
from caucasus_data.release.fetch import FetchError
from caucasus_data.release.manifest import MANIFEST, read_manifest, verify

VERSION = cd.__version__


class _Handler(SimpleHTTPRequestHandler):
    failures: list[int]  # HTTP statuses to answer with before serving files, one per request

    def do_GET(self):
        if self.failures:
            self.send_error(self.failures.pop(0))
            return
        super().do_GET()

    def log_message(self, format, *args):  # the test output is not a server log
        pass


class Server:
    """A static file server on 127.0.0.1 (an ephemeral port) serving ``root``, as a release host would."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.failures: list[int] = []
        handler = type("Handler", (_Handler,), {"failures": self.failures})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.httpd.shutdown()
            self.httpd.server_close()
            self.thread.join()
            self.running = False

    def release(self, version: str = VERSION) -> Path:
        return self.root / f"v{version}"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(fetch_module.CACHE_VARIABLE, str(folder))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setattr(fetch_module, "RETRIES", 0)  # a refused download is not worth waiting for here
    return folder


@pytest.fixture
def server(built_release, tmp_path, monkeypatch, cache):
    www = tmp_path / "www"
    shutil.copytree(built_release, www / f"v{VERSION}")
    running = Server(www)
    monkeypatch.setenv(fetch_module.URL_VARIABLE, running.url)
    yield running
    running.stop()


def _assert_nothing_cached(cache: Path) -> None:
    assert not cache.exists() or list(cache.iterdir()) == []


def test_fetch_downloads_verifies_and_caches(server, cache):
    folder = cd.fetch()
    assert folder == cache / f"v{VERSION}"
    manifest = read_manifest(folder / MANIFEST)
    assert manifest.version == VERSION
    assert verify(folder, manifest) == []
    assert sorted(p.name for p in cache.iterdir()) == [f"v{VERSION}"]  # no download leftovers


def test_release_loads_with_the_same_dtypes_and_values_as_the_package(server, snapshot):
    for name in cd.tables(snapshot):
        from_release = cd.load(name, source="release")
        from_package = cd.load(name, validate=False, path=snapshot)
        pd.testing.assert_frame_equal(from_release, from_package)
        assert from_release.attrs == from_package.attrs


def test_load_all_from_the_release(server):
    frames = cd.load_all(source="release")
    assert set(frames) == set(cd.tables())
    assert str(frames["events"]["date_start"].dtype) == "date32[day][pyarrow]"
    assert isinstance(frames["events"]["event_type"].dtype, pd.CategoricalDtype)


def test_cli_fetch_prints_the_cached_folder(server, cache, capsys):
    assert main(["fetch", "--version", VERSION]) == 0
    assert capsys.readouterr().out.strip() == str(cache / f"v{VERSION}")


def test_a_version_written_with_a_leading_v_is_the_same_release(server, cache):
    assert cd.fetch(f"v{VERSION}") == cd.fetch(VERSION) == cache / f"v{VERSION}"


def _flip_byte(path: Path, at: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("target", ["archive", MANIFEST])
def test_a_flipped_byte_on_the_server_is_refused_and_not_cached(server, cache, target, capsys):
    manifest = read_manifest(server.release() / MANIFEST)
    if target == MANIFEST:
        text = (server.release() / MANIFEST).read_text(encoding="utf-8")
        digest = manifest.table("events").sha256
        flipped = digest[:-1] + ("1" if digest.endswith("0") else "0")  # a digest may end in 0 already
        (server.release() / MANIFEST).write_text(text.replace(digest, flipped), encoding="utf-8")
    else:
        _flip_byte(server.release() / manifest.archive)
    with pytest.raises(IntegrityError):
        cd.fetch()
    _assert_nothing_cached(cache)
    assert main(["fetch"]) == 1
    assert "nothing was cached" in capsys.readouterr().err
    _assert_nothing_cached(cache)


def _release_files(folder: Path, manifest) -> dict[str, bytes]:
    """Every file the archive holds (those the manifest lists, and the manifest), by relative path."""
    return {rel: (folder / rel).read_bytes() for rel in [*(f.path for f in manifest.files), MANIFEST]}


def test_a_damaged_member_inside_an_intact_archive_is_refused(server, cache):
    manifest = read_manifest(server.release() / MANIFEST)
    prefix = f"caucasus-data-{VERSION}"
    members = _release_files(server.release(), manifest)
    events = manifest.table("events").path
    members[events] = members[events][:-1] + b"\x00"
    _write_tar(server.release() / manifest.archive, [(f"{prefix}/{name}", data) for name, data in members.items()])
    with pytest.raises(IntegrityError, match=r"events\.parquet"):
        cd.fetch()
    _assert_nothing_cached(cache)


def test_with_the_server_down_the_cached_copy_still_loads(server, cache):
    cd.fetch()
    expected = cd.load("sources", source="release")
    server.stop()
    assert cd.fetch() == cache / f"v{VERSION}"
    pd.testing.assert_frame_equal(cd.load("sources", source="release"), expected)


def test_with_the_server_down_and_no_cache_fetch_fails_cleanly(server, cache, capsys):
    server.stop()
    with pytest.raises(FetchError, match="could not download"):
        cd.fetch()
    _assert_nothing_cached(cache)
    assert main(["fetch"]) == 2
    assert "could not download" in capsys.readouterr().err


def test_a_version_that_was_never_published_is_a_clear_error(server, cache):
    with pytest.raises(FetchError, match=r"no release 9\.9\.9 .*HTTP 404"):
        cd.fetch("9.9.9", pin="0" * 64)
    _assert_nothing_cached(cache)


def test_a_version_that_is_not_a_version_is_refused_before_any_download(cache):
    with pytest.raises(ValueError, match="not a release version"):
        cd.fetch("../../etc")
    _assert_nothing_cached(cache)


def test_an_altered_cached_copy_is_downloaded_again(server, cache):
    folder = cd.fetch()
    _flip_byte(folder / "tables/sources/sources.parquet")
    assert cd.fetch() == folder
    assert verify(folder, read_manifest(folder / MANIFEST)) == []


def test_an_altered_cached_copy_is_never_used(server, cache):
    folder = cd.fetch()
    _flip_byte(folder / "tables/sources/sources.parquet")
    server.stop()
    with pytest.raises(FetchError):
        cd.load("sources", source="release")


def _write_tar(path: Path, members: list[tuple[str, bytes | tarfile.TarInfo]]) -> None:
    with tarfile.open(path, "w:gz") as tar:
        for name, content in members:
            if isinstance(content, tarfile.TarInfo):
                tar.addfile(content)
            else:
                info = tarfile.TarInfo(name)
                info.size = len(content)
                tar.addfile(info, io.BytesIO(content))


def _symlink(name: str, target: str) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname = tarfile.SYMTYPE, target
    return info


@pytest.mark.parametrize(
    "member",
    [
        ("/tmp/caucasus-data-absolute.txt", b"x"),
        ("caucasus-data-{v}/../../escaped.txt", b"x"),
        ("caucasus-data-{v}/link.parquet", _symlink("caucasus-data-{v}/link.parquet", "/etc/passwd")),
    ],
    ids=["absolute", "dotdot", "symlink"],
)
def test_an_unsafe_archive_member_is_refused(server, cache, tmp_path, member):
    manifest = read_manifest(server.release() / MANIFEST)
    prefix = f"caucasus-data-{VERSION}"
    good = [(f"{prefix}/{name}", data) for name, data in _release_files(server.release(), manifest).items()]
    name, content = member
    name = name.format(v=VERSION)
    if isinstance(content, tarfile.TarInfo):
        content.name = name
    _write_tar(server.release() / manifest.archive, [*good, (name, content)])
    with pytest.raises(UnsafeArchiveError, match="refused"):
        cd.fetch()
    _assert_nothing_cached(cache)
    assert not Path("/tmp/caucasus-data-absolute.txt").exists()
    assert not (cache.parent / "escaped.txt").exists() and not (tmp_path / "escaped.txt").exists()


def test_a_release_built_with_another_schema_is_refused_by_load(server, cache, tmp_path, monkeypatch):
    changed = copy_package(tmp_path / "changed")
    schema_path = changed / "schemas" / "events.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["fields"][2]["description"] += " Edited."
    schema_path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    shutil.rmtree(server.release())
    build_release(changed, server.release())
    # As an installation that pins this release would: only a pinned release gets as far as the schema check.
    pinned = fetch_module.manifest_sha256(server.release())
    monkeypatch.setattr(fetch_module, "pinned", lambda version: pinned)
    with pytest.raises(SchemaMismatchError) as refused:
        cd.load("events", source="release")
    message = str(refused.value)
    assert "'events'" in message and "schemas/events.schema.json" in message and "pip install" in message
    unchanged = cd.load("sources", source="release")  # a table whose schema is the installed one still loads
    pd.testing.assert_frame_equal(unchanged, cd.load("sources", validate=False, path=changed))


def test_a_transient_server_failure_is_retried(server, cache, monkeypatch):
    monkeypatch.setattr(fetch_module, "RETRIES", 1)
    server.failures.extend([503])
    assert verify(cd.fetch(), read_manifest(cache / f"v{VERSION}" / MANIFEST)) == []
    assert server.failures == []


def test_a_long_download_shows_progress(server, cache, monkeypatch, capsys):
    monkeypatch.setattr(fetch_module, "PROGRESS_FROM_BYTES", 1)
    cd.fetch()
    assert "100%" in capsys.readouterr().err


def test_a_short_download_shows_no_progress_bar(server, cache, capsys, monkeypatch):
    total = sum(f.bytes for f in read_manifest(server.release() / MANIFEST).files)
    monkeypatch.setattr(fetch_module, "PROGRESS_FROM_BYTES", total + 1)
    cd.fetch()
    assert "100%" not in capsys.readouterr().err
