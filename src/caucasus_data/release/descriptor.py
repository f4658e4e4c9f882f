"""The release's ``datapackage.json``: the package descriptor, its resources pointed at the Parquet files.

Each resource carries its Table Schema inline (the same JSON as ``schemas/``, ``x-`` keys included), so the
release folder is a self-contained Frictionless data package that stock tools can open. Sizes and checksums
live in the manifest: Frictionless cannot count the bytes of a Parquet resource and would report a mismatch.

Frictionless reads Parquet through pandas, where a null in an integer column (an unstated figure bound) becomes
the float NaN and reaches the checks as the cell "nan"; the release copy of a schema with integer fields lists
"nan" as a missing value too, so that stock ``frictionless validate`` reads those nulls as nulls.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..model import Package
from .manifest import ReleaseFile

PARQUET_MEDIATYPE = "application/vnd.apache.parquet"


def release_descriptor(package: Package, inputs: dict[str, bytes], files: dict[str, ReleaseFile]) -> dict:
    """``inputs`` holds the package's files by relative path, as read for the build."""
    descriptor = json.loads(inputs["datapackage.json"])
    resources = []
    for table in package.tables.values():
        entry = files[table.name]
        resources.append(
            {
                "name": table.name,
                "path": entry.path,
                "format": "parquet",
                "mediatype": PARQUET_MEDIATYPE,
                "profile": "tabular-data-resource",
                "schema": _for_parquet(json.loads(inputs[table.schema_path])),
            }
        )
    descriptor["resources"] = resources
    return descriptor


def _for_parquet(schema: dict) -> dict:
    if any(f.get("type") == "integer" for f in schema.get("fields", [])):
        missing = schema.get("missingValues", [""])
        schema["missingValues"] = [*missing, *(["nan"] if "nan" not in missing else [])]
    return schema


def write_descriptor(descriptor: dict, path: Path) -> None:
    path.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
