"""Arrow masks as numpy: the positions where a mask holds, and which cells of a column are filled.

Rules compute over whole columns with Arrow and then index rows with numpy; these conversions are what
every rule needs between the two, so they are written once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_values import FALSE, indices, scalar, to_numpy


def mask_rows(mask: pa.Array | pa.ChunkedArray | np.ndarray) -> np.ndarray:
    """Positions where a boolean Arrow or numpy mask is true (null counts as false)."""
    if isinstance(mask, np.ndarray):
        return np.flatnonzero(mask)
    return np.flatnonzero(np.asarray(to_numpy(pc.fill_null(mask, FALSE)), dtype=bool))


def has_value(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Whether each cell holds a value (an empty or unparseable cell is null)."""
    return np.asarray(to_numpy(pc.is_valid(values)), dtype=bool)


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of an ascending array, in order.

    ``np.unique`` gives the same, but its first call imports ``numpy.ma`` (0.02 s of a 0.6 s validation of the
    shipped package), and these arrays are sorted already.
    """
    if values.size < 2:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _ranks(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each value's rank among the distinct values (0 for the smallest), and the first position of each.

    ``np.unique(return_index=True, return_inverse=True)`` gives the same; its first call imports ``numpy.ma``
    (0.03 s, a twentieth of a cold validation of the shipped package).
    """
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    new = np.ones(len(key), dtype=bool)
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    inverse = np.empty(len(key), dtype=np.int64)
    inverse[order] = np.cumsum(new) - 1
    return inverse, order[new]


def combinations(*codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct combinations of several non-negative integer code columns: each row's combination (equal
    rows, equal numbers), and one row holding each combination.

    The columns are folded into one 64-bit key a column at a time, each step renumbering the key so far from
    0: codes below 2**31 (Arrow positions) can never overflow.
    """
    key = codes[0]
    for more in codes[1:]:
        key = _ranks(key)[0] * (int(more.max(initial=0)) + 1) + more
    return _ranks(key)


def repeats_in_order(order: np.ndarray, same: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """From a stable sort (``order``) and whether each sorted value equals the one before it (``same``): the
    positions that repeat an earlier position's value, ascending, and for each that value's first position.

    In a stable sort equal values stand together in their original order, so each run's first member is the
    value's first position.
    """
    run_start = np.maximum.accumulate(np.where(same, 0, np.arange(len(same))))
    rows, first = order[same], order[run_start[same]]
    ascending = np.argsort(rows, kind="stable")
    return rows[ascending].astype(np.int64), first[ascending].astype(np.int64)


def repeated(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of an integer array that repeat an earlier position's value, ascending, and each value's first
    position."""
    inverse, first = _ranks(keys)
    earliest = first[inverse]
    rows = np.flatnonzero(earliest != np.arange(len(keys)))
    return rows, earliest[rows]


def positions_in(values: pa.Array | pa.ChunkedArray, among: pa.Array) -> np.ndarray:
    """Each cell's position in ``among`` (-1: null, or not there). Of two types nothing matches, as an integer
    id never equals a text one in Python: a schema in a pull request may retype one of two columns that should
    match, and that is a finding of another rule, never a crash of this one."""
    if values.type != among.type:
        return np.full(len(values), -1, dtype=np.int64)
    return to_numpy(pc.fill_null(pc.index_in(values, value_set=among), scalar(-1, pa.int32()))).astype(np.int64)


def _same_dictionary(chunks: list[pa.DictionaryArray]) -> bool:
    addresses = {tuple(b.address if b is not None else 0 for b in chunk.dictionary.buffers()) for chunk in chunks}
    return len(addresses) == 1


def value_codes(values: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, pa.Array]:
    """Each cell's position among the column's distinct values (-1 for a null), and those values.

    One hash pass (``dictionary_encode``), half the time of ``unique`` and then ``index_in``. Encoding a chunked
    column shares one dictionary among all its chunks; should a chunk hold another, the two passes are made.
    """
    encoded = pc.dictionary_encode(values)
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks or not _same_dictionary(chunks):
        distinct = pc.drop_null(pc.unique(values))
        return positions_in(values, distinct), distinct
    codes = pa.chunked_array([chunk.indices for chunk in chunks], chunks[0].indices.type)
    found = to_numpy(pc.fill_null(codes, scalar(-1, codes.type))).astype(np.int64)
    return found, chunks[-1].dictionary


def repeated_values(values: pa.ChunkedArray | pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the cells that repeat an earlier cell's value (nulls repeat nothing), ascending, and for
    each the position of that value's first cell.

    Floating-point keys are looked up in themselves, as every key was before the sort: a hash look-up holds
    NaN equal to NaN and -0.0 apart from 0.0, where a comparison after sorting would not.
    """
    if pa.types.is_floating(values.type):
        first = np.asarray(to_numpy(pc.index_in(values, value_set=values)), dtype=np.int64)
        present = np.asarray(to_numpy(pc.is_valid(values)), dtype=bool)
        rows = np.flatnonzero((first != np.arange(len(first))) & present)
        return rows, first[rows]
    filled = len(values) - values.null_count
    order = to_numpy(pc.sort_indices(values))[:filled]  # a stable sort, nulls last
    ordered = values.take(indices(order))
    same = np.zeros(filled, dtype=bool)
    if filled > 1:
        same[1:] = to_numpy(pc.equal(ordered[1:], ordered[:-1]))
    return repeats_in_order(order, same)
