"""What a Table Schema implies for the data's types, derived in one place: Arrow types and pandas dtypes.

Deriving rather than restating keeps the Table Schemas the single source of truth (the PUDL pattern). The
constraint checks are derived in :mod:`caucasus_data.checks`, and from them the pandera schemas
(:mod:`caucasus_data.pandera_checks`).
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from .arrow_values import FALSE, strings
from .schema_spec import FieldSpec, SchemaSpec

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
    "number": pa.float64(),
}


def arrow_type(field: FieldSpec) -> pa.DataType:
    """Enums are dictionary-encoded so that Parquet, R and polars see them as factors/categoricals."""
    if field.type == "string" and field.enum:
        return pa.dictionary(pa.int32(), pa.string())
    return ARROW_TYPES[field.type]


def arrow_schema(schema: SchemaSpec) -> pa.Schema:
    return pa.schema(
        [
            pa.field(f.name, arrow_type(f), nullable=not f.required, metadata={"description": f.description})
            for f in schema.fields
        ]
    )


def to_arrow(field: FieldSpec, values: pa.Array) -> pa.Array:
    """Parsed values in the field's Arrow type.

    An enum's dictionary is the schema's whole code list in schema order, not the codes that happen to occur,
    so a code has the same index in every file and every release built from the same schema.
    """
    target = arrow_type(field)
    if isinstance(target, pa.DictionaryType):
        dictionary = strings(field.enum or [])
        return pa.DictionaryArray.from_arrays(pc.index_in(values, value_set=dictionary), dictionary)
    return values.cast(target)


def pandas_dtype(field: FieldSpec):
    import pandas as pd

    if field.enum:
        return pd.CategoricalDtype(categories=field.enum, ordered=False)
    return {
        "string": pd.StringDtype(),
        "date": pd.ArrowDtype(pa.date32()),
        "boolean": pd.BooleanDtype(),
        "integer": pd.Int64Dtype(),
        "number": pd.Float64Dtype(),
    }[field.type]


def pandas_dtypes(schema: SchemaSpec) -> dict[str, object]:
    return {f.name: pandas_dtype(f) for f in schema.fields}


def pattern_matches(values: pa.Array | pa.ChunkedArray, pattern: str) -> pa.Array | pa.ChunkedArray:
    """Whether each value matches a Table Schema ``pattern``, anchored at the start as ``re.match`` is (null: no)."""
    anchored = pattern if pattern.startswith("^") else f"^{pattern}"
    return pc.fill_null(pc.match_substring_regex(values, anchored), FALSE)
