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


@settings(deadline=None)  # the first example pays pyarrow's lazy kernel set-up
@given(cells, st.integers(1, 6), st.integers(0, 3), st.data())
def test_take_equals_pyarrows_take_for_rows_in_any_order(values, pieces, skip, data):
    column = in_chunks(values, pieces, skip=skip, spare="spare")
    rows = data.draw(st.lists(st.integers(0, max(len(values) - 1, 0)), max_size=30 if values else 0))
    if data.draw(st.booleans()):
        rows.sort()
    taken = take(column, np.asarray(rows, dtype=np.int64))
    assert taken.type == column.type
    assert taken.to_pylist() == column.take(indices(rows)).to_pylist() == [values[r] for r in rows]


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
