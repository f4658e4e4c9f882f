"""A table as the validator typed it, as one Arrow table with the release's types: what every backend converts.

The loader (:mod:`caucasus_data.load`) and the release builder (:mod:`caucasus_data.release.parquet`) both
start from the typed columns that reading made (:mod:`caucasus_data.reading`), so a loaded or released value is
exactly the value that was checked; the backends (:mod:`caucasus_data.backends`) convert the table this module
makes.
"""

from __future__ import annotations

from collections.abc import Mapping

import pyarrow as pa

from .derive import ARROW_TYPES, arrow_schema, to_arrow
from .schema_spec import SchemaSpec


def arrow_table(schema: SchemaSpec, typed: Mapping[str, pa.ChunkedArray], num_rows: int) -> pa.Table:
    """Every schema field, in schema order, typed as :func:`caucasus_data.derive.arrow_schema` says.

    ``typed``: the columns reading parsed (:func:`caucasus_data.reading.read_table` or ``read_columns``). A
    column the file lacks (a `structure` finding), and every column of an empty table, is typed nulls.
    """
    columns = []
    for field in schema.fields:
        values = typed.get(field.name)
        if values is None or values.type == pa.null() or num_rows == 0:
            values = pa.nulls(num_rows, ARROW_TYPES[field.type])
        columns.append(to_arrow(field, values))
    return pa.Table.from_arrays(columns, schema=arrow_schema(schema))
