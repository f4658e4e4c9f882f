"""``csv/``: every table as the validated CSV, with a ``datapackage.json`` that R's frictionless package reads.

The CSV bytes are the package's own curated files, copied as they were validated (UTF-8 without BOM, header
row, ``\\n`` line endings, RFC 4180 quoting, an empty cell for a missing value), so nothing is re-encoded and
the values are the ones every other output holds. The descriptor beside them carries the Table Schemas
inline (types, enums, keys), which is what ``frictionless::read_package("csv/datapackage.json")`` in R and
``frictionless.Package`` in Python use to type the columns.
"""

from __future__ import annotations

from pathlib import Path

from .descriptor import DESCRIPTOR, csv_descriptor, write_json
from .manifest import ReleaseFile, describe
from .outputs import Inputs

FOLDER = "csv"


def write_csv_package(inputs: Inputs, staging: Path) -> list[ReleaseFile]:
    folder = staging / FOLDER
    folder.mkdir()
    names = {table.name: f"{table.name}.csv" for table in inputs.tables}
    files = []
    for table in inputs.tables:
        rel = f"{FOLDER}/{names[table.name]}"
        (staging / rel).write_bytes(inputs.files[table.path])
        files.append(inputs.table_entry(staging, rel, "csv", table))
    write_json(csv_descriptor(inputs, names), folder / DESCRIPTOR)
    return [*files, describe(staging, f"{FOLDER}/{DESCRIPTOR}", "json")]
