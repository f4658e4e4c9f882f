"""Rule `date-order`: in every declared date range (``x-dates``) the start is not after the end."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from ..context import Context
from ..errors import ValidationError


def check(ctx: Context) -> list[ValidationError]:
    errors: list[ValidationError] = []
    for data in ctx.tables.values():
        for pair in data.schema.dates:
            if not data.has(pair.start, pair.end):
                continue
            after = pc.fill_null(pc.greater(data.typed[pair.start], data.typed[pair.end]), False)
            rows = np.flatnonzero(np.asarray(after.to_numpy(zero_copy_only=False)))
            starts = data.text[pair.start].take(rows).to_pylist()
            ends = data.text[pair.end].take(rows).to_pylist()
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
