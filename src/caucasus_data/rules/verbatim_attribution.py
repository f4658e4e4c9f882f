"""Rule `verbatim-attribution`: who speaks and the reporting verb are copied from the passage, as quotes are.

The columns a schema lists under ``x-verbatim`` (in `claims`: ``claimant_as_printed`` and ``cue``, the PARC
source and cue spans) must be the words the source prints where the claim is made: they must occur, compared as
quotes are (Unicode NFC, runs of white space folded, nothing else), in a paragraph of the row's source that holds
one of the row's evidence quotes (in the whole source when the row has no evidence yet). So a surname put where
the passage prints "She pointed out" is reported even though the surname occurs elsewhere in the text: the
printed words are "She", and the person is resolved in the id columns.

Two exceptions, both from the coding manual: a value written wholly in square brackets is the curator's
description of a source the text does not name ("[author not named]", "[not named: 'there is an opinion']"), and
is not looked for; and the document's own voice (``claimant_type`` `author`) is named by the byline, not in the
passage, so its claimant is looked for in the whole source.

Paragraphs are the raw text's lines; each distinct (paragraph set, value) pair is searched once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import FALSE, scalar
from ..context import Context, TableData
from ..errors import Code, Finding
from ..provenance import EVIDENCE, SOURCES
from ..text import normalise

RULE = "verbatim-attribution"
CODES = (Code(RULE, "claimant and cue are the words printed in the claim's paragraph, or a [bracketed] description"),)
NEEDS = (SOURCES, EVIDENCE)
WHOLE_SOURCE_TYPES = {"author"}  # claimant types named by the byline, not in the passage


def curator_description(value: str) -> bool:
    """A value wholly in square brackets: the curator's words for an unnamed source, by the manual's convention."""
    return value.startswith("[") and value.endswith("]")


def _quotes_by_record(ctx: Context, table: str) -> dict[str, list[str]]:
    evidence = ctx.table(EVIDENCE)
    mask = pc.fill_null(pc.equal(evidence.typed["record_table"], scalar(table, pa.string())), FALSE)
    ids = pc.filter(evidence.typed["record_id"], mask).to_pylist()
    quotes = pc.filter(evidence.typed["quote"], mask).to_pylist()
    found: dict[str, list[str]] = {}
    normalised: dict[str, str] = {}  # each distinct quote normalised once (a quote backs several records)
    for record, quote in zip(ids, quotes, strict=True):
        if record is not None and quote is not None:
            if quote not in normalised:
                normalised[quote] = normalise(quote)
            found.setdefault(record, []).append(normalised[quote])
    return found


def _passages(paragraphs: list[str], quotes: list[str]) -> tuple[str, ...]:
    return tuple(p for p in paragraphs if any(q in p for q in quotes))


def _check_table(ctx: Context, data: TableData, texts: dict[str, str], paragraphs: dict[str, list[str]]):
    if "source_id" not in data.typed or not data.schema.primaryKey:
        return []
    key = data.schema.primaryKey[0]
    sources = data.typed["source_id"].to_pylist()
    ids = data.typed[key].to_pylist() if key in data.typed else [None] * data.num_rows
    kinds = data.typed["claimant_type"].to_pylist() if "claimant_type" in data.typed else [None] * data.num_rows
    quotes = _quotes_by_record(ctx, data.name)
    errors: list[Finding] = []
    for column in data.schema.verbatim:
        if column not in data.text:
            continue
        seen: dict[tuple, bool] = {}
        passages_of: dict[tuple, tuple[str, ...]] = {}
        needles: dict[str, str] = {}  # each distinct value normalised once
        in_source: list[int] = []
        in_passage: list[int] = []
        for row, value in enumerate(data.text[column].to_pylist()):  # the cell as written, whatever its type
            source = sources[row]
            if value is None or source not in texts or curator_description(value):
                continue
            needle = needles.get(value)
            if needle is None:
                needle = needles[value] = normalise(value)
            if needle not in texts[source]:
                in_source.append(row)
                continue
            record = ids[row]
            if kinds[row] in WHOLE_SOURCE_TYPES or record is None or not quotes.get(record):
                continue
            passage_key = (source, tuple(quotes[record]))
            if passage_key not in passages_of:
                passages_of[passage_key] = _passages(paragraphs[source], quotes[record])
            passages = passages_of[passage_key]
            if not passages:
                continue  # the quote itself is not in the text: the `quote` rule reports it
            probe = (passages, needle)
            if probe not in seen:
                seen[probe] = any(needle in p for p in passages)
            if not seen[probe]:
                in_passage.append(row)
        errors.extend(
            data.findings_at(
                np.array(in_source, dtype=np.int64),
                RULE,
                column,
                "not in the raw text of the row's source: copy the words as printed, or, for a source the text "
                "does not name, describe it in square brackets",
            )
        )
        errors.extend(
            data.findings_at(
                np.array(in_passage, dtype=np.int64),
                RULE,
                column,
                "not in the paragraph its evidence quotes come from: give the words printed there (e.g. 'She' "
                "where the passage says 'She pointed out'; the person goes in the id column), or, where the "
                "passage names no one, a description in square brackets",
            )
        )
    errors.sort(key=lambda e: (e.line or 0, e.column))
    return errors


def check(ctx: Context) -> list[Finding]:
    texts: dict[str, str] = {}
    paragraphs: dict[str, list[str]] = {}
    for doc in ctx.raw_documents():
        if doc.source_id is None or doc.data is None:
            continue
        text = doc.data.decode("utf-8", errors="replace")
        texts[doc.source_id] = normalise(text)
        paragraphs[doc.source_id] = [normalise(line) for line in text.splitlines() if line.strip()]
    return [
        e for data in ctx.tables.values() if data.schema.verbatim for e in _check_table(ctx, data, texts, paragraphs)
    ]
