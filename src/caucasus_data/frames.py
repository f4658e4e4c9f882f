"""A typed table as the pandas DataFrame the API returns, whichever source (CSV or Parquet) it was read from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .context import TableData
from .model import TableSchema
from .parse import to_pandas

if TYPE_CHECKING:
    import pandas as pd


def with_attrs(frame: pd.DataFrame, name: str, schema: TableSchema, version: str) -> pd.DataFrame:
    """What a loaded frame carries about itself, whichever source it was read from."""
    frame.attrs["table"] = name
    frame.attrs["description"] = schema.description
    frame.attrs["descriptions"] = {f.name: f.description for f in schema.fields}
    frame.attrs["primary_key"] = list(schema.primaryKey)
    frame.attrs["version"] = version
    return frame


def frame_of(data: TableData, version: str) -> pd.DataFrame:
    """A typed table as the DataFrame ``load`` returns: every schema field, in schema order."""
    import pandas as pd

    columns = {field.name: to_pandas(field, data.column(field.name)) for field in data.schema.fields}
    frame = pd.DataFrame(columns, index=pd.RangeIndex(data.num_rows))
    return with_attrs(frame, data.name, data.schema, version)
