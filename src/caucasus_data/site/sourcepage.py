"""A source's raw text with every passage the tables quote from it marked where it occurs.

Each evidence row becomes ``<mark id="evidence-ID">`` around the first occurrence of its quote (a passage
quoted twice is still one place: the record page says how often it occurs); each erratum is a span where its
quote occurs, followed by a flag linking to its note; each citation's quote (the footnote or the in-text
reference) is a span with its id, and every occurrence of a citation's marker elsewhere in the text (the ¹
after a sentence) links to it. Overlaps are resolved by :mod:`.highlight`.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from .dataset import Dataset, Row
from .highlight import Insert, Span, render
from .records import anchor, href


@dataclass
class Placed:
    row: Row
    table: str
    key: str
    start: int | None  # raw offsets of the passage; None when not found
    end: int | None


def _placed(data: Dataset, table: str, source_id: str) -> list[Placed]:
    if table not in data.by_id:
        return []
    folded = data.folded[source_id]
    found = []
    key = data.key(table)
    for row in data.rows_where(table, "source_id", source_id):
        at = folded.find(str(row["quote"])) if row.get("quote") else None
        found.append(Placed(row, table, str(row[key]), *(at or (None, None))))
    return found


def evidence_span(data: Dataset, p: Placed) -> Span:
    target = (str(p.row["record_table"]), str(p.row["record_id"]))
    page = href(target)
    title = f"{target[0]}: {data.label_of(target)}"
    common = (("class", "ev"), ("data-record", page), ("title", title))
    return Span(
        p.start or 0,
        p.end or 0,
        "mark",
        (("id", anchor("evidence", p.key)), ("tabindex", "0"), *common),
        (("data-evidence", p.key), *common),
    )


def _marker_spans(raw: str, citations: list[Placed], taken: list[tuple[int, int]]) -> list[Span]:
    """Links from each occurrence of a footnote marker outside the footnotes to the first citation using it."""
    spans = []
    for c in sorted(citations, key=lambda c: c.key):
        marker = str(c.row.get("marker") or "")
        if not marker or marker.isalnum():  # a marker made of letters or digits would match inside words
            continue
        at = raw.find(marker)
        while at >= 0:
            end = at + len(marker)
            if not any(s < end and at < e for s, e in taken):
                spans.append(Span(at, end, "a", (("class", "fnref"), ("href", f"#{anchor('citations', c.key)}"))))
                taken.append((at, end))
            at = raw.find(marker, end)
    return spans


@dataclass
class SourceText:
    html: Markup
    evidence: list[Placed]
    errata: list[Placed]
    citations: list[Placed]


def source_text(data: Dataset, source_id: str) -> SourceText:
    raw = data.raw[source_id]
    evidence = _placed(data, "evidence", source_id)
    errata = _placed(data, "errata", source_id)
    citations = _placed(data, "citations", source_id)
    spans = [evidence_span(data, p) for p in evidence if p.start is not None]
    inserts = []
    for p in errata:
        if p.start is None or p.end is None:
            continue
        mark_id = anchor("errata", p.key)
        spans.append(Span(p.start, p.end, "span", (("class", "erratum"), ("id", mark_id)), (("class", "erratum"),)))
        label = f"erratum: {p.row.get('erratum_type') or ''}"
        flag = f'<a class="erratum-flag" href="#note-{escape(mark_id)}" title="{escape(label)}">erratum</a>'
        inserts.append(Insert(p.end, Markup(flag)))
    taken = []
    for p in citations:
        if p.start is None or p.end is None:
            continue
        spans.append(
            Span(p.start, p.end, "span", (("class", "cite"), ("id", anchor("citations", p.key))), (("class", "cite"),))
        )
        taken.append((p.start, p.end))
    spans += _marker_spans(raw, citations, taken)
    return SourceText(render(raw, spans, inserts), evidence, errata, citations)
