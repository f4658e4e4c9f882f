"""Rules `required`, `unique`, `enum`, `pattern`, `length`, `range`: the Table Schema constraints.

The checks are derived from each Table Schema (:mod:`caucasus_data.checks`) and run as Arrow kernels on the
typed columns (:mod:`caucasus_data.arrow_checks`), every failure gathered before anything is reported; the
same checks run through pandera give the same findings (:mod:`caucasus_data.pandera_checks`). Cells that
failed to parse were already reported under `type` and are not reported again as missing. The pattern of a
reference column that points at a key with the same pattern is read off the key's own result
(:mod:`._inherited`), once every table's own checks have run.
"""

from __future__ import annotations

import numpy as np

from ..arrow_checks import run
from ..checks import FieldCheck, field_checks, message
from ..concurrency import each
from ..context import Context, TableData
from ..errors import Code, Finding
from ._inherited import Link, failing_rows, inheriting

CODES = (
    Code("required", "required cells are not empty"),
    Code("unique", "unique columns hold no repeated value"),
    Code("enum", "coded columns hold one of the values the schema lists"),
    Code("pattern", "cells match the pattern the schema gives (ids are lowercase slugs)"),
    Code("length", "cells respect the schema's minimum and maximum length"),
    Code("range", "numbers respect the schema's minimum and maximum"),
)
NEEDS = ()


def findings(data: TableData, found: dict[FieldCheck, np.ndarray]) -> list[Finding]:
    """Findings for the failing positions of each check (from either execution), in check order."""
    out: list[Finding] = []
    for check, rows in found.items():
        if check.rule == "required" and check.column in data.bad:
            rows = rows[~data.bad[check.column][rows]]
        out.extend(data.findings_at(rows, check.rule, check.column, message(check)))
    return out


def check_table(
    data: TableData, skip_patterns: frozenset[str] = frozenset()
) -> tuple[list[Finding], dict[str, np.ndarray]]:
    """The table's findings, and the rows failing each column's pattern (what references inherit)."""
    found = run(field_checks(data.schema, skip_patterns), data.typed)
    patterns = {check.column: rows for check, rows in found.items() if check.rule == "pattern"}
    return findings(data, found), patterns


def _inherited(ctx: Context, data: TableData, column: str, links: list[Link], failing) -> list[Finding]:
    rows = failing_rows(ctx, data, column, links, failing)
    pattern = data.schema.field(column).constraints.pattern
    return data.findings_at(rows, "pattern", column, message(FieldCheck(column, "pattern", pattern=pattern)))


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
