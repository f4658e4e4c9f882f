"""Rule `spreadsheet-safety`: no cell starts with a character a spreadsheet would run as a formula (CSV injection)."""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from ..context import Context
from ..errors import ValidationError

_UNSAFE_START = r"^[=+@\t\r]"


def check(ctx: Context) -> list[ValidationError]:
    errors: list[ValidationError] = []
    for data in ctx.tables.values():
        for name, text in data.text.items():
            if name not in data.schema.field_names:
                continue
            hit = np.asarray(pc.match_substring_regex(text, _UNSAFE_START).to_numpy(zero_copy_only=False))
            rows = np.flatnonzero(hit)
            errors.extend(
                data.errors_at(
                    rows,
                    "spreadsheet-safety",
                    name,
                    "cell starts with =, +, @, a tab or a carriage return, which spreadsheets "
                    "run as a formula: reword it, e.g. put the text in quotation marks",
                )
            )
    return errors
