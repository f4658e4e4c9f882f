"""``caucasus-data.duckdb``: every table in one DuckDB database, coded fields as ``ENUM`` types.

Created from the Table Schemas: one ``ENUM`` type per coded field (``<table>_<field>``, the schema's codes
in schema order, so they sort and compare in that order), ``DATE``, ``BOOLEAN``, ``BIGINT`` and ``DOUBLE``
columns, ``NOT NULL``, the primary key, and every table's and column's description as a ``COMMENT``
(``duckdb_columns()`` lists them). Foreign keys are not declared: DuckDB checks a foreign key against the rows
already in the table, so a table that points at itself (``events.parent_event_id``,
``organisations.parent_organisation_id``) cannot be loaded in key order (measured: "Violates foreign key
constraint because key ... does not exist in the referenced table" when a child row sorts before its parent).
The SQLite database declares every foreign key, and ``caucasus-data validate`` checks them.

Reproducible: measured with duckdb 2.0.1 on this data and on synthetic tables of 2,000 rows, a file
written in the current storage format differs between two identical builds in 24 bytes of its main header
(bytes 125-140 hold a random database identifier, and the header checksum, bytes 1-8, covers them), and a
file in storage format v1.0.0 differs in thousands of bytes (the order blocks are allocated in). Storage
format ``v1.3.0`` with one thread and an explicit ``CHECKPOINT`` gives byte-identical files, so the database
is written in that format (readable by DuckDB 1.3 and later); ``tests/test_release_outputs.py`` rebuilds and
compares the bytes on every run. Should a DuckDB release change that, the fallback is to ship the
``CREATE TYPE``/``CREATE TABLE`` script (:func:`import_script`) instead of the database.

The build needs the ``duckdb`` package: ``pip install "caucasus-data[release]"``.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Table, TableField
from . import ReleaseError
from .manifest import ReleaseFile, describe
from .outputs import Inputs
from .sqlite_file import quote_name, quote_text

DATABASE = "caucasus-data.duckdb"
STORAGE_VERSION = "v1.3.0"

DUCKDB_TYPES = {"string": "VARCHAR", "date": "DATE", "boolean": "BOOLEAN", "integer": "BIGINT", "number": "DOUBLE"}


def enum_type(table: Table, field: TableField) -> str:
    return f"{table.name}_{field.name}"


def _column(table: Table, field: TableField) -> str:
    kind = quote_name(enum_type(table, field)) if field.enum else DUCKDB_TYPES[field.type]
    return f"{quote_name(field.name)} {kind}{' NOT NULL' if field.required else ''}"


def import_script(table: Table) -> list[str]:
    """The statements that create one table (its ENUM types, the table, its comments), from its schema."""
    schema = table.schema_
    statements = [
        f"CREATE TYPE {quote_name(enum_type(table, f))} AS ENUM ({', '.join(map(quote_text, f.enum))})"
        for f in schema.fields
        if f.enum
    ]
    columns = [_column(table, f) for f in schema.fields]
    columns.append(f"PRIMARY KEY ({', '.join(map(quote_name, schema.primaryKey))})")
    statements.append(f"CREATE TABLE {quote_name(table.name)} ({', '.join(columns)})")
    statements.append(f"COMMENT ON TABLE {quote_name(table.name)} IS {quote_text(schema.description)}")
    statements += [
        f"COMMENT ON COLUMN {quote_name(table.name)}.{quote_name(f.name)} IS {quote_text(f.description)}"
        for f in schema.fields
    ]
    return statements


def write_database(inputs: Inputs, path: Path) -> None:
    try:
        import duckdb
    except ImportError:
        raise ReleaseError(
            'building a release needs the duckdb package: pip install "caucasus-data[release]"'
        ) from None
    connection = duckdb.connect(config={"threads": 1})
    try:
        connection.execute(f"ATTACH {quote_text(str(path))} AS release (STORAGE_VERSION {quote_text(STORAGE_VERSION)})")
        connection.execute("USE release")
        for table in inputs.tables:
            for statement in import_script(table):
                connection.execute(statement)
            connection.register("incoming", inputs.arrow[table.name])
            names = ", ".join(quote_name(f.name) for f in table.schema_.fields)
            connection.execute(f"INSERT INTO {quote_name(table.name)} ({names}) SELECT {names} FROM incoming")
            connection.unregister("incoming")
        connection.execute("CHECKPOINT release")
        connection.execute("USE memory")
        connection.execute("DETACH release")
    finally:
        connection.close()


def write_duckdb(inputs: Inputs, staging: Path) -> list[ReleaseFile]:
    write_database(inputs, staging / DATABASE)
    return [describe(staging, DATABASE, "duckdb")]
