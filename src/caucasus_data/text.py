"""The one normalisation under which quotes are compared with raw text (contract: NFC, folded white space)."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")  # in str patterns \s covers NBSP, thin spaces and line breaks
_LOOKALIKES = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": "'",
        "′": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "″": '"',
        "–": "-",
        "—": "-",
        "‑": "-",
        "−": "-",
        "…": "...",
    }
)


def normalise(text: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fold_lookalikes(text: str) -> str:
    """Curly quotes, dashes and ellipses as their ASCII look-alikes: only to explain a mismatch, never to accept one."""
    return text.translate(_LOOKALIKES)


def longest_matching_prefix(quote: str, haystack: str) -> int:
    """Length of the longest prefix of ``quote`` found in ``haystack`` (both normalised)."""
    lo, hi = 0, len(quote)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if quote[:mid] in haystack:
            lo = mid
        else:
            hi = mid - 1
    return lo
