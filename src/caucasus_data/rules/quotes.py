"""Rule `quote`: every ``quote`` cell occurs in the raw text of the row's source.

Comparison is after Unicode NFC and folding runs of white space (non-breaking spaces included), as the
contract says, and nothing else: a curly quote retyped as a straight one is a different text. Each distinct
(source, quote) pair is searched once, so the rule stays fast when many rows cite the same passage.
"""

from __future__ import annotations

import pandas as pd

from ..context import Context, TableData
from ..errors import ValidationError
from ..text import fold_lookalikes, longest_matching_prefix, normalise


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


def _check_table(ctx: Context, data: TableData, texts: dict[str, str]) -> list[ValidationError]:
    frame = pd.DataFrame({"source_id": data.typed["source_id"].to_pandas(), "quote": data.typed["quote"].to_pandas()})
    frame = frame.dropna()
    frame = frame[frame["source_id"].isin(list(texts))]
    pairs = frame.drop_duplicates()
    failing = {}
    for source_id, quote in pairs.itertuples(index=False):
        needle = normalise(quote)
        if needle not in texts[source_id]:
            failing[(source_id, quote)] = _explain(needle, texts[source_id])
    errors = []
    if failing:
        for row, source_id, quote in frame.itertuples(index=True):
            message = failing.get((source_id, quote))
            if message:
                errors.append(
                    ValidationError(
                        data.path, "quote", f"{message} (source {source_id})", int(data.lines[row]), "quote", quote
                    )
                )
    return errors


def check(ctx: Context) -> list[ValidationError]:
    texts = {}
    for source_id, raw in ctx.raw_bytes.items():
        texts[source_id] = normalise(raw.decode("utf-8", errors="replace"))
    errors: list[ValidationError] = []
    for data in ctx.tables.values():
        if data.has("source_id", "quote"):
            errors += _check_table(ctx, data, texts)
    return errors
