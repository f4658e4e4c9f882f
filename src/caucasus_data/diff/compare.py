"""Two versions of the package compared table by table: rows keyed by primary key, cells field by field.

Cells are compared as the text the project's reader gives (an empty cell is ""), so a change of layout
that `caucasus-data fmt` makes is no change at all, while any change of a value is one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa

from .. import filebytes
from ..csvread import read_csv
from ..model import DescriptorError, Package, Table, read_package
from ..paths import inside
from .revisions import CannotDiff, Side


@dataclass
class RowChange:
    key: dict[str, str]
    changes: dict[str, tuple[str, str]]  # column -> (old, new)


@dataclass
class TableDiff:
    name: str
    path: str
    status: str  # added, removed, changed, unchanged
    key: list[str] = field(default_factory=list)
    rows_old: int = 0
    rows_new: int = 0
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)
    columns_retyped: list[tuple[str, str, str]] = field(default_factory=list)  # (column, old type, new type)
    codes_removed: list[tuple[str, str]] = field(default_factory=list)  # (column, enum code)
    codes_added: list[tuple[str, str]] = field(default_factory=list)
    key_changed: bool = False
    schema_changed: bool = False  # descriptions or constraints other than the above
    added: list[dict[str, str]] = field(default_factory=list)
    removed: list[dict[str, str]] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    renamed: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)  # same row, new key
    notes: list[str] = field(default_factory=list)


@dataclass
class PackageDiff:
    old: Side
    new: Side
    old_version: str
    new_version: str
    tables: list[TableDiff]


def _package(side: Side) -> Package:
    try:
        package, problems = read_package(side.root)
    except DescriptorError as exc:
        raise CannotDiff(f"{side.spec}: {exc.path}: {exc.message}") from None
    for problem in problems:
        raise CannotDiff(f"{side.spec}: {problem.path}: {problem.message}")
    return package


def _frame(root: Path, table: Table, notes: list[str], label: str) -> pd.DataFrame:
    """The table as text, "" for an empty cell; problems reading it become notes, not failures.

    A path outside the package is not read at all: the output may be published (a pull request's run summary).
    """
    empty = pd.DataFrame(columns=table.schema_.field_names, dtype=object)
    if not inside(root, table.path):
        notes.append(f"{label} {table.path} leads outside the package folder; not read, compared as empty")
        return empty
    try:
        parsed = read_csv(table.path, filebytes.read_inside(root, table.path, "table"))
    except OSError as exc:
        notes.append(f"{label} {table.path}: {filebytes.why(exc)}; compared as empty")
        return empty
    if parsed.errors:
        notes.append(f"{label} {table.path} has {len(parsed.errors)} reading problems; run `caucasus-data validate`")
    frame = pa.table(parsed.columns).to_pandas() if parsed.columns else pd.DataFrame()
    return frame.fillna("").astype(object)


def _schema_changes(result: TableDiff, old: Table, new: Table) -> None:
    old_fields = {f.name: f for f in old.schema_.fields}
    new_fields = {f.name: f for f in new.schema_.fields}
    result.columns_removed = [n for n in old_fields if n not in new_fields]
    result.columns_added = [n for n in new_fields if n not in old_fields]
    for name in old_fields.keys() & new_fields.keys():
        before, after = old_fields[name], new_fields[name]
        if before.type != after.type:
            result.columns_retyped.append((name, before.type, after.type))
        gone = [c for c in before.enum or [] if after.enum is not None and c not in after.enum]
        result.codes_removed += [(name, c) for c in gone]
        fresh = [c for c in after.enum or [] if before.enum is not None and c not in before.enum]
        result.codes_added += [(name, c) for c in fresh]
    result.columns_retyped.sort()
    result.key_changed = old.schema_.primaryKey != new.schema_.primaryKey
    result.schema_changed = old.schema_.model_dump() != new.schema_.model_dump()


def _unique(frame: pd.DataFrame, key: list[str], notes: list[str], label: str) -> pd.DataFrame:
    repeated = frame.duplicated(key, keep="first")
    if repeated.any():
        notes.append(f"{label} has {int(repeated.sum())} rows whose {'/'.join(key)} repeats; the first is compared")
    return frame[~repeated]


def _rows(result: TableDiff, before: pd.DataFrame, after: pd.DataFrame, key: list[str]) -> None:
    before = _unique(before, key, result.notes, "the old table")
    after = _unique(after, key, result.notes, "the new table")
    merged = before.merge(after, on=key, how="outer", suffixes=("\0old", "\0new"), indicator=True)
    only_old = merged["_merge"] == "left_only"
    only_new = merged["_merge"] == "right_only"
    removed = before.merge(merged.loc[only_old, key], on=key)
    added = after.merge(merged.loc[only_new, key], on=key)
    result.removed = removed.to_dict("records")
    result.added = added.to_dict("records")
    common = [c for c in before.columns if c in after.columns and c not in key]
    both = merged[merged["_merge"] == "both"]
    if common and len(both):
        differs = pd.DataFrame({c: both[f"{c}\0old"] != both[f"{c}\0new"] for c in common})
        for position in differs.index[differs.any(axis=1)]:
            row = both.loc[position]
            columns = [c for c in common if differs.at[position, c]]
            result.changed.append(
                RowChange({k: row[k] for k in key}, {c: (row[f"{c}\0old"], row[f"{c}\0new"]) for c in columns})
            )
    rest = [c for c in common if c in removed.columns and c in added.columns]
    if rest and len(removed) and len(added):  # a row whose every other cell is unchanged: its id changed
        once = removed.drop_duplicates(rest, keep=False), added.drop_duplicates(rest, keep=False)
        pairs = once[0].merge(once[1], on=rest, suffixes=("\0old", "\0new"))
        for _, row in pairs.iterrows():
            result.renamed.append(({k: row[f"{k}\0old"] for k in key}, {k: row[f"{k}\0new"] for k in key}))


def compare_tables(old: Side, new: Side, before: Table | None, after: Table | None) -> TableDiff:
    if before is None:
        assert after is not None, "a table compared exists on one side at least"
        frame = _frame(new.root, after, [], "")
        return TableDiff(after.name, after.path, "added", list(after.schema_.primaryKey), rows_new=len(frame))
    if after is None:
        frame = _frame(old.root, before, [], "")
        return TableDiff(before.name, before.path, "removed", list(before.schema_.primaryKey), rows_old=len(frame))
    result = TableDiff(after.name, after.path, "unchanged", list(after.schema_.primaryKey))
    _schema_changes(result, before, after)
    old_frame = _frame(old.root, before, result.notes, "the old")
    new_frame = _frame(new.root, after, result.notes, "the new")
    result.rows_old, result.rows_new = len(old_frame), len(new_frame)
    key = [k for k in after.schema_.primaryKey if k in old_frame.columns and k in new_frame.columns]
    if not key or key != list(after.schema_.primaryKey):
        result.notes.append("the primary key columns are not in both versions, so rows are not compared")
    else:
        _rows(result, old_frame, new_frame, key)
    touched = (
        result.added or result.removed or result.changed or result.columns_added or result.columns_removed
    ) or result.schema_changed
    result.status = "changed" if touched else "unchanged"
    return result


def compare(old: Side, new: Side) -> PackageDiff:
    before, after = _package(old), _package(new)
    names = list(before.tables) + [n for n in after.tables if n not in before.tables]
    tables = [compare_tables(old, new, before.tables.get(n), after.tables.get(n)) for n in names]
    return PackageDiff(old, new, before.version, after.version, tables)
