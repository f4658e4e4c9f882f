"""One typed Arrow table, handed over as a pandas, polars or pyarrow frame with the same types and descriptions.

The loader produces a single typed Arrow table per table (dates ``date32``, enums dictionary-encoded with the
schema's whole code list in schema order, field descriptions in the Arrow field metadata, the table's own
description, primary key and data version in the schema metadata); every backend is a conversion of that one
table, so the three can never disagree about a value or a type:

- ``pyarrow``: the table itself.
- ``pandas``: dates as ``date32[pyarrow]`` (``datetime.date`` values), enums as categoricals with the schema's
  codes in its order, nullable strings, booleans and integers; ``frame.attrs`` holds ``descriptions``,
  ``description``, ``primary_key``, ``table`` and ``version``.
- ``polars``: dates as ``pl.Date``, enums as ``pl.Enum`` with the schema's codes in its order. A polars frame
  carries no metadata of its own, so the descriptions are read with :func:`caucasus_data.descriptions` (or
  from the pyarrow backend's field metadata).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa

from .schema_spec import SchemaSpec

if TYPE_CHECKING:
    import pandas as pd

Backend = Literal["pandas", "polars", "pyarrow"]
BACKENDS: tuple[str, ...] = ("pandas", "polars", "pyarrow")

#: Keys of the Arrow schema metadata, the same ones the Parquet release writes.
TABLE_KEY = "caucasus_data.table"
VERSION_KEY = "caucasus_data.version"
DESCRIPTION_KEY = "caucasus_data.description"
PRIMARY_KEY_KEY = "caucasus_data.primary_key"


def check_backend(backend: str) -> None:
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(map(repr, BACKENDS))}, not {backend!r}")


def with_table_metadata(data: pa.Table, name: str, schema: SchemaSpec, version: str) -> pa.Table:
    """The table's name, description, primary key and data version in its Arrow schema metadata."""
    metadata = dict(data.schema.metadata or {})
    metadata.update(
        {
            TABLE_KEY.encode(): name.encode(),
            VERSION_KEY.encode(): version.encode(),
            DESCRIPTION_KEY.encode(): schema.description.encode(),
            PRIMARY_KEY_KEY.encode(): json.dumps(schema.primaryKey).encode(),
        }
    )
    return data.replace_schema_metadata(metadata)


def attrs(name: str, schema: SchemaSpec, version: str) -> dict[str, Any]:
    """What a pandas frame carries about itself, whichever source it was read from."""
    return {
        "table": name,
        "description": schema.description,
        "descriptions": {f.name: f.description for f in schema.fields},
        "primary_key": list(schema.primaryKey),
        "version": version,
    }


def _decoded(column: pa.ChunkedArray) -> pa.Array:
    values = column.combine_chunks()
    return values.dictionary_decode() if isinstance(values, pa.DictionaryArray) else values


def to_pandas(data: pa.Table, schema: SchemaSpec) -> pd.DataFrame:
    import pandas as pd

    from .parse import to_pandas as column_to_pandas

    columns = {f.name: column_to_pandas(f, _decoded(data.column(f.name))) for f in schema.fields}
    return pd.DataFrame(columns, index=pd.RangeIndex(data.num_rows))


def to_polars(data: pa.Table, schema: SchemaSpec) -> Any:
    import polars as pl

    enums = {f.name: f.enum for f in schema.fields if f.enum}
    plain = pa.table({f.name: _decoded(data.column(f.name)) for f in schema.fields})
    frame = pl.from_arrow(plain)
    assert isinstance(frame, pl.DataFrame)
    return frame.with_columns([pl.col(name).cast(pl.Enum(codes)) for name, codes in enums.items()])


def convert(data: pa.Table, name: str, schema: SchemaSpec, version: str, backend: str = "pandas") -> Any:
    """``data`` (a typed table, as :func:`caucasus_data.derive.arrow_schema` types it) in the chosen backend."""
    check_backend(backend)
    if backend == "pyarrow":
        return with_table_metadata(data, name, schema, version)
    if backend == "polars":
        return to_polars(data, schema)
    frame = to_pandas(data, schema)
    frame.attrs.update(attrs(name, schema, version))
    return frame
