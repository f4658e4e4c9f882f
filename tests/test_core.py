"""The validator's core: what is loaded is what was checked, descriptors refuse unknown keys, and the rules are
found and run through their declarations alone."""

from __future__ import annotations

import ast
import json
import types
from pathlib import Path

import pytest
from conftest import swap_first_event_dates

import caucasus_data as cd
from caucasus_data.cli import main
from caucasus_data.errors import Code, Finding
from caucasus_data.rules import RuleModuleError, all_codes, chosen, discover, from_modules


@pytest.mark.parametrize(
    ("where", "change", "said"),
    [
        ("field", {"format": "%d/%m/%Y"}, "format"),
        ("schema", {"missingValues": ["", "NA"]}, "missingValues"),
        ("schema", {"x-window-exempt": {"field": "status", "values": ["planned"], "valus": []}}, "valus"),
        (
            "schema",
            {"foreignKeys": [{"fields": ["place_id"], "reference": {"resource": "places", "field": "x"}}]},
            "field",
        ),
        ("resource", {"encoding": "latin-1"}, "encoding"),
        ("resource", {"dialect": {"delimiter": ";"}}, "dialect"),
        ("package", {"licences": []}, "licences"),
    ],
)
def test_keys_and_values_the_code_does_not_act_on_are_refused(copy, where, change, said):
    if where in ("field", "schema"):
        path = copy / "schemas" / "events.schema.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        target = next(f for f in data["fields"] if f["name"] == "date_start") if where == "field" else data
    else:
        path = copy / "datapackage.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        target = data["resources"][0] if where == "resource" else data
    target.update(change)
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    found = [e for e in cd.validate(copy).errors if e.rule == "datapackage"]
    assert found and said in found[0].message, found


# Provenance names ----------------------------------------------------------------------------------------


