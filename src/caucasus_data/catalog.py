"""The package's tables as a catalogue, read with the standard library only (for `caucasus-data tables`).

The full descriptor models (:mod:`caucasus_data.model`) import pydantic, and counting rows with pyarrow would
import it too: listing sixteen tables does not need either, and it is the first command a user runs.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

from .paths import inside


class CatalogError(Exception):
    """The descriptor cannot be read well enough to list the tables."""


@dataclass(frozen=True)
class Entry:
    name: str
    rows: int | None  # None when the table's file cannot be read
    description: str


def _json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{path}: cannot be read ({exc}); run `caucasus-data validate` for details") from None
    if not isinstance(data, dict):
        raise CatalogError(f"{path}: not a JSON object; run `caucasus-data validate` for details")
    return data


def _rows(path: Path) -> int | None:
    if not path.is_file():
        return None
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return max(sum(1 for _ in csv.reader(handle)) - 1, 0)
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def catalog(root: Path) -> list[Entry]:
    descriptor = _json(root / "datapackage.json")
    entries = []
    for resource in descriptor.get("resources") or []:
        if not isinstance(resource, dict) or not isinstance(resource.get("name"), str):
            continue
        description = ""
        schema = resource.get("schema")
        if isinstance(schema, str) and inside(root, schema) and (root / schema).is_file():
            description = str(_json(root / schema).get("description", ""))
        data = resource.get("path")
        rows = _rows(root / data) if isinstance(data, str) and inside(root, data) else None
        entries.append(Entry(resource["name"], rows, description))
    return entries
