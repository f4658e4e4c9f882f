"""Rules `primary-key`, `foreign-key`, `reference` and `exactly-one`, vectorised as set look-ups.

Frictionless foreign keys cover plain references. The ``x-references`` pairs cover the polymorphic ones
(evidence, aliases, participants, errata point at a row of whichever table their first column names),
which no stock tool checks. Where each polymorphic reference lands is kept in the context, because the
`evidence` and `publication-window` rules follow the same links.
"""

from __future__ import annotations

import numpy as np
import pyarrow.compute as pc

from ..arrow_values import strings, take
from ..concurrency import each
from ..context import Context, TableData
from ..errors import Code, Finding
from ..masks import has_value

CODES = (
    Code("primary-key", "the primary key is unique"),
    Code("foreign-key", "every reference points to an existing row"),
    Code("reference", "every (table, id) pair points to an existing row of the named table"),
    Code("exactly-one", "exactly one of a set of alternative columns is filled"),
)
NEEDS = ()


def _one_column_key(data: TableData, column: str) -> list[Finding]:
    rows, first = data.repeated_keys()
    shown = take(data.typed[column], rows).to_pylist()
    return [
        Finding(
            path=data.path,
            rule="primary-key",
            message=f"duplicate {column}: already used on line {first_line}; ids must be unique",
            line=line,
            column=column,
            value=str(value),
        )
        for line, first_line, value in zip(data.lines[rows].tolist(), data.lines[first].tolist(), shown, strict=True)
    ]


def _primary_key(data: TableData) -> list[Finding]:
    key = data.schema.primaryKey
    if not data.has(*key) or data.num_rows == 0 or data.key_is_unique:
        return []
    if len(key) == 1:
        return _one_column_key(data, key[0])
    import pandas as pd  # only for a repeated key of several columns

    frame = pd.DataFrame({k: data.typed[k].to_pandas() for k in key})
    present = frame.notna().all(axis=1).to_numpy()
    dup = frame.duplicated(keep="first").to_numpy() & present
    if not dup.any():
        return []
    first_line = (
        pd.Series(data.lines, index=pd.MultiIndex.from_frame(frame) if len(key) > 1 else frame[key[0]])
        .groupby(level=list(range(len(key))))
        .transform("first")
        .to_numpy()
    )
    rows = np.flatnonzero(dup)
    named = "/".join(key)
    messages = [f"duplicate {named}: already used on line {int(first_line[r])}; ids must be unique" for r in rows]
    values = [" / ".join(str(frame.iat[r, i]) for i in range(len(key))) for r in rows]
    return data.findings_at(rows, "primary-key", named, messages, values)


def _foreign_keys(ctx: Context, data: TableData) -> list[Finding]:
    errors = []
    for fk in data.schema.foreignKeys:
        target = fk.reference.resource or data.name
        if len(fk.fields) != 1 or not data.has(fk.fields[0]):
            continue
        column = fk.fields[0]
        if target not in ctx.tables:
            errors.append(
                Finding(
                    path=data.path,
                    rule="foreign-key",
                    message=f"the schema's foreign key on {column!r} names an unknown table {target!r}",
                )
            )
            continue
        ref_column = fk.reference.fields[0]
        landing = ctx.foreign(data, column, target, ref_column)
        rows = landing.rows[(landing.position < 0) & has_value(data.typed[column])]
        errors.extend(
            data.findings_at(rows, "foreign-key", column, f"no row in {target} has {ref_column} equal to this value")
        )
    return errors


def _named_tables(data: TableData, column: str) -> list[str]:
    """The tables a reference column names: its enum, plus any value outside it (an `enum` error, still followed)."""
    values = data.typed[column]
    enum = data.schema.field(column).enum
    if not enum:
        return pc.unique(pc.drop_null(values)).to_pylist()
    outside = pc.filter(values, pc.invert(pc.is_in(values, value_set=strings(enum))))
    return list(enum) + [v for v in pc.unique(pc.drop_null(outside)).to_pylist() if v not in enum]


def _references(ctx: Context, data: TableData) -> list[Finding]:
    errors = []
    for ref in data.schema.references:
        if not data.has(ref.table, ref.id):
            continue
        for target in _named_tables(data, ref.table):
            if target not in ctx.tables:
                continue  # an unknown table name is an `enum` error already
            key = ctx.tables[target].schema.primaryKey
            if len(key) != 1:
                continue
            landing = ctx.landing(data, ref.table, ref.id, target)
            dangling = landing.rows[(landing.position < 0) & has_value(data.typed[ref.id])[landing.rows]]
            errors.extend(
                data.findings_at(dangling, "reference", ref.id, f"no row in {target} has {key[0]} equal to this value")
            )
    return errors


def _exactly_one(data: TableData) -> list[Finding]:
    columns = data.schema.exactly_one
    if not columns or not data.has(*columns):
        return []
    filled = np.sum([has_value(data.typed[c]).astype(int) for c in columns], axis=0)
    rows = np.flatnonzero(filled != 1)
    messages = [f"exactly one of {', '.join(columns)} must be filled; this row has {int(filled[r])}" for r in rows]
    return data.findings_at(rows, "exactly-one", columns[0], messages, [None] * len(rows))


def check_table(ctx: Context, data: TableData) -> list[Finding]:
    return _primary_key(data) + _foreign_keys(ctx, data) + _references(ctx, data) + _exactly_one(data)


def check(ctx: Context) -> list[Finding]:
    found = each(lambda data: check_table(ctx, data), ctx.tables.values())
    return [e for errors in found for e in errors]
