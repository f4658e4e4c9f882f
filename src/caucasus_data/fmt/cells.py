"""A cell's canonical text: line breaks as ``\\n``, Unicode NFC, no white space at either end.

Arrow's own NFC kernel is slow (tens of seconds per 100 MB) and follows a different Unicode version than
Python's ``unicodedata``, so NFC is Python's, but applied only to the cells that hold a code point that can
change under NFC at all (a combining mark, a Hangul jamo, or a character NFC replaces). Finding those is a
scan of the column's UTF-8 bytes with numpy: almost every cell is skipped without being looked at in Python,
and a chunk whose largest byte is below the first such code point's lead byte is skipped in one pass.

Arrow's reader hands a column over in chunks of about a megabyte of the file, thousands of them in a large
package, so the per-chunk work is kept to what needs the chunk's own buffers (its cells' first and last
bytes, its suspect code points); the rest is done once per column. Only the few cells left are compared in
full, taken from their own chunk: taking from a chunked column would copy it into one piece first.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import FALSE, booleans, indices, scalar, string_buffers, strings, to_numpy
from ..masks import distinct_sorted

EMPTY = scalar("", pa.string())

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
_ASCII_SPACE_MAX = max(ord(c) for c in WHITESPACE if c.isascii())  # every other white space byte is above these
_LEAD_MIN = min(c.encode()[0] for c in WHITESPACE if not c.isascii())
_TRAIL_MIN = min(c.encode()[-1] for c in WHITESPACE if not c.isascii())
_FIRST_SUSPECT_LEAD = 0xCC  # UTF-8 lead byte of U+0300, the first code point NFC can change


def as_array(column: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One contiguous text array, an empty cell as "" (the project's reader gives it as null)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return pc.fill_null(column, EMPTY) if column.null_count else column


def _chunks(column: pa.Array | pa.ChunkedArray) -> Iterator[tuple[int, pa.Array]]:
    """Each chunk with the position of its first row, so that rules need not copy a column into one piece."""
    if isinstance(column, pa.Array):
        yield 0, column
        return
    start = 0
    for chunk in column.chunks:
        yield start, chunk
        start += len(chunk)


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
    if unknown.size:  # each new code point looked up once (np.unique would import numpy.ma: 0.02 s at start-up)
        fresh = np.zeros(0x110000, dtype=bool)
        fresh[unknown] = True
        for codepoint in np.flatnonzero(fresh).tolist():
            _CHANGES[codepoint] = may_change_under_nfc(codepoint)
            _KNOWN[codepoint] = True
    return lead[_CHANGES[codepoints]]


def _suspect_rows(chunk: pa.Array) -> np.ndarray:
    """Cells holding a code point NFC may change; one pass over the bytes rules most chunks out at once."""
    data, offsets = string_buffers(chunk)
    if not data.size or data.max() < _FIRST_SUSPECT_LEAD:
        return np.zeros(0, np.int64)
    positions = suspect_positions(data[offsets[0] : offsets[-1]]) + offsets[0]
    return distinct_sorted(np.searchsorted(offsets, positions, side="right") - 1)  # positions ascend


def _edges(chunk: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each cell's first byte, its last byte, and whether it has any (an empty cell's two are its neighbours')."""
    data, offsets = string_buffers(chunk)
    if not data.size:
        nothing = np.zeros(len(chunk), np.uint8)
        return nothing, nothing, nothing.astype(bool)
    return data.take(offsets[:-1], mode="clip"), data.take(offsets[1:] - 1, mode="clip"), offsets[1:] > offsets[:-1]


def _may_be_space(first: np.ndarray, last: np.ndarray, filled: np.ndarray) -> np.ndarray:
    """Cells whose first or last byte can belong to white space. Comparisons rule out almost every cell
    (an ASCII letter, digit or sign at both ends) faster than the byte tables, which decide the rest."""
    ends = (first <= _ASCII_SPACE_MAX) | (first >= _LEAD_MIN) | (last <= _ASCII_SPACE_MAX) | (last >= _TRAIL_MIN)
    rows = np.flatnonzero(ends & filled)
    return rows[_MAY_START[first[rows]] | _MAY_END[last[rows]]]


def _picked(column: pa.Array | pa.ChunkedArray, rows: np.ndarray, test: Callable[[pa.Array], np.ndarray]) -> np.ndarray:
    """Those of ``rows`` (ascending) whose cells ``test`` picks. Each chunk's cells are taken from the chunk:
    taking from a chunked column would first copy it into one piece."""
    picked = [np.zeros(0, np.int64)]
    chunks = list(_chunks(column))
    bounds = np.searchsorted(rows, [0] + [start + len(chunk) for start, chunk in chunks]).tolist()
    for (start, chunk), low, high in zip(chunks, bounds[:-1], bounds[1:], strict=True):
        if low < high:
            local = rows[low:high] - start
            picked.append(local[test(chunk.take(indices(local)))] + start)
    return np.concatenate(picked)


def _not_normalised(values: pa.Array) -> np.ndarray:
    return np.array([v is not None and not unicodedata.is_normalized("NFC", v) for v in values.to_pylist()], bool)


def _trim_changes(values: pa.Array) -> np.ndarray:
    changed = pc.fill_null(pc.not_equal(pc.utf8_trim(values, characters=WHITESPACE), values), FALSE)
    return np.asarray(to_numpy(changed), dtype=bool)


def not_nfc(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Positions of the cells that are not in Unicode NFC."""
    found = [rows + start for start, chunk in _chunks(column) if (rows := _suspect_rows(chunk)).size]
    return _picked(column, np.concatenate(found), _not_normalised) if found else np.zeros(0, np.int64)


def untrimmed(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Positions of the cells that begin or end with white space.

    Each chunk gives only its cells' first and last bytes; which of those can belong to white space is found
    once for the whole column, and only those few cells are compared in full."""
    edges = [_edges(chunk) for _, chunk in _chunks(column)]
    if not edges:
        return np.zeros(0, np.int64)
    rows = _may_be_space(*(np.concatenate(part) for part in zip(*edges, strict=True)))
    return _picked(column, rows, _trim_changes) if rows.size else rows


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
        fixed = [unicodedata.normalize("NFC", v) for v in column.take(indices(changed)).to_pylist()]
        column = pc.replace_with_mask(column, booleans(mask), strings(fixed))
    if untrimmed(column).size:
        column = pc.utf8_trim(column, characters=WHITESPACE)
    return column
