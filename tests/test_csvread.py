"""The CSV reader: its fast path (pyarrow + newline offsets) and slow path (csv module) agree, with the right lines."""

from __future__ import annotations

import csv
import io

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from caucasus_data.csvread import _fast, _slow, read_csv

PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Cells made of the characters that matter to CSV: separators, quotes, line breaks, and some non-ASCII text.
CELL = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t=é–“”ı😀')), max_size=8)


def values(columns) -> list[list[str]]:
    """Cell text per column; an empty cell may be read as "" or as null, which mean the same."""
    return [[v or "" for v in column.to_pylist()] for column in columns]


def encode(header: list[str], rows: list[list[str]], quote_all: bool, final_newline: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)
    chunks = []
    for row in [header, *rows]:
        out.seek(0)
        out.truncate()
        writer.writerow(row)
        chunks.append(out.getvalue()[:-2])  # "\r\n" as terminator quotes cells holding "\r"; rows end in "\n"
    text = "\n".join(chunks) + ("\n" if final_newline else "")
    return text.encode("utf-8")


@st.composite
def tables(draw):
    ncols = draw(st.integers(1, 4))
    header = [f"c{i}" for i in range(ncols)]
    rows = draw(st.lists(st.lists(CELL, min_size=ncols, max_size=ncols), max_size=8))
    rows = [r for r in rows if r != [""] * ncols or ncols > 1]  # a lone empty cell is a blank line to both readers
    return header, rows, draw(st.booleans()), draw(st.booleans()) or not rows


def expected_lines(rows: list[list[str]]) -> list[int]:
    """Record i starts after the header and every line break written before it (quoted ones included)."""
    lines, line = [], 2
    for row in rows:
        lines.append(line)
        line += 1 + sum(cell.count("\n") for cell in row)
    return lines


@PROPERTY
@given(tables())
@example((["c0", "c1"], [["a\r", "b"], ["c", "d"]], False, True))
@example((["c0"], [["x\n\ny"], ["z"]], True, False))
def test_both_paths_read_the_written_table_on_the_right_lines(table):
    header, rows, quote_all, final_newline = table
    data = encode(header, rows, quote_all, final_newline)
    errors = []
    slow_columns, slow_lines = _slow("t.csv", data.decode("utf-8"), len(header), errors)
    assert errors == []
    written = [[row[i] for row in rows] for i in range(len(header))]
    assert values(slow_columns) == written
    assert slow_lines.tolist() == expected_lines(rows)
    fast = _fast("t.csv", data, len(header))
    if fast is not None:  # the fast path may decline; when it answers, it answers the same
        assert values(fast[0]) == written
        assert fast[1].tolist() == slow_lines.tolist()
    parsed = read_csv("t.csv", data)
    assert parsed.header == header
    assert values(parsed.columns.values()) == written
    assert parsed.lines.tolist() == expected_lines(rows)


@PROPERTY
@given(st.lists(st.sampled_from(["a", "b,c", '"d"', '"e\nf"', "", "g,h,i", '"', "\r", "é"]), max_size=12))
def test_both_paths_agree_on_any_line_soup(pieces):
    """Text that is not always well-formed CSV: where the fast path answers, it matches the slow path."""
    data = ("x,y\n" + "\n".join(pieces) + "\n").encode("utf-8")
    fast = _fast("t.csv", data, 2)
    slow_columns, slow_lines = _slow("t.csv", data.decode("utf-8"), 2, [])
    if fast is not None:
        assert values(fast[0]) == values(slow_columns)
        assert fast[1].tolist() == slow_lines.tolist()
    parsed = read_csv("t.csv", data)
    assert parsed.lines.tolist() == slow_lines.tolist()
    assert values(parsed.columns.values()) == values(slow_columns)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_table_or_errors_never_an_exception(data):
    parsed = read_csv("t.csv", data)
    assert isinstance(parsed.lines, np.ndarray)
    assert all(len(column) == parsed.num_rows for column in parsed.columns.values())
    assert all(e.path == "t.csv" and e.rule for e in parsed.errors)


