"""What a release is made of: the validated inputs every output reads, and the list of outputs.

Every output (the Parquet tables, the CSV package, SQLite, DuckDB, Stata, the descriptor and codebook) is a
function from one :class:`Inputs` to the files it wrote, so all of them hold the same validated values,
typed once from the Table Schemas (:func:`caucasus_data.release.parquet.arrow_table`). Adding an output,
such as a static site, is one module with a ``write(inputs, staging)`` function and one line in
:data:`OUTPUTS`; the build lists what it wrote in the manifest, puts it in the archive and refuses a file
that an output wrote without declaring it.

Layout of a release folder (paths relative to it, ``/``-separated; see the contract's "Release layout"):

``tables/<table>/<table>.parquet``
    one folder per table holding only its Parquet data, so that any engine pointed at the folder (Spark's
    ``read.parquet``, DuckDB's ``read_parquet('tables/events/*.parquet')``, polars' ``scan_parquet``, a
    pyarrow dataset) reads exactly one table
``datapackage.json``, ``codebook.md``, ``manifest.json``
    beside ``tables/``, never inside it; the archive ``caucasus-data-<V>.tar.gz`` too
``csv/``, ``stata/``, ``caucasus-data.sqlite``, ``datasette.json``, ``caucasus-data.duckdb``
    the other outputs, each beside ``tables/``
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from ..model import Package, Table
from .manifest import ReleaseFile, describe, schema_sha256

TABLES = "tables"


def table_path(name: str) -> str:
    """Where a table's Parquet data lives in a release: a folder of its own."""
    return f"{TABLES}/{name}/{name}.parquet"


@dataclass
class Inputs:
    """The validated package a release is built from: its files' bytes and every table typed once."""

    package: Package
    files: dict[str, bytes]
    arrow: dict[str, pa.Table] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.package.version

    @property
    def tables(self) -> list[Table]:
        return list(self.package.tables.values())

    def schema_hash(self, table: Table) -> str:
        return schema_sha256(self.files[table.schema_path])

    def table_entry(self, staging: Path, rel: str, format: str, table: Table) -> ReleaseFile:
        """The manifest entry of a file that holds one whole table."""
        rows = self.arrow[table.name].num_rows
        return describe(staging, rel, format, table=table.name, rows=rows, schema=self.schema_hash(table))


#: An output: writes its files under the staging folder and returns their manifest entries.
Writer = Callable[[Inputs, Path], list[ReleaseFile]]


@dataclass(frozen=True)
class Output:
    name: str
    write: Writer


def outputs() -> list[Output]:
    """Every output of a release, in the order they are built (the tables first: the others read them)."""
    from . import csv_package, descriptor, duckdb_file, parquet, sqlite_file, stata

    return [
        Output("tables", parquet.write_tables),
        Output("csv", csv_package.write_csv_package),
        Output("sqlite", sqlite_file.write_sqlite),
        Output("duckdb", duckdb_file.write_duckdb),
        Output("stata", stata.write_stata),
        Output("metadata", descriptor.write_metadata),
    ]
