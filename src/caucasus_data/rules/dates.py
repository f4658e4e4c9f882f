"""Rule `date-order`: in every declared date range (``x-dates``) the start is not after the end."""

from __future__ import annotations

import pyarrow.compute as pc

from ..context import Context
from ..errors import Code, Finding
from ..masks import mask_rows

CODES = (Code("date-order", "start dates are not after end dates"),)
NEEDS = ()


def check(ctx: Context) -> list[Finding]:
    errors: list[Finding] = []
    for data in ctx.tables.values():
        for pair in data.schema.dates:
            if not data.has(pair.start, pair.end):
                continue
            rows = mask_rows(pc.greater(data.typed[pair.start], data.typed[pair.end]))
            starts, ends = data.cells(pair.start, rows), data.cells(pair.end, rows)
            errors.extend(
                data.findings_at(
                    rows,
                    "date-order",
                    pair.end,
                    f"{pair.end} is before {pair.start}: swap them, or widen the range",
                    [f"{s} > {e}" for s, e in zip(starts, ends, strict=True)],
                )
            )
    return errors
