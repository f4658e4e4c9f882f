"""Rules `required`, `unique`, `enum`, `pattern`, `length`, `range`: the Table Schema constraints.

The checks are derived from each Table Schema (:mod:`caucasus_data.checks`) and run as Arrow kernels on the
typed columns (:mod:`caucasus_data.arrow_checks`), every failure gathered before anything is reported; the
same checks run through pandera give the same findings (:mod:`caucasus_data.pandera_checks`). Cells that
failed to parse were already reported under `type` and are not reported again as missing. The pattern of a
reference column that points at a key with the same pattern is read off the key's own result
(:mod:`.inherited`), once every table's own checks have run.
"""

from __future__ import annotations

import numpy as np

from ..arrow_checks import run
from ..checks import FieldCheck, field_checks, message
from ..context import Context, TableData, parallel_map
from ..errors import ValidationError
from .inherited import Link, failing_rows, inheriting


def findings(data: TableData, found: dict[FieldCheck, np.ndarray]) -> list[ValidationError]:
    """Error records for failing positions per check (from either execution), schema order, then rows."""
    errors: list[ValidationError] = []
    for check, rows in found.items():
        if check.rule == "required" and check.column in data.bad:
            rows = rows[~data.bad[check.column][rows]]
        errors.extend(data.errors_at(rows, check.rule, check.column, message(check)))
    return errors


def check_table(
    data: TableData, skip_patterns: frozenset[str] = frozenset()
) -> tuple[list[ValidationError], dict[str, np.ndarray]]:
    """The table's errors, and the rows failing each column's pattern (what references inherit)."""
    found = run(field_checks(data.schema, skip_patterns), data.typed)
    patterns = {check.column: rows for check, rows in found.items() if check.rule == "pattern"}
    return findings(data, found), patterns


def _inherited(ctx: Context, data: TableData, column: str, links: list[Link], failing) -> list[ValidationError]:
    rows = failing_rows(ctx, data, column, links, failing)
    pattern = data.schema.field(column).constraints.pattern
    return data.errors_at(rows, "pattern", column, message(FieldCheck(column, "pattern", pattern=pattern)))


def check(ctx: Context) -> list[ValidationError]:
    inherit = inheriting(ctx.package)
    skipped = {
        name: frozenset(c for c in inherit.get(name, {}) if c in data.typed) for name, data in ctx.tables.items()
    }
    found = parallel_map(lambda data: check_table(data, skipped[data.name]), ctx.tables.values())
    failing = {
        (data.name, column): rows
        for data, (_, patterns) in zip(ctx.tables.values(), found, strict=True)
        for column, rows in patterns.items()
    }
    jobs = [
        (ctx.tables[name], column, inherit[name][column]) for name, columns in skipped.items() for column in columns
    ]
    later = parallel_map(lambda job: _inherited(ctx, *job, failing), jobs)
    return [e for errors, _ in found for e in errors] + [e for errors in later for e in errors]
