"""Descriptors that would switch a rule off or turn "invalid" into "internal error": each is exit 1, a message.

JSON is written here as text, since ``json.dumps`` cannot write what these tests need (a key twice, a
number of thousands of digits).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hostile import edit_json

from caucasus_data import stamp
from caucasus_data.cli import main
from caucasus_data.provenance import CLAIM_RELATIONS, EVIDENCE
from caucasus_data.validator import PROFILES


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path / "cache"))


def run(root: Path, capsys) -> tuple[int, list[dict], str]:
    code = main(["validate", str(root), "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out)["errors"] if out else [], err


def datapackage_errors(errors: list[dict], path: str) -> list[str]:
    return [e["message"] for e in errors if e["rule"] == "datapackage" and e["path"] == path]


def test_a_second_resources_array_cannot_hide_the_first(package_copy, capsys):
    """Last-wins would validate only the (valid) second list and never look at the broken table of the first."""
    text = (package_copy / "datapackage.json").read_text(encoding="utf-8")
    (package_copy / "curated/places.csv").write_text("not,the,header\n", encoding="utf-8")
    data = json.loads(text)
    valid_only = [r for r in data["resources"] if r["name"] != "places"]
    hidden = text.rstrip().rstrip("}") + f', "resources": {json.dumps(valid_only)}}}'
    (package_copy / "datapackage.json").write_text(hidden, encoding="utf-8")
    code, errors, err = run(package_copy, capsys)
    assert (code, err) == (1, "")
    assert any("'resources' appears twice" in m for m in datapackage_errors(errors, "datapackage.json")), errors


def test_a_key_twice_in_a_schema_is_an_error(package_copy, capsys):
    path = package_copy / "schemas/places.schema.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"fields":', '"primaryKey": ["nothing"], "fields":', 1), encoding="utf-8")
    code, errors, err = run(package_copy, capsys)
    assert (code, err) == (1, "")
    assert any("'primaryKey' appears twice" in m for m in datapackage_errors(errors, "schemas/places.schema.json"))


@pytest.mark.parametrize("file", ["datapackage.json", "schemas/places.schema.json"])
@pytest.mark.parametrize("depth", [40, 100_000])
def test_deep_nesting_is_exit_1(package_copy, capsys, file, depth):
    path = package_copy / file
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("{", '{"x-deep": ' + "[" * depth + "]" * depth + ", ", 1), encoding="utf-8")
    code, errors, err = run(package_copy, capsys)
    assert (code, err) == (1, "")
    assert any("nested more than" in m for m in datapackage_errors(errors, file)), errors


@pytest.mark.parametrize(
    "number",
    ["9" * 4400, "1" * 200, "1e999", "-1" + "0" * 5000, "NaN", "-Infinity", "0." + "1" * 5000],
    ids=["4400-digits", "200-digits", "1e999", "minus-5000-digits", "NaN", "-Infinity", "5000-decimals"],
)
def test_a_number_no_schema_needs_is_exit_1(package_copy, capsys, number):
    """In a place where a number belongs (a field's maximum), so that only the number itself is wrong."""

    def edit(schema):
        field = schema["fields"][0]
        field.setdefault("constraints", {})["maximum"] = 123456789

    path = package_copy / "schemas/places.schema.json"
    edit_json(path, edit)
    path.write_text(path.read_text(encoding="utf-8").replace("123456789", number), encoding="utf-8")
    code, errors, err = run(package_copy, capsys)
    assert (code, err) == (1, "")
    assert datapackage_errors(errors, "schemas/places.schema.json"), errors


@pytest.mark.parametrize("pattern", ["([a-z", "^(?=x)[a-z]+$", r"^(a)\1$", "a{99999}"])
def test_a_pattern_the_validator_cannot_run_is_an_error_not_a_switched_off_check(package_copy, capsys, pattern):
    def edit(schema):
        field = next(f for f in schema["fields"] if f.get("constraints", {}).get("pattern"))
        field["constraints"]["pattern"] = pattern

    edit_json(package_copy / "schemas/places.schema.json", edit)
    code, errors, err = run(package_copy, capsys)
    assert (code, err) == (1, "")
    messages = datapackage_errors(errors, "schemas/places.schema.json")
    assert any("not a regular expression the validator can run" in m for m in messages), errors


def test_a_key_whose_type_changes_under_its_references_is_exit_1(package_copy, capsys):
    def edit(schema):
        field = next(f for f in schema["fields"] if f["name"] == "source_id")
        field["type"] = "boolean"
        field.get("constraints", {}).pop("pattern", None)

    edit_json(package_copy / "schemas/sources.schema.json", edit)
    code, errors, err = run(package_copy, capsys)
    assert (code, err) == (1, "")
    messages = datapackage_errors(errors, "schemas/sources.schema.json")
    assert any(re.search(r"source_id is of type boolean, but \w+\.source_id", m) for m in messages), errors


# -- the profile-check cache ------------------------------------------------------------------------------------


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / PROFILES).iterdir())