def test_a_package_without_the_errata_table_is_refused_not_silently_unchecked(copy):
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] != "errata"]
    (copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    found = [e for e in cd.validate(copy).errors if "errata" in e.message]
    assert [(e.path, e.rule) for e in found] == [("datapackage.json", "datapackage")]
    assert "window" in found[0].message and "excuses_rule" in found[0].message


def test_a_provenance_column_missing_from_its_schema_is_named(copy):
    path = copy / "schemas" / "sources.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["x-dates"] = []
    schema["fields"] = [f for f in schema["fields"] if f["name"] != "published_latest"]
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    found = [e for e in cd.validate(copy).errors if e.path == "schemas/sources.schema.json"]
    assert any("published_latest" in e.message and "raw_integrity" in e.message for e in found), found


# The rule protocol ---------------------------------------------------------------------------------------


def rule_module(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(f"caucasus_data.rules.{name}")
    module.__dict__.update(attributes)
    return module


def test_every_rule_module_is_found_and_declares_codes_needs_and_a_check():
    rules = discover()
    assert [r.name.rsplit(".", 1)[-1] for r in rules] == [
        "canonical",
        "claim_relations",
        "constraints",
        "crosswalk",
        "dates",
        "evidence",
        "keys",
        "own_voice",
        "precision_span",
        "quotes",
        "raw_integrity",
        "safety",
        "verbatim_attribution",
        "window",
    ]
    assert all(r.codes and isinstance(r.needs, tuple) for r in rules)


def test_a_module_without_the_declarations_is_refused():
    with pytest.raises(RuleModuleError, match="CODES"):
        from_modules([rule_module("broken", check=lambda ctx: [])])
    with pytest.raises(RuleModuleError, match="declared by both"):
        from_modules([rule_module("again", CODES=(Code("type", "again"),), NEEDS=(), check=lambda ctx: [])])


def imports(path: Path) -> set[str]:
    """The modules a file imports, relative ones as written (``.rules``, ``..fmt.layout``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            found.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_the_core_names_no_rule_and_does_not_import_fmt():
    source = Path(cd.__file__).parent
    core = [p for p in source.glob("*.py")]
    for path in core:
        for module in imports(path):
            assert "fmt" not in module.split("."), (path.name, module)
            assert not module.startswith(".rules."), (path.name, module)


def test_the_release_modules_do_not_import_the_loader_that_imports_them():
    """``load(source="release")`` reads a release; the release modules take what they share from below both."""
    release = Path(cd.__file__).parent / "release"
    for path in release.glob("*.py"):
        assert "..load" not in imports(path), path.name


def test_a_rule_that_reports_a_code_it_did_not_declare_is_an_internal_fault(copy, monkeypatch, capsys):
    from caucasus_data.rules import dates

    monkeypatch.setattr(dates, "check", lambda ctx: [Finding(path="x", rule="date-ordre", message="typo")])
    assert main(["validate", str(copy)]) == 2
    assert "date-ordre" in capsys.readouterr().err


def test_select_runs_only_the_chosen_rules_and_reports_only_their_codes(copy, capsys):
    swap_first_event_dates(copy)
    (copy / "curated" / "officials.csv").write_bytes((copy / "curated" / "officials.csv").read_bytes() + b"\n\n")
    assert main(["validate", str(copy)]) == 1
    everything = capsys.readouterr().out
    assert "[date-order]" in everything and "[format]" in everything
    assert main(["validate", "--select", "date-order", str(copy)]) == 1
    selected = capsys.readouterr().out.splitlines()
    assert all("[date-order]" in line for line in selected[:-1]) and selected[-1] == "1 errors (date-order 1)"
    assert main(["validate", "--ignore", "date-order,format", str(copy)]) == 0
    assert capsys.readouterr().out.startswith("valid: ")
    run, codes = chosen(select=["quote"])
    assert [r.name for r in run] == ["caucasus_data.rules.quotes"] and codes == {"quote"}


def test_an_unknown_code_is_a_usage_error(copy, capsys):
    assert main(["validate", "--select", "date-ordre", str(copy)]) == 2
    assert "no rule has the code(s) date-ordre" in capsys.readouterr().err


def test_list_rules_prints_every_declared_code(capsys):
    assert main(["validate", "--list-rules"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines()]
    assert listed == list(all_codes())


def test_warnings_leave_the_data_valid_unless_strict(copy, monkeypatch, capsys):
    from caucasus_data import rules

    advisory = rule_module(
        "advice",
        CODES=(Code("advice", "an advisory check", "warning"),),
        NEEDS=(),
        check=lambda ctx: [Finding(path="curated/events.csv", rule="advice", message="consider this", line=2)],
    )
    found = (*discover(), *from_modules([advisory]))
    monkeypatch.setattr(rules, "discover", lambda: found)
    assert main(["validate", str(copy)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-3:] == [
        "warnings (advisory: the data stays valid; `validate --strict` makes them errors):",
        "curated/events.csv:2: [advice] consider this",
        f"valid: {copy} (1 warnings)",
    ]
    assert main(["validate", "--format", "json", str(copy)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] and report["errors"][0]["severity"] == "warning"
    assert main(["validate", "--format", "github", str(copy)]) == 0
    assert capsys.readouterr().out.startswith("::warning file=curated/events.csv,line=2,")
    assert main(["validate", "--strict", str(copy)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 errors (advice 1)"


# Findings and exceptions ---------------------------------------------------------------------------------


def test_a_finding_is_built_with_keywords_only():
    with pytest.raises(TypeError):
        Finding("curated/events.csv", "quote", "message")  # type: ignore[misc]


def test_the_old_record_name_still_works_and_warns():
    with pytest.warns(DeprecationWarning, match="Finding"):
        assert cd.ValidationError is Finding


def test_every_exception_of_the_package_has_one_base():
    from caucasus_data.model import DescriptorError
    from caucasus_data.release import ReleaseError
    from caucasus_data.validator import PackageNotFound

    for exc in (cd.InvalidDataError, DescriptorError, ReleaseError, PackageNotFound):
        assert issubclass(exc, cd.CaucasusDataError), exc


def test_a_mapped_file_written_to_while_it_was_read_is_noticed(tmp_path, monkeypatch):
    from caucasus_data import filebytes
    from caucasus_data.snapshot import Snapshot

    monkeypatch.setattr(filebytes, "MAPPED_FROM", 1)
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n1\n")
    files = Snapshot(tmp_path, keep=True, digests=True)
    files.read("t.csv")
    assert files.unchanged()
    with open(path, "r+b") as handle:  # in place, as an editor saving over the file does
        handle.seek(2)
        handle.write(b"2")
    assert not files.unchanged()
    assert not files.release("t.csv")  # the loader drops a table's bytes once read, checking them as it does
