"""Rules `required`, `unique`, `enum`, `pattern`, `length`, `range`: the Table Schema constraints, run by pandera.

The pandera schema is derived from the Table Schema (:func:`caucasus_data.derive.pandera_schema`) and run
lazily, so every failure is gathered before anything is reported. Cells that failed to parse were already
reported under `type` and are not reported again as missing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..context import Context, TableData, parallel_map
from ..derive import pandera_schema
from ..errors import ValidationError

_RULE_OF_CHECK = {"not_nullable": "required", "field_uniqueness": "unique", "unique": "unique"}
_MESSAGES = {
    "required": "required value is missing",
    "unique": "value must be unique in this column but appears more than once",
}


def _failures(data: TableData) -> pd.DataFrame:
    import pandera.errors  # imported while the tables are read (see caucasus_data.validator), not at start-up

    frame = data.frame()
    if frame.empty:
        return pd.DataFrame(columns=["column", "check", "index", "failure_case"])
    try:
        pandera_schema(data.schema).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["column", "check", "index", "failure_case"])


def _bounds(low: float | None, high: float | None) -> str:
    """`between 1 and 5`, `at least 1` or `at most 5`, as the schema sets one bound or both."""
    shown = [None if b is None else f"{b:g}" for b in (low, high)]
    if shown[0] is not None and shown[1] is not None:
        return f"between {shown[0]} and {shown[1]}"
    return f"at least {shown[0]}" if shown[0] is not None else f"at most {shown[1]}"


def check_table(data: TableData) -> list[ValidationError]:
    cases = _failures(data)
    errors: list[ValidationError] = []
    cases = cases[cases["index"].notna()]
    for (column, check), group in cases.groupby(["column", "check"], sort=False):
        name = str(check).split("(")[0]
        rule = _RULE_OF_CHECK.get(name, name)
        if rule not in {"required", "unique", "enum", "pattern", "length", "range"}:
            rule = "type"
        rows = group["index"].astype("int64").to_numpy()
        if rule == "required" and column in data.bad:
            rows = rows[~data.bad[column][rows]]
        field = data.schema.field(column)
        c = field.constraints
        message = _MESSAGES.get(rule) or {
            "enum": f"not one of the allowed codes: {', '.join(c.enum or [])}",
            "pattern": f"does not match the pattern {c.pattern}"
            + (
                " (ids are lowercase slugs: a-z, 0-9 and single hyphens)"
                if c.pattern == r"^[a-z0-9]+(-[a-z0-9]+)*$"
                else ""
            ),
            "length": f"must be {_bounds(c.minLength, c.maxLength)} characters long",
            "range": f"must be {_bounds(c.minimum, c.maximum)}",
        }.get(rule, f"fails the check {check}")
        rows = np.unique(rows)
        errors.extend(data.errors_at(rows, rule, column, message))
    return errors


def check(ctx: Context) -> list[ValidationError]:
    return [e for errors in parallel_map(check_table, ctx.tables.values()) for e in errors]
