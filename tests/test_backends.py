"""load(..., backend=...): pandas, polars and pyarrow frames of the same typed table, with the same types."""

from __future__ import annotations

import datetime

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

import caucasus_data as cd
from caucasus_data.load import schema


@pytest.mark.parametrize("name", cd.tables())
def test_the_three_backends_hold_the_same_values(name):
    frame = cd.load(name)
    table = cd.load(name, backend="pyarrow")
    polars = cd.load(name, backend="polars")
    assert isinstance(table, pa.Table) and isinstance(polars, pl.DataFrame)
    assert list(frame.columns) == table.column_names == polars.columns
    for column in frame.columns:
        from_pandas = [None if v is pd.NA or v is None or v != v else v for v in frame[column].tolist()]
        assert table.column(column).to_pylist() == from_pandas, (name, column)
        assert polars[column].to_list() == from_pandas, (name, column)


@pytest.mark.parametrize("name", cd.tables())
def test_types_follow_the_schema_in_every_backend(name):
    table = cd.load(name, backend="pyarrow")
    polars = cd.load(name, backend="polars")
    for field in schema(name).fields:
        arrow_type = table.schema.field(field.name).type
        polars_type = polars.schema[field.name]
        if field.enum:
            assert arrow_type == pa.dictionary(pa.int32(), pa.string())
            assert table.column(field.name).combine_chunks().dictionary.to_pylist() == field.enum
            assert polars_type == pl.Enum(field.enum)
            assert list(polars_type.categories) == field.enum  # the schema's order, not alphabetical
        elif field.type == "date":
            assert arrow_type == pa.date32() and polars_type == pl.Date
        elif field.type == "boolean":
            assert arrow_type == pa.bool_() and polars_type == pl.Boolean
        elif field.type == "integer":
            assert arrow_type == pa.int64() and polars_type == pl.Int64
        else:
            assert polars_type == pl.String
        assert table.schema.field(field.name).nullable == (not field.required)


def test_descriptions_travel_with_the_arrow_table_and_are_reachable_for_polars():
    table = cd.load("events", backend="pyarrow")
    expected = cd.load("events").attrs["descriptions"]
    assert {f.name: f.metadata[b"description"].decode() for f in table.schema} == expected
    assert cd.descriptions("events") == expected
    meta = table.schema.metadata
    assert meta[b"caucasus_data.table"] == b"events"
    assert meta[b"caucasus_data.version"] == cd.__version__.encode()
    assert meta[b"caucasus_data.primary_key"] == b'["event_id"]'


def test_dates_are_dates_in_every_backend():
    polars = cd.load("events", backend="polars")
    table = cd.load("events", backend="pyarrow")
    assert isinstance(polars["date_end"][0], datetime.date)
    assert isinstance(table.column("date_end")[0].as_py(), datetime.date)


def test_a_code_outside_the_schema_is_null_in_every_backend_when_not_validated(pkg):
    pkg.add_event(event_type="conference")
    pandas = cd.load("events", validate=False, path=pkg.root)
    polars = cd.load("events", validate=False, path=pkg.root, backend="polars")
    table = cd.load("events", validate=False, path=pkg.root, backend="pyarrow")
    row = pandas.index[pandas["event_id"] == "zz-visit"][0]
    assert pd.isna(pandas["event_type"].iloc[row])
    assert polars["event_type"][int(row)] is None
    assert table.column("event_type")[int(row)].as_py() is None


def test_an_unknown_backend_is_refused_naming_the_choices():
    with pytest.raises(ValueError, match="'pandas', 'polars', 'pyarrow'"):
        cd.load("events", backend="spark")


def test_load_all_takes_a_backend():
    frames = cd.load_all(backend="polars")
    assert list(frames) == cd.tables() and all(isinstance(f, pl.DataFrame) for f in frames.values())


def test_descriptions_of_an_unknown_table_list_the_tables():
    with pytest.raises(KeyError, match="the tables are: sources"):
        cd.descriptions("event")
