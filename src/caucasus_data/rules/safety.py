"""Rule `spreadsheet-safety`: no cell starts with a character a spreadsheet would run as a formula (CSV injection).

A cell is part of its file's bytes, so a table whose file holds none of these characters anywhere cannot break
the rule; the reader notes which occur (:data:`UNSAFE_BYTES`) and only those tables are searched cell by cell.
"""

from __future__ import annotations

import pyarrow.compute as pc

from ..arrow_values import strings
from ..context import Context, TableData, parallel_map
from ..errors import ValidationError
from ..masks import mask_rows

UNSAFE_START = ("=", "+", "@", "\t", "\r")
UNSAFE_BYTES = tuple(c.encode() for c in UNSAFE_START)
MESSAGE = (
    "cell starts with =, +, @, a tab or a carriage return, which spreadsheets "
    "run as a formula: reword it, e.g. put the text in quotation marks"
)


def check_table(data: TableData) -> list[ValidationError]:
    errors: list[ValidationError] = []
    if data.seen is not None and not data.seen:
        return errors
    for name, text in data.text.items():
        if name not in data.schema.field_names:
            continue
        hit = pc.is_in(pc.utf8_slice_codeunits(text, 0, 1), value_set=strings(UNSAFE_START))
        errors.extend(data.errors_at(mask_rows(hit), "spreadsheet-safety", name, MESSAGE))
    return errors


def check(ctx: Context) -> list[ValidationError]:
    return [e for errors in parallel_map(check_table, ctx.tables.values()) for e in errors]
