"""Row order and quoting of the canonical form, and the bytes it writes, column-wise with Arrow kernels."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import TRUE, booleans, scalar, strings

EMPTY = scalar("", pa.string())
QUOTE = scalar('"', pa.string())
COMMA = scalar(",", pa.string())
NEWLINE = scalar("\n", pa.string())

BATCH_ROWS = 1 << 16
_NEEDS_QUOTES = '[",\\r\\n]'


def first_unsorted(keys: Sequence[pa.Array]) -> int | None:
    """Position of the first row whose key sorts before the previous row's (strings, code point order)."""
    if not keys or len(keys[0]) < 2:
        return None
    size = len(keys[0]) - 1
    greater = booleans(np.zeros(size, dtype=bool))
    equal = booleans(np.ones(size, dtype=bool))
    for key in keys:
        before, after = key.slice(0, size), key.slice(1)
        greater = pc.or_(greater, pc.and_(equal, pc.greater(before, after)))
        equal = pc.and_(equal, pc.equal(before, after))
    found = pc.index(greater, TRUE).as_py()
    return None if found < 0 else found + 1


def sort_order(keys: Sequence[pa.Array]) -> pa.Array | None:
    """The stable permutation that sorts rows by key, or None when they are in order already."""
    if first_unsorted(keys) is None:
        return None
    table = pa.table({f"k{i}": k for i, k in enumerate(keys)})
    return pc.sort_indices(table, sort_keys=[(f"k{i}", "ascending") for i in range(len(keys))])


def _quoted(cells: pa.Array, alone: bool) -> pa.Array:
    """Minimal RFC 4180 quoting; a lone empty cell is quoted too, or its row would read as a blank line."""
    needs = pc.match_substring_regex(cells, _NEEDS_QUOTES)
    if alone:
        needs = pc.or_(needs, pc.equal(cells, EMPTY))
    if not pc.any(needs).as_py():
        return cells
    wrapped = pc.binary_join_element_wise(QUOTE, pc.replace_substring(cells, '"', '""'), QUOTE, EMPTY)
    return pc.if_else(needs, wrapped, cells)


def _lines(batch: Sequence[pa.Array], alone: bool) -> bytes:
    cells = [_quoted(c, alone) for c in batch]
    joined = pc.binary_join_element_wise(*cells, COMMA) if len(cells) > 1 else cells[0]
    lines = pc.binary_join_element_wise(joined, EMPTY, NEWLINE)
    offsets = np.frombuffer(lines.buffers()[1], np.int32, len(lines) + 1, lines.offset * 4)
    start, end = int(offsets[0]), int(offsets[-1])
    return lines.buffers()[2].slice(start, end - start).to_pybytes() if end > start else b""


def encode(names: Sequence[str], columns: Sequence[pa.Array], order: pa.Array | None = None) -> Iterator[bytes]:
    """The canonical bytes of a table, batch by batch: the header line, then the rows in ``order``."""
    alone = len(names) == 1
    yield _lines([strings([name]) for name in names], alone)
    rows = len(columns[0]) if columns else 0
    for start in range(0, rows, BATCH_ROWS):
        if order is None:
            batch = [c.slice(start, BATCH_ROWS) for c in columns]
        else:
            take = order.slice(start, BATCH_ROWS)
            batch = [c.take(take) for c in columns]
        yield _lines(batch, alone)


def header_line(names: Sequence[str]) -> bytes:
    return next(encode(names, []))
