"""Rule `quote`: every ``quote`` cell occurs in the raw text of the row's source.

Comparison is after Unicode NFC and folding runs of white space (non-breaking spaces included), as the
contract says, and nothing else: a curly quote retyped as a straight one is a different text. Each distinct
quote of each source is searched once, so the rule stays fast when many rows cite the same passage; rows are
only looked at again when a quote fails.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import FALSE, scalar, strings, take
from ..concurrency import each
from ..context import Context, TableData
from ..errors import Code, Finding
from ..masks import mask_rows
from ..provenance import SOURCES
from ..text import fold_lookalikes, longest_matching_prefix, normalise

CODES = (Code("quote", "every quote occurs verbatim in its source's raw text"),)
NEEDS = (SOURCES,)


def _explain(quote: str, haystack: str) -> str:
    if fold_lookalikes(quote) in fold_lookalikes(haystack):
        return (
            "not in the raw text as typed, but it is once curly quotes, apostrophes and dashes are made straight: "
            "copy the passage from the raw file instead of retyping it"
        )
    matched = longest_matching_prefix(quote, haystack)
    if matched == 0:
        return "not found in the raw text of its source: copy the passage from the raw file verbatim"
    return (
        f"not found in the raw text of its source: the first {matched} characters match, then it differs at "
        f"“{quote[matched : matched + 30]}”; copy the passage from the raw file verbatim"
    )


def _check_source(data: TableData, source_id: str, haystack: str) -> list[tuple[int, str, str]]:
    """(row, quote, message) for the rows citing ``source_id`` whose quote is not in its text."""
    of_source = pc.fill_null(pc.equal(data.typed["source_id"], scalar(source_id, pa.string())), FALSE)
    quotes = data.typed["quote"]
    failing: dict[str, str] = {}
    for quote in pc.unique(pc.drop_null(pc.filter(quotes, of_source))).to_pylist():
        needle = normalise(quote)
        if needle not in haystack:
            failing[quote] = _explain(needle, haystack)
    if not failing:
        return []
    hit = pc.and_(of_source, pc.is_in(quotes, value_set=strings(failing)))
    rows = mask_rows(hit)
    found = take(quotes, rows).to_pylist()
    return [(int(r), q, failing[q]) for r, q in zip(rows, found, strict=True)]


def _check_table(data: TableData, texts: dict[str, str]) -> list[Finding]:
    found = [hit for source_id, text in texts.items() for hit in _check_source(data, source_id, text)]
    found.sort(key=lambda hit: hit[0])
    rows = np.array([row for row, _, _ in found], dtype=np.int64)
    lines = data.lines[rows].tolist() if len(rows) else []
    sources = take(data.typed["source_id"], rows).to_pylist()
    return [
        Finding(
            path=data.path,
            rule="quote",
            message=f"{message} (source {source_id})",
            line=line,
            column="quote",
            value=quote,
        )
        for (_, quote, message), line, source_id in zip(found, lines, sources, strict=True)
    ]


def check(ctx: Context) -> list[Finding]:
    texts = {}
    for doc in ctx.raw_documents():
        if doc.source_id is not None and doc.data is not None:
            texts[doc.source_id] = normalise(doc.data.decode("utf-8", errors="replace"))
    quoting = [data for data in ctx.tables.values() if data.has("source_id", "quote")]
    found = each(lambda data: _check_table(data, texts), quoting)
    return [e for errors in found for e in errors]
