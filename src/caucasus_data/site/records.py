"""What a record page shows, gathered from the dataset: fields with their codebook text, dates in words,
the quotes behind the row in their context, who took part, the claims about it and how they relate, the
errata that touch it, everything else that points at it, and the line to cite it by.

Everything is derived from the Table Schemas and the rows: a field's description is the one in its schema,
and the sections come from the references the schemas declare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .dataset import Dataset, Link, Ref, Row, iso
from .dates import bounds_words

CONTEXT = 180  # characters of raw text shown either side of a quote
SECTION_TABLES = ("evidence", "participants", "claims", "errata")  # given sections of their own
_SPACE = re.compile(r"\s+")


# The source page marks the passages of these tables' rows, under these id prefixes (see :mod:`.sourcepage`).
ANCHORS = {"evidence": "evidence", "errata": "erratum", "citations": "citation"}


def anchor(table: str, key: str) -> str:
    """The id of the element marking a row's passage on its source page ("" when the page marks none)."""
    return f"{ANCHORS[table]}-{key}" if table in ANCHORS else ""


def href(ref: Ref, root: str = "../") -> str:
    return f"{root}{ref[0]}/{ref[1]}.html"


def citation(data: Dataset, table: str, key: str) -> str:
    """The one line to cite a row by (dataset, version, table, id), as ``caucasus-data cite TABLE/ID`` words it."""
    from .. import citation as cite

    return cite.text(data.citation, cite.Row(table, key, []).phrase)


@dataclass
class FieldView:
    name: str
    description: str
    value: str
    link: str | None = None  # page of the row the value points at
    link_label: str = ""
    evidence: list[str] = field(default_factory=list)  # evidence ids whose quote backs this field


@dataclass
class QuoteView:
    mark_id: str  # id of the passage's mark on the source page ("" when it has none)
    source_id: str
    source_title: str
    before: str
    quote: str
    after: str
    found: int  # how many times the passage occurs in the source
    mark: str  # link to the marked passage
    supports: str = ""
    record: str = ""  # page of the record the quote backs (for quotes listed away from it)
    record_label: str = ""


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)


def quote_view(data: Dataset, row: Row, mark_id: str, root: str = "../") -> QuoteView | None:
    """``row``'s quote with the raw text around it, if its source and quote are known."""
    source_id, quote = row.get("source_id"), row.get("quote")
    if not source_id or not quote or source_id not in data.folded:
        return None
    folded = data.folded[str(source_id)]
    spans = folded.find_all(str(quote))
    if not spans:
        return None
    start, end = spans[0]
    raw = folded.raw
    before = raw[max(0, start - CONTEXT) : start]
    after = raw[end : end + CONTEXT]
    if start > CONTEXT:
        before = "…" + before.split(" ", 1)[-1]
    if end + CONTEXT < len(raw):
        after = after.rsplit(" ", 1)[0] + "…"
    return QuoteView(
        mark_id=mark_id,
        source_id=str(source_id),
        source_title=data.label_of(("sources", str(source_id))),
        before=_squash(before),
        quote=_squash(raw[start:end]),
        after=_squash(after),
        found=len(spans),
        mark=f"{root}sources/{source_id}.html" + (f"#{mark_id}" if mark_id else ""),
        supports=str(row.get("supports") or ""),
    )


