"""Vectorised typing of text columns, reporting every cell that does not parse.

Types are parsed here, column by column with Arrow kernels, before pandera sees the frame: pandera's pandas
backend falls back to converting values one by one when a column fails to coerce, which is ruinous on large
tables. A column is first cast as a whole (Arrow's cast to ``date32`` accepts exactly the ``YYYY-MM-DD`` days that
exist in the calendar); only a column holding a bad cell is parsed again to find which. There
the calendar's arithmetic on the digits decides which (``pyarrow.compute.strptime`` would silently roll
``2023-02-30`` over to ``2023-03-02``). Text columns arrive with empty cells as null, so a string column is its
own typed form, without a copy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_values import FALSE, booleans, null, scalar, strings, take, to_numpy
from .derive import pandas_dtype
from .errors import Finding
from .masks import has_value
from .schema_spec import FieldSpec, SchemaSpec

if TYPE_CHECKING:
    import pandas as pd

_INTEGER = r"^[+-]?[0-9]+$"
_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_EXPECTED = {
    "date": "a date written YYYY-MM-DD (e.g. 2021-06-15) that exists in the calendar",
    "boolean": "`true` or `false`",
    "integer": "a whole number",
    "number": "a number with a dot as decimal separator",
}


_DATE_SHAPE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_MONTH_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _digits(text: pa.ChunkedArray, start: int, stop: int) -> np.ndarray:
    """The number written in code units ``start:stop`` of each cell, 0 where the cell is null."""
    piece = pc.cast(pc.utf8_slice_codeunits(text, start, stop), pa.int32())
    return to_numpy(pc.fill_null(piece, scalar(0, pa.int32()))).astype(np.int64)


def _calendar_days(text: pa.ChunkedArray) -> np.ndarray:
    """Which cells are a ``YYYY-MM-DD`` day the proleptic Gregorian calendar has: exactly the cells Arrow's cast
    to ``date32`` accepts one by one (``tests/test_parse_dates.py``), decided for the whole column at once."""
    shaped = pc.fill_null(pc.match_substring_regex(text, _DATE_SHAPE), FALSE)
    written = pc.if_else(shaped, text, null(pa.string()))
    year, month, day = _digits(written, 0, 4), _digits(written, 5, 7), _digits(written, 8, 10)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    in_month = _MONTH_DAYS[np.clip(month, 0, 12)] + (leap & (month == 2))
    return (month >= 1) & (month <= 12) & (day >= 1) & (day <= in_month)


def _dates(text: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray | None]:
    """The column as ``date32``, and which cells are days (None: all that are filled).

    A column with a bad cell used to be parsed again with ``strptime`` and formatted back with ``strftime`` to
    catch the days ``strptime`` rolls over (2023-02-30 to 2023-03-02); ``strftime`` alone took 1.5 s for a
    million cells. The calendar's arithmetic on the digits decides the same in numpy, and the cast then only
    sees good cells.
    """
    try:
        return pc.cast(text, pa.date32()), None
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        pass
    good = _calendar_days(text)
    kept = pc.if_else(pa.chunked_array([booleans(good)]), text, null(pa.string()))
    return pc.cast(kept, pa.date32()), good


def _typed(field: FieldSpec, text: pa.ChunkedArray) -> tuple[pa.ChunkedArray, np.ndarray | None]:
    """The parsed column (null where empty or unparseable) and a mask of unparseable cells (None if there are none)."""
    if field.type == "string":
        return text, None
    if field.type == "date":
        values, days = _dates(text)
        if days is None:
            return values, None
        bad_days = has_value(text) & ~days
        return values, (bad_days if bad_days.any() else None)
    if field.type == "boolean":
        true = pc.is_in(text, value_set=strings(field.trueValues))
        false = pc.is_in(text, value_set=strings(field.falseValues))
        good = pc.or_(true, false)
        values = pc.if_else(good, true, null(pa.bool_()))
    else:
        pattern = _INTEGER if field.type == "integer" else _NUMBER
        good = pc.fill_null(pc.match_substring_regex(text, pattern), FALSE)
        target = pa.int64() if field.type == "integer" else pa.float64()
        cleaned = pc.if_else(good, text, null(pa.string()))
        try:
            values = pc.cast(cleaned, target)
        except (pa.ArrowInvalid, OverflowError):  # e.g. an integer beyond 64 bits
            good = booleans(np.zeros(len(text), bool))
            values = pa.nulls(len(text), target)
    bad = pc.and_(pc.is_valid(text), pc.invert(good))
    if not pc.any(bad).as_py():
        return values, None
    return values, np.asarray(to_numpy(bad), dtype=bool)


def to_pandas(field: FieldSpec, values: pa.Array) -> pd.Series:
    import pandas as pd

    dtype = pandas_dtype(field)
    if isinstance(dtype, pd.CategoricalDtype):  # codes by position in the enum; a value outside it becomes NaN
        found = pc.index_in(values, value_set=strings(dtype.categories))
        codes = np.asarray(to_numpy(pc.fill_null(found, scalar(-1, found.type))), dtype=np.int32)
        return pd.Series(pd.Categorical.from_codes(codes, dtype=dtype))
    if isinstance(dtype, pd.ArrowDtype):
        return pd.Series(pd.arrays.ArrowExtensionArray(values))
    return pd.Series(
        values.to_pandas(
            types_mapper={
                pa.string(): pd.StringDtype(),
                pa.bool_(): pd.BooleanDtype(),
                pa.int64(): pd.Int64Dtype(),
                pa.float64(): pd.Float64Dtype(),
            }.get
        )
    )


def parse_table(path: str, schema: SchemaSpec, columns: dict, lines: np.ndarray):
    """Type every schema column present; return the typed Arrow arrays, the type errors and the bad-cell masks.

    ``columns`` are the reader's with empty cells as null (``read_csv(..., empty_as_null=True)``), which is what
    lets a text column be its own typed form. Masks are kept only for columns that hold an unparseable cell.
    """
    typed: dict[str, pa.ChunkedArray] = {}
    bad_masks: dict[str, np.ndarray] = {}
    errors: list[Finding] = []
    for field in schema.fields:
        if field.name not in columns:
            continue
        text = columns[field.name]
        values, mask = _typed(field, text)
        typed[field.name] = values
        if mask is None:
            continue
        bad_masks[field.name] = mask
        where = np.flatnonzero(mask)
        shown = take(text, where).to_pylist()
        message = f"not {_EXPECTED[field.type]}"
        errors.extend(
            Finding(path=path, rule="type", message=message, line=int(lines[i]), column=field.name, value=v)
            for i, v in zip(where, shown, strict=True)
        )
    return typed, errors, bad_masks
