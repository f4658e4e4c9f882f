"""A bounded fuzz of mutated package files: whatever a file becomes, validate answers with exit 0 or 1, one line
per error, no command line, no network and no write into the package.

Each example mutates one file of a copy of the shipped package (a flipped byte, an inserted hostile string,
a cut, a repeated line) and restores it afterwards, so the examples are independent and cheap. The number
of examples is fixed (hypothesis' database is not needed to reproduce: a failure prints the example).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import copy_package, tree_digest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caucasus_data.reporters import render_github, render_text
from caucasus_data.validator import validate_folder

FILES = [
    "datapackage.json",
    "schemas/sources.schema.json",
    "schemas/events.schema.json",
    "curated/sources.csv",
    "curated/events.csv",
    "curated/evidence.csv",
    "curated/places.csv",
    "raw/news-2021-07-27-military-ties.txt",
]
HOSTILE = [
    b"\x00",
    b"\n::error file=x,line=1::owned\n",
    b"\r\n::add-mask::x",
    b'"',
    b'""',
    b",",
    b"{",
    b"}",
    b"[" * 60,
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"=cmd|' /C calc'!A0",
    "＝1+1".encode(),
    b"../../../../etc/passwd",
    b"/dev/zero",
    b"1" * 5000,
    b'"profile": "http://127.0.0.1:9/p.json", ',
    b'"resources": [], ',
    b'"pattern": "([a-z", ',
    "\u2028".encode(),
    b"\x1b[2J",
    b"a" * 70_000,
]

mutation = st.tuples(
    st.sampled_from(FILES),
    st.sampled_from(["flip", "insert", "cut", "repeat"]),
    st.floats(min_value=0, max_value=1),
    st.sampled_from(HOSTILE),
    st.integers(min_value=0, max_value=255),
)


def mutate(data: bytes, how: str, where: float, hostile: bytes, byte: int) -> bytes:
    at = int(len(data) * where)
    if how == "flip" and data:
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ (byte or 1)]) + data[at + 1 :]
    if how == "cut":
        return data[:at]
    if how == "repeat":
        lines = data.split(b"\n")
        line = min(int(len(lines) * where), len(lines) - 1)
        return b"\n".join([*lines[: line + 1], lines[line], *lines[line + 1 :]])
    return data[:at] + hostile + data[at:]


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Iterator[Path]:
    """One copy for every example (each restores its file), with one cache: unchanged descriptors are not
    checked by frictionless again."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path_factory.mktemp("cache")))
        yield copy_package(tmp_path_factory.mktemp("fuzz") / "package")


@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(mutation)
def test_any_mutated_file_gives_errors_never_a_fault(package, no_network, change):
    rel, how, where, hostile, byte = change
    path = package / rel
    original = path.read_bytes()
    path.write_bytes(mutate(original, how, where, hostile, byte))
    try:
        before = tree_digest(package)
        report = validate_folder(package)
        assert tree_digest(package) == before, "validate wrote into the package"
        text = render_text(report, cap=None)
        lines = text.split("\n")
        assert len(lines) == len(report.errors) + 1
        for line in lines:
            assert not line.lstrip().startswith("::"), line
            assert "\r" not in line and "\x1b" not in line and "\u2028" not in line
        for line in render_github(report).split("\n")[:-1]:
            assert line.startswith("::error file="), line
        assert no_network == []
    finally:
        path.write_bytes(original)
