"""The `pattern` constraint of a reference column, read off the key each reference lands on.

A reference that lands on a key holds the very same string as that key, so when both columns declare the same
pattern the reference matches it exactly when the key does, and the key's own check has already said so. Ids
make up most of the cells of a large package and most of them are references, so the regular expression runs
once per key row and once per reference that lands nowhere (or on a key with another pattern), instead of
once per reference. Which columns inherit is read from the schemas alone; where each row lands is the
look-up the key rules share (:mod:`caucasus_data.links`), so it costs nothing more. The result equals running
the pattern over the column, which ``tests/test_rules_constraints.py`` checks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..arrow_values import take, to_numpy
from ..context import Context, TableData
from ..derive import pattern_matches
from ..masks import has_value
from ..model import Package, TableSchema


@dataclass(frozen=True)
class Link:
    """Rows of a reference column land on ``target``.``target_column`` (only those naming it in ``table_column``)."""

    target: str
    target_column: str
    table_column: str | None


def _pattern(schema: TableSchema, column: str) -> str | None:
    return schema.field(column).constraints.pattern if column in schema.field_names else None


def _referring(schema: TableSchema) -> set[str]:
    """Columns that hold references: their own pattern may be inherited, so they cannot pass one on."""
    return {fk.fields[0] for fk in schema.foreignKeys if len(fk.fields) == 1} | {r.id for r in schema.references}


def _links(package: Package, name: str) -> dict[str, list[Link]]:
    schemas = {table: t.schema_ for table, t in package.tables.items()}
    schema = schemas[name]

    def passes_on(target: str, column: str, pattern: str) -> bool:
        target_schema = schemas.get(target)
        return (
            target_schema is not None
            and _pattern(target_schema, column) == pattern
            and column not in _referring(target_schema)
        )

    found: dict[str, list[Link]] = {}
    for fk in schema.foreignKeys:
        column, target = fk.fields[0], fk.reference.resource or name
        pattern = _pattern(schema, column)
        if len(fk.fields) == 1 and pattern and passes_on(target, fk.reference.fields[0], pattern):
            found.setdefault(column, []).append(Link(target, fk.reference.fields[0], None))
    for ref in schema.references:
        pattern = _pattern(schema, ref.id)
        if not pattern or ref.table not in schema.field_names:
            continue
        for target in schema.field(ref.table).enum or []:
            key = schemas[target].primaryKey if target in schemas else []
            if len(key) == 1 and passes_on(target, key[0], pattern):
                found.setdefault(ref.id, []).append(Link(target, key[0], ref.table))
    return found


def inheriting(package: Package) -> dict[str, dict[str, list[Link]]]:
    """Per table, the columns whose pattern result is inherited, with the keys they may land on."""
    return {name: links for name in package.tables if (links := _links(package, name))}


def failing_rows(
    ctx: Context, data: TableData, column: str, links: list[Link], failing: dict[tuple[str, str], np.ndarray]
) -> np.ndarray:
    """Rows of ``data`` whose ``column`` does not match its pattern; ``failing``: the keys' own failing rows."""
    values = data.typed[column]
    decided = np.zeros(data.num_rows, dtype=bool)
    bad = np.zeros(data.num_rows, dtype=bool)
    for link in links:
        target = ctx.tables.get(link.target)
        if (
            target is None
            or not target.has(link.target_column)
            or (link.table_column and not data.has(link.table_column))
        ):
            continue
        landing = (
            ctx.foreign(data, column, link.target, link.target_column)
            if link.table_column is None
            else ctx.landing(data, link.table_column, column, link.target)
        )
        landed = landing.position >= 0
        target_bad = np.zeros(target.num_rows, dtype=bool)
        target_bad[failing.get((link.target, link.target_column), np.zeros(0, np.int64))] = True
        rows = landing.rows[landed]
        decided[rows] = True
        bad[rows] = target_bad[landing.position[landed]]
    present = has_value(values)
    rest = np.flatnonzero(present & ~decided)
    pattern = data.schema.field(column).constraints.pattern
    if rest.size and pattern is not None:
        matched = pattern_matches(take(values, rest), pattern)
        bad[rest[~np.asarray(to_numpy(matched), dtype=bool)]] = True
    return np.flatnonzero(bad)
