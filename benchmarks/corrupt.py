"""Break 1% of a scaled package's rows in five known ways, and say exactly which errors that must produce.

Each kind goes into the largest table where it applies; rows are picked so that an injection cannot cause a second
error elsewhere (a duplicated id replaces one that nothing points to; a dangling reference is a plain foreign key,
which no other rule reads; a date is moved whole years so its precision still fits). Used by the benchmark and
by ``tests/test_scale.py``, which checks that the validator reports exactly the returned set.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scale import KINDS, Table, line_numbers, shift_years

Injection = tuple[str, int, str]  # (table name, row position, rule)


def _referenced(tables: dict[str, Table]) -> dict[str, set[str]]:
    """Every id some row points to, per target table."""
    found: dict[str, set[str]] = {name: set() for name in tables}
    for table in tables.values():
        frame = table.frame
        for fk in table.schema.get("foreignKeys", []):
            target = fk["reference"].get("resource") or table.name
            if len(fk["fields"]) == 1 and target in found:
                found[target].update(frame[fk["fields"][0]])
        for ref in table.schema.get("x-references", []):
            for target, ids in frame.groupby(ref["table"])[ref["id"]]:
                if target in found:
                    found[target].update(ids)
    return found


def _free_rows(table: Table, used: set[int]) -> np.ndarray:
    return np.array([r for r in range(len(table.frame)) if r not in used], dtype=np.int64)


def _dates(table: Table) -> list[str]:
    return [f["name"] for f in table.fields if f["type"] == "date"]


@dataclass
class _Job:
    tables: dict[str, Table]
    rng: np.random.Generator
    referenced: dict[str, set[str]]


def _impossible_date(job: _Job, table: Table, rows: np.ndarray, quota: int, used: set[int]) -> list[Injection]:
    """A day that does not exist in the calendar (which strptime alone would roll over into March)."""
    picked = []
    for column in _dates(table):
        values = table.frame[column].to_numpy(dtype=object)
        for r in job.rng.permutation(rows):
            if len(picked) == quota:
                return picked
            if r in used or not values[r]:
                continue
            table.frame.iat[r, table.frame.columns.get_loc(column)] = f"{values[r][:4]}-02-30"
            used.add(int(r))
            picked.append((table.name, int(r), "type"))
    return picked


def _duplicate(job: _Job, table: Table, rows: np.ndarray, quota: int, used: set[int]) -> list[Injection]:
    """Row r takes the id of row r-1: one `primary-key` error, on row r, as nothing pointed at r's old id."""
    ids = table.frame[table.key].to_numpy(dtype=object)
    position = table.frame.columns.get_loc(table.key)
    referenced = job.referenced[table.name]
    picked = []
    for r in job.rng.permutation(rows):
        if len(picked) == quota:
            break
        if r == 0 or r in used or r - 1 in used or ids[r] in referenced:
            continue
        table.frame.iat[r, position] = ids[r - 1]
        used.update((int(r), int(r) - 1))
        picked.append((table.name, int(r), "primary-key"))
    return picked


def _plain_foreign_keys(table: Table) -> list[str]:
    return [
        fk["fields"][0]
        for fk in table.schema.get("foreignKeys", [])
        if len(fk["fields"]) == 1 and (fk["reference"].get("resource") or table.name) != table.name
    ]


def _dangling(job: _Job, table: Table, rows: np.ndarray, quota: int, used: set[int]) -> list[Injection]:
    picked = []
    for column in _plain_foreign_keys(table):
        values = table.frame[column].to_numpy(dtype=object)
        position = table.frame.columns.get_loc(column)
        for r in job.rng.permutation(rows):
            if len(picked) == quota:
                return picked
            if r in used or not values[r]:
                continue
            table.frame.iat[r, position] = f"missing-{r}"
            used.add(int(r))
            picked.append((table.name, int(r), "foreign-key"))
    return picked


def _end_before_start(job: _Job, table: Table, rows: np.ndarray, quota: int, used: set[int]) -> list[Injection]:
    picked = []
    for pair in table.schema.get("x-dates", []):
        start, end = table.frame[pair["start"]].to_numpy(dtype=object), table.frame[pair["end"]].to_numpy(dtype=object)
        position = table.frame.columns.get_loc(pair["end"])
        for r in job.rng.permutation(rows):
            if len(picked) == quota:
                return picked
            if r in used or not start[r] or not end[r]:
                continue
            moved = shift_years(end[r], int(start[r][:4]) - 1 - int(end[r][:4]))
            if moved is None:
                continue
            table.frame.iat[r, position] = moved
            used.add(int(r))
            picked.append((table.name, int(r), "date-order"))
    return picked


