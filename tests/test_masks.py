"""Properties of the column helpers the rules group rows with (`caucasus_data.masks`), on columns of several
chunks, with nulls and repeats, held against their definitions in plain Python."""

from __future__ import annotations

import itertools

import numpy as np
import pyarrow as pa
from conftest import in_chunks
from hypothesis import given, settings
from hypothesis import strategies as st

from caucasus_data.masks import combinations, positions_in, repeated, value_codes

cells = st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "ab", "", "é", "a "])), max_size=40)


@settings(deadline=None)  # the first example pays pyarrow's lazy kernel set-up
@given(cells, st.integers(1, 4))
def test_value_codes_number_equal_cells_alike_and_nulls_minus_one(values, pieces):
    codes, distinct = value_codes(in_chunks(values, pieces))
    named = distinct.to_pylist()
    assert len(set(named)) == len(named) and None not in named
    assert [None if c < 0 else named[c] for c in codes.tolist()] == values


@settings(deadline=None)  # the first example pays pyarrow's lazy kernel set-up
@given(cells, st.lists(st.sampled_from(["a", "b", "ab", "zz"]), unique=True, max_size=4), st.integers(1, 3))
def test_positions_in_finds_each_cell_in_the_list(values, among, pieces):
    found = positions_in(in_chunks(values, pieces), pa.array(among, pa.string())).tolist()
    assert found == [among.index(v) if v in among else -1 for v in values]


@settings(deadline=None)  # the first example pays pyarrow's lazy kernel set-up
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(0, 40)), min_size=1, max_size=40))
def test_combinations_are_equal_exactly_where_the_rows_are(rows):
    columns = [np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)]
    combination, first = combinations(*columns)
    for i, j in itertools.combinations(range(len(rows)), 2):
        assert (combination[i] == combination[j]) == (rows[i] == rows[j])
    assert sorted(rows[f] for f in first.tolist()) == sorted(set(rows))


@settings(deadline=None)  # the first example pays pyarrow's lazy kernel set-up
@given(st.lists(st.integers(0, 5), max_size=40))
def test_repeated_names_every_later_copy_and_its_first(keys):
    first: dict[int, int] = {}
    expected = [(row, first.setdefault(k, row)) for row, k in enumerate(keys)]
    rows, earlier = repeated(np.array(keys, dtype=np.int64))
    assert list(zip(rows.tolist(), earlier.tolist(), strict=True)) == [(r, f) for r, f in expected if r != f]


def test_positions_in_of_two_types_matches_nothing():
    """An integer id never equals a text one, as in the row-by-row reading the grouped rules replaced."""
    assert positions_in(pa.array([5, None]), pa.array(["5"])).tolist() == [-1, -1]


def test_references_of_two_types_are_looked_up_where_arrow_can_convert_and_as_text_where_it_cannot():
    from caucasus_data.links import positions

    assert positions(pa.chunked_array([pa.array([7, 1])]), pa.array(["007", "1"])).tolist() == [0, 1]
    assert positions(pa.chunked_array([pa.array(["007", "1"])]), pa.array([7, 1])).tolist() == [-1, 1]
