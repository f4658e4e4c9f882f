"""Rule `spreadsheet-safety`: no cell starts with a character a spreadsheet would run as a formula (CSV injection).

A cell is part of its file's bytes, so a table whose file holds none of these characters anywhere cannot break
the rule; :func:`scan` notes which occur (:data:`UNSAFE_BYTES`) while the file is read, and only those tables
are searched cell by cell.
"""

from __future__ import annotations

import pyarrow.compute as pc

from .. import filebytes
from ..arrow_values import strings
from ..concurrency import each
from ..context import Context, TableData
from ..csvread import ParsedCsv
from ..errors import Code, Finding
from ..filebytes import Bytes
from ..masks import mask_rows
from ..model import Table

RULE = "spreadsheet-safety"
CODES = (Code(RULE, "no cell starts with =, +, @, a tab or a carriage return"),)
NEEDS = ()
UNSAFE_START = ("=", "+", "@", "\t", "\r")
UNSAFE_BYTES = tuple(c.encode() for c in UNSAFE_START)
MESSAGE = (
    "cell starts with =, +, @, a tab or a carriage return, which spreadsheets "
    "run as a formula: reword it, e.g. put the text in quotation marks"
)


def scan(raw: Bytes, parsed: ParsedCsv, table: Table) -> frozenset[bytes]:
    """Which of the characters occur anywhere in the file."""
    return frozenset(b for b in UNSAFE_BYTES if filebytes.has(raw, b))


def check_table(data: TableData) -> list[Finding]:
    errors: list[Finding] = []
    if data.scans.get(__name__, True) == frozenset():
        return errors
    for name, text in data.text.items():
        if name not in data.schema.field_names:
            continue
        hit = pc.is_in(pc.utf8_slice_codeunits(text, 0, 1), value_set=strings(UNSAFE_START))
        errors.extend(data.findings_at(mask_rows(hit), RULE, name, MESSAGE))
    return errors


def check(ctx: Context) -> list[Finding]:
    return [e for errors in each(check_table, ctx.tables.values()) for e in errors]
