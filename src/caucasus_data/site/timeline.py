"""The timeline: every agreement, exercise and event drawn as the interval its date bounds allow.

A bar runs from the earliest to the latest day the fact can fall on (the end day included), its opacity saying
how precisely the source states the date; a fact known to the day is a dot on that day. A missing bound is
never filled in: the bar is a dashed line running off the edge of the chart, ending in an arrow, so the
reader sees that the record names no earliest (or latest) day. Each mark links to its record page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .dataset import Dataset, Row
from .dates import bounds_words

TABLES = ("agreements", "exercises", "events")
# Most precise first; an unlisted code sorts last, with the faintest bars.
PRECISION_ORDER = ("day", "week", "month", "season", "year", "multi_year", "unknown")
ROW_HEIGHT = 16
WIDTH = 760


@dataclass(frozen=True)
class Item:
    table: str
    id: str
    label: str
    kind: str  # e.g. "events: signing"
    start: dt.date | None
    end: dt.date | None
    precision: str
    participants: tuple[str, ...]

    @property
    def href(self) -> str:
        return f"{self.table}/{self.id}.html"


def _kind_column(data: Dataset, table: str) -> str | None:
    """The column that types a row of ``table`` (``event_type``...), read off its schema: an enum named ``*_type``."""
    return next((f.name for f in data.schema(table).fields if f.name.endswith("_type") and f.enum), None)


def _dates(data: Dataset, table: str, row: Row) -> tuple[Any, Any, str]:
    dates = data.schema(table).dates
    if not dates:
        return None, None, ""
    first = dates[0]
    precision = row.get(first.precision) if first.precision else None
    return row.get(first.start), row.get(first.end), str(precision or "")


def participant_names(data: Dataset, ref: tuple[str, str]) -> tuple[str, ...]:
    """Who took part in a record, by name: its rows in ``participants`` (country, organisation or official)."""
    names = []
    for link in data.about(ref, "participants"):
        row = link.row
        for target in data.links_from("participants", row).values():
            if target != ref:
                names.append(data.label_of(target))
        if row.get("country"):
            names.append(str(row["country"]))
    return tuple(sorted(set(names)))


def items(data: Dataset) -> list[Item]:
    found = []
    for table in TABLES:
        if table not in data.rows:
            continue
        kind_column = _kind_column(data, table)
        for row in data.rows[table]:
            start, end, precision = _dates(data, table, row)
            if start is None and end is None:
                continue
            key = str(row[data.key(table)])
            kind = table if not kind_column or not row.get(kind_column) else f"{table}: {row[kind_column]}"
            names = participant_names(data, (table, key))
            found.append(Item(table, key, data.label(table, row), kind, start, end, precision, names))
    return sorted(found, key=lambda i: (i.start or i.end, i.end or i.start, i.table, i.id))


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def _records(found: list[Item], left: dt.date, right: dt.date) -> list[dict[str, Any]]:
    seen: dict[str, int] = {}
    records = []
    for item in found:
        name = _short(item.label)
        seen[name] = seen.get(name, 0) + 1
        shape = "open" if item.start is None or item.end is None else "day" if item.start == item.end else "span"
        end = item.end or right
        records.append(
            {
                "row": name if seen[name] == 1 else f"{name} ({seen[name]})",
                "start": (item.start or left).isoformat(),
                "end": (end + dt.timedelta(days=1)).isoformat() if item.end else end.isoformat(),
                "day": (item.start or end).isoformat(),
                "edge": (left if item.start is None else right).isoformat(),
                "edge_shape": "triangle-left" if item.start is None else "triangle-right",
                "shape": shape,
                "kind": item.table,
                "precision": item.precision or "unknown",
                "href": item.href,
                "description": f"{item.label}: {bounds_words(item.start, item.end, item.precision)} ({item.kind})",
            }
        )
    return records


def spec(found: list[Item], validate: bool = False) -> dict[str, Any]:
    """The Vega-Lite spec of the timeline (altair builds and checks it against the Vega-Lite schema)."""
    import altair as alt

    days = [d for i in found for d in (i.start, i.end) if d is not None]
    left = min(days).replace(month=1, day=1) - dt.timedelta(days=365)
    right = max(days).replace(month=12, day=31) + dt.timedelta(days=1)
    records = _records(found, left, right)
    order = [r["row"] for r in records]
    base = alt.Chart(alt.Data(values=records)).encode(
        y=alt.Y("row:N", sort=order, title=None, axis=alt.Axis(labelLimit=0, labelFontSize=10)),
        href="href:N",
        description="description:N",
        color=alt.Color("kind:N", title="table", scale=alt.Scale(scheme="tableau10")),
    )
    scale = alt.Scale(domain=[left.isoformat(), right.isoformat()])
    x = alt.X("start:T", scale=scale, title=None, axis=alt.Axis(format="%Y", orient="top", grid=True))
    opacity = alt.Opacity(
        "precision:N",
        title="date stated to",
        scale=alt.Scale(domain=list(PRECISION_ORDER), range=[1, 0.9, 0.8, 0.7, 0.6, 0.45, 0.35]),
    )
    bars = (
        base.transform_filter("datum.shape == 'span'")
        .mark_bar(height=ROW_HEIGHT * 0.6)
        .encode(x=x, x2="end:T", opacity=opacity)
    )
    dots = (
        base.transform_filter("datum.shape == 'day'")
        .mark_point(filled=True, size=40, shape="circle")
        .encode(x=alt.X("day:T", scale=scale), opacity=opacity)
    )
    open_lines = (
        base.transform_filter("datum.shape == 'open'")
        .mark_rule(strokeDash=[4, 3], strokeWidth=2)
        .encode(x=alt.X("start:T", scale=scale), x2="end:T")
    )
    arrows = (
        base.transform_filter("datum.shape == 'open'")
        .mark_point(filled=True, size=50)
        .encode(x=alt.X("edge:T", scale=scale), shape=alt.Shape("edge_shape:N", scale=None, legend=None))
    )
    caps = (
        base.transform_filter("datum.shape == 'open'")
        .mark_tick(thickness=2, size=ROW_HEIGHT * 0.7)
        .encode(x=alt.X("day:T", scale=scale))
    )
    chart = alt.layer(bars, dots, open_lines, arrows, caps).properties(
        width=WIDTH,
        height=ROW_HEIGHT * len(records),
        description=alt_text(found),
    )
    return chart.configure_view(stroke=None).configure_legend(orient="bottom", columns=4).to_dict(validate=validate)


def alt_text(found: list[Item]) -> str:
    counts = {t: sum(1 for i in found if i.table == t) for t in TABLES}
    days = [d for i in found for d in (i.start, i.end) if d is not None]
    opened = sum(1 for i in found if i.start is None or i.end is None)
    parts = ", ".join(f"{n} {t}" for t, n in counts.items() if n)
    return (
        f"Timeline of {parts} from {min(days).year} to {max(days).year}, one row each, drawn from the earliest to the "
        f"latest day its date bounds allow; {opened} with an open bound drawn as a dashed line with an arrow. "
        "The list below the chart gives every row in words."
    )
