"""One table as a Parquet file, and back.

Rows are read through the validator's own reader and parser, so a value in the release is exactly the value
that was validated; types come from :func:`caucasus_data.derive.arrow_schema`. Writer options are fixed and
nothing time-dependent is written, so the same data and the same pyarrow give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..model import Table, TableSchema
from ..parse import to_pandas

#: Keys of the schema-level (file) metadata, namespaced so that they cannot clash with other tools' keys.
TABLE_KEY = "caucasus_data.table"
VERSION_KEY = "caucasus_data.version"
SCHEMA_HASH_KEY = "caucasus_data.schema_sha256"
DESCRIPTION_KEY = "caucasus_data.description"
PRIMARY_KEY_KEY = "caucasus_data.primary_key"

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
