"""Scale a data package to a given size, and optionally break 1% of its rows in known ways.

Scaling copies every table ``k`` times and gives each copy fresh ids (``<id>-k<copy>``), rewriting primary keys,
foreign keys and ``x-references`` id columns alike, so a scaled package is valid whenever its input is. A table
with a unique column other than its key (``sources``: one row per raw file, whose path and hash are unique) is
kept as it is; quotes are copied unchanged, so they still occur in the raw text. The suffix is digits after a
letter, so no two (id, copy) pairs can produce the same new id.

Corrupting injects five kinds of error into the largest tables where each kind applies, and returns the exact
set of ``(path, line, rule)`` the validator must report: an impossible calendar date (``type``), a duplicated
record (``primary-key``), a reference to a missing row (``foreign-key``), an end before its start
(``date-order``) and a date after the latest publication day of every source reporting the row
(``publication-window``). Rows are chosen so that no injection causes a second error elsewhere.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

KINDS = ("type", "primary-key", "foreign-key", "date-order", "publication-window")
SUFFIX = "-k"


@dataclass
class Table:
    name: str
    path: str
    schema: dict
    frame: pd.DataFrame  # every cell as text, "" for empty

    @property
    def key(self) -> str | None:
        pk = self.schema.get("primaryKey", [])
        return pk[0] if len(pk) == 1 else None

    @property
    def fields(self) -> list[dict]:
        return self.schema["fields"]

    def constraint(self, column: str, name: str):
        return next(f for f in self.fields if f["name"] == column).get("constraints", {}).get(name)


@dataclass
class Scaled:
    root: Path
    factor: int
    rows: dict[str, int]
    injected: set[tuple[str, int, str]] = field(default_factory=set)

    @property
    def largest(self) -> tuple[str, int]:
        name = max(self.rows, key=self.rows.__getitem__)
        return name, self.rows[name]


def read_package(src: Path) -> dict[str, Table]:
    descriptor = json.loads((src / "datapackage.json").read_text(encoding="utf-8"))
    tables = {}
    for res in descriptor["resources"]:
        schema = json.loads((src / res["schema"]).read_text(encoding="utf-8"))
        frame = pd.read_csv(src / res["path"], dtype=str, keep_default_na=False, na_filter=False)
        tables[res["name"]] = Table(res["name"], res["path"], schema, frame)
    return tables


#: Code lists derived from outside references (one row per code), which do not grow with the data.
REFERENCE_TABLES = frozenset({"countries", "type_crosswalk"})


def _scalable(table: Table) -> bool:
    key = table.key
    return (
        key is not None
        and table.name not in REFERENCE_TABLES
        and not any(f.get("constraints", {}).get("unique") and f["name"] != key for f in table.fields)
    )


def _suffixed(values: pd.Series, suffix: np.ndarray, where: np.ndarray | None = None) -> pd.Series:
    text = values.to_numpy(dtype=object)
    keep = text == ""
    if where is not None:
        keep |= ~where
    return pd.Series(np.where(keep, text, text + suffix), index=values.index, dtype=object)


def _reference_columns(table: Table, scaled: set[str]) -> list[tuple[str, str | None]]:
    """(id column, table column or None) pairs whose values point into a scaled table."""
    refs: list[tuple[str, str | None]] = []
    for fk in table.schema.get("foreignKeys", []):
        target = fk["reference"].get("resource") or table.name
        if len(fk["fields"]) == 1 and target in scaled:
            refs.append((fk["fields"][0], None))
    for ref in table.schema.get("x-references", []):
        refs.append((ref["id"], ref["table"]))
    return refs


def scale(tables: dict[str, Table], factor: int) -> dict[str, Table]:
    """Every scalable table ``factor`` times over, ids rewritten; the others kept, their references into copy 0."""
    scaled = {name for name, t in tables.items() if _scalable(t)}
    names = np.array(list(scaled), dtype=object)
    out = {}
    for name, table in tables.items():
        copies = factor if name in scaled else 1
        frame = pd.concat([table.frame] * copies, ignore_index=True) if copies > 1 else table.frame.copy()
        copy = np.repeat(np.arange(copies), len(table.frame))
        suffix = np.char.add(SUFFIX, copy.astype(str)).astype(object)
        if name in scaled:
            frame[table.key] = _suffixed(frame[table.key], suffix)
        for column, table_column in _reference_columns(table, scaled):
            where = None if table_column is None else frame[table_column].isin(names).to_numpy()
            frame[column] = _suffixed(frame[column], suffix, where)
        if name in scaled:
            frame = frame.sort_values(table.key, kind="stable", ignore_index=True)
        out[name] = Table(name, table.path, table.schema, frame)
    return out


def line_numbers(frame: pd.DataFrame) -> np.ndarray:
    """The physical line each row starts on once written (header = line 1), counting newlines inside cells."""
    extra = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        extra += frame[column].str.count("\n").to_numpy(dtype=np.int64)
    return 2 + np.arange(len(frame), dtype=np.int64) + np.concatenate(([0], np.cumsum(extra)[:-1]))


def write_package(src: Path, dst: Path, tables: dict[str, Table]) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src / "datapackage.json", dst / "datapackage.json")
    for folder in ("schemas", "raw"):
        shutil.copytree(src / folder, dst / folder, dirs_exist_ok=True)
    for table in tables.values():
        target = dst / table.path
        target.parent.mkdir(parents=True, exist_ok=True)
        table.frame.to_csv(target, index=False, lineterminator="\n", encoding="utf-8")


def factor_for(tables: dict[str, Table], rows: int) -> int:
    largest = max((len(t.frame) for t in tables.values() if _scalable(t)), default=0)
    if largest == 0:
        raise ValueError("the package has no rows to scale: every table that can be copied is empty")
    return max(1, math.ceil(rows / largest))


def build(src: Path, dst: Path, rows: int, corrupt: bool = False, seed: int = 0) -> Scaled:
    """Write ``src`` scaled so that its largest table has at least ``rows`` rows; optionally break 1% of them."""
    from corrupt import inject  # same folder; kept apart so each module has one job

    tables = read_package(src)
    factor = factor_for(tables, rows)
    tables = scale(tables, factor)
    injected: set[tuple[str, int, str]] = set()
    if corrupt:
        injected = inject(tables, np.random.default_rng(seed))
    write_package(src, dst, tables)
    return Scaled(dst, factor, {n: len(t.frame) for n, t in tables.items()}, injected)


def shift_years(text: str, years: int) -> str | None:
    """The same month and day ``years`` later (or earlier); None where that day does not exist."""
    try:
        day = dt.date.fromisoformat(text)
        return day.replace(year=day.year + years).isoformat()
    except ValueError:
        return None


def main(argv: list[str] | None = None) -> int:
    """Scale (and break) a package from the command line, writing a JSON summary: the benchmark runs this in
    a process of its own, so that its own memory never counts towards what it measures."""
    import argparse

    parser = argparse.ArgumentParser(description="scale a data package; optionally break 1% of its rows")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--rows", type=int, required=True, help="rows of the largest table")
    parser.add_argument("--corrupt", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--summary", type=Path, required=True, help="JSON file: factor, rows, injected errors")
    args = parser.parse_args(argv)
    done = build(args.source, args.target, args.rows, args.corrupt, args.seed)
    summary = {"factor": done.factor, "rows": done.rows, "injected": sorted(done.injected)}
    args.summary.write_text(json.dumps(summary), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
