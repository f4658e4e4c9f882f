"""Rule `date-order`: in every declared date range (``x-dates``) the start is not after the end."""

from __future__ import annotations

import pyarrow.compute as pc

from ..context import Context
from ..errors import ValidationError
from ..masks import mask_rows


def check(ctx: Context) -> list[ValidationError]:
    errors: list[ValidationError] = []
    for data in ctx.tables.values():
        for pair in data.schema.dates:
            if not data.has(pair.start, pair.end):
                continue
            rows = mask_rows(pc.greater(data.typed[pair.start], data.typed[pair.end]))
            starts, ends = data.cells(pair.start, rows), data.cells(pair.end, rows)
            errors.extend(
                data.errors_at(
                    rows,
                    "date-order",
                    pair.end,
                    f"{pair.end} is before {pair.start}: swap them, or widen the range",
                    [f"{s} > {e}" for s, e in zip(starts, ends, strict=True)],
                )
            )
    return errors
