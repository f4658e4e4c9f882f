"""Every engine reads every table of the release with no code of ours, and gets the CSV's rows and types.

The reference is the release's own ``csv/`` package, read with pyarrow's CSV reader typed from
``csv/datapackage.json`` (the descriptor a user of R or frictionless would read). Each engine is pointed at
``tables/<name>/`` the way its documentation says to read a Parquet folder, and must give exactly that
table: the schema's columns in order, the same rows, dates as dates and coded fields with the schema's codes.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as ds
import pytest

from caucasus_data.release.manifest import MANIFEST, read_manifest

CSV_TYPES = {
    "string": pa.string(),
    "date": pa.date32(),
    "boolean": pa.bool_(),
    "integer": pa.int64(),
    "number": pa.float64(),
}


def _resources(release: Path) -> dict[str, dict]:
    descriptor = json.loads((release / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in descriptor["resources"]}


@pytest.fixture(scope="module")
def release(shipped_release) -> Path:
    return shipped_release


@pytest.fixture(scope="module")
def resources(release) -> dict[str, dict]:
    return _resources(release)


def csv_table(release: Path, resource: dict) -> pa.Table:
    """A release CSV typed from its descriptor: empty cells are missing, booleans are ``true``/``false``."""
    fields = resource["schema"]["fields"]
    options = pacsv.ConvertOptions(
        column_types={f["name"]: CSV_TYPES[f["type"]] for f in fields},
        null_values=[""],
        strings_can_be_null=True,
        true_values=["true"],
        false_values=["false"],
    )
    return pacsv.read_csv(release / "csv" / resource["path"], convert_options=options)


def rows(columns: list[str], records: list[tuple], key: list[str]) -> list[tuple]:
    """Rows sorted by primary key, so engines that do not promise an order compare too."""
    positions = [columns.index(k) for k in key]
    return sorted(records, key=lambda r: tuple(r[p] for p in positions))


def arrow_rows(table: pa.Table) -> list[tuple]:
    decoded = [c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns]
    return list(zip(*(c.to_pylist() for c in decoded), strict=True))


def expected(release: Path, resource: dict) -> tuple[list[str], list[tuple]]:
    table = csv_table(release, resource)
    return table.column_names, rows(table.column_names, arrow_rows(table), resource["schema"]["primaryKey"])


def _fields(resource: dict, kind: str) -> list[str]:
    return [f["name"] for f in resource["schema"]["fields"] if f["type"] == kind]


def _coded(resource: dict) -> dict[str, list[str]]:
    return {
        f["name"]: f["constraints"]["enum"] for f in resource["schema"]["fields"] if "enum" in f.get("constraints", {})
    }


def test_every_table_has_a_folder_of_its_own_holding_only_its_parquet_data(release, resources):
    assert sorted(p.name for p in (release / "tables").iterdir()) == sorted(resources)
    for name in resources:
        assert [p.name for p in (release / "tables" / name).iterdir()] == [f"{name}.parquet"]
    assert not [p for p in release.iterdir() if p.suffix == ".parquet"]  # no data beside the folders
    assert read_manifest(release / MANIFEST).table("events").path == "tables/events/events.parquet"


def test_pyarrow_dataset_reads_each_table(release, resources):
    for name, resource in resources.items():
        table = ds.dataset(release / "tables" / name, format="parquet").to_table()
        columns, want = expected(release, resource)
        assert table.column_names == columns, name
        assert rows(columns, arrow_rows(table), resource["schema"]["primaryKey"]) == want, name
        for field in _fields(resource, "date"):
            assert table.schema.field(field).type == pa.date32(), (name, field)
        for field, codes in _coded(resource).items():
            assert table.column(field).type == pa.dictionary(pa.int32(), pa.string()), (name, field)
            assert table.column(field).chunk(0).dictionary.to_pylist() == codes, (name, field)


def test_polars_scan_parquet_reads_each_table_with_enums(release, resources):
    for name, resource in resources.items():
        frame = pl.scan_parquet(release / "tables" / name / "*.parquet").collect()
        columns, want = expected(release, resource)
        assert frame.columns == columns, name
        got = rows(columns, [tuple(r) for r in frame.rows()], resource["schema"]["primaryKey"])
        assert got == want, name
        for field in _fields(resource, "date"):
            assert frame.schema[field] == pl.Date, (name, field)
        for field, codes in _coded(resource).items():
            assert frame.schema[field] == pl.Enum(codes), (name, field)


def test_duckdb_read_parquet_reads_each_table(release, resources):
    for name, resource in resources.items():
        relation = duckdb.read_parquet(str(release / "tables" / name / "*.parquet"))
        columns, want = expected(release, resource)
        assert relation.columns == columns, name
        assert rows(columns, relation.fetchall(), resource["schema"]["primaryKey"]) == want, name
        types = dict(zip(relation.columns, map(str, relation.types), strict=True))
        for field in _fields(resource, "date"):
            assert types[field] == "DATE", (name, field)


def test_spark_reads_each_table_folder(spark, release, resources):
    from pyspark.sql.types import DateType

    for name, resource in resources.items():
        frame = spark.read.parquet(str(release / "tables" / name))
        columns, want = expected(release, resource)
        assert frame.columns == columns, name
        assert rows(columns, arrow_rows(frame.toArrow()), resource["schema"]["primaryKey"]) == want, name
        for field in _fields(resource, "date"):
            assert isinstance(frame.schema[field].dataType, DateType), (name, field)


def test_spark_on_the_tables_folder_does_not_mix_tables(spark, release):
    """Pointed at one table's folder, Spark sees that table's row count, not the union of all tables."""
    manifest = read_manifest(release / MANIFEST)
    events = spark.read.parquet(str(release / "tables" / "events"))
    assert events.count() == manifest.table("events").rows
    assert isinstance(events.first()["date_start"], datetime.date | type(None))
