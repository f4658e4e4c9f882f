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

Paragraphs are the raw text's lines. Rows alike in value, source, claimant type and evidence quotes share a
verdict, so each distinct combination is decided once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import FALSE, as_text, scalar, strings, to_numpy
from ..context import Context, TableData
from ..errors import Code, Finding
from ..masks import combinations, distinct_sorted, positions_in, value_codes
from ..provenance import EVIDENCE, SOURCES
from ..text import normalise

RULE = "verbatim-attribution"
CODES = (Code(RULE, "claimant and cue are the words printed in the claim's paragraph, or a [bracketed] description"),)
NEEDS = (SOURCES, EVIDENCE)
WHOLE_SOURCE_TYPES = {"author"}  # claimant types named by the byline, not in the passage


def curator_description(value: str) -> bool:
    """A value wholly in square brackets: the curator's words for an unnamed source, by the manual's convention."""
    return value.startswith("[") and value.endswith("]")


class _Evidence:
    """A table's evidence quotes by record, as positions: record ``r``'s quotes are ``quote[start[r]:start[r]
    + count[r]]``, and ``normalised[q]`` is quote ``q`` as quotes are compared with raw text (each distinct
    quote normalised once: a quote backs several records)."""

    def __init__(self, ctx: Context, table: str) -> None:
        evidence = ctx.table(EVIDENCE)
        of_table = pc.fill_null(pc.equal(evidence.typed["record_table"], scalar(table, pa.string())), FALSE)
        record, self.records = value_codes(pc.filter(evidence.typed["record_id"], of_table))
        quote, quotes = value_codes(pc.filter(evidence.typed["quote"], of_table))
        backed = (record >= 0) & (quote >= 0)
        pairs = distinct_sorted(np.sort(record[backed] * (len(quotes) + 1) + quote[backed]))
        self.quote = pairs % (len(quotes) + 1)
        self.count = np.bincount(pairs // (len(quotes) + 1), minlength=len(self.records))
        self.start = np.cumsum(self.count) - self.count
        self.normalised = [normalise(q) for q in quotes.to_pylist()]

    def explode(self, record_of_row: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Every (row, quote) pair of the given rows' records: the row's index in ``record_of_row``, the quote."""
        count = self.count[record_of_row]
        row = np.repeat(np.arange(len(record_of_row)), count)
        skip = np.repeat(self.start[record_of_row] - (np.cumsum(count) - count), count)
        return row, self.quote[np.arange(len(row)) + skip]


class _Needles(dict[int, str]):
    """A column's distinct values normalised as quotes are, each the first time it is asked for."""

    def __init__(self, values: list[str]) -> None:
        super().__init__()
        self.printed = values

    def __missing__(self, code: int) -> str:
        self[code] = found = normalise(self.printed[code])
        return found


def _passages(paragraphs: list[str], quote: str) -> tuple[str, ...]:
    return tuple(p for p in paragraphs if quote in p)


IN_SOURCE = (
    "not in the raw text of the row's source: copy the words as printed, or, for a source the text does not name, "
    "describe it in square brackets"
)
IN_PASSAGE = (
    "not in the paragraph its evidence quotes come from: give the words printed there (e.g. 'She' where the "
    "passage says 'She pointed out'; the person goes in the id column), or, where the passage names no one, a "
    "description in square brackets"
)


def check_table(ctx: Context, data: TableData, texts: dict[str, str], paragraphs: dict[str, list[str]]):
    """Rows alike in value and source share the first verdict, and (row, evidence quote) pairs alike in value,
    source and quote share the second, so each distinct combination is decided once in Python and its verdict
    given to all of its rows with numpy."""
    if "source_id" not in data.typed or not data.schema.primaryKey:
        return []
    key = data.schema.primaryKey[0]
    source_codes, distinct_sources = value_codes(data.typed["source_id"])
    sources = distinct_sources.to_pylist()
    source_known = np.array([source in texts for source in sources] + [False])  # [-1]: a null source
    whole_source = np.zeros(data.num_rows, dtype=bool)
    if "claimant_type" in data.typed:
        kinds = pc.is_in(as_text(data.typed["claimant_type"]), value_set=strings(sorted(WHOLE_SOURCE_TYPES)))
        whole_source = to_numpy(pc.fill_null(kinds, FALSE)).astype(bool)
    evidence = _Evidence(ctx, data.name)
    record_of_row = np.full(data.num_rows, -1, dtype=np.int64)
    if key in data.typed:
        record_of_row = positions_in(data.typed[key], evidence.records)
    passages_of: dict[tuple[int, int], tuple[str, ...]] = {}  # (source, quote) -> the paragraphs holding it
    errors: list[Finding] = []
    for column in data.schema.verbatim:
        if column not in data.text:
            continue
        cell_codes, distinct_values = value_codes(data.text[column])  # the cell as written, whatever its type
        values = distinct_values.to_pylist()
        described = np.array([curator_description(value) for value in values] + [True])  # [-1]: a null cell
        rows = np.flatnonzero(source_known[source_codes] & ~described[cell_codes])
        needles = _Needles(values)
        combination, first = combinations(source_codes[rows], cell_codes[rows])
        in_text = np.array(
            [
                needles[v] in texts[sources[s]]
                for s, v in zip(source_codes[rows[first]], cell_codes[rows[first]], strict=True)
            ],
            dtype=bool,
        )
        errors.extend(data.findings_at(rows[~in_text[combination]], RULE, column, IN_SOURCE))
        # the passage test: rows found in the source, not in the author's voice, with evidence quotes
        rows = rows[in_text[combination] & ~whole_source[rows] & (record_of_row[rows] >= 0)]
        pair_row, pair_quote = evidence.explode(record_of_row[rows])
        combination, first = combinations(source_codes[rows][pair_row], cell_codes[rows][pair_row], pair_quote)
        has_passage = np.zeros(len(first), dtype=bool)
        holds_value = np.zeros(len(first), dtype=bool)
        for at, (row, quote) in enumerate(zip(rows[pair_row[first]].tolist(), pair_quote[first].tolist(), strict=True)):
            source = int(source_codes[row])
            if (source, quote) not in passages_of:
                passages_of[source, quote] = _passages(paragraphs[sources[source]], evidence.normalised[quote])
            passages = passages_of[source, quote]
            has_passage[at] = bool(passages)
            holds_value[at] = any(needles[cell_codes[row]] in p for p in passages)
        # a row with no passage at all: its quotes are not in the text, and the `quote` rule reports them
        any_passage = np.bincount(pair_row, weights=has_passage[combination], minlength=len(rows)) > 0
        any_holds = np.bincount(pair_row, weights=holds_value[combination], minlength=len(rows)) > 0
        errors.extend(data.findings_at(rows[any_passage & ~any_holds], RULE, column, IN_PASSAGE))
    errors.sort(key=lambda e: (e.line or 0, e.column))
    return errors


def sources_text(ctx: Context) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Each source's raw text and its paragraphs (non-blank lines), normalised as quotes are."""
    texts: dict[str, str] = {}
    paragraphs: dict[str, list[str]] = {}
    for doc in ctx.raw_documents():
        if doc.source_id is None or doc.data is None:
            continue
        text = doc.data.decode("utf-8", errors="replace")
        texts[doc.source_id] = normalise(text)
        paragraphs[doc.source_id] = [normalise(line) for line in text.splitlines() if line.strip()]
    return texts, paragraphs


def check(ctx: Context) -> list[Finding]:
    texts, paragraphs = sources_text(ctx)
    return [
        e for data in ctx.tables.values() if data.schema.verbatim for e in check_table(ctx, data, texts, paragraphs)
    ]
