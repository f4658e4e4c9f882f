"""The release archive: reproducible bytes, a faithful round trip, and no member that could leave its folder."""

from __future__ import annotations

import tarfile
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from caucasus_data.release.archive import extract, unsafe_reason, write_archive

PREFIX = "caucasus-data-1.2.3"
plain_names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)
contents = st.dictionaries(plain_names, st.binary(max_size=300), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None)
@given(contents)
def test_archive_bytes_depend_only_on_contents_and_round_trip(files):
    with tempfile.TemporaryDirectory() as tmp:
        folder, first, second, out = (Path(tmp) / n for n in ("files", "a.tar.gz", "b.tar.gz", "out"))
        folder.mkdir()
        out.mkdir()
        for name, data in files.items():
            (folder / name).write_bytes(data)
        write_archive(folder, list(files), first, PREFIX)
        write_archive(folder, list(reversed(list(files))), second, PREFIX)
        assert first.read_bytes() == second.read_bytes()
        assert sorted(extract(first, out, PREFIX)) == sorted(files)
        assert {p.name: p.read_bytes() for p in out.iterdir()} == files


def _member(name: str, kind: bytes = tarfile.REGTYPE) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    return info


@given(plain_names)
def test_a_plain_file_under_the_folder_is_accepted(name):
    assert unsafe_reason(_member(f"{PREFIX}/{name}"), PREFIX) is None


path_parts = st.lists(st.sampled_from(["..", ".", "", "a", PREFIX, "x.parquet", "c:", "\\"]), min_size=1, max_size=5)


@given(path_parts, st.booleans())
def test_a_member_is_accepted_only_as_a_plain_file_directly_under_the_folder(parts, absolute):
    name = ("/" if absolute else "") + "/".join(parts)
    plain = not absolute and len(parts) == 2 and parts[0] == PREFIX and parts[1] in ("a", "x.parquet", PREFIX)
    assert (unsafe_reason(_member(name), PREFIX) is None) == plain, name


@given(plain_names)
def test_links_and_special_files_are_refused(name):
    for kind in (tarfile.SYMTYPE, tarfile.LNKTYPE, tarfile.DIRTYPE, tarfile.FIFOTYPE, tarfile.CHRTYPE):
        assert unsafe_reason(_member(f"{PREFIX}/{name}", kind), PREFIX) is not None
