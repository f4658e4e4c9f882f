"""The release's descriptors: ``datapackage.json`` for the Parquet data, ``csv/datapackage.json`` for the CSVs.

Both are the package's own descriptor with each resource pointed at the file in the release and its Table
Schema inline (the same JSON as ``schemas/``, ``x-`` keys included), so each is a self-contained
Frictionless data package that stock tools open: ``frictionless validate`` in Python, and R's
``frictionless::read_package()`` on the CSV one. Sizes and checksums live in the manifest: Frictionless
cannot count the bytes of a Parquet resource and would report a mismatch.

Frictionless reads Parquet through pandas, where a null in an integer column (an unstated figure bound) becomes
the float NaN and reaches the checks as the cell "nan"; the Parquet descriptor's copy of a schema with integer
fields lists "nan" as a missing value too, so that stock ``frictionless validate`` reads those nulls as nulls.

This module also writes the codebook beside them (:mod:`caucasus_data.release.codebook`).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import Table
from .codebook import render as render_codebook
from .manifest import ReleaseFile, describe
from .outputs import Inputs, table_path

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
DESCRIPTOR = "datapackage.json"
CODEBOOK = "codebook.md"
#: Resource keys that describe the CSV file and do not hold for its Parquet copy.
_CSV_ONLY = ("encoding", "dialect", "bytes", "hash")


def _resources(inputs: Inputs) -> dict[str, dict]:
    descriptor = json.loads(inputs.files[DESCRIPTOR])
    return {r["name"]: r for r in descriptor["resources"]}


def _descriptor(inputs: Inputs, resources: list[dict]) -> dict:
    descriptor = json.loads(inputs.files[DESCRIPTOR])
    descriptor["resources"] = resources
    return descriptor


def _schema(inputs: Inputs, table: Table) -> dict:
    return json.loads(inputs.files[table.schema_path])


def parquet_descriptor(inputs: Inputs) -> dict:
    """The descriptor of the release folder: one resource per table, at ``tables/<name>/<name>.parquet``."""
    original = _resources(inputs)
    resources = []
    for table in inputs.tables:
        resource = {k: v for k, v in original[table.name].items() if k not in _CSV_ONLY}
        resource.update(path=table_path(table.name), format="parquet", mediatype=PARQUET_MEDIATYPE)
        resource.update(profile="tabular-data-resource", schema=_for_parquet(_schema(inputs, table)))
        resources.append(resource)
    return _descriptor(inputs, resources)


def _for_parquet(schema: dict) -> dict:
    if any(f.get("type") == "integer" for f in schema.get("fields", [])):
        missing = schema.get("missingValues", [""])
        schema["missingValues"] = [*missing, *(["nan"] if "nan" not in missing else [])]
    return schema


def csv_descriptor(inputs: Inputs, folder_relative_path: dict[str, str]) -> dict:
    """The descriptor of ``csv/``: each resource's ``path`` is the CSV's name beside it."""
    original = _resources(inputs)
    resources = []
    for table in inputs.tables:
        resource = dict(original[table.name])
        resource.update(path=folder_relative_path[table.name], format="csv", mediatype="text/csv", encoding="utf-8")
        resource.update(profile="tabular-data-resource", schema=_schema(inputs, table))
        resources.append(resource)
    return _descriptor(inputs, resources)


def write_json(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")


def write_metadata(inputs: Inputs, staging: Path) -> list[ReleaseFile]:
    """``datapackage.json`` (the Parquet resources) and ``codebook.md`` at the top of the release."""
    write_json(parquet_descriptor(inputs), staging / DESCRIPTOR)
    (staging / CODEBOOK).write_text(render_codebook(inputs.package), encoding="utf-8", newline="\n")
    return [describe(staging, DESCRIPTOR, "json"), describe(staging, CODEBOOK, "markdown")]