@pytest.mark.parametrize("poison", ["", "{", "null", '[["a"]]', "\x00\x01", '{"a": 1}', "[1, 2]"])
def test_a_bad_cache_entry_is_ignored_and_replaced(package_copy, tmp_path, capsys, poison):
    cache = tmp_path / "cache"
    assert run(package_copy, capsys)[0] == 0
    (entry,) = _entries(cache)
    good = entry.read_text(encoding="utf-8")
    entry.write_text(poison, encoding="utf-8")
    code, errors, err = run(package_copy, capsys)
    assert (code, errors, err) == (0, [], "")
    assert entry.read_text(encoding="utf-8") == good  # replaced by the result computed again


def test_a_cache_entry_that_is_not_a_file_is_ignored(package_copy, tmp_path, capsys):
    import os

    cache = tmp_path / "cache"
    assert run(package_copy, capsys)[0] == 0
    (entry,) = _entries(cache)
    entry.unlink()
    os.mkfifo(entry)
    assert run(package_copy, capsys)[:2] == (0, [])


def test_an_empty_validation_stamp_does_not_skip_validation(tmp_path):
    """A stamp left empty (or altered) by a crash must not count as a pass."""
    name = "b" * 64
    stamp.record(name)
    assert stamp.is_stamped(name)
    for poison in ("", "valid", "valid\nvalid\n", "\x00"):
        (tmp_path / "cache" / stamp.VALIDATED / name).write_text(poison, encoding="utf-8")
        assert not stamp.is_stamped(name)


def test_cache_entries_are_written_through_fsync_and_rename(tmp_path, monkeypatch):
    import os

    calls: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append("fsync"), real_fsync(fd))[1])
    monkeypatch.setattr(os, "replace", lambda a, b: (calls.append("replace"), real_replace(a, b))[1])
    from caucasus_data.cache import keep

    keep("kind", "a" * 64, "text")
    assert calls == ["fsync", "replace"]
    assert (tmp_path / "cache/kind" / ("a" * 64)).read_text(encoding="utf-8") == "text"
    assert [p.name for p in (tmp_path / "cache/kind").iterdir()] == ["a" * 64]


RETYPED = [
    ("claim_relations", "claim_id", "integer"),
    ("claim_relations", "related_claim_id", "date"),
    ("claims", "claim_id", "integer"),
    ("claims", "source_id", "integer"),
    ("claims", "claimant_type", "boolean"),
    ("evidence", "record_id", "integer"),
    ("evidence", "record_table", "date"),
]


@pytest.mark.parametrize(("table", "column", "kind"), RETYPED, ids=[f"{t}.{c}-{k}" for t, c, k in RETYPED])
def test_a_column_the_grouping_rules_join_on_retyped_is_a_finding_not_a_crash(
    package_copy, capsys, table, column, kind
):
    """The rules that number ids across columns (claim-relations, verbatim-attribution, evidence) compare two
    columns of different types as text; the schema's change itself is reported by other rules."""
    path = package_copy / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    for field in schema["fields"]:
        if field["name"] == column:
            field["type"] = kind
            for key in ("constraints", "categories", "categoriesOrdered", "format"):
                field.pop(key, None)
    path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    code, errors, err = run(package_copy, capsys)
    assert code == 1 and "internal error" not in err, err
    needed = {(n.table, c) for n in (EVIDENCE, CLAIM_RELATIONS) for c in n.columns}
    if (table, column) in needed:  # a column the provenance rules read is refused, naming it, like a missing one
        assert any(
            e["rule"] == "datapackage" and f"field {column!r} is of type {kind!r}" in e["message"] for e in errors
        )
    else:  # the cells that are not of the new type, or a key retyped under its references
        assert {e["rule"] for e in errors} & {"type", "datapackage"}
