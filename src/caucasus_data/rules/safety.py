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
those tables are searched. Within a table, the first byte of every cell is read off the column's buffers, and
only cells whose first byte could begin such a start (:func:`may_execute`) are decided, once per distinct
text, by :func:`executes`.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from .. import filebytes
from ..arrow_values import first_bytes, take
from ..concurrency import each
from ..context import Context, TableData
from ..csvread import ParsedCsv
from ..errors import Code, Finding
from ..filebytes import Bytes
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
_MAY_START = np.zeros(256, dtype=bool)
_MAY_START[list(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f =+@-")] = True
_MAY_START[0x80:] = True
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


def may_execute(first: np.ndarray) -> np.ndarray:
    """Whether a cell whose first UTF-8 byte is ``first`` can be one :func:`executes` takes for a formula.

    Exact for ASCII: :func:`executes` looks past white space and Cf characters to the first visible one, and
    an ASCII character is its own NFKC form, so an ASCII first byte matters only if it is a tab, a carriage
    return, other white space, or one of ``= + @ -`` (ASCII has no Cf character). Every byte from 0x80 starts
    a character that may be white space, Cf or a look-alike, so those cells are all decided by
    :func:`executes`.
    """
    return _MAY_START[first]


def check_table(data: TableData) -> list[Finding]:
    errors: list[Finding] = []
    if data.scans.get(__name__, True) == frozenset():
        return errors
    verdicts: dict[str, bool] = {}  # each distinct cell decided once
    for name in (name for name in data.text if name in data.schema.field_names):
        column = data.text[name]
        rows = np.flatnonzero(may_execute(first_bytes(column)))
        if not rows.size:
            continue
        cells = take(column, rows).to_pylist()
        hits = [
            position
            for position, cell in zip(rows.tolist(), cells, strict=True)
            if cell and (verdicts[cell] if cell in verdicts else verdicts.setdefault(cell, executes(cell)))
        ]
        if hits:
            errors.extend(data.findings_at(np.asarray(hits, dtype=np.int64), RULE, name, MESSAGE))
    return errors


def check(ctx: Context) -> list[Finding]:
    return [e for errors in each(check_table, ctx.tables.values()) for e in errors]
