"""What the tools write: validate nothing but its cache; build and fmt atomically, through links, and with no
temporary file that outlives a killed run."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import pytest
from conftest import Package, copy_package

from caucasus_data import tempfiles
from caucasus_data.cli import main
from caucasus_data.release.build import build_release
from caucasus_data.release.manifest import MANIFEST, read_manifest, verify
from caucasus_data.validator import validate_folder

WRITE_EVENTS = {"os.rename", "os.replace", "os.mkdir", "os.remove", "os.rmdir", "os.symlink", "os.link"}
WRITE_EVENTS |= {"os.chmod", "os.chown", "os.truncate", "os.utime", "shutil.rmtree", "shutil.move"}

_recording = {"on": False}  # for every thread: validation reads tables and checks profiles on thread pools
_events: list[tuple[str, tuple]] = []


def _hook(event: str, args: tuple) -> None:
    if not _recording["on"]:
        return
    if event == "open":
        _, mode, flags = args
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND)
        )
        if writes:
            _events.append((event, args))
    elif event in WRITE_EVENTS or event.startswith("socket."):
        _events.append((event, args))


sys.addaudithook(_hook)  # audit hooks cannot be removed; this one only records while a test asks it to


def _writes_during(action) -> list[tuple[str, tuple]]:
    _events.clear()
    _recording["on"] = True
    try:
        action()
    finally:
        _recording["on"] = False
    return list(_events)


def test_validate_writes_nothing_but_its_cache_and_opens_no_socket(package_copy, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(cache))
    (package_copy / "curated/places.csv").write_text("broken,header\n", encoding="utf-8")  # errors too
    events = _writes_during(lambda: validate_folder(package_copy))
    outside = [
        (event, args)
        for event, args in events
        if not all(
            str(a).startswith(str(cache))
            for a in (args[:1] if event == "open" else args[:2])
            if isinstance(a, str | bytes | os.PathLike)
        )
        or event.startswith("socket.")
    ]
    assert outside == []
    assert any(str(args[0]).startswith(str(cache)) for _, args in events)  # the hook does see the cache writes


# -- build: an atomic swap, --out through a link, no leftovers ----------------------------------------------------


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    return copy_package(tmp_path_factory.mktemp("write") / "package")


def _is_release(folder: Path) -> bool:
    return (folder / MANIFEST).is_file() and verify(folder, read_manifest(folder / MANIFEST)) == []


def test_a_build_killed_during_the_swap_leaves_a_whole_release(package, tmp_path, monkeypatch):
    """Killed after its first rename (no handler runs after a SIGKILL), a build must not have removed the old
    release: the swap is one step."""
    out = build_release(package, tmp_path / "release").out
    calls = {"n": 0}
    real_rename = os.rename  # Path.rename calls it too

    class Killed(BaseException):
        pass

    def once(*args, real):
        calls["n"] += 1
        if calls["n"] > 1:
            raise Killed
        return real(*args)

    monkeypatch.setattr(os, "rename", lambda *a, **k: once(*a, real=real_rename))
    monkeypatch.setattr("shutil.rmtree", lambda *a, **k: None)  # a killed process cleans nothing up
    with contextlib.suppress(Killed):
        build_release(package, out)
    monkeypatch.undo()
    assert _is_release(out)


def test_build_out_through_a_symbolic_link_keeps_the_link(package, tmp_path):
    real = tmp_path / "releases" / "current"
    build_release(package, real)
    link = tmp_path / "release"
    link.symlink_to(real, target_is_directory=True)
    before = (real / MANIFEST).stat().st_ino
    result = build_release(package, link)
    assert link.is_symlink() and Path(os.readlink(link)) == real
    assert _is_release(real) and (real / MANIFEST).stat().st_ino != before
    assert result.out == real


def test_what_a_killed_build_left_is_swept_by_the_next(package, tmp_path):
    dead = _dead_pid()
    out = tmp_path / "release"
    leftovers = [tmp_path / f".release.{dead}.abc123-building", tmp_path / f".release.{dead}.def456-previous"]
    for folder in leftovers:
        folder.mkdir()
        (folder / "part.parquet").write_bytes(b"half")
    alive = tmp_path / f".release.{os.getppid()}.xyz789-building"  # a concurrent build's: left alone
    alive.mkdir()
    build_release(package, out)
    assert [p for p in leftovers if p.exists()] == []
    assert alive.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([alive.name, "release"])


def _dead_pid() -> int:
    pid = 4_000_000
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return pid
        except PermissionError:
            pass
        pid += 1


# -- fmt: symbolic links and temporary files -----------------------------------------------------------------------


def test_fmt_formats_the_file_a_symlinked_table_points_to(pkg: Package, capsys):
    table = pkg.file("places")
    real = pkg.root / "curated" / "kept" / "places.csv"
    real.parent.mkdir()
    real.write_bytes(table.read_bytes().replace(b"\n", b"\r\n"))  # not canonical: carriage returns
    table.unlink()
    table.symlink_to(Path("kept") / "places.csv")
    assert main(["fmt", str(pkg.root)]) == 0, capsys.readouterr().out
    assert table.is_symlink()
    assert b"\r" not in real.read_bytes()
    assert main(["fmt", "--check", str(pkg.root)]) == 0


def test_fmt_refuses_a_symlink_out_of_the_package(pkg: Package, tmp_path, capsys):
    elsewhere = tmp_path / "elsewhere.csv"
    elsewhere.write_bytes(pkg.file("places").read_bytes().replace(b"\n", b"\r\n"))
    before = elsewhere.read_bytes()
    pkg.file("places").unlink()
    pkg.file("places").symlink_to(elsewhere)
    assert main(["fmt", str(pkg.root)]) == 1
    assert elsewhere.read_bytes() == before
    assert "outside the package" in capsys.readouterr().out


def test_fmt_sweeps_temporary_files_a_killed_run_left(pkg: Package):
    dead = _dead_pid()
    leftover = pkg.root / "curated" / f".places.csv.{dead}.k2j4h.tmp"
    leftover.write_bytes(b"half a table")
    pkg.file("places").write_bytes(pkg.file("places").read_bytes().replace(b"\n", b"\r\n"))
    assert main(["fmt", str(pkg.root)]) == 0
    assert not leftover.exists()
    assert [p.name for p in (pkg.root / "curated").iterdir() if p.name.startswith(".")] == []


def test_a_live_process_files_are_never_swept(tmp_path):
    mine = tmp_path / f".t.csv.{os.getpid()}.abc.tmp"
    mine.write_bytes(b"")
    assert tempfiles.sweep(tmp_path, "t.csv", ".tmp") == [] and mine.exists()
