"""Write src/caucasus_data/stock_profiles.json: the JSON Schemas stock Frictionless checks our descriptors with.

Frictionless keeps its Data Package, Data Resource, Table Schema and field profiles as Python dictionaries in
its modules (merged along each class's bases), not as files, so they cannot be read without importing it,
which is most of what a cold validation would spend on them. This script imports it once and writes, for the
installed version, what :mod:`caucasus_data.profiles_clean` needs to decide that a descriptor certainly
passes those checks without importing frictionless:

- the merged profile of each class its ``validate_descriptor`` walks for the descriptors this package can
  have (the package, a resource with and without the ``table`` type, the schema, each field type);
- the constraints each field type supports, and the name pattern of Data Package v1.

Run ``python scripts/extract_stock_profiles.py`` from the repository root after changing the frictionless
version; ``--check`` exits 1 while the committed file differs from what this writes (tests/test_profiles_clean.py
runs it), and the validator falls back to frictionless itself whenever the installed version is another one.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "caucasus_data" / "stock_profiles.json"
#: The field types the fast check models: the ones this project's descriptor models accept.
FIELD_TYPES = ("string", "integer", "number", "boolean", "date")


def extract() -> dict:
    from frictionless import Package, Schema, settings, system

    resource = Package.metadata_select_property_class("resources")
    fields = {}
    for name in FIELD_TYPES:
        cls = system.select_field_class(name)
        fields[name] = {
            "profile": cls.metadata_ensure_profile(),
            "constraints": sorted(set(cls.supported_constraints) | {"unique"}),
        }
    return {
        "frictionless": version("frictionless"),
        "name_pattern_v1": settings.NAME_PATTERN,
        "package": system.select_package_class(None).metadata_ensure_profile(),
        # a resource whose profile is tabular-data-resource gets type "table" before it is checked
        "resource": resource.metadata_select_class(None).metadata_ensure_profile(),
        "table_resource": resource.metadata_select_class("table").metadata_ensure_profile(),
        "schema": Schema.metadata_ensure_profile(),
        "fields": fields,
    }


def render() -> str:
    return json.dumps(extract(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    text = render()
    if "--check" in argv:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.name} is stale: run python scripts/extract_stock_profiles.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