def _latest_reporting(tables: dict[str, Table], table: Table) -> pd.Series:
    """For each row position, the latest publication day among the sources that report it (NaN if none known)."""
    sources = tables["sources"].frame
    latest = sources.set_index("source_id")["published_latest"].replace("", np.nan).dropna()
    parts = []
    evidence = tables.get("evidence")
    if evidence is not None:
        ev = evidence.frame[evidence.frame["record_table"] == table.name]
        ids = pd.DataFrame({"record_id": table.frame[table.key], "row": np.arange(len(table.frame))})
        parts.append(ids.merge(ev[["record_id", "source_id"]], on="record_id")[["row", "source_id"]])
    if "source_id" in table.frame:
        parts.append(pd.DataFrame({"row": np.arange(len(table.frame)), "source_id": table.frame["source_id"]}))
    pairs = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["row", "source_id"])
    pairs["latest"] = pairs["source_id"].map(latest)
    return pairs.dropna().groupby("row")["latest"].max().reindex(range(len(table.frame)))


def _exempt(tables: dict[str, Table], table: Table) -> np.ndarray:
    frame = table.frame
    exempt = np.zeros(len(frame), dtype=bool)
    rule = table.schema.get("x-window-exempt")
    if rule:
        exempt |= frame[rule["field"]].isin(rule["values"]).to_numpy()
    errata = tables.get("errata")
    if errata is not None:
        e = errata.frame
        excused = e.loc[(e["record_table"] == table.name) & (e["excuses_rule"] == "publication-window"), "record_id"]
        exempt |= frame[table.key].isin(set(excused)).to_numpy()
    return exempt


def _after_window(job: _Job, table: Table, rows: np.ndarray, quota: int, used: set[int]) -> list[Injection]:
    """Move every windowed range whole years past the latest publication day of every source reporting the row."""
    pairs = [p for p in table.schema.get("x-dates", []) if p.get("window")]
    columns = [c for p in pairs for c in (p["start"], p["end"])]
    values = {c: table.frame[c].to_numpy(dtype=object) for c in columns}
    latest = _latest_reporting(job.tables, table).to_numpy(dtype=object)
    exempt = _exempt(job.tables, table)
    picked = []
    for r in job.rng.permutation(rows):
        if len(picked) == quota:
            break
        starts = [values[p["start"]][r] for p in pairs]
        if r in used or exempt[r] or not isinstance(latest[r], str) or not all(starts):
            continue
        years = max(1, int(latest[r][:4]) - min(int(s[:4]) for s in starts) + 1)
        moved = {c: shift_years(values[c][r], years) for c in columns if values[c][r]}
        if None in moved.values():
            continue
        for column, value in moved.items():
            table.frame.iat[r, table.frame.columns.get_loc(column)] = value
        used.add(int(r))
        picked.append((table.name, int(r), "publication-window"))
    return picked


_INJECTORS = {
    "type": _impossible_date,
    "primary-key": _duplicate,
    "foreign-key": _dangling,
    "date-order": _end_before_start,
    "publication-window": _after_window,
}


def _applies(tables: dict[str, Table], table: Table, kind: str) -> bool:
    schema = table.schema
    if kind == "type":
        return bool(_dates(table))
    if kind == "primary-key":  # a windowed row would take on the sources of the row whose id it copies
        return table.key is not None and not any(p.get("window") for p in schema.get("x-dates", []))
    if kind == "foreign-key":
        return bool(_plain_foreign_keys(table))
    if kind == "date-order":
        return bool(schema.get("x-dates"))
    return table.key is not None and "sources" in tables and any(p.get("window") for p in schema.get("x-dates", []))


def inject(tables: dict[str, Table], rng: np.random.Generator, share: float = 0.01) -> set[tuple[str, int, str]]:
    """Break ``share`` of the largest table's row count, split evenly over the five kinds; return (path, line, rule)."""
    largest = max(len(t.frame) for t in tables.values())
    total = max(len(KINDS), round(share * largest))
    job = _Job(tables, rng, _referenced(tables))
    used: dict[str, set[int]] = {name: set() for name in tables}
    injected: list[Injection] = []
    for i, kind in enumerate(KINDS):
        quota = total // len(KINDS) + (1 if i < total % len(KINDS) else 0)
        candidates = sorted((t for t in tables.values() if _applies(tables, t, kind)), key=lambda t: -len(t.frame))
        for table in candidates:
            if quota == 0:
                break
            picked = _INJECTORS[kind](job, table, _free_rows(table, used[table.name]), quota, used[table.name])
            injected += picked
            quota -= len(picked)
    lines = {name: line_numbers(t.frame) for name, t in tables.items() if used[name]}
    return {(tables[name].path, int(lines[name][row]), rule) for name, row, rule in injected}
