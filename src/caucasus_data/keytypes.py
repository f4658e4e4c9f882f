"""References whose column and key have different types: a descriptor error, not an internal one.

A foreign key (or an ``x-references`` pair) compares the values of one column with those of a key column in
another table. When a schema changes the key's type (``source_id`` made an integer) but not the columns that
point at it, the comparison cannot be made at all; left alone it stopped the validator with an internal
error. Each such key is reported as a ``datapackage`` problem of the schema that defines it, and the table
holding it is left out of the package until the types agree again (rules also join on a key without a
declared reference, so leaving out the referring tables would not be enough).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from .model import TableSchema


class _Table(Protocol):
    name: str
    schema_path: str
    schema_: TableSchema


def mismatches(tables: Mapping[str, _Table]) -> dict[str, str]:
    """Name of a table whose key cannot be compared with a column pointing at it -> why."""
    found: dict[str, str] = {}
    for table in tables.values():
        schema = table.schema_
        pairs = [
            (column, fk.reference.resource or table.name, key)
            for fk in schema.foreignKeys
            for column, key in zip(fk.fields, fk.reference.fields, strict=False)
        ]
        for ref in schema.references:
            for target in schema.field(ref.table).enum or []:
                if target in tables and len(tables[target].schema_.primaryKey) == 1:
                    pairs.append((ref.id, target, tables[target].schema_.primaryKey[0]))
        for column, target, key in pairs:
            if target not in tables or key not in tables[target].schema_.field_names:
                continue
            mine, theirs = schema.field(column).type, tables[target].schema_.field(key).type
            if mine != theirs:
                found.setdefault(
                    target,
                    f"{key} is of type {theirs}, but {table.name}.{column} ({table.schema_path}), which points at it, "
                    f"is of type {mine}: give both the same type (table {target} is not checked until then)",
                )
    return found
