"""Rule `spreadsheet-safety`: no cell starts with what a spreadsheet would run as a formula (CSV injection).

Following the OWASP guidance on CSV injection, a cell is unsafe when a spreadsheet opening the CSV would take
it for a formula (which can call ``HYPERLINK`` or ``WEBSERVICE`` to send other cells away, or start a program
through DDE, ``=cmd|' /C calc'!A0``):

- its first character is a tab or a carriage return;
- after any white space and invisible format characters (zero-width space, word joiner, a byte-order mark,
  soft hyphen: Unicode category Cf), its first character is ``=``, ``+`` or ``@``, or a character that
  compatibility normalisation (NFKC, as East Asian input methods and some importers apply) turns into one:
  full-width ``＝＋＠``, small ``﹦﹢﹫``, super- and subscript ``⁼⁺₌₊``;
- it starts (in the same way) with ``-`` or ``－`` followed by a formula: another formula character
  (``-=``, ``--``, ``-+``), or anything holding a function call or a DDE link (``(`` or ``|``), as in
  ``-2+3+cmd|' /C calc'!A0``. A negative number (``-5 degrees``) or a dash before plain words stays text.

A cell is part of its file's bytes, so a table whose file holds none of the bytes that can start such a cell
cannot break the rule: :func:`scan` notes which occur (:data:`UNSAFE_BYTES`) while the file is read, and only
those tables are searched. Within a table, Arrow's regular expressions pick the few cells whose first visible
character is not a letter or digit; :func:`executes` decides for each of those.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .. import filebytes
from ..arrow_values import indices
from ..concurrency import each
from ..context import Context, TableData
from ..csvread import ParsedCsv
from ..errors import Code, Finding
from ..filebytes import Bytes
from ..masks import distinct_sorted, mask_rows
from ..model import Table

FORMULA = frozenset("=+@")
MINUS = frozenset("-")
#: Every character whose NFKC form starts with ``=``, ``+``, ``-`` or ``@`` (tests/test_hostile_safety.py
#: checks the list against the whole of Unicode).
LOOK_ALIKES = "\u207a\u207c\u208a\u208c\u2a75\u2a76\ufb29\ufe62\ufe63\ufe66\ufe6b\uff0b\uff0d\uff1d\uff20"
#: "-" first: nearly every file holds one (every date does), and the scan stops at the first it finds.
UNSAFE_START = ("-", "=", "+", "@", "\t", "\r", *LOOK_ALIKES)
RULE = "spreadsheet-safety"
CODES = (
    Code(
        RULE,
        "no cell starts with what a spreadsheet runs as a formula (=, +, @, tab, carriage return, - before a "
        "formula, and their full-width or invisibly prefixed forms; OWASP CSV injection)",
    ),
)
NEEDS = ()
UNSAFE_BYTES = tuple(c.encode() for c in UNSAFE_START)
_CANDIDATE = r"^(?:[\t\r]|[\p{Cf}\p{Z}\s]*[^\p{L}\p{N}\p{Cf}\p{Z}\s])"
_NOT_ALPHANUMERIC = r"^[^A-Za-z0-9]"
MESSAGE = (
    "cell starts with what spreadsheets run as a formula (=, +, @, a tab or a carriage return, a - "
    "followed by a formula, or a full-width or invisible-prefixed form of these): reword it, e.g. put the "
    "text in quotation marks"
)


def _visible(text: str) -> str:
    """``text`` without the white space and invisible format characters in front of it."""
    start = 0
    while start < len(text) and (text[start].isspace() or unicodedata.category(text[start]) == "Cf"):
        start += 1
    return text[start:]


def executes(cell: str) -> bool:
    """Whether a spreadsheet opening the CSV would take ``cell`` for a formula (see the module docstring)."""
    if cell[:1] in ("\t", "\r"):
        return True
    rest = _visible(cell)
    if not rest:
        return False
    first = unicodedata.normalize("NFKC", rest[0])[:1]
    if first in FORMULA:
        return True
    if first not in MINUS:
        return False
    after = _visible(rest[1:])
    follows = unicodedata.normalize("NFKC", after[0])[:1] if after else ""
    return follows in FORMULA | MINUS or "(" in rest or "|" in rest or "\uff08" in rest or "\uff5c" in rest


def scan(raw: Bytes, parsed: ParsedCsv, table: Table) -> frozenset[bytes]:
    """The first of UNSAFE_BYTES found in the file, or none: only whether there is one decides anything.

    Looking for all of them cost 22 searches of every file, 8 of the 24 s a validation took at 1M rows.
    """
    return frozenset(next(([b] for b in UNSAFE_BYTES if filebytes.has(raw, b)), []))


def check_table(data: TableData) -> list[Finding]:
    errors: list[Finding] = []
    if data.scans.get(__name__, True) == frozenset():
        return errors
    names = [name for name in data.text if name in data.schema.field_names]
    if not names:
        return errors
    # Arrow compiles an expression once per chunk it runs on, and _CANDIDATE's Unicode classes take 0.8 ms to
    # compile: once per column and chunk, that was 0.17 s on the shipped package alone. So every column of the
    # table is searched at once, first for cells that do not start with an ASCII letter or digit (a cheap
    # expression, and a cell that does start with one cannot match _CANDIDATE), then those few cells, as one
    # array, for _CANDIDATE.
    columns = [data.text[name] for name in names]
    every_cell = pa.chunked_array([chunk for column in columns for chunk in column.chunks], type=columns[0].type)
    unusual = mask_rows(pc.match_substring_regex(every_cell, _NOT_ALPHANUMERIC))
    if not len(unusual):
        return errors
    unusual_cells = pa.concat_arrays(every_cell.take(indices(unusual)).chunks)  # pa.array() would import pandas
    among_unusual = mask_rows(pc.match_substring_regex(unusual_cells, _CANDIDATE))
    if not len(among_unusual):
        return errors
    starts = np.cumsum([0] + [len(column) for column in columns])
    verdicts: dict[str, bool] = {}  # each distinct cell decided once
    hits = [
        position
        for position, cell in zip(
            unusual[among_unusual].tolist(), unusual_cells.take(indices(among_unusual)).to_pylist(), strict=True
        )
        if cell and (verdicts[cell] if cell in verdicts else verdicts.setdefault(cell, executes(cell)))
    ]
    at = np.searchsorted(starts, np.asarray(hits, dtype=np.int64), side="right") - 1
    for column in distinct_sorted(at).tolist():  # hits ascend, and so do their columns
        rows = np.asarray(hits, dtype=np.int64)[at == column] - starts[column]
        errors.extend(data.findings_at(rows, RULE, names[column], MESSAGE))
    return errors


def check(ctx: Context) -> list[Finding]:
    return [e for errors in each(check_table, ctx.tables.values()) for e in errors]
