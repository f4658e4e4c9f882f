"""``caucasus-data.sqlite``: every table in one SQLite database, with its keys, and ``datasette.json`` beside it.

The tables are created from the Table Schemas: column types (dates as ISO 8601 ``TEXT`` checked to be real
calendar days, booleans as ``0``/``1``), ``NOT NULL`` for required fields, ``CHECK`` constraints for coded
fields, ``UNIQUE``, the primary key and every foreign key; ``PRAGMA foreign_key_check`` on the file finds
nothing. Every field named ``quote`` (the verbatim source text the contract names) gets an FTS5 full-text
index, ``<table>_fts``, declared as an external-content table in the form Datasette detects
(``content="<table>"``), so ``datasette caucasus-data.sqlite -m datasette.json`` offers a search box on
``evidence``. Plain (non-``STRICT``) tables, so that SQLite builds older than 3.37 open the file too.

``datasette.json`` is Datasette metadata generated from the same schemas: the package's title, description
and licence, and for each table its description and every column's description, which Datasette shows on
the table page.

Reproducible: the Python standard library's ``sqlite3`` writes the same pages for the same statements in
the same order; the rows are inserted in the order of the CSV (by primary key) and the file is ``VACUUM``-ed
at the end, which rewrites it compactly in a fixed page order with no free pages, and leaves the header's
change counter at a value that depends only on the statements run. (Measured: two builds are byte-identical;
``tests/test_release_outputs.py`` checks it on every run.) No third-party library is used: ``sqlite-utils``
would only wrap the same ``CREATE``/``INSERT`` statements.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pyarrow as pa

from ..model import Table, TableField
from .descriptor import write_json
from .manifest import ReleaseFile, describe
from .outputs import Inputs

DATABASE = "caucasus-data.sqlite"
METADATA = "datasette.json"
#: Fields holding text copied verbatim from a source: these get a full-text index.
FULL_TEXT_FIELDS = ("quote",)
PAGE_SIZE = 4096

SQL_TYPES = {"string": "TEXT", "date": "TEXT", "boolean": "INTEGER", "integer": "INTEGER", "number": "REAL"}


def quote_name(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _column(field: TableField, table: Table) -> str:
    name = quote_name(field.name)
    parts = [name, SQL_TYPES[field.type]]
    if field.required:
        parts.append("NOT NULL")
    if field.constraints.unique and table.schema_.primaryKey != [field.name]:
        parts.append("UNIQUE")
    if field.enum:
        parts.append(f"CHECK ({name} IN ({', '.join(quote_text(code) for code in field.enum)}))")
    elif field.type == "date":
        # '+0 days' makes SQLite normalise the day (2021-02-30 becomes 2021-03-02), so a day that does not
        # exist fails the check; date() alone returns 2021-02-30 unchanged on SQLite 3.40.
        parts.append(f"CHECK ({name} IS date({name}, '+0 days'))")
    elif field.type == "boolean":
        parts.append(f"CHECK ({name} IN (0, 1))")
    return " ".join(parts)


def create_table(table: Table) -> str:
    """The ``CREATE TABLE`` statement of a table, from its Table Schema."""
    schema = table.schema_
    lines = [_column(f, table) for f in schema.fields]
    lines.append(f"PRIMARY KEY ({', '.join(map(quote_name, schema.primaryKey))})")
    for fk in schema.foreignKeys:
        target = fk.reference.resource or table.name
        lines.append(
            f"FOREIGN KEY ({', '.join(map(quote_name, fk.fields))}) "
            f"REFERENCES {quote_name(target)} ({', '.join(map(quote_name, fk.reference.fields))})"
        )
    body = ",\n  ".join(lines)
    return f"CREATE TABLE {quote_name(table.name)} (\n  {body}\n)"


def full_text_fields(table: Table) -> list[str]:
    return [f.name for f in table.schema_.fields if f.name in FULL_TEXT_FIELDS]


def fts_table(table: Table) -> str:
    return f"{table.name}_fts"


def _rows(data: pa.Table, table: Table) -> list[tuple]:
    columns = []
    for field in table.schema_.fields:
        values = data.column(field.name).to_pylist()
        if field.type == "date":
            values = [None if v is None else v.isoformat() for v in values]
        elif field.type == "boolean":
            values = [None if v is None else int(v) for v in values]
        columns.append(values)
    return list(zip(*columns, strict=True))


def _fill(connection: sqlite3.Connection, inputs: Inputs) -> None:
    for table in inputs.tables:
        connection.execute(create_table(table))
        marks = ", ".join("?" for _ in table.schema_.fields)
        connection.executemany(
            f"INSERT INTO {quote_name(table.name)} VALUES ({marks})", _rows(inputs.arrow[table.name], table)
        )
        indexed = full_text_fields(table)
        if indexed:
            columns = ", ".join(map(quote_name, indexed))
            fts = quote_name(fts_table(table))
            connection.execute(f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content={quote_name(table.name)})")
            connection.execute(
                f"INSERT INTO {fts} (rowid, {columns}) SELECT rowid, {columns} FROM {quote_name(table.name)}"
            )


def write_database(inputs: Inputs, path: Path) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute(f"PRAGMA page_size = {PAGE_SIZE}")
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.execute("BEGIN")
        _fill(connection, inputs)
        connection.execute("COMMIT")
        problems = connection.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # the validator checks every foreign key first: this cannot happen with valid data
            raise RuntimeError(f"{path.name}: foreign keys broken after a valid build: {problems[:5]}")
        connection.execute("VACUUM")
    finally:
        connection.close()


def datasette_metadata(inputs: Inputs) -> dict:
    """Datasette metadata: package title, description and licence; every table's and column's description."""
    descriptor = json.loads(inputs.files["datapackage.json"])
    licence = (descriptor.get("licenses") or [{}])[0]
    tables = {}
    for table in inputs.tables:
        entry: dict = {
            "description": table.schema_.description,
            "columns": {f.name: f.description for f in table.schema_.fields},
        }
        if full_text_fields(table):
            entry["fts_table"] = fts_table(table)
        tables[table.name] = entry
        if full_text_fields(table):
            tables[fts_table(table)] = {"hidden": True}
    return {
        "title": descriptor.get("title", descriptor["name"]),
        "description": descriptor.get("description", ""),
        "license": licence.get("name", ""),
        "license_url": licence.get("path", ""),
        "databases": {Path(DATABASE).stem: {"tables": tables}},
    }


def write_sqlite(inputs: Inputs, staging: Path) -> list[ReleaseFile]:
    write_database(inputs, staging / DATABASE)
    write_json(datasette_metadata(inputs), staging / METADATA)
    return [describe(staging, DATABASE, "sqlite"), describe(staging, METADATA, "json")]
