"""`caucasus_data.arrow_values.take` gives exactly what pyarrow's own ``take`` gives, on columns of many chunks
(each a slice of a larger array, as the reader's are), for ascending rows, any other order, and rows out of
range; and for ascending rows it never concatenates the column."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from conftest import in_chunks
from hypothesis import given, settings
from hypothesis import strategies as st

from caucasus_data.arrow_values import indices, take

cells = st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "ab", "", "é", "a "])), max_size=40)


numbers = st.lists(st.one_of(st.none(), st.integers(-(2**40), 2**40)), max_size=40)
#: kind -> (cells, the cell put before the column's first chunk so that every chunk starts at an offset)
KINDS = {pa.string(): (cells, "spare"), pa.large_string(): (cells, "spare"), pa.int64(): (numbers, 7)}


@settings(deadline=None)  # the first example pays pyarrow's lazy kernel set-up
@given(st.sampled_from(list(KINDS)), st.integers(1, 6), st.integers(0, 3), st.data())
def test_take_equals_pyarrows_take_for_rows_in_any_order(kind, pieces, skip, data):
    made, spare = KINDS[kind]
    values = data.draw(made)
    column = in_chunks(values, pieces, kind=kind, skip=skip, spare=spare)
    rows = data.draw(st.lists(st.integers(0, max(len(values) - 1, 0)), max_size=30 if values else 0))
    if data.draw(st.booleans()):
        rows.sort()
    given_as = data.draw(st.sampled_from([np.int64, np.int32, list]))
    taken = take(column, rows if given_as is list else np.asarray(rows, dtype=given_as))
    assert taken.type == column.type == kind
    assert taken.to_pylist() == column.take(indices(rows)).to_pylist() == [values[r] for r in rows]


def test_rows_beyond_32_bits_are_not_cut_short():
    column = pa.chunked_array([pa.array([0, 1]), pa.array([2, 3])])
    with pytest.raises(IndexError):  # 2**32 + 1 would be row 1 if the rows were held as 32-bit integers
        take(column, np.array([2**32 + 1]))


@pytest.mark.parametrize("rows", [[0, 5], [-1], [2, 1, 5]])
def test_rows_out_of_range_raise_as_pyarrow_does(rows):
    column = in_chunks(list("abcde"), 3)
    with pytest.raises(IndexError):
        column.take(indices(rows))
    with pytest.raises(IndexError):
        take(column, np.asarray(rows))


def test_ascending_rows_are_taken_chunk_by_chunk_without_concatenating_the_column():
    chunks = [pa.array([f"{c}{i}" * 50 for i in range(1000)]) for c in "abcdefgh"]
    column = pa.chunked_array(chunks)
    rows = np.array([3, 1500, 7999])

    def peak(run) -> int:  # the most memory Arrow held at once while ``run`` ran
        default = pa.default_memory_pool()
        watched = pa.proxy_memory_pool(default)
        pa.set_memory_pool(watched)
        try:
            run()
        finally:
            pa.set_memory_pool(default)
        return watched.max_memory()

    # pyarrow's take concatenates the column first (1.6 MB here, with its offsets); the three cells are 0.4 KB
    assert peak(lambda: column.take(indices(rows))) > 1_000_000
    assert peak(lambda: take(column, rows)) < 16 * 1024
    taken = take(column, rows)
    assert taken.to_pylist() == ["a3" * 50, "b500" * 50, "h999" * 50]
    assert isinstance(taken, pa.ChunkedArray) and taken.num_chunks == 3
