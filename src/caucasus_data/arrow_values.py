"""Arrow arrays and scalars made from Python and numpy values without pyarrow importing pandas.

Before pyarrow converts a Python list, a numpy array or a scalar (``pa.array(...)``, ``pa.scalar(x)``, a
literal or an array passed to a ``pyarrow.compute`` function such as ``pc.equal(column, "events")``,
``pc.fill_null(mask, False)`` or ``column.take(numpy_rows)``), it asks whether the value is a pandas object,
and the first time it asks it imports pandas to find out. That import took 0.3 CPU seconds on this
project's machine, more than the rest of validating the shipped package, which never needs pandas. These
helpers build the arrays from their buffers (``Array.from_buffers``), which pyarrow takes as they are, so
nothing asks. The validator's modules use them for every value they hand to Arrow;
``tests/test_import_cost.py`` fails if validating the shipped package imports pandas.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pyarrow as pa

_NUMPY = {pa.int8(): np.int8, pa.int16(): np.int16, pa.int32(): np.int32, pa.int64(): np.int64}
_NUMPY.update({pa.uint8(): np.uint8, pa.uint16(): np.uint16, pa.uint32(): np.uint32, pa.uint64(): np.uint64})
_NUMPY.update({pa.float32(): np.float32, pa.float64(): np.float64})
_LARGEST = 2**31 - 1  # the offsets of an Arrow string array are 32-bit


def _validity(present: np.ndarray) -> pa.Buffer | None:
    return None if present.all() else pa.py_buffer(np.packbits(present, bitorder="little"))


def indices(rows: np.ndarray | Iterable[int]) -> pa.Array:
    """Row positions as an int64 array, e.g. for ``column.take(indices(rows))``."""
    data = np.ascontiguousarray(np.asarray(rows, dtype=np.int64))
    return pa.Array.from_buffers(pa.int64(), len(data), [None, pa.py_buffer(data)])


def take(values: pa.Array | pa.ChunkedArray, rows: np.ndarray | Iterable[int]) -> pa.Array | pa.ChunkedArray:
    """The cells at ``rows`` (positions, as ``values.take`` takes them), as an array of ``values``' kind.

    A column read from a large file has one chunk per block of the reader. pyarrow takes from such a column
    by first concatenating all of its chunks: at a million rows, 0.36 s and 45 MB of fresh memory to take ten
    ids, and as long again for every other subset of the same column. When the rows ascend, as the rows a
    mask or a look-up picks out do, each chunk gives its own rows here, and nothing is concatenated; other
    orders (a sort's permutation) are left to pyarrow. No rows take nothing: pyarrow's take of none from a
    column of 600 chunks still cost 5 to 6 ms, and the rules ask for one for every check that finds nothing.
    """
    rows = np.asarray(rows, dtype=np.int64)
    if not rows.size:
        return values.slice(0, 0)
    if isinstance(values, pa.Array) or values.num_chunks < 2:
        return values.take(indices(rows))
    ascending = rows[0] >= 0 and rows[-1] < len(values) and not (np.diff(rows) < 0).any()
    if not ascending:  # out of range (pyarrow raises its IndexError), or in another order
        return values.take(indices(rows))
    bounds = np.cumsum([0, *(len(chunk) for chunk in values.chunks)])
    cuts = np.searchsorted(rows, bounds)
    pieces = [
        chunk.take(indices(rows[cuts[i] : cuts[i + 1]] - bounds[i]))
        for i, chunk in enumerate(values.chunks)
        if cuts[i + 1] > cuts[i]
    ]
    return pa.chunked_array(pieces, values.type)


def numbers(values: np.ndarray, type: pa.DataType) -> pa.Array:
    """A numeric numpy array as an Arrow array of ``type`` (int8 to int64, float32, float64)."""
    data = np.ascontiguousarray(np.asarray(values, dtype=_NUMPY[type]))
    return pa.Array.from_buffers(type, len(data), [None, pa.py_buffer(data)])


def booleans(mask: np.ndarray | Iterable[bool]) -> pa.Array:
    """A boolean numpy mask (or sequence) as an Arrow boolean array."""
    data = np.asarray(mask, dtype=bool)
    return pa.Array.from_buffers(pa.bool_(), len(data), [None, pa.py_buffer(np.packbits(data, bitorder="little"))])


def strings(values: Iterable[str | None]) -> pa.Array:
    """A string array; None becomes null."""
    items = list(values)
    encoded = [b"" if v is None else v.encode("utf-8") for v in items]
    offsets = np.zeros(len(items) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=offsets[1:])
    if offsets[-1] > _LARGEST:  # too large for one array of 32-bit offsets: let pyarrow split it
        return pa.array(items, pa.string())
    present = np.fromiter((v is not None for v in items), dtype=bool, count=len(items))
    buffers = [_validity(present), pa.py_buffer(offsets.astype(np.int32)), pa.py_buffer(b"".join(encoded))]
    return pa.Array.from_buffers(pa.string(), len(items), buffers)


def as_text(values: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """A column as text: a typed non-string column is cast back (the `enum` check compares text, and ids are
    compared as text where a schema has given two columns that should match different types)."""
    if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
        return values
    import pyarrow.compute as pc

    return pc.cast(values, pa.string())


def scalar(value: Any, type: pa.DataType) -> pa.Scalar:
    """One value of ``type`` (string, boolean, integer or floating point; None: a null of that type)."""
    if value is None:
        return pa.nulls(1, type)[0]
    if pa.types.is_string(type):
        return strings([value])[0]
    if pa.types.is_boolean(type):
        return booleans([value])[0]
    return numbers(np.asarray([value]), type)[0]


def null(type: pa.DataType) -> pa.Scalar:
    return pa.nulls(1, type)[0]


FALSE = scalar(False, pa.bool_())
TRUE = scalar(True, pa.bool_())
EMPTY = scalar("", pa.string())


def _bits(buffer: pa.Buffer, offset: int, length: int) -> np.ndarray:
    packed = np.frombuffer(buffer, dtype=np.uint8)
    return np.unpackbits(packed, count=offset + length, bitorder="little")[offset:].astype(bool)


def _array_to_numpy(values: pa.Array) -> np.ndarray:
    kind = values.type
    if len(values) == 0:
        return np.zeros(0, dtype=bool if pa.types.is_boolean(kind) else _NUMPY.get(kind, np.int32))
    validity, data = values.buffers()[:2]
    if pa.types.is_boolean(kind):
        found = _bits(data, values.offset, len(values))
        return found & _bits(validity, values.offset, len(values)) if values.null_count else found
    if values.null_count:
        raise ValueError("a numeric column with nulls has no numpy form here: fill the nulls first")
    dtype = np.dtype(np.int32 if pa.types.is_date32(kind) else _NUMPY[kind])
    return np.frombuffer(data, dtype=dtype, count=len(values), offset=values.offset * dtype.itemsize).copy()


def to_numpy(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """A boolean or numeric column as numpy, read from its buffers (a null boolean reads as False).

    pyarrow's own ``to_numpy`` goes through its pandas converter, which imports pandas. A date32 column reads
    as its day numbers.
    """
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks == 1:
            return _array_to_numpy(values.chunk(0))
        if values.num_chunks == 0:
            return _array_to_numpy(pa.nulls(0, values.type))
        return np.concatenate([_array_to_numpy(chunk) for chunk in values.chunks])
    return _array_to_numpy(values)


def string_buffers(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The UTF-8 bytes and value offsets of a string array, without copying."""
    width = np.dtype(np.int64 if pa.types.is_large_string(values.type) else np.int32)
    buffers = values.buffers()
    offsets = np.frombuffer(buffers[1], width, len(values) + 1, values.offset * width.itemsize)
    data = np.frombuffer(buffers[2], np.uint8) if buffers[2] is not None else np.zeros(0, np.uint8)
    return data, offsets


def _chunk_first_bytes(values: pa.Array) -> np.ndarray:
    if not (pa.types.is_string(values.type) or pa.types.is_large_string(values.type)):
        raise TypeError(f"first bytes are read from string columns, not {values.type}")
    if len(values) == 0:
        return np.zeros(0, dtype=np.uint8)
    data, offsets = string_buffers(values)
    if data.size == 0:
        return np.zeros(len(values), dtype=np.uint8)
    first = data[np.minimum(offsets[:-1], data.size - 1)]
    first[offsets[1:] == offsets[:-1]] = 0  # an empty or null cell has no first byte
    return first


def first_bytes(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The first UTF-8 byte of every cell of a string column, 0 for an empty or null cell.

    Read off the offsets and data buffers, one numpy look-up for the whole column: at a million rows this
    looks at 21.6 million cells in 0.3 s, where a regular expression anchored at the start took 1.6 s.
    """
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks == 1:
            return _chunk_first_bytes(values.chunk(0))
        return np.concatenate([np.zeros(0, dtype=np.uint8), *map(_chunk_first_bytes, values.chunks)])
    return _chunk_first_bytes(values)
