"""Rule `datapackage`: datapackage.json and the Table Schemas can be read and describe the tables."""

from __future__ import annotations

import json

from caucasus_data.cli import main

DESCRIPTOR = "datapackage.json"


def edit_json(path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def test_truncated_descriptor(pkg, capsys):
    path = pkg.root / DESCRIPTOR
    text = path.read_text(encoding="utf-8")
    cut = text.index('"resources"') + 40
    path.write_text(text[:cut], encoding="utf-8")
    (error,) = pkg.validate().errors
    assert (error.path, error.rule, error.line) == (DESCRIPTOR, "datapackage", text[:cut].count("\n") + 1)
    assert "cut short" in error.message
    assert main(["validate", str(pkg.root)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{DESCRIPTOR}:{error.line}: [datapackage] invalid JSON")


def test_syntax_slip_in_the_descriptor(pkg):
    path = pkg.root / DESCRIPTOR
    lines = path.read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines) if line.strip().startswith('"version"'))
    lines[number] = lines[number].rstrip(",")  # a comma forgotten at the end of line number + 1
    path.write_text("\n".join(lines), encoding="utf-8")
    (error,) = pkg.validate().errors
    assert (error.path, error.rule, error.line) == (DESCRIPTOR, "datapackage", number + 2)
    assert "comma" in error.message


def test_schema_with_an_unknown_field_type(pkg):
    def edit(schema):
        schema["fields"][1]["type"] = "text"

    edit_json(pkg.root / "schemas/places.schema.json", edit)
    errors = [e for e in pkg.validate().errors if e.rule == "datapackage"]
    assert [(e.path, e.line) for e in errors] == [("schemas/places.schema.json", None)]
    name = pkg.schema("places")["fields"][1]["name"]
    assert f"'{name}'" in errors[0].message and "'text'" in errors[0].message and "'date'" in errors[0].message


def test_schema_key_naming_a_field_that_does_not_exist(pkg):
    edit_json(pkg.root / "schemas/places.schema.json", lambda schema: schema.update(primaryKey=["id"]))
    errors = [e for e in pkg.validate().errors if e.rule == "datapackage"]
    assert [e.path for e in errors] == ["schemas/places.schema.json"]
    assert "'id'" in errors[0].message


def test_table_schema_profile_of_the_stock_tool(pkg):
    """A schema our models accept but the Frictionless profile refuses is still reported."""
    edit_json(pkg.root / "schemas/places.schema.json", lambda schema: schema.update(missingValues="none"))
    errors = [e for e in pkg.validate().errors if e.rule == "datapackage"]
    assert [e.path for e in errors] == ["schemas/places.schema.json"]


def test_resource_file_missing(pkg):
    (pkg.root / "curated/claim_relations.csv").unlink()
    errors = [e for e in pkg.validate().errors if e.path == "curated/claim_relations.csv"]
    assert [(e.rule, e.line) for e in errors] == [("datapackage", None)]
    assert "not found" in errors[0].message and "'claim_relations'" in errors[0].message


def test_schema_file_missing(pkg):
    (pkg.root / "schemas/claim_relations.schema.json").unlink()
    (error,) = [e for e in pkg.validate().errors if e.rule == "datapackage"]
    assert error.path == "schemas/claim_relations.schema.json" and "not found" in error.message


def test_resource_path_outside_the_package(pkg):
    edit_json(pkg.root / DESCRIPTOR, lambda d: d["resources"][-1].update(path="../elsewhere.csv"))
    errors = [e for e in pkg.validate().errors if e.rule == "datapackage"]
    assert {e.path for e in errors} == {DESCRIPTOR}  # the stock profile refuses the path too
    assert any("outside the package folder" in e.message for e in errors)


def test_descriptor_without_resources(pkg):
    edit_json(pkg.root / DESCRIPTOR, lambda d: d.pop("resources"))
    (error,) = pkg.validate().errors
    assert (error.path, error.rule) == (DESCRIPTOR, "datapackage") and "resources" in error.message


def test_version_that_is_not_semantic(pkg):
    edit_json(pkg.root / DESCRIPTOR, lambda d: d.update(version="v1"))
    (error,) = pkg.validate().errors
    assert (error.path, error.rule) == (DESCRIPTOR, "datapackage") and "'v1'" in error.message


def test_folder_without_a_descriptor(pkg):
    (pkg.root / DESCRIPTOR).unlink()
    (error,) = pkg.validate().errors
    assert (error.path, error.rule) == (DESCRIPTOR, "datapackage") and "no datapackage.json" in error.message
