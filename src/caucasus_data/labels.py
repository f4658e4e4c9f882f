"""Labels of coded values, read from the field descriptions that already explain them.

A field description names each code in backticks and, where a code needs it, says what it means in brackets
right after it: "`armed_conflict` (a war or its phase), `military_operation`, ...". The Table Schema v2
``categories`` of a field (``[{"value": ..., "label": ...}]``, what Stata value labels, R factors and
codebooks show) are derived from that text, so the description stays the one place a code is explained:
the label is the code in words ("armed conflict"), followed by its explanation when the description gives
one ("armed conflict (a war or its phase)"). ``scripts/write_categories.py`` writes them into the schemas
and a test checks that the committed ones are what this derivation gives.
"""

from __future__ import annotations

import re


def _bracket_after(text: str, start: int) -> str | None:
    """The text of the bracket opening at ``text[start]`` (nested brackets kept), or None if none opens there."""
    if start >= len(text) or text[start] != "(":
        return None
    depth = 0
    for end in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[end], 0)
        if depth == 0:
            return text[start + 1 : end]
    return None


def label(code: str, description: str) -> str:
    words = code.replace("_", " ")
    match = re.search(rf"`{re.escape(code)}` ?", description)
    explained = _bracket_after(description, match.end()) if match else None
    return f"{words} ({explained})" if explained else words


def categories(enum: list[str], description: str) -> list[dict[str, str]]:
    """Every code of ``enum``, in its order, with the label its field description gives it."""
    return [{"value": code, "label": label(code, description)} for code in enum]