def test_ragged_rows_are_errors_on_their_own_line_and_the_rest_is_read():
    parsed = read_csv("t.csv", b'a,b\n1,2\n"x\ny",3\n4\n5,6,7\n8,9\n')
    assert [(e.rule, e.line) for e in parsed.errors] == [("structure", 5), ("structure", 6)]
    assert parsed.lines.tolist() == [2, 3, 7]
    assert values(parsed.columns.values()) == [["1", "x\ny", "8"], ["2", "3", "9"]]


def test_blank_lines_hold_no_record_but_count_as_lines():
    parsed = read_csv("t.csv", b"a,b\n\n1,2\n\n\n3,4\n")
    assert parsed.errors == []
    assert parsed.lines.tolist() == [3, 6]


def test_bom_and_bad_bytes_are_reported_and_the_table_still_read():
    parsed = read_csv("t.csv", b"\xef\xbb\xbfa,b\n1,\xff\n2,3\n")
    assert [(e.rule, e.line) for e in parsed.errors] == [("encoding", None), ("encoding", 2)]
    assert parsed.header == ["a", "b"]
    assert parsed.lines.tolist() == [2, 3]


def test_empty_file():
    for data in (b"", b"\n\n", b"  \n"):
        (error,) = read_csv("t.csv", data).errors
        assert (error.rule, error.line) == ("structure", None) and "empty" in error.message


@PROPERTY
@given(
    st.one_of(
        st.binary(max_size=300),
        st.lists(st.sampled_from(["a", "b,c", '"d"', '"e\nf"', "", "\r", "\ufeff", " ", "é", "\x00"]), max_size=12).map(
            lambda pieces: ("x,y\n" + "\n".join(pieces)).encode("utf-8")
        ),
    )
)
def test_a_mapped_file_reads_as_its_bytes(tmp_path_factory, data):
    """A large file is read through a memory map; it must give the reader and the format scan what bytes give."""
    from caucasus_data import filebytes
    from caucasus_data.fmt.layout import from_reader
    from caucasus_data.rules import safety

    path = tmp_path_factory.mktemp("mapped") / "t.csv"
    path.write_bytes(data)
    mapped = filebytes.read(path, mapped_from=1)
    from_bytes, from_map = read_csv("t.csv", data), read_csv("t.csv", mapped)
    assert values(from_map.columns.values()) == values(from_bytes.columns.values())
    assert from_map.lines.tolist() == from_bytes.lines.tolist()
    assert [e.to_dict() for e in from_map.errors] == [e.to_dict() for e in from_bytes.errors]
    assert (from_map.header, from_map.newlines) == (from_bytes.header, from_bytes.newlines)
    assert safety.scan(mapped, from_map, None) == safety.scan(data, from_bytes, None)
    assert from_reader(mapped, from_map, False) == from_reader(data, from_bytes, False)
    assert filebytes.blank(mapped) == data.isspace()


def test_large_files_are_mapped_and_small_ones_read(tmp_path):
    import mmap

    from caucasus_data import filebytes

    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,2\n")
    assert isinstance(filebytes.read(path), bytes)
    if hasattr(mmap, "MAP_POPULATE"):
        assert isinstance(filebytes.read(path, mapped_from=1), mmap.mmap)
    path.write_bytes(b"")
    assert filebytes.read(path, mapped_from=1) == b""


def test_a_file_that_cannot_be_mapped_is_read(tmp_path, monkeypatch):
    import mmap

    from caucasus_data import filebytes

    def refuse(*args, **kwargs):
        raise OSError(19, "No such device")

    path = tmp_path / "t.csv"
    path.write_bytes(b"a,b\n1,2\n")
    monkeypatch.setattr(mmap, "mmap", refuse)
    assert filebytes.read(path, mapped_from=1) == b"a,b\n1,2\n"
