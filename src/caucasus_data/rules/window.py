"""Rule `publication-window`: a source cannot report what had not yet happened.

A row whose earliest possible date (``date_start``) is after the latest publication day of a source that
reports it (through an evidence row, or its own ``source_id``) is impossible as coded. Rows marked planned
or forecast (the table's ``x-window-exempt``) are exempt, and so is a row for which an erratum keeps the
printed value on purpose (``errata.excuses_rule = publication-window``): the exception is data, not a
loosened rule. A source with no known upper bound constrains nothing.

The (row, source) pairs come from where evidence references land (shared with the `reference` rule) and are
compared as day numbers in one pass; only the few late pairs are turned into messages.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import FALSE, scalar, take, to_numpy
from ..context import Context, TableData
from ..errors import Code, Finding
from ..masks import has_value
from ..provenance import ERRATA, EVIDENCE, SOURCES

RULE = "publication-window"
CODES = (Code(RULE, "nothing is dated after the latest publication day of a source that reports it"),)
NEEDS = (SOURCES, EVIDENCE, ERRATA)
_EPOCH = dt.date(1970, 1, 1)


def _days(values) -> tuple[np.ndarray, np.ndarray]:
    """Dates as day numbers, and which are present."""
    present = has_value(values)
    days = to_numpy(pc.fill_null(pc.cast(values, pa.int32()), scalar(0, pa.int32())))
    return np.asarray(days, dtype=np.int64), present


def _latest_by_source(ctx: Context) -> tuple[pa.Array, np.ndarray]:
    """Source ids with a known latest publication day (first row per id), and those days."""
    sources = ctx.table(SOURCES)
    ids, latest = sources.typed["source_id"], sources.typed["published_latest"]
    known = pc.and_(pc.is_valid(ids), pc.is_valid(latest))
    days, _ = _days(pc.filter(latest, known))
    return pc.filter(ids, known), days


def _excused(ctx: Context, table: str) -> set[str]:
    typed = ctx.table(ERRATA).typed
    named = pc.equal(typed["record_table"], scalar(table, pa.string()))
    hit = pc.and_(named, pc.equal(typed["excuses_rule"], scalar(RULE, pa.string())))
    return {v for v in pc.filter(typed["record_id"], pc.fill_null(hit, FALSE)).to_pylist() if v is not None}


def _by_value(evidence: TableData, data: TableData, key: str) -> tuple[np.ndarray, pa.Array]:
    """(row, source) pairs by joining on the id itself: every row holding an id, when the key repeats."""
    import pandas as pd

    ev = pd.DataFrame({k: evidence.typed[k].to_pandas() for k in ("record_table", "record_id", "source_id")})
    ev = ev[ev["record_table"] == data.name][["record_id", "source_id"]]
    ids = pd.DataFrame({"record_id": data.typed[key].to_pandas(), "row": range(data.num_rows)})
    joined = ids.merge(ev, on="record_id")
    return joined["row"].to_numpy(dtype=np.int64), pa.array(joined["source_id"], pa.string(), from_pandas=True)


def _reports(ctx: Context, data: TableData, key: str) -> tuple[np.ndarray, pa.ChunkedArray]:
    """(row, source_id) pairs: which sources report each row."""
    rows, sources = [], []
    evidence = ctx.table(EVIDENCE)
    if data.key_is_unique:
        landing = ctx.landing(evidence, "record_table", "record_id", data.name)
        found = landing.position >= 0
        rows.append(landing.position[found])
        sources.append(take(evidence.typed["source_id"], landing.rows[found]))
    else:
        joined_rows, joined_sources = _by_value(evidence, data, key)
        rows.append(joined_rows)
        sources.append(joined_sources)
    if data.has("source_id"):
        rows.append(np.arange(data.num_rows, dtype=np.int64))
        sources.append(data.typed["source_id"])
    chunks = [c for s in sources for c in (s.chunks if isinstance(s, pa.ChunkedArray) else [s])]
    return np.concatenate(rows) if rows else np.zeros(0, np.int64), pa.chunked_array(chunks, pa.string())


def _message(sources: list[tuple[str, int]], exempt) -> str:
    listed = ", ".join(f"{s} (published by {_EPOCH + dt.timedelta(days=d):%Y-%m-%d} at the latest)" for s, d in sources)
    hint = f"; if it is planned or forecast, set {exempt.field} to {' or '.join(exempt.values)}" if exempt else ""
    return (
        f"dated after the publication of {listed}, which reports it: a source cannot report what had "
        f"not yet happened. Check the year{hint}; if the source prints this date, keep it and add an "
        f"erratum with excuses_rule={RULE}"
    )


def _late_pairs(ctx: Context, data: TableData, start: str, latest: tuple[pa.Array, np.ndarray]):
    """The (row, source, latest day) triples where the row starts after the source's latest day."""
    key = data.schema.primaryKey[0]
    rows, sources = _reports(ctx, data, key)
    known_ids, known_days = latest
    where = pc.index_in(sources, value_set=known_ids)
    has_latest = has_value(where)
    index = np.asarray(to_numpy(pc.fill_null(where, scalar(0, where.type))), dtype=np.int64)
    days, present = _days(data.typed[start])
    pair_latest = known_days[index] if len(known_days) else np.zeros(len(rows), np.int64)
    late = has_latest & present[rows] & (days[rows] > pair_latest)
    picked = np.flatnonzero(late)
    return rows[picked], take(sources, picked).to_pylist(), pair_latest[picked]


def check_table(ctx: Context, data: TableData, latest: tuple[pa.Array, np.ndarray]) -> list[Finding]:
    errors: list[Finding] = []
    key = data.schema.primaryKey[0]
    if not data.has(key):
        return errors
    exempt = data.schema.window_exempt
    for pair in (p for p in data.schema.dates if p.window):
        if not data.has(pair.start):
            continue
        rows, sources, days = _late_pairs(ctx, data, pair.start, latest)
        if not len(rows):
            continue
        keep = np.ones(len(rows), dtype=bool)
        if exempt and data.has(exempt.field):
            status = take(data.typed[exempt.field], rows).to_pylist()
            keep &= np.array([s not in exempt.values for s in status], dtype=bool)
        excused = _excused(ctx, data.name)
        ids = take(data.typed[key], rows).to_pylist()
        keep &= np.array([i not in excused for i in ids], dtype=bool)
        by_row: dict[int, set[tuple[str, int]]] = {}
        kept = zip(rows[keep].tolist(), np.array(sources, object)[keep], days[keep].tolist(), strict=True)
        for row, source, day in kept:
            by_row.setdefault(row, set()).add((source, day))
        starts = data.cells(pair.start, np.array(sorted(by_row), dtype=np.int64))
        for (row, found), value in zip(sorted(by_row.items()), starts, strict=True):
            message = _message(sorted(found), exempt)
            line = int(data.lines[row])
            errors.append(
                Finding(path=data.path, rule=RULE, message=message, line=line, column=pair.start, value=value)
            )
    return errors


def check(ctx: Context) -> list[Finding]:
    latest = _latest_by_source(ctx)
    errors: list[Finding] = []
    for data in ctx.tables.values():
        if len(data.schema.primaryKey) == 1 and any(p.window for p in data.schema.dates):
            errors += check_table(ctx, data, latest)
    return errors
