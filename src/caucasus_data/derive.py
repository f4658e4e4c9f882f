"""Everything a Table Schema implies, derived in one place: pandas dtypes, Arrow types, pandera schemas.

Deriving rather than restating keeps the Table Schemas the single source of truth (the PUDL pattern). pandera's
own ``from_frictionless_schema`` drops foreign keys and leaves dates as strings, so it is not used.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from .model import TableField, TableSchema

if TYPE_CHECKING:
    import pandas as pd

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
    "number": pa.float64(),
}


def arrow_type(field: TableField) -> pa.DataType:
    """Enums are dictionary-encoded so that Parquet, R and polars see them as factors/categoricals."""
    if field.type == "string" and field.enum:
        return pa.dictionary(pa.int32(), pa.string())
    return ARROW_TYPES[field.type]


def arrow_schema(schema: TableSchema) -> pa.Schema:
    return pa.schema(
        [
            pa.field(f.name, arrow_type(f), nullable=not f.required, metadata={"description": f.description})
            for f in schema.fields
        ]
    )


def to_arrow(field: TableField, values: pa.Array) -> pa.Array:
    """Parsed values in the field's Arrow type.

    An enum's dictionary is the schema's whole code list in schema order, not the codes that happen to occur,
    so a code has the same index in every file and every release built from the same schema.
    """
    target = arrow_type(field)
    if isinstance(target, pa.DictionaryType):
        dictionary = pa.array(field.enum, pa.string())
        return pa.DictionaryArray.from_arrays(pc.index_in(values, value_set=dictionary), dictionary)
    return values.cast(target)


def pandas_dtype(field: TableField):
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


def pandas_dtypes(schema: TableSchema) -> dict[str, object]:
    return {f.name: pandas_dtype(f) for f in schema.fields}


def pattern_matches(values: pa.Array | pa.ChunkedArray, pattern: str) -> pa.Array | pa.ChunkedArray:
    """Whether each value matches a Table Schema ``pattern``, anchored at the start as ``re.match`` is (null: no)."""
    anchored = pattern if pattern.startswith("^") else f"^{pattern}"
    return pc.fill_null(pc.match_substring_regex(values, anchored), False)


def _pattern_check(pattern: str):
    """pandera's ``str_matches``, run by Arrow's regex kernel directly (:func:`pattern_matches`).

    The built-in goes through pandas' string accessor, which costs as much again as the match itself on a
    million ids; the result is the same, and pandera still gathers the failures.
    """
    import pandera.pandas as pandera

    def matches(series: pd.Series) -> pd.Series:
        import pandas as pd

        to_arrow = getattr(series.array, "__arrow_array__", None)  # the Arrow column itself, not a copy of it
        values = to_arrow() if to_arrow else pa.array(series, from_pandas=True)
        found = pattern_matches(values, pattern)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=series.index, dtype=bool)

    return pandera.Check(matches, name="pattern", error="pattern")


def _checks(field: TableField, skip_pattern: bool = False) -> list:
    import pandera.pandas as pa_checks

    c = field.constraints
    checks = []
    if c.enum is not None:
        checks.append(pa_checks.Check.isin(c.enum, name="enum", error="enum"))
    if c.pattern is not None and not skip_pattern:
        checks.append(_pattern_check(c.pattern))
    if c.minLength is not None or c.maxLength is not None:
        checks.append(pa_checks.Check.str_length(c.minLength, c.maxLength, name="length", error="length"))
    if c.minimum is not None:
        checks.append(pa_checks.Check.ge(c.minimum, name="range", error="range"))
    if c.maximum is not None:
        checks.append(pa_checks.Check.le(c.maximum, name="range", error="range"))
    return checks


def constrained(schema: TableSchema, skip_patterns: frozenset[str] = frozenset()) -> list[TableField]:
    """The fields pandera has something to check on: a required, unique or constrained value.

    The others are only typed, which :mod:`caucasus_data.parse` has done; leaving them out of the frame spares
    pandera a dtype check that cannot fail. ``skip_patterns``: columns whose pattern is checked elsewhere
    (:mod:`caucasus_data.rules.inherited`), so that a pattern alone does not bring them in.
    """
    checked = ("enum", "minLength", "maxLength", "minimum", "maximum")
    return [
        f
        for f in schema.fields
        if f.required
        or any(getattr(f.constraints, name) is not None for name in checked)
        or (f.constraints.pattern is not None and f.name not in skip_patterns)
        or (f.constraints.unique and schema.primaryKey != [f.name])
    ]


@cache
def _pandera_schema_cached(schema_json: str, skip_patterns: frozenset[str]):
    import pandera.pandas as pandera

    schema = TableSchema.model_validate_json(schema_json)
    columns = {}
    for f in constrained(schema, skip_patterns):
        # Enums are checked on their text values: a categorical dtype would turn a bad code into a null
        # and hide it. Type parsing happens before pandera sees the frame (see caucasus_data.parse).
        dtype = None if f.enum else pandas_dtype(f)
        columns[f.name] = pandera.Column(
            # A one-column primary key is checked by the `primary-key` rule, which names the first occurrence.
            dtype,
            checks=_checks(f, f.name in skip_patterns),
            nullable=not f.required,
            unique=f.constraints.unique and schema.primaryKey != [f.name],
            coerce=False,
            required=True,
            description=f.description,
        )
    return pandera.DataFrameSchema(columns, strict=False, ordered=False, name=None)


def pandera_schema(schema: TableSchema, skip_patterns: frozenset[str] = frozenset()):
    """A pandera DataFrameSchema checking required, unique, enum, pattern, length and range constraints.

    ``skip_patterns``: columns whose pattern is left out (see :func:`constrained`).
    """
    return _pandera_schema_cached(schema.model_dump_json(by_alias=True, exclude_unset=True), frozenset(skip_patterns))
