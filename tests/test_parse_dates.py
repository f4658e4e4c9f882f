"""Property: a date column with a bad cell is typed cell for cell as Arrow's cast to ``date32`` types each cell
on its own, the definition of a good date (``YYYY-MM-DD``, a day the calendar has).

A clean column is cast as a whole; one with a bad cell goes through the calendar's arithmetic on its digits
(`parse._calendar_days`), which must accept exactly what the cast accepts, and keep every good day's value.
"""

from __future__ import annotations

import pyarrow as pa
import pytest
from conftest import in_chunks
from hypothesis import given, settings
from hypothesis import strategies as st

from caucasus_data.model import TableField
from caucasus_data.parse import _typed


def cast_alone(cell: str | None) -> tuple[bool, int | None]:
    """Whether the cast accepts the cell, and its day number (None for a null or refused cell)."""
    if cell is None:
        return True, None
    try:
        day = pa.array([cell]).cast(pa.date32()).cast(pa.int32())[0].as_py()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return False, None
    return True, day


DATE = TableField.model_validate({"name": "d", "type": "date", "description": "A day."})
digits = st.text(alphabet="0123456789", min_size=1, max_size=5)
near_dates = st.one_of(
    st.builds(
        lambda y, m, d: f"{y:04d}-{m:02d}-{d:02d}",
        st.integers(0, 9999),
        st.integers(0, 14),
        st.integers(0, 33),
    ),
    st.builds(lambda y, m, d, sep: sep.join([y, m, d]), digits, digits, digits, st.sampled_from(["-", "/", "-", "--"])),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(["2020-02-29", "1900-02-29", "2000-02-29", "2023-02-30"]),
        st.sampled_from(["", " ", "T00", "\n", "x"]),
    ),
    st.text(max_size=12),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), near_dates), min_size=1, max_size=30), st.integers(1, 3))
def test_a_column_with_a_bad_cell_is_typed_as_the_cast_types_each_cell(cells, pieces):
    cells = [*cells, "2023-02-30"]  # one bad cell, so the column takes the arithmetic's path
    values, bad = _typed(DATE, in_chunks(cells, pieces))
    expected = [cast_alone(cell) for cell in cells]
    assert bad is not None
    assert bad.tolist() == [not accepted for accepted, _ in expected]
    assert values.cast(pa.int32()).to_pylist() == [day for _, day in expected]


@pytest.mark.parametrize(
    ("cell", "is_day"),
    [
        ("2020-02-29", True),
        ("2021-02-29", False),
        ("1900-02-29", False),
        ("2000-02-29", True),
        ("0000-02-29", True),
        ("9999-12-31", True),
        ("2021-04-31", False),
        ("2021-12-31", True),
        ("2021-6-15", False),
        ("２０２１-06-15", False),
    ],
)
def test_leap_years_and_month_lengths(cell, is_day):
    _, bad = _typed(DATE, in_chunks([cell, "2023-02-30"], 1))
    assert bad.tolist() == [not is_day, True]
    assert cast_alone(cell)[0] is is_day
