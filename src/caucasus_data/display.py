"""Cells shown to a person or a tool: every control character escaped, so that no cell can move the cursor,
recolour a terminal, hide text behind a bidirectional override or start a line of its own.

Table cells are printed as ``\\n``, ``\\t``, ``\\x1b``, ``\\u202e``; in JSON the same characters become
``\\uXXXX`` escapes (``json.dumps`` leaves C1 controls and format characters as they are).
"""

from __future__ import annotations

import json
import unicodedata

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}


def _is_unsafe(char: str) -> bool:
    return unicodedata.category(char) in _UNSAFE_CATEGORIES


def _escaped(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape(text: str) -> str:
    """``text`` with every control, format, separator, surrogate or unassigned character written as an escape."""
    if text.isprintable() and not any(_is_unsafe(c) for c in text):
        return text
    return "".join(_escaped(c) if _is_unsafe(c) else c for c in text)


def json_text(value: object, indent: int | None = 1) -> str:
    """JSON with non-ASCII letters kept readable and every unsafe character as a ``\\uXXXX`` escape."""
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return "".join(
        (f"\\u{ord(c):04x}" if ord(c) < 0x10000 else json.dumps(c)[1:-1]) if _is_unsafe(c) and c != "\n" else c
        for c in text
    )


def clip(text: str, width: int) -> str:
    """At most ``width`` characters, ending in an ellipsis when cut."""
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def table(header: list[str], rows: list[list[str]], width: int | None = 40) -> str:
    """Aligned columns of escaped cells, each cut at ``width`` characters (``None``: never cut)."""
    cells = [[escape(c) for c in row] for row in [header, *rows]]
    if width is not None:
        cells = [[clip(c, width) for c in row] for row in cells]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
