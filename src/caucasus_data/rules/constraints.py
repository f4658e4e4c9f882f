"""Rules `required`, `unique`, `enum`, `pattern`, `length`, `range`: the Table Schema constraints, run by pandera.

The pandera schema is derived from the Table Schema (:func:`caucasus_data.derive.pandera_schema`) and run
lazily, so every failure is gathered before anything is reported. Cells that failed to parse were already
reported under `type` and are not reported again as missing. The pattern of a reference column that points
at a key with the same pattern is read off the key's own result (:mod:`._inherited`), after pandera has run
on every table. The pandera schemas are built (and pandera imported) by :func:`prepare`, while the tables
are read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..concurrency import each
from ..context import Context, TableData
from ..derive import pandera_schema
from ..errors import Code, Finding
from ..model import Package, TableField
from ._inherited import Link, failing_rows, inheriting

if TYPE_CHECKING:
    import pandas as pd

CODES = (
    Code("required", "required cells are not empty"),
    Code("unique", "unique columns hold no repeated value"),
    Code("enum", "coded columns hold one of the values the schema lists"),
    Code("pattern", "cells match the pattern the schema gives (ids are lowercase slugs)"),
    Code("length", "cells respect the schema's minimum and maximum length"),
    Code("range", "numbers respect the schema's minimum and maximum"),
)
NEEDS = ()
_RULE_OF_CHECK = {"not_nullable": "required", "field_uniqueness": "unique", "unique": "unique"}
_MESSAGES = {
    "required": "required value is missing",
    "unique": "value must be unique in this column but appears more than once",
}


def _failures(data: TableData, skip_patterns: frozenset[str]) -> pd.DataFrame:
    import pandas as pd
    import pandera.errors  # imported by prepare() while the tables are read, not at start-up

    frame = data.frame(skip_patterns)
    if frame.empty:
        return pd.DataFrame(columns=["column", "check", "index", "failure_case"])
    try:
        pandera_schema(data.schema, skip_patterns).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        return exc.failure_cases
    return pd.DataFrame(columns=["column", "check", "index", "failure_case"])


def _bounds(low: float | None, high: float | None) -> str:
    """`between 1 and 5`, `at least 1` or `at most 5`, as the schema sets one bound or both."""
    shown = [None if b is None else f"{b:g}" for b in (low, high)]
    if shown[0] is not None and shown[1] is not None:
        return f"between {shown[0]} and {shown[1]}"
    return f"at least {shown[0]}" if shown[0] is not None else f"at most {shown[1]}"


def _message(field: TableField, rule: str, check: str) -> str:
    c = field.constraints
    return _MESSAGES.get(rule) or {
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


def check_table(
    data: TableData, skip_patterns: frozenset[str] = frozenset()
) -> tuple[list[Finding], dict[str, np.ndarray]]:
    """The table's errors, and the rows failing each column's pattern (what references inherit)."""
    cases = _failures(data, skip_patterns)
    errors: list[Finding] = []
    patterns: dict[str, np.ndarray] = {}
    cases = cases[cases["index"].notna()]
    for (column, check), group in cases.groupby(["column", "check"], sort=False):
        name = str(check).split("(")[0]
        rule = _RULE_OF_CHECK.get(name, name)
        if rule not in {"required", "unique", "enum", "pattern", "length", "range"}:
            rule = "type"
        rows = group["index"].astype("int64").to_numpy()
        if rule == "required" and column in data.bad:
            rows = rows[~data.bad[column][rows]]
        rows = np.unique(rows)
        if rule == "pattern":
            patterns[column] = rows
        errors.extend(data.findings_at(rows, rule, column, _message(data.schema.field(column), rule, str(check))))
    return errors, patterns


def _inherited(ctx: Context, data: TableData, column: str, links: list[Link], failing) -> list[Finding]:
    rows = failing_rows(ctx, data, column, links, failing)
    return data.findings_at(rows, "pattern", column, _message(data.schema.field(column), "pattern", "pattern"))


def prepare(package: Package) -> None:
    """Build every table's pandera schema (cached) while the tables are read: it imports pandera, which is slow."""
    inherit = inheriting(package)
    for name, table in package.tables.items():
        pandera_schema(table.schema_, frozenset(inherit.get(name, {})))


def check(ctx: Context) -> list[Finding]:
    inherit = inheriting(ctx.package)
    skipped = {
        name: frozenset(c for c in inherit.get(name, {}) if c in data.typed) for name, data in ctx.tables.items()
    }
    found = each(lambda data: check_table(data, skipped[data.name]), ctx.tables.values())
    failing = {
        (data.name, column): rows
        for data, (_, patterns) in zip(ctx.tables.values(), found, strict=True)
        for column, rows in patterns.items()
    }
    jobs = [
        (ctx.tables[name], column, inherit[name][column]) for name, columns in skipped.items() for column in columns
    ]
    later = each(lambda job: _inherited(ctx, *job, failing), jobs)
    return [e for errors, _ in found for e in errors] + [e for errors in later for e in errors]
