"""The release's other outputs, each read back with the tool its users have: SQLite (and Datasette), DuckDB,
Stata (pandas and pyreadstat) and the CSV package (frictionless). Each must hold the validated rows, typed
and described from the Table Schemas."""

from __future__ import annotations

import asyncio
import html
import json
import re
import sqlite3
from pathlib import Path

import duckdb
import frictionless
import pandas as pd
import pyreadstat
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_release_engines import csv_table, expected, rows

from caucasus_data.model import read_package
from caucasus_data.release.manifest import MANIFEST, read_manifest
from caucasus_data.release.stata import LABEL_LIMIT, category_labels, variable_label

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def release(shipped_release) -> Path:
    return shipped_release


@pytest.fixture(scope="module")
def package():
    return read_package(ROOT)[0]


@pytest.fixture(scope="module")
def resources(release) -> dict[str, dict]:
    descriptor = json.loads((release / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    return {r["name"]: r for r in descriptor["resources"]}


# --- CSV -----------------------------------------------------------------------------------------------------


def test_csv_files_are_the_validated_curated_files(release, package):
    for table in package.tables.values():
        assert (release / "csv" / f"{table.name}.csv").read_bytes() == (ROOT / table.path).read_bytes()


def test_csv_descriptor_is_a_valid_frictionless_package_with_schemas_inline(release, package):
    report = frictionless.validate(str(release / "csv" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])
    descriptor = json.loads((release / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    for resource, table in zip(descriptor["resources"], package.tables.values(), strict=True):
        assert (resource["path"], resource["format"]) == (f"{table.name}.csv", "csv")
        assert resource["schema"] == json.loads((ROOT / table.schema_path).read_text(encoding="utf-8"))


# --- SQLite --------------------------------------------------------------------------------------------------


@pytest.fixture
def sqlite(release):
    connection = sqlite3.connect(f"file:{release / 'caucasus-data.sqlite'}?mode=ro", uri=True)
    connection.execute("PRAGMA foreign_keys = ON")
    yield connection
    connection.close()


def test_sqlite_holds_every_table_with_the_csv_rows(sqlite, release, resources):
    for name, resource in resources.items():
        cursor = sqlite.execute(f'SELECT * FROM "{name}"')
        columns = [d[0] for d in cursor.description]
        want_columns, want = expected(release, resource)
        assert columns == want_columns, name
        as_text = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        converted = []
        for record in cursor.fetchall():
            cells = []
            for column, value in zip(columns, record, strict=True):
                if value is not None and as_text[column] == "date":
                    value = pd.Timestamp(value).date()
                elif value is not None and as_text[column] == "boolean":
                    value = bool(value)
                cells.append(value)
            converted.append(tuple(cells))
        assert rows(columns, converted, resource["schema"]["primaryKey"]) == want, name


def test_sqlite_declares_every_foreign_key_and_none_is_broken(sqlite, package):
    assert sqlite.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in package.tables.values():
        declared = {(r[2], r[3], r[4]) for r in sqlite.execute(f'PRAGMA foreign_key_list("{table.name}")')}
        wanted = {
            (fk.reference.resource or table.name, a, b)
            for fk in table.schema_.foreignKeys
            for a, b in zip(fk.fields, fk.reference.fields, strict=True)
        }
        assert declared == wanted, table.name
        key = [r[1] for r in sorted(sqlite.execute(f'PRAGMA table_info("{table.name}")'), key=lambda r: r[5]) if r[5]]
        assert key == table.schema_.primaryKey, table.name


def test_sqlite_refuses_a_code_the_schema_does_not_list(release, tmp_path):
    copy = tmp_path / "copy.sqlite"
    copy.write_bytes((release / "caucasus-data.sqlite").read_bytes())
    connection = sqlite3.connect(copy)
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        connection.execute("UPDATE events SET event_type = 'not-a-code' WHERE rowid = 1")
    with pytest.raises(sqlite3.IntegrityError, match="CHECK"):
        connection.execute("UPDATE events SET date_start = '2021-02-30' WHERE rowid = 1")
    connection.close()


def test_sqlite_full_text_search_finds_the_quotes_holding_a_phrase(sqlite):
    phrase = "Shusha Declaration"
    found = sqlite.execute(
        "SELECT evidence_id FROM evidence WHERE rowid IN "
        "(SELECT rowid FROM evidence_fts WHERE evidence_fts MATCH ?) ORDER BY evidence_id",
        (f'"{phrase}"',),
    ).fetchall()
    quotes = sqlite.execute("SELECT evidence_id, quote FROM evidence ORDER BY evidence_id").fetchall()
    words = phrase.lower().split()

    def holds(quote: str) -> bool:  # FTS5's default tokenizer: runs of letters and digits, case folded
        tokens = re.findall(r"\w+", quote.lower())
        return any(tokens[i : i + len(words)] == words for i in range(len(tokens)))

    assert found and found == [(i,) for i, q in quotes if holds(q)]


def test_datasette_shows_descriptions_and_searches_quotes(release, package):
    from datasette.app import Datasette

    metadata = json.loads((release / "datasette.json").read_text(encoding="utf-8"))
    events = package.tables["events"].schema_
    assert metadata["databases"]["caucasus-data"]["tables"]["events"]["columns"] == {
        f.name: f.description for f in events.fields
    }

    async def pages():
        datasette = Datasette([str(release / "caucasus-data.sqlite")], metadata=metadata)
        page = await datasette.client.get("/caucasus-data/events")
        search = await datasette.client.get("/caucasus-data/evidence.json?_search=Shusha&_shape=array")
        return page, search

    page, search = asyncio.run(pages())
    assert page.status_code == 200
    text = html.unescape(page.text)
    assert events.description in text
    assert events.field("date_precision").description in text
    assert search.status_code == 200 and search.json()
    assert all("shusha" in row["quote"].lower() for row in search.json())


# --- DuckDB --------------------------------------------------------------------------------------------------


@pytest.fixture
def duck(release):
    connection = duckdb.connect(str(release / "caucasus-data.duckdb"), read_only=True)
    yield connection
    connection.close()


def test_duckdb_database_holds_every_table_with_enums_and_comments(duck, release, resources, package):
    for name, resource in resources.items():
        relation = duck.table(name)
        columns, want = expected(release, resource)
        assert relation.columns == columns, name
        assert rows(columns, relation.fetchall(), resource["schema"]["primaryKey"]) == want, name
        schema = package.tables[name].schema_
        described = duck.execute(
            "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [name],
        ).fetchall()
        for field, (column, data_type, comment) in zip(schema.fields, described, strict=True):
            assert (column, comment) == (field.name, field.description)
            if field.enum:
                assert data_type == "ENUM(" + ", ".join(f"'{c}'" for c in field.enum) + ")", (name, column)
            elif field.type == "date":
                assert data_type == "DATE"
        table_comment = duck.execute("SELECT comment FROM duckdb_tables() WHERE table_name = ?", [name]).fetchall()
        assert table_comment == [(schema.description,)]


def test_duckdb_enums_sort_in_the_schema_order(duck, package):
    codes = package.tables["events"].schema_.field("date_precision").enum
    used = [r[0] for r in duck.execute("SELECT DISTINCT date_precision FROM events ORDER BY date_precision").fetchall()]
    assert used == [c for c in codes if c in used]


# --- Stata ---------------------------------------------------------------------------------------------------


def test_stata_files_carry_variable_and_value_labels_from_the_schemas(release, package):
    for table in package.tables.values():
        _, meta = pyreadstat.read_dta(str(release / "stata" / f"{table.name}.dta"))
        schema = table.schema_
        assert meta.column_names == schema.field_names
        assert meta.column_labels == [variable_label(f.description) for f in schema.fields], table.name
        assert meta.file_label == variable_label(schema.description)
        for field in schema.fields:
            labels = meta.variable_value_labels.get(field.name)
            if field.enum:
                assert labels == {float(i): category_labels(field)[c] for i, c in enumerate(field.enum, 1)}
            elif field.type == "boolean":
                assert labels == {0.0: "false", 1.0: "true"}
            else:
                assert labels is None, (table.name, field.name)
            if field.type == "date":
                assert meta.original_variable_types[field.name] == "%td"


def test_stata_values_read_back_with_pandas_are_the_csv_values(release, resources):
    for name, resource in resources.items():
        frame = pd.read_stata(release / "stata" / f"{name}.dta", convert_categoricals=True)
        reference = csv_table(release, resource)
        assert list(frame.columns) == reference.column_names
        assert len(frame) == reference.num_rows
        for field in resource["schema"]["fields"]:
            want = reference.column(field["name"]).to_pylist()
            got = frame[field["name"]].tolist()
            if field["type"] == "date":
                got = [None if pd.isna(v) else v.date() for v in got]
            elif field["type"] == "string":
                got = [None if (isinstance(v, float) and pd.isna(v)) or v == "" else v for v in got]
                want = [None if v == "" else v for v in want]
            elif field["type"] == "boolean":
                got = [None if not isinstance(v, str) else v == "true" for v in got]
            elif field["type"] == "integer":
                got = [None if pd.isna(v) else int(v) for v in got]
            assert got == want, (name, field["name"])


@given(st.text(alphabet=st.sampled_from("ab c\n\t,.é"), max_size=200))
def test_a_variable_label_is_within_stata_limit_and_a_prefix_of_the_description(text):
    label = variable_label(text)
    flat = " ".join(text.split())
    assert len(label) <= LABEL_LIMIT
    if len(flat) <= LABEL_LIMIT:
        assert label == flat
    else:
        assert label.endswith("…") and flat.startswith(label[:-1])


def test_the_codebook_says_how_many_stata_labels_are_cut(release, package):
    fields = [f for t in package.tables.values() for f in t.schema_.fields]
    cut = sum(len(" ".join(f.description.split())) > LABEL_LIMIT for f in fields)
    assert f"{cut} of the {len(fields)} descriptions are cut" in (release / "codebook.md").read_text(encoding="utf-8")


# --- Manifest ------------------------------------------------------------------------------------------------


def test_the_manifest_lists_every_file_of_every_output(release):
    manifest = read_manifest(release / MANIFEST)
    on_disk = {p.relative_to(release).as_posix() for p in release.rglob("*") if p.is_file()}
    assert on_disk == {f.path for f in manifest.files} | {MANIFEST, manifest.archive}
    for rel in ("caucasus-data.sqlite", "datasette.json", "caucasus-data.duckdb", "csv/datapackage.json"):
        assert rel in {f.path for f in manifest.files}


def test_stata_value_labels_are_the_schema_category_labels_where_it_gives_them(tmp_path):
    import pyarrow as pa

    from caucasus_data.model import Table, TableSchema
    from caucasus_data.release.stata import write_table

    schema = TableSchema.model_validate(
        {
            "description": "Test table.",
            "primaryKey": ["id"],
            "fields": [
                {"name": "id", "type": "string", "description": "Id.", "constraints": {"required": True}},
                {
                    "name": "precision",
                    "type": "string",
                    "description": "How precise.",
                    "constraints": {"enum": ["day", "month"]},
                    "categories": [{"value": "day", "label": "exact day"}, {"value": "month", "label": "month only"}],
                },
            ],
        }
    )
    table = Table(name="t", path="curated/t.csv", schema_path="schemas/t.schema.json", schema=schema)
    data = pa.table({"id": ["a", "b", "c"], "precision": ["month", None, "day"]})
    write_table(table, data, tmp_path / "t.dta")
    frame, meta = pyreadstat.read_dta(str(tmp_path / "t.dta"))
    assert meta.variable_value_labels["precision"] == {1.0: "exact day", 2.0: "month only"}
    assert frame["precision"].tolist()[0::2] == [2.0, 1.0] and pd.isna(frame["precision"][1])
