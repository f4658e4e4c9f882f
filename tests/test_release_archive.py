"""The release archive: reproducible bytes, a faithful round trip, and no member that could leave its folder."""

from __future__ import annotations

import io
import tarfile
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caucasus_data.release.archive import UnsafeArchiveError, extract, unsafe_reason, write_archive

PREFIX = "caucasus-data-1.2.3"
plain_names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
#: Release paths as the manifest allows them: plain names, possibly in folders (tables/events/events.parquet).
plain_paths = st.lists(plain_names, min_size=1, max_size=3).map("/".join)


def _no_file_is_a_folder(files: dict) -> bool:
    folders = {"/".join(p.split("/")[:i]) for p in files for i in range(1, p.count("/") + 1)}
    return not folders & set(files)


contents = st.dictionaries(plain_paths, st.binary(max_size=300), min_size=1, max_size=6).filter(_no_file_is_a_folder)


@settings(max_examples=40, deadline=None)
@given(contents)
def test_archive_bytes_depend_only_on_contents_and_round_trip(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder, first, second, out = (Path(tmp) / n for n in ("files", "a.tar.gz", "b.tar.gz", "out"))
        folder.mkdir()
        out.mkdir()
        for name, data in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
        write_archive(folder, list(files), first, PREFIX)
        write_archive(folder, list(reversed(list(files))), second, PREFIX)
        assert first.read_bytes() == second.read_bytes()
        assert sorted(extract(first, out, PREFIX)) == sorted(files)
        assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()} == files


def _member(name: str, kind: bytes = tarfile.REGTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    return info


@given(plain_paths)
def test_a_plain_file_under_the_folder_is_accepted(name):
    assert unsafe_reason(_member(f"{PREFIX}/{name}"), PREFIX) is None


PLAIN_PARTS = ("a", "x.parquet", "tables", PREFIX)
path_parts = st.lists(st.sampled_from(["..", ".", "", ".hidden", "c:", "\\", *PLAIN_PARTS]), min_size=1, max_size=5)


@given(path_parts, st.booleans())
def test_a_member_is_accepted_only_as_a_plain_path_under_the_folder(parts, absolute):
    name = ("/" if absolute else "") + "/".join(parts)
    plain = not absolute and len(parts) >= 2 and parts[0] == PREFIX and all(p in PLAIN_PARTS for p in parts[1:])
    assert (unsafe_reason(_member(name), PREFIX) is None) == plain, name


def test_a_path_that_is_both_a_file_and_a_folder_refuses_the_archive(tmp_path):
    archive = tmp_path / "a.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name in (f"{PREFIX}/tables", f"{PREFIX}/tables/events.parquet"):
            info = tarfile.TarInfo(name)
            info.size = 1
            tar.addfile(info, io.BytesIO(b"x"))
    (tmp_path / "out").mkdir()
    with pytest.raises(UnsafeArchiveError, match="both a file and a folder"):
        extract(archive, tmp_path / "out", PREFIX)
    assert list((tmp_path / "out").iterdir()) == []


@given(plain_paths)
def test_links_and_special_files_are_refused(name):
    for kind in (tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE, tarfile.FIFOTYPE, tarfile.CHRTYPE):
        assert unsafe_reason(_member(f"{PREFIX}/{name}", kind), PREFIX) is not None
