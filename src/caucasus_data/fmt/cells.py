"""A cell's canonical text: line breaks as ``\\n``, Unicode NFC, no white space at either end.

Arrow's own NFC kernel is slow (tens of seconds per 100 MB) and follows a different Unicode version than
Python's ``unicodedata``, so NFC is Python's, but applied only to the cells that hold a code point that can
change under NFC at all (a combining mark, a Hangul jamo, or a character NFC replaces). Finding those is a
scan of the column's UTF-8 bytes with numpy: almost every cell is skipped without being looked at in Python.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Exactly the characters for which Python's ``str.isspace`` is true: spaces of every width, tabs, line
#: breaks, NBSP. Spelled out because Arrow's own notion of white space is narrower.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_MAY_START = np.zeros(256, dtype=bool)  # first bytes of the white space characters' UTF-8 forms
_MAY_START[[c.encode()[0] for c in WHITESPACE]] = True
_MAY_END = np.zeros(256, dtype=bool)  # last bytes of them
_MAY_END[[c.encode()[-1] for c in WHITESPACE]] = True
_FIRST_SUSPECT_LEAD = 0xCC  # UTF-8 lead byte of U+0300, the first code point NFC can change


def as_array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous text array, an empty cell as "" (the project's reader gives it as null)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return pc.fill_null(column, "") if column.null_count else column


def _chunks(column: pa.Array | pa.ChunkedArray) -> Iterator[tuple[int, pa.Array]]:
    """Each chunk with the position of its first row, so that rules need not copy a column into one piece."""
    if isinstance(column, pa.Array):
        yield 0, column
        return
    start = 0
    for chunk in column.chunks:
        yield start, chunk
        start += len(chunk)


def _buffers(column: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes and value offsets of a string array, without copying."""
    width = np.int64 if pa.types.is_large_string(column.type) else np.int32
    buffers = column.buffers()
    offsets = np.frombuffer(buffers[1], width, len(column) + 1, column.offset * np.dtype(width).itemsize)
    data = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    return data, offsets


def may_change_under_nfc(codepoint: int) -> bool:
    """True for every code point whose presence can make a string differ from its NFC form."""
    char = chr(codepoint)
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char).startswith("M")
        or unicodedata.normalize("NFC", char) != char
        or 0x1161 <= codepoint <= 0x1175  # Hangul vowel and trailing jamo compose algorithmically
        or 0x11A8 <= codepoint <= 0x11C2
    )


_KNOWN = np.zeros(0x110000, dtype=bool)  # code points looked up so far, and which of them NFC may change
_CHANGES = np.zeros(0x110000, dtype=bool)


def suspect_positions(data: np.ndarray) -> np.ndarray:
    """Byte offsets in UTF-8 ``data`` of the code points that may change under NFC."""
    lead = np.flatnonzero(data >= _FIRST_SUSPECT_LEAD)
    if not lead.size:
        return lead
    last = len(data) - 1
    b0 = data[lead].astype(np.uint32)
    b1, b2, b3 = (data[np.minimum(lead + k, last)].astype(np.uint32) & 0x3F for k in (1, 2, 3))
    codepoints = np.where(
        b0 < 0xE0,
        ((b0 & 0x1F) << 6) | b1,
        np.where(b0 < 0xF0, ((b0 & 0x0F) << 12) | (b1 << 6) | b2, ((b0 & 0x07) << 18) | (b1 << 12) | (b2 << 6) | b3),
    )
    codepoints[codepoints > 0x10FFFF] = 0  # bytes that are not UTF-8; the reader reports them
    unknown = codepoints[~_KNOWN[codepoints]]
    for codepoint in np.unique(unknown).tolist():
        _CHANGES[codepoint] = may_change_under_nfc(codepoint)
        _KNOWN[codepoint] = True
    return lead[_CHANGES[codepoints]]


def _not_nfc(chunk: pa.Array) -> np.ndarray:
    data, offsets = _buffers(chunk)
    positions = suspect_positions(data[offsets[0] : offsets[-1]]) + offsets[0]
    if not positions.size:
        return positions
    candidates = np.unique(np.searchsorted(offsets, positions, side="right") - 1)
    values = chunk.take(pa.array(candidates)).to_pylist()
    return candidates[[v is not None and not unicodedata.is_normalized("NFC", v) for v in values]]


def _untrimmed(chunk: pa.Array) -> np.ndarray:
    """First and last bytes first (one look-up each per cell); only the few candidates are compared in full."""
    data, offsets = _buffers(chunk)
    if not data.size or not len(chunk):
        return np.zeros(0, np.int64)
    starts, ends = offsets[:-1], offsets[1:]
    candidate = _MAY_START[data[np.minimum(starts, data.size - 1)]]
    candidate |= _MAY_END[data[np.maximum(ends - 1, 0)]]
    candidate &= ends > starts
    if not candidate.any():
        return np.zeros(0, np.int64)
    rows = np.flatnonzero(candidate)
    subset = chunk.take(pa.array(rows))
    changed = pc.fill_null(pc.not_equal(pc.utf8_trim(subset, characters=WHITESPACE), subset), False)
    return rows[np.asarray(changed.to_numpy(zero_copy_only=False), dtype=bool)]


def _rows(column: pa.Array | pa.ChunkedArray, find) -> np.ndarray:
    found = [find(chunk) + start for start, chunk in _chunks(column)]
    return np.concatenate(found) if found else np.zeros(0, np.int64)


def not_nfc(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Positions of the cells that are not in Unicode NFC."""
    return _rows(column, _not_nfc)


def untrimmed(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Positions of the cells that begin or end with white space."""
    return _rows(column, _untrimmed)


def unify_line_breaks(column: pa.Array) -> pa.Array:
    """``\\r\\n`` and a lone ``\\r`` inside a value become ``\\n``, as the file's own line endings do."""
    return pc.replace_substring(pc.replace_substring(column, "\r\n", "\n"), "\r", "\n")


def normalise(column: pa.Array | pa.ChunkedArray, line_breaks: bool = True) -> pa.Array:
    """Every cell in canonical text; ``line_breaks=False`` skips the ``\\r`` pass for files that hold none."""
    column = as_array(column)
    if line_breaks:
        column = unify_line_breaks(column)
    changed = not_nfc(column)
    if changed.size:
        mask = np.zeros(len(column), dtype=bool)
        mask[changed] = True
        fixed = [unicodedata.normalize("NFC", v) for v in column.take(pa.array(changed)).to_pylist()]
        column = pc.replace_with_mask(column, pa.array(mask), pa.array(fixed, pa.string()))
    if untrimmed(column).size:
        column = pc.utf8_trim(column, characters=WHITESPACE)
    return column
