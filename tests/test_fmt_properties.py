"""Properties of the canonical form on arbitrary tables written in arbitrary (valid RFC 4180) ways.

Formatting is idempotent and lossless: what the project's reader reads from the formatted file is what it
read before, sorted by key, with each value in NFC and without white space at its ends (the two documented
normalisations, computed here independently with Python's own ``unicodedata`` and ``str.strip``). And the
`format` rule agrees with the formatter: it finds nothing exactly when formatting would change nothing. What
the rule is handed by the validator's reader is what reading the file again would find, and its cell checks
are Python's own however Arrow chunks a column.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from unittest.mock import patch

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caucasus_data.csvread import BOM, read_csv
from caucasus_data.fmt import diagnose, format_bytes, layout
from caucasus_data.fmt.cells import not_nfc, untrimmed
from caucasus_data.fmt.layout import Layout, analyse
from caucasus_data.model import TableField, TableSchema

ALPHABET = st.sampled_from(list('ab-0 ,"\n\r\t\xa0\u2000\u3000é\u0301e“”ş\u0307i'))
CELL = st.text(ALPHABET, max_size=6)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def tables(draw):
    """A schema of free-text columns, rows of cells, and one way of writing them that RFC 4180 allows.

    Each way of departing from the canonical form is drawn on its own and rarely, so that many examples
    are canonical or one step away from it."""
    width = draw(st.integers(1, 4))
    names = [f"c{i}" for i in range(width)]
    key = names[: draw(st.integers(1, min(2, width)))]
    schema = TableSchema(fields=[TableField(name=n, type="string", description="text") for n in names], primaryKey=key)

    def messy() -> bool:
        return draw(st.integers(0, 4)) == 0

    rows = draw(st.lists(st.lists(CELL, min_size=width, max_size=width), max_size=8))
    if not messy():
        rows = [[canonical_cell(c) for c in row] for row in rows]
    if not messy():
        rows.sort(key=lambda row: [row[names.index(k)] for k in key])
    order = draw(st.permutations(names)) if messy() else names
    newline = "\r\n" if messy() else "\n"

    def field(cell: str) -> str:
        needs = any(c in cell for c in ',"\r\n') or (width == 1 and cell == "")
        if needs or messy():
            return '"' + cell.replace('"', '""') + '"'
        return cell

    lines = [",".join(field(n) for n in order)]
    for row in rows:
        if messy() and messy():
            lines.append("")  # a blank line between rows
        lines.append(",".join(field(row[names.index(n)]) for n in order))
    text = newline.join(lines) + ("" if messy() else newline)
    data = (BOM if messy() else b"") + text.encode("utf-8")
    return schema, rows, data


def canonical_cell(cell: str) -> str:
    return unicodedata.normalize("NFC", cell.replace("\r\n", "\n").replace("\r", "\n")).strip()


def read_rows(data: bytes, names: list[str]) -> list[list[str]]:
    parsed = read_csv("t.csv", data)
    assert not parsed.errors, parsed.errors
    columns = [["" if v is None else v for v in parsed.columns[n].to_pylist()] for n in names]
    return [list(row) for row in zip(*columns, strict=True)]


@SETTINGS
@given(tables())
def test_formatting_is_lossless_and_idempotent(table):
    schema, rows, data = table
    names = schema.field_names
    once = format_bytes("t.csv", data, schema, shortcut=False)
    assert not once.refused, once.refused
    expected = [[canonical_cell(c) for c in row] for row in rows]
    expected.sort(key=lambda row: [row[names.index(k)] for k in schema.primaryKey])
    assert read_rows(once.canonical, names) == expected
    twice = format_bytes("t.csv", once.canonical, schema, shortcut=False)
    assert twice.canonical == once.canonical and not twice.changed


@SETTINGS
@given(tables())
def test_the_rule_finds_something_exactly_when_formatting_changes_the_file(table):
    schema, _, data = table
    outcome = format_bytes("t.csv", data, schema, shortcut=False)
    parsed = read_csv("t.csv", data)
    shape = analyse(data, single_column=len(schema.fields) == 1)
    found = diagnose(shape, schema, parsed.header, parsed.columns, parsed.lines)
    marks = shape.bom or shape.carriage_returns  # reported by the reader, not by the rule
    assert (found.canonical and not marks) == (not outcome.changed), (found, outcome.reasons)
    assert format_bytes("t.csv", data, schema).changed == outcome.changed  # the formatter's own shortcut


def read_piecewise(data: bytes, single: bool, rows: int | None) -> Layout:
    """The layout as the format rule used to read it: from the file, piece by piece, quickly when it can."""
    if rows is not None:
        quick = layout.scan(io.BytesIO(data).read, single, one_line_records=True)
        if quick.records == rows + 1 and quick.final_newline and quick.blank is None:
            return quick
    return layout.scan(io.BytesIO(data).read, single)


@SETTINGS
@given(table=tables())
def test_the_quick_reading_agrees_with_the_full_one(table):
    schema, _, data = table
    parsed = read_csv("t.csv", data)
    single = len(schema.fields) == 1
    assert analyse(data, single, rows=len(parsed.lines)) == analyse(data, single)
    assert read_piecewise(data, single, len(parsed.lines)) == read_piecewise(data, single, None)


BREAKS = ['"', '""', ",", "\n", "\r", "\xff", " ", "\ufeff"]
DAMAGE = st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(BREAKS)), max_size=2)


def damage(data: bytes, changes: list[tuple[int, str]]) -> bytes:
    damaged = bytearray(data)
    for position, text in changes:
        at = position % (len(damaged) + 1)
        damaged[at:at] = text.encode("utf-8") if text == "\ufeff" else text.encode("latin-1")
    return bytes(damaged)


@settings(SETTINGS, max_examples=500)
@given(tables(), DAMAGE, st.sampled_from([1, 2, 3, 5, 8, 13, 1 << 24]))
def test_the_layout_found_while_reading_is_the_layout_of_the_file(table, changes, block):
    """What the validator's reader hands the format rule equals reading the file again, piece by piece,
    wherever the pieces are cut and however the file is damaged."""
    schema, _, data = table
    data = damage(data, changes)
    single = len(schema.fields) == 1
    parsed = read_csv("t.csv", data, empty_as_null=True)
    with patch.object(layout, "BLOCK_BYTES", block):
        found = layout.from_reader(data, parsed, single)
        assert found == read_piecewise(data, single, layout.one_row_per_line(parsed.lines))
        assert found == analyse(data, single, layout.one_row_per_line(parsed.lines))


@SETTINGS
@given(tables(), st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(['"', ",", "\n", "\r", "\xff", " "]))))
def test_damaged_input_is_refused_or_read_the_same_by_every_reader(table, changes):
    """Whatever fmt accepts, a strict RFC 4180 reader (Python's csv, strict mode) reads as the project does."""
    schema, _, data = table
    damaged = damage(data, changes)
    outcome = format_bytes("t.csv", bytes(damaged), schema, shortcut=False)
    if outcome.refused:
        assert outcome.canonical is None and outcome.refused[0].path == "t.csv"
        return
    body = bytes(damaged).removeprefix(BOM).replace(b"\r\n", b"\n").replace(b"\r", b"\n").decode("utf-8")
    strict = [row for row in csv.reader(io.StringIO(body, newline=""), strict=True) if row]
    names = strict[0]
    columns = {n: [canonical_cell(row[i]) for row in strict[1:]] for i, n in enumerate(names)}
    expected = [[columns[n][r] for n in schema.field_names] for r in range(len(strict) - 1)]
    expected.sort(key=lambda row: [row[schema.field_names.index(k)] for k in schema.primaryKey])
    assert read_rows(outcome.canonical, schema.field_names) == expected


# White space of every UTF-8 length, letters whose last byte is one white space also ends with (р, ሀ),
# combining marks, Hangul jamo, and characters NFC replaces (the Ångström sign, Greek with oxia).
WIDE_ALPHABET = " \t\n\x85\xa0\u1680\u2000\u2029\u3000aрሀé\u0301\u1100\u1161\u212b\u1f71ş"
WIDE = st.text(st.sampled_from(list(WIDE_ALPHABET)), max_size=5)


@SETTINGS
@given(st.lists(st.tuples(st.lists(st.none() | WIDE, max_size=6), st.booleans()), max_size=5))
def test_cell_checks_are_python_s_own_however_the_column_is_chunked(chunks):
    """Chunks of any size, empty or all null, or slices of a larger array, as Arrow may hand them over."""
    arrays = [pa.array([None, *c] if cut else c, pa.string()).slice(int(cut)) for c, cut in chunks]
    column = pa.chunked_array(arrays, pa.string())
    values = [v for c, _ in chunks for v in c]
    assert untrimmed(column).tolist() == [i for i, v in enumerate(values) if v is not None and v != v.strip()]
    changed = [i for i, v in enumerate(values) if v is not None and not unicodedata.is_normalized("NFC", v)]
    assert not_nfc(column).tolist() == changed


@settings(deadline=None)
@given(st.binary(max_size=200), st.integers(1, 64), st.sampled_from([0x22, 0x2C, 0x0A]))
def test_a_byte_is_located_step_by_step_exactly_as_in_one_comparison(data, step, byte):
    """The quoting scan compares a block a cache-sized step at a time; every step boundary must be seamless."""
    import numpy as np

    from caucasus_data.fmt import fields

    arr = np.frombuffer(data, dtype=np.uint8)
    with patch.object(fields, "_STEP", step):
        assert fields.positions_of(arr, byte).tolist() == np.flatnonzero(arr == byte).tolist()
