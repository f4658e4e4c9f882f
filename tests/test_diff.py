"""`caucasus-data diff`: rows and cells compared by key, schema changes, the version bump, git revisions."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from caucasus_data.cli import main
from caucasus_data.diff import compare, resolve, verdict

SCHEMA = {
    "fields": [
        {"name": "place_id", "type": "string", "description": "id"},
        {"name": "name", "type": "string", "description": "name"},
        {"name": "kind", "type": "string", "description": "kind", "constraints": {"enum": ["town", "region"]}},
    ],
    "primaryKey": ["place_id"],
}
ROWS = "place_id,name,kind\nbaku,Baku,town\nganja,Ganja,town\nkarabakh,Karabakh,region\n"


def package(root: Path, rows: str = ROWS, schema: dict | None = None, version: str = "0.1.0") -> Path:
    (root / "schemas").mkdir(parents=True, exist_ok=True)
    (root / "curated").mkdir(exist_ok=True)
    resource = {"name": "places", "path": "curated/places.csv", "schema": "schemas/places.schema.json"}
    (root / "datapackage.json").write_text(json.dumps({"name": "t", "version": version, "resources": [resource]}))
    (root / "schemas" / "places.schema.json").write_text(json.dumps(schema or SCHEMA))
    (root / "curated" / "places.csv").write_text(rows)
    return root


def run_diff(old: Path, new: Path, tmp_path: Path):
    result = compare(resolve(str(old), tmp_path / "o"), resolve(str(new), tmp_path / "n"))
    return result, verdict(result)


def test_rows_added_removed_and_changed_field_by_field(tmp_path):
    old = package(tmp_path / "old")
    new = package(
        tmp_path / "new", "place_id,name,kind\nbaku,Bakı,town\nkarabakh,Karabakh,region\nshusha,Shusha,town\n"
    )
    result, bump = run_diff(old, new, tmp_path)
    table = result.tables[0]
    assert [r["place_id"] for r in table.added] == ["shusha"]
    assert [r["place_id"] for r in table.removed] == ["ganja"]
    assert [(c.key, c.changes) for c in table.changed] == [({"place_id": "baku"}, {"name": ("Baku", "Bakı")})]
    assert bump.level == "major" and bump.suggested == "1.0.0" and not bump.declared_ok
    assert bump.breaking == ["places: 1 row removed: ganja"]


def test_a_changed_id_is_a_removal_and_an_addition_and_is_pointed_out(tmp_path):
    old = package(tmp_path / "old")
    new = package(tmp_path / "new", ROWS.replace("ganja,", "ganja-city,"))
    table = run_diff(old, new, tmp_path)[0].tables[0]
    assert table.renamed == [({"place_id": "ganja"}, {"place_id": "ganja-city"})]
    assert [r["place_id"] for r in table.removed] == ["ganja"]


@pytest.mark.parametrize(
    ("rows", "level", "suggested"),
    [
        (ROWS + "shusha,Shusha,town\n", "minor", "0.2.0"),
        (ROWS.replace("Ganja,", "Gəncə,"), "patch", "0.1.1"),
        (ROWS, "none", "0.1.0"),
    ],
)
def test_the_bump_follows_the_versioning_policy(tmp_path, rows, level, suggested):
    bump = run_diff(package(tmp_path / "old"), package(tmp_path / "new", rows), tmp_path)[1]
    assert (bump.level, bump.suggested) == (level, suggested)


def test_layout_alone_is_no_change(tmp_path):
    reordered = "place_id,name,kind\n" + '"baku","Baku",town\r\nkarabakh,Karabakh,region\nganja,Ganja,town\n'
    result, bump = run_diff(package(tmp_path / "old"), package(tmp_path / "new", reordered), tmp_path)
    assert bump.level == "none" and result.tables[0].status == "unchanged"


def test_schema_changes_are_weighed_too(tmp_path):
    schema = json.loads(json.dumps(SCHEMA))
    schema["fields"][2]["constraints"]["enum"] = ["town", "district"]
    schema["fields"].append({"name": "country", "type": "string", "description": "ISO code"})
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "name"]
    rows = "place_id,kind,country\nbaku,town,AZE\nganja,town,AZE\nkarabakh,town,AZE\n"
    result, bump = run_diff(package(tmp_path / "old"), package(tmp_path / "new", rows, schema), tmp_path)
    table = result.tables[0]
    assert table.columns_removed == ["name"] and table.columns_added == ["country"]
    assert table.codes_removed == [("kind", "region")] and table.codes_added == [("kind", "district")]
    assert bump.level == "major"
    assert bump.suggested == "0.2.0", "while the major version is 0 a schema change goes in a minor version"
    assert "major version is 0" in bump.note


def test_a_table_path_outside_the_package_is_not_read(tmp_path):
    """A proposed descriptor may point anywhere, and diff output is published: nothing outside is read."""
    (tmp_path / "secret.csv").write_text("place_id,name,kind\ntoken,s3cr3t,town\n")
    old = package(tmp_path / "old")
    new = package(tmp_path / "new")
    descriptor = json.loads((new / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = "../secret.csv"
    (new / "datapackage.json").write_text(json.dumps(descriptor))
    table = run_diff(old, new, tmp_path)[0].tables[0]
    assert "s3cr3t" not in json.dumps([table.added, [c.changes for c in table.changed]], default=str)
    assert any("outside the package folder" in note for note in table.notes)


def test_tables_added_and_removed(tmp_path):
    old = package(tmp_path / "old")
    new = tmp_path / "new"
    shutil.copytree(old, new)
    descriptor = json.loads((new / "datapackage.json").read_text())
    descriptor["resources"][0]["name"] = "sites"
    (new / "datapackage.json").write_text(json.dumps(descriptor))
    result, bump = run_diff(old, new, tmp_path)
    assert [(t.name, t.status) for t in result.tables] == [("places", "removed"), ("sites", "added")]
    assert bump.breaking == ["table places removed"]


def test_text_and_json_output(tmp_path, capsys):
    old = package(tmp_path / "old")
    new = package(tmp_path / "new", ROWS.replace("Baku,", "Bakı,") + "shusha,Shusha,town\n", version="0.2.0")
    assert main(["diff", str(old), str(new)]) == 0
    text = capsys.readouterr().out
    assert "places (curated/places.csv): 1 added, 0 removed, 1 changed" in text
    assert "  + place_id=shusha" in text
    assert "  ~ place_id=baku: name: 'Baku' -> 'Bakı'" in text
    assert "suggested version: 0.2.0 (from 0.1.0)" in text
    assert main(["diff", str(old), str(new), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["bump"] == "minor" and report["declared_version_ok"] is True
    table = report["tables"][0]
    assert table["added"] == [{"place_id": "shusha", "name": "Shusha", "kind": "town"}]
    assert table["changed"] == [{"key": {"place_id": "baku"}, "changes": {"name": {"old": "Baku", "new": "Bakı"}}}]


def test_cannot_run_exits_2_with_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "no-such-thing", "."]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "neither a folder nor a revision" in err


def git(cwd: Path, *args: str) -> None:
    identity = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", *identity, *args], cwd=cwd, check=True, capture_output=True)


def test_git_revisions_are_read_without_touching_the_working_tree(tmp_path, capsys, monkeypatch):
    repo = package(tmp_path / "repo")
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "first")
    git(repo, "tag", "v0.1.0")
    (repo / "curated" / "places.csv").write_text(ROWS + "shusha,Shusha,town\n")
    git(repo, "commit", "-q", "-am", "second")
    (repo / "curated" / "places.csv").write_text(ROWS.replace("Ganja,", "Gəncə,"))  # uncommitted
    monkeypatch.chdir(repo)
    assert main(["diff", "v0.1.0", "HEAD"]) == 0
    assert "  + place_id=shusha" in capsys.readouterr().out
    assert main(["diff", "HEAD~1", "."]) == 0
    out = capsys.readouterr().out
    assert "  ~ place_id=ganja: name: 'Ganja' -> 'Gəncə'" in out
    assert (repo / "curated" / "places.csv").read_text() == ROWS.replace("Ganja,", "Gəncə,")


def test_diff_of_the_shipped_package_with_itself(root, capsys):
    assert main(["diff", str(root), str(root)]) == 0
    assert "no change to the data" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("rows", "version", "code"),
    [
        (ROWS + "shusha,Shusha,town\n", "0.1.0", 1),  # a row added, version not raised: minor needed
        (ROWS + "shusha,Shusha,town\n", "0.2.0", 0),
        (ROWS + "shusha,Shusha,town\n", "1.0.0", 0),  # higher than needed is allowed
        (ROWS.replace("Baku,", "Bakı,"), "0.1.0", 1),  # a correction: patch needed
        (ROWS.replace("Baku,", "Bakı,"), "0.1.1", 0),
        (ROWS, "0.1.0", 0),  # no change, no bump
    ],
)
def test_check_exits_1_when_the_declared_version_is_too_low(tmp_path, capsys, rows, version, code):
    old = package(tmp_path / "old")
    new = package(tmp_path / "new", rows, version=version)
    assert main(["diff", str(old), str(new), "--check"]) == code
    captured = capsys.readouterr()
    assert captured.out.startswith("caucasus-data diff ")  # the report is printed either way
    if code:
        assert captured.err.count("\n") == 1
        assert f"declares version {version}, but this" in captured.err and "calls for at least" in captured.err
    else:
        assert captured.err == ""


def test_without_check_a_too_low_version_is_only_reported(tmp_path, capsys):
    old = package(tmp_path / "old")
    new = package(tmp_path / "new", ROWS + "shusha,Shusha,town\n", version="0.1.0")
    assert main(["diff", str(old), str(new)]) == 0
    assert "which is too low" in capsys.readouterr().out