def cell_text(value: Any) -> str:
    """A typed cell as the page shows it: dates in ISO 8601, booleans as the CSV spells them, empty as ''."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return iso(value)


def fields(data: Dataset, table: str, row: Row, root: str = "../") -> list[FieldView]:
    links = data.links_from(table, row)
    backing: dict[str, list[str]] = {}
    key = str(row[data.key(table)])
    for link in data.about((table, key), "evidence"):
        for name in str(link.row.get("supports") or "").split():
            backing.setdefault(name, []).append(str(link.row["evidence_id"]))
    views = []
    for f in data.schema(table).fields:
        view = FieldView(f.name, f.description, cell_text(row.get(f.name)), evidence=backing.get(f.name, []))
        target = links.get(f.name)
        if target is not None and data.get(target) is not None:
            view.link, view.link_label = href(target, root), data.label_of(target)
        views.append(view)
    return views


def date_lines(data: Dataset, table: str, row: Row) -> list[str]:
    lines = []
    for d in data.schema(table).dates:
        if row.get(d.start) is None and row.get(d.end) is None:
            continue
        words = bounds_words(row.get(d.start), row.get(d.end), row.get(d.precision) if d.precision else None)
        lines.append(f"{words[0].upper()}{words[1:]} ({d.start} to {d.end})")
    return lines


@dataclass
class RelationView:
    relation: str
    claim: Ref
    claim_label: str
    related: Ref
    related_label: str
    explanation: str
    page: str


def relations(data: Dataset, claim_ids: set[str]) -> list[RelationView]:
    """Every relation with a claim in ``claim_ids`` on either side."""
    found = []
    for r in data.rows.get("claim_relations", []):
        if r["claim_id"] in claim_ids or r["related_claim_id"] in claim_ids:
            a, b = ("claims", str(r["claim_id"])), ("claims", str(r["related_claim_id"]))
            found.append(
                RelationView(
                    str(r["relation"]).replace("_", " "),
                    a,
                    data.label_of(a),
                    b,
                    data.label_of(b),
                    str(r.get("explanation") or ""),
                    href(("claim_relations", str(r["relation_id"]))),
                )
            )
    return found


@dataclass
class RecordView:
    table: str
    key: str
    label: str
    table_description: str
    citation: str
    dates: list[str]
    fields: list[FieldView]
    quotes: list[QuoteView]
    own_quote: QuoteView | None
    participants: list[tuple[str, str, str]]  # (role, who, page or "")
    claims: list[tuple[str, str, str]]  # (page, claimant, summary and date)
    relations: list[RelationView]
    errata: list[tuple[str, str, str]]  # (page, type, explanation)
    backlinks: dict[str, list[tuple[str, str, str]]]  # table -> (page, label, column)


def _who(data: Dataset, row: Row, ref: Ref) -> tuple[str, str]:
    for target in data.links_from("participants", row).values():
        if target != ref and data.get(target) is not None:
            return data.label_of(target), href(target)
    return str(row.get("country") or "not named"), ""


def record(data: Dataset, table: str, row: Row) -> RecordView:
    key = str(row[data.key(table)])
    ref = (table, key)
    quotes = []
    for link in data.about(ref, "evidence"):
        evidence_id = str(link.row["evidence_id"])
        q = quote_view(data, link.row, anchor("evidence", evidence_id))
        if q is not None:
            q.record, q.record_label = href(("evidence", evidence_id)), evidence_id
            quotes.append(q)
    participants = []
    for link in data.about(ref, "participants"):
        who, page = _who(data, link.row, ref)
        participants.append((str(link.row.get("role") or ""), who, page))
    about = [link.row for link in data.about(ref, "claims")]
    claims = [
        (
            href(("claims", str(c["claim_id"]))),
            str(c.get("claimant_as_printed") or ""),
            f"{c.get('summary')} ({bounds_words(c.get('date_start'), c.get('date_end'), c.get('date_precision'))})",
        )
        for c in about
    ]
    claim_ids = {str(c["claim_id"]) for c in about} | ({key} if table == "claims" else set())
    errata = [
        (
            href(("errata", str(link.row["erratum_id"]))),
            str(link.row.get("erratum_type") or ""),
            str(link.row.get("explanation") or ""),
        )
        for link in data.about(ref, "errata")
    ]
    backlinks: dict[str, list[tuple[str, str, str]]] = {}
    for link in data.links_to(ref):
        shown = link.table in SECTION_TABLES and link.column in {r.id for r in data.schema(link.table).references}
        if shown or link.table == "evidence" or link.table not in data.by_id:
            continue
        backlinks.setdefault(link.table, []).append(_backlink(data, link))
    own = quote_view(data, row, anchor(table, key))
    return RecordView(
        table=table,
        key=key,
        label=data.label(table, row),
        table_description=data.schema(table).description,
        citation=citation(data, table, key),
        dates=date_lines(data, table, row),
        fields=fields(data, table, row),
        quotes=quotes,
        own_quote=own,
        participants=participants,
        claims=claims,
        relations=relations(data, claim_ids),
        errata=errata,
        backlinks=dict(sorted(backlinks.items())),
    )


def _backlink(data: Dataset, link: Link) -> tuple[str, str, str]:
    key = str(link.row[data.key(link.table)])
    return href((link.table, key)), data.label(link.table, link.row), link.column
