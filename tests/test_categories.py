"""Frictionless v2 descriptors: ``$schema``, ``contributors``, ``created``, and ``categories`` labelling every code.

The labels are derived from the field descriptions (caucasus_data.labels) by scripts/write_categories.py;
the committed schemas must be what it writes, and the models refuse categories that disagree with the enum.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

from caucasus_data.labels import categories, label
from caucasus_data.model import DescriptorError, read_schema

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


def _script():
    spec = importlib.util.spec_from_file_location("write_categories", ROOT / "scripts" / "write_categories.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_each_schema_is_what_the_script_writes(path):
    script = _script()
    text = path.read_text(encoding="utf-8")
    assert script.render(script.with_categories(json.loads(text))) == text, "run python scripts/write_categories.py"


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_coded_field_labels_every_code_in_order(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://datapackage.org/profiles/2.0/tableschema.json"
    for field in schema["fields"]:
        enum = field.get("constraints", {}).get("enum")
        if enum:
            assert [c["value"] for c in field["categories"]] == enum
            assert all(c["label"] for c in field["categories"])
        else:
            assert "categories" not in field


def test_labels_come_from_the_description():
    description = "`armed_conflict` (a war or its phase), `military_operation`, `other`."
    assert label("armed_conflict", description) == "armed conflict (a war or its phase)"
    assert label("military_operation", description) == "military operation"
    assert label("kept", "`kept` (an aside (nested) here), `x`") == "kept (an aside (nested) here)"
    assert categories(["other"], description) == [{"value": "other", "label": "other"}]


def test_the_descriptor_names_its_profile_contributors_and_creation():
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert descriptor["contributors"] and all(c["title"] and c["roles"] for c in descriptor["contributors"])
    assert descriptor["created"].endswith("Z") and descriptor["created"][:4].isdigit()


def test_categories_that_disagree_with_the_enum_are_a_descriptor_error(tmp_path):
    schema = json.loads((ROOT / "schemas" / "events.schema.json").read_text(encoding="utf-8"))
    status = next(f for f in schema["fields"] if f["name"] == "status")
    status["categories"] = status["categories"][::-1]
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "events.schema.json").write_text(json.dumps(schema), encoding="utf-8")
    with pytest.raises(DescriptorError, match=r"categories must list the codes of constraints\.enum"):
        read_schema(tmp_path, "schemas/events.schema.json")


def test_the_stock_frictionless_validator_accepts_the_v2_descriptors():
    frictionless = Path(sys.executable).parent / "frictionless"
    result = subprocess.run(
        [str(frictionless), "validate", "datapackage.json"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:]
