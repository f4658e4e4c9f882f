"""Vectorised typing of text columns, reporting every cell that does not parse.

Types are parsed here, column by column with Arrow kernels, before pandera sees the frame: pandera's pandas
backend falls back to converting values one by one when a column fails to coerce, which is ruinous on large
tables. ``pyarrow.compute.strptime`` silently rolls ``2023-02-30`` over to ``2023-03-02``, so every parsed date
is formatted back and compared with its text.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .derive import pandas_dtype
from .errors import ValidationError
from .model import TableField, TableSchema

_INTEGER = r"^[+-]?[0-9]+$"
_NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"
_EXPECTED = {
    "date": "a date written YYYY-MM-DD (e.g. 2021-06-15) that exists in the calendar",
    "boolean": "`true` or `false`",
    "integer": "a whole number",
    "number": "a number with a dot as decimal separator",
}


def _as_array(column) -> pa.Array:
    if isinstance(column, pa.ChunkedArray):
        return column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    return column


def _typed(field: TableField, text: pa.Array) -> tuple[pa.Array, pa.Array]:
    """The parsed column (nulls where empty or unparseable) and a boolean mask of unparseable cells."""
    empty = pc.equal(text, "")
    if field.type == "string":
        return pc.if_else(empty, pa.scalar(None, pa.string()), text), pa.array(np.zeros(len(text), bool))
    if field.type == "date":
        parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
        back = pc.strftime(parsed, format="%Y-%m-%d")
        good = pc.and_(pc.is_valid(parsed), pc.equal(back, text))
        good = pc.fill_null(good, False)
        values = pc.cast(pc.if_else(good, parsed, pa.scalar(None, parsed.type)), pa.date32())
    elif field.type == "boolean":
        true = pc.is_in(text, value_set=pa.array(field.trueValues, pa.string()))
        false = pc.is_in(text, value_set=pa.array(field.falseValues, pa.string()))
        good = pc.or_(true, false)
        values = pc.if_else(good, true, pa.scalar(None, pa.bool_()))
    else:
        pattern = _INTEGER if field.type == "integer" else _NUMBER
        good = pc.match_substring_regex(text, pattern)
        target = pa.int64() if field.type == "integer" else pa.float64()
        cleaned = pc.if_else(good, text, pa.scalar(None, pa.string()))
        try:
            values = pc.cast(cleaned, target)
        except (pa.ArrowInvalid, OverflowError):  # e.g. an integer beyond 64 bits
            good = pa.array(np.zeros(len(text), bool))
            values = pa.nulls(len(text), target)
    bad = pc.and_(pc.invert(empty), pc.invert(good))
    return values, bad


def to_pandas(field: TableField, values: pa.Array) -> pd.Series:
    dtype = pandas_dtype(field)
    if isinstance(dtype, pd.CategoricalDtype):
        return pd.Series(values.to_pandas(types_mapper=pd.ArrowDtype), dtype=pd.StringDtype()).astype(dtype)
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


def parse_table(path: str, schema: TableSchema, columns: dict, lines: np.ndarray):
    """Type every schema column present; return the typed Arrow arrays, the type errors and the bad-cell masks."""
    typed: dict[str, pa.Array] = {}
    bad_masks: dict[str, np.ndarray] = {}
    errors: list[ValidationError] = []
    for field in schema.fields:
        if field.name not in columns:
            continue
        text = _as_array(columns[field.name])
        values, bad = _typed(field, text)
        typed[field.name] = values
        mask = np.asarray(bad.to_numpy(zero_copy_only=False), dtype=bool)
        bad_masks[field.name] = mask
        if mask.any():
            where = np.flatnonzero(mask)
            shown = text.take(pa.array(where)).to_pylist()
            message = f"not {_EXPECTED[field.type]}"
            errors.extend(
                ValidationError(path, "type", message, int(lines[i]), field.name, v)
                for i, v in zip(where, shown, strict=True)
            )
    return typed, errors, bad_masks
