"""One table as a Parquet file, and back.

Rows are read through the validator's own reader and parser, so a value in the release is exactly the value
that was validated; types come from :func:`caucasus_data.derive.arrow_schema`. Writer options are fixed and
nothing time-dependent is written, so the same data and the same pyarrow give the same bytes.

A coded field is an Arrow dictionary whose dictionary is the schema's code list in schema order, so a code
has the same index in every file. polars reads an Arrow dictionary as ``Categorical`` unless the field
carries the metadata polars itself writes for an ``Enum`` (``_PL_ENUM_VALUES2``: each category as
``<length in UTF-8 bytes>;<text>``); each coded field carries it, so ``polars.scan_parquet`` gives an
``Enum`` with the schema's codes in order. Other readers ignore the key.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..context import TableData
from ..derive import arrow_schema
from ..frames import arrow_table
from ..model import Table, TableField, TableSchema
from ..parse import to_pandas
from .manifest import ReleaseFile
from .outputs import Inputs, table_path

#: Keys of the schema-level (file) metadata, namespaced so that they cannot clash with other tools' keys.
TABLE_KEY = "caucasus_data.table"
VERSION_KEY = "caucasus_data.version"
SCHEMA_HASH_KEY = "caucasus_data.schema_sha256"
DESCRIPTION_KEY = "caucasus_data.description"
PRIMARY_KEY_KEY = "caucasus_data.primary_key"
#: The field metadata key under which polars records an ``Enum``'s categories.
POLARS_ENUM_KEY = "_PL_ENUM_VALUES2"

WRITE_OPTIONS = {
    "compression": "zstd",
    "compression_level": 9,
    "use_dictionary": True,
    "write_statistics": True,
    "version": "2.6",
    "data_page_version": "1.0",
    "row_group_size": 1 << 20,
    "store_schema": True,
}


def polars_enum(codes: list[str]) -> str:
    """The categories in the form polars writes them (``1;y1;x``), so that it reads the field back as an Enum."""
    return "".join(f"{len(code.encode('utf-8'))};{code}" for code in codes)


def _field(field: pa.Field, spec: TableField) -> pa.Field:
    if not spec.enum:
        return field
    return field.with_metadata({**(field.metadata or {}), POLARS_ENUM_KEY.encode(): polars_enum(spec.enum).encode()})


def release_schema(schema: TableSchema) -> pa.Schema:
    """The Arrow schema of a release table: :func:`arrow_schema` with the polars Enum key on coded fields."""
    base = arrow_schema(schema)
    return pa.schema([_field(base.field(f.name), f) for f in schema.fields])


def release_table(data: TableData) -> pa.Table:
    """A table as the validator typed it (:func:`caucasus_data.frames.arrow_table`), in :func:`release_schema`."""
    table = arrow_table(data.schema, data.typed, data.num_rows)
    return pa.Table.from_arrays(table.columns, schema=release_schema(data.schema))


def with_metadata(data: pa.Table, table: Table, version: str, schema_hash: str) -> pa.Table:
    return data.replace_schema_metadata(
        {
            TABLE_KEY: table.name,
            VERSION_KEY: version,
            SCHEMA_HASH_KEY: schema_hash,
            DESCRIPTION_KEY: table.schema_.description,
            PRIMARY_KEY_KEY: json.dumps(table.schema_.primaryKey),
        }
    )


def write(data: pa.Table, path: Path) -> None:
    pq.write_table(data, path, **WRITE_OPTIONS)


def write_tables(inputs: Inputs, staging: Path) -> list[ReleaseFile]:
    """``tables/<name>/<name>.parquet`` for every table, with the release metadata in each file."""
    files = []
    for table in inputs.tables:
        data = with_metadata(inputs.arrow[table.name], table, inputs.version, inputs.schema_hash(table))
        rel = table_path(table.name)
        (staging / rel).parent.mkdir(parents=True)
        write(data, staging / rel)
        files.append(inputs.table_entry(staging, rel, "parquet", table))
    return files


def file_metadata(path: Path) -> dict[str, str]:
    metadata = pq.read_schema(path).metadata or {}
    return {k.decode("utf-8"): v.decode("utf-8") for k, v in metadata.items()}


def to_frame(path: Path, schema: TableSchema) -> pd.DataFrame:
    """The table with the dtypes :func:`caucasus_data.load` gives: the same conversion, from the same Arrow types."""
    data = pq.read_table(path, columns=schema.field_names)
    columns = {}
    for field in schema.fields:
        values = data.column(field.name).combine_chunks()
        if isinstance(values, pa.DictionaryArray):
            values = values.dictionary_decode()
        columns[field.name] = to_pandas(field, values)
    return pd.DataFrame(columns, index=pd.RangeIndex(data.num_rows))
