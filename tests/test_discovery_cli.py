"""`tables`, `describe`, `show`: what a new user runs first, and every subcommand's --help with an example."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import caucasus_data as cd
from caucasus_data.cli import build_parser, main
from caucasus_data.load import schema


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_tables_lists_every_table_in_order_with_its_rows(capsys, root):
    code, out, _ = cli(capsys, "tables", "--dir", str(root))
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert lines[0].split() == ["table", "rows", "one", "row", "per"]
    names = [line.split()[0] for line in lines[2:]]
    assert names == cd.tables()
    rows = {line.split()[0]: int(line.split()[1]) for line in lines[2:]}
    assert rows == {name: len(cd.load(name)) for name in cd.tables()}


def test_tables_json_is_for_tools(capsys, root):
    code, out, _ = cli(capsys, "tables", "--format", "json", "--dir", str(root))
    entries = json.loads(out)
    assert code == 0 and [e["name"] for e in entries] == cd.tables()
    assert all(e["description"] == schema(e["name"]).description for e in entries)


def test_tables_imports_neither_pandas_nor_pyarrow_of_its_own(root):
    """The command's own work is the standard library's: what `import caucasus_data` costs is measured elsewhere."""
    from caucasus_data import catalog

    script = (
        "import sys; from pathlib import Path; import caucasus_data.catalog as c; "
        "before = set(sys.modules); c.catalog(Path(sys.argv[1])); "
        "print(sorted(m for m in set(sys.modules) - before if m.split('.')[0] in ('pandas', 'pyarrow', 'pydantic')))"
    )
    out = subprocess.run([sys.executable, "-c", script, str(root)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert catalog.catalog(root)[0].name == "sources"


def test_describe_shows_every_field_with_its_type_description_and_codes(capsys, root):
    code, out, _ = cli(capsys, "describe", "events", "--dir", str(root))
    assert code == 0
    found = schema("events")
    assert out.startswith(f"events: {found.description}")
    assert "primary key: event_id" in out and "foreign key: place_id -> places.place_id" in out
    for field in found.fields:
        assert f"\n{field.name}  ({field.type}" in out
    assert "    codes:\n      day " in out or "    codes:\n      armed_conflict" in out
    for code_ in found.field("event_type").enum:
        assert f"\n      {code_}" in out


def test_describe_json_lists_codes_in_schema_order(capsys, root):
    _, out, _ = cli(capsys, "describe", "events", "--format", "json", "--dir", str(root))
    record = json.loads(out)
    fields = {f["name"]: f for f in record["fields"]}
    assert [c["code"] for c in fields["date_precision"]["codes"]] == schema("events").field("date_precision").enum
    assert record["primary_key"] == ["event_id"]


def test_describe_an_unknown_table_lists_the_tables(capsys, root):
    code, out, err = cli(capsys, "describe", "event", "--dir", str(root))
    assert (code, out) == (2, "") and "the tables are: sources" in err


def test_show_where_keeps_only_matching_rows(capsys, root):
    code, out, _ = cli(capsys, "show", "events", "--where", "event_type=visit", "--format", "csv", "--dir", str(root))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    events = cd.load("events")
    expected = events[events["event_type"] == "visit"]["event_id"].tolist()
    assert [r["event_id"] for r in rows] == expected and expected
    assert list(rows[0]) == schema("events").field_names


def test_show_where_on_a_date_and_two_conditions(capsys, root):
    argv = ["show", "events", "--where", "date_start=2021-06-15", "--where", "event_type=visit", "--format", "json"]
    code, out, _ = cli(capsys, *argv, "--dir", str(root))
    rows = json.loads(out)
    assert code == 0 and [r["event_id"] for r in rows] == ["shusha-visit-2021-06-15"]
    assert rows[0]["date_start"] == "2021-06-15"


def test_show_limit_and_columns_in_the_table_form(capsys, root):
    code, out, _ = cli(capsys, "show", "events", "--limit", "2", "--columns", "event_id,status", "--dir", str(root))
    lines = out.rstrip("\n").split("\n")
    assert code == 0 and lines[0].split() == ["event_id", "status"] and len(lines) == 5
    assert lines[-1] == f"(2 of {len(cd.load('events'))} rows)"


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--where", "kind=visit"], "no column 'kind'; its columns are: event_id"),
        (["--where", "event_type=visits"], "'visits' is not a code of event_type; its codes are: armed_conflict"),
        (["--where", "event_type"], "is not COL=VALUE"),
        (["--columns", "event_id,nope"], "no column 'nope'"),
        (["--limit", "-1"], "--limit must be 0 or more"),
    ],
)
def test_show_refuses_a_bad_filter_with_exit_2(capsys, root, argv, says):
    code, out, err = cli(capsys, "show", "events", *argv, "--dir", str(root))
    assert (code, out) == (2, "") and says in err


def test_show_escapes_control_characters_in_every_form(capsys, pkg):
    pkg.add_event(title="Visit \x1b[31mred\x1b[0m\u202eevil\x85end")
    code, out, _ = cli(capsys, "show", "events", "--where", "event_id=zz-visit", "--dir", str(pkg.root))
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\x85" not in out
    assert "Visit \\x1b[31mred" in out
    code, out, _ = cli(
        capsys, "show", "events", "--where", "event_id=zz-visit", "--format", "json", "--dir", str(pkg.root)
    )
    assert "\x1b" not in out and "\u202e" not in out and "\x85" not in out
    assert json.loads(out)[0]["title"] == "Visit \x1b[31mred\x1b[0m\u202eevil\x85end"  # the value itself is intact


def test_show_reads_a_working_copy_even_when_it_is_invalid(capsys, pkg):
    pkg.add_event(event_type="conference")
    code, out, _ = cli(
        capsys, "show", "events", "--where", "event_id=zz-visit", "--format", "csv", "--dir", str(pkg.root)
    )
    assert code == 0 and "zz-visit" in out


def subcommands() -> list[str]:
    parser, _ = build_parser()
    return sorted(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]


@pytest.mark.parametrize("command", subcommands())
def test_every_subcommand_help_has_an_example(capsys, command):
    code, out, _ = cli(capsys, command, "--help")
    assert code == 0
    examples = out[out.index("examples:") :].splitlines()[1:]
    assert any(line.strip().startswith("caucasus-data ") or "caucasus-data " in line for line in examples), out


def test_the_discovery_commands_are_listed(capsys):
    assert {"tables", "describe", "show", "cite"} <= set(subcommands())
