"""Rule `publication-window`: a source cannot report what had not yet happened.

A row whose earliest possible date (``date_start``) is after the latest publication day of a source that
reports it (through an evidence row, or its own ``source_id``) is impossible as coded. Rows marked planned
or forecast (the table's ``x-window-exempt``) are exempt, and so is a row for which an erratum keeps the
printed value on purpose (``errata.excuses_rule = publication-window``): the exception is data, not a
loosened rule. A source with no known upper bound constrains nothing.
"""

from __future__ import annotations

import pandas as pd

from ..context import Context, TableData
from ..errors import ValidationError

RULE = "publication-window"


def _latest_by_source(ctx: Context) -> pd.Series:
    sources = ctx.tables.get("sources")
    if sources is None or not sources.has("source_id", "published_latest"):
        return pd.Series(dtype="object")
    frame = pd.DataFrame(
        {"source_id": sources.typed["source_id"].to_pandas(), "latest": sources.typed["published_latest"].to_pandas()}
    )
    return frame.dropna().drop_duplicates("source_id").set_index("source_id")["latest"]


def _excused(ctx: Context, table: str) -> set[str]:
    errata = ctx.tables.get("errata")
    if errata is None or not errata.has("record_table", "record_id", "excuses_rule"):
        return set()
    frame = pd.DataFrame({k: errata.typed[k].to_pandas() for k in ("record_table", "record_id", "excuses_rule")})
    hit = (frame["record_table"] == table) & (frame["excuses_rule"] == RULE)
    return set(frame.loc[hit, "record_id"].dropna())


def _reports(ctx: Context, data: TableData, key: str) -> pd.DataFrame:
    """(row, source_id) pairs: which sources report each row."""
    parts = []
    evidence = ctx.tables.get("evidence")
    if evidence is not None and evidence.has("record_table", "record_id", "source_id"):
        ev = pd.DataFrame({k: evidence.typed[k].to_pandas() for k in ("record_table", "record_id", "source_id")})
        ev = ev[ev["record_table"] == data.name][["record_id", "source_id"]]
        ids = pd.DataFrame({"record_id": data.typed[key].to_pandas(), "row": range(data.num_rows)})
        parts.append(ids.merge(ev, on="record_id")[["row", "source_id"]])
    if data.has("source_id"):
        parts.append(pd.DataFrame({"row": range(data.num_rows), "source_id": data.typed["source_id"].to_pandas()}))
    if not parts:  # typed, so that an empty result still indexes arrays
        return pd.DataFrame({"row": pd.Series(dtype="int64"), "source_id": pd.Series(dtype="object")})
    return pd.concat(parts, ignore_index=True).dropna().drop_duplicates()


def check_table(ctx: Context, data: TableData, latest: pd.Series) -> list[ValidationError]:
    errors: list[ValidationError] = []
    key = data.schema.primaryKey[0]
    if not data.has(key):
        return errors
    for pair in (p for p in data.schema.dates if p.window):
        if not data.has(pair.start):
            continue
        reports = _reports(ctx, data, key)
        reports["latest"] = reports["source_id"].map(latest)
        reports["start"] = data.typed[pair.start].to_pandas().to_numpy()[reports["row"].to_numpy()]
        late = reports[reports["latest"].notna() & reports["start"].notna()]
        late = late[late["start"] > late["latest"]]
        if late.empty:
            continue
        exempt = data.schema.window_exempt
        if exempt and data.has(exempt.field):
            status = data.typed[exempt.field].to_pandas().to_numpy()
            late = late[~pd.Series(status[late["row"].to_numpy()]).isin(exempt.values).to_numpy()]
        excused = _excused(ctx, data.name)
        ids = data.typed[key].to_pandas().to_numpy()
        late = late[~pd.Series(ids[late["row"].to_numpy()]).isin(excused).to_numpy()]
        for row, group in late.sort_values(["row", "source_id"]).groupby("row", sort=True):
            sources = ", ".join(
                f"{s} (published by {d:%Y-%m-%d} at the latest)"
                for s, d in zip(group["source_id"], group["latest"], strict=True)
            )
            hint = (
                f"; if it is planned or forecast, set {exempt.field} to {' or '.join(exempt.values)}" if exempt else ""
            )
            message = (
                f"dated after the publication of {sources}, which reports it: a source cannot report what had "
                f"not yet happened. Check the year{hint}; if the source prints this date, keep it and add an "
                f"erratum with excuses_rule={RULE}"
            )
            errors.append(
                ValidationError(
                    data.path, RULE, message, int(data.lines[row]), pair.start, data.text[pair.start][int(row)].as_py()
                )
            )
    return errors


def check(ctx: Context) -> list[ValidationError]:
    latest = _latest_by_source(ctx)
    errors: list[ValidationError] = []
    for data in ctx.tables.values():
        if len(data.schema.primaryKey) == 1 and any(p.window for p in data.schema.dates):
            errors += check_table(ctx, data, latest)
    return errors
