"""Every rule code is documented and tested, and every example message in CONTRIBUTING.md is real.

The codes are the rule modules' own declarations (``CODES``, see :mod:`caucasus_data.rules`): a new rule
module whose code has no section in CONTRIBUTING.md, no example in it, or no mistake in :data:`MISTAKES`
below makes this module fail. Each mistake is made in a package that is small and fixed (the shipped
descriptor and Table Schemas, one source document of its own and a handful of rows), so the lines in the
messages do not move as the curated tables grow; a message that changes in the code must change in
CONTRIBUTING.md too, or the test says which one drifted.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import copy_reference_tables
from test_contributor_walkthrough import (
    CLAIM_ID,
    CLAIM_QUOTE,
    EVENT_ID,
    OFFICIAL_ID,
    SOURCE_ID,
    add_contribution,
    append,
    edit,
)

from caucasus_data.cli import main
from caucasus_data.errors import Code
from caucasus_data.rules import all_codes, rule_table

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "CONTRIBUTING.md"


def small_package(target: Path) -> Path:
    """The shipped descriptor and schemas, every table empty but for one place and the walkthrough's rows."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    (target / "curated").mkdir()
    (target / "raw").mkdir()
    for table in json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))["resources"]:
        schema = json.loads((target / table["schema"]).read_text(encoding="utf-8"))
        header = ",".join(field["name"] for field in schema["fields"])
        (target / table["path"]).write_text(header + "\n", encoding="utf-8")
    copy_reference_tables(target)
    append(target, "places", place_id="baku", name="Baku", place_type="settlement", country="AZE")
    add_contribution(target)
    assert main(["fmt", str(target)]) == 0
    return target


def replace_bytes(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) == 1, old
    path.write_bytes(data.replace(old, new))


def set_field(root: Path, table: str, name: str, **changes) -> None:
    path = root / "schemas" / f"{table}.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    field = next(f for f in schema["fields"] if f["name"] == name)
    field.update(changes)
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")


def swap_rows(root: Path, table: str) -> None:
    path = root / "curated" / f"{table}.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1], lines[2] = lines[2], lines[1]
    path.write_text("\n".join(lines), encoding="utf-8")


def drop_evidence_of_the_official(root: Path) -> None:
    path = root / "curated" / "evidence.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(line for line in lines if f",officials,{OFFICIAL_ID}," not in line), encoding="utf-8")


MISTAKES: dict[str, Callable[[Path], None]] = {
    "datapackage": lambda r: replace_bytes(
        r / "datapackage.json", b'"name": "caucasus-data",', b'"name": "caucasus-data"'
    ),
    "encoding": lambda r: replace_bytes(
        r / "curated" / "events.csv", "and Türkiye meet".encode(), b"and T\xfcrkiye meet"
    ),
    "structure": lambda r: replace_bytes(r / "curated" / "officials.csv", b"Ayaz Misal,", b"Misal, Ayaz,"),
    "format": lambda r: swap_rows(r, "evidence"),
    "type": lambda r: edit(r, "events", "event_id", EVENT_ID, "date_start", "15/06/2021"),
    "required": lambda r: edit(r, "events", "event_id", EVENT_ID, "title", ""),
    "unique": lambda r: append(
        r,
        "sources",
        source_id=f"{SOURCE_ID}-copy",
        document_type="news_article",
        language="en",
        raw_path=f"raw/{SOURCE_ID}.txt",
        sha256=hashlib.sha256((r / "raw" / f"{SOURCE_ID}.txt").read_bytes()).hexdigest(),
        window_basis="The same file entered twice.",
    ),
    "enum": lambda r: edit(r, "events", "event_id", EVENT_ID, "event_type", "conference"),
    "pattern": lambda r: edit(r, "sources", "source_id", SOURCE_ID, "language", "EN"),
    "length": lambda r: set_field(r, "events", "title", constraints={"required": True, "maxLength": 40}),
    "range": lambda r: (
        set_field(r, "events", "notes", type="integer", constraints={"minimum": 0}),
        edit(r, "events", "event_id", EVENT_ID, "notes", "-1"),
    ),
    "primary-key": lambda r: append(r, "officials", official_id=OFFICIAL_ID, name="A. Misal", person_type="other"),
    "foreign-key": lambda r: edit(r, "events", "event_id", EVENT_ID, "place_id", "gandja"),
    "reference": lambda r: append(
        r,
        "evidence",
        evidence_id=f"official-{OFFICIAL_ID}-2",
        record_table="officials",
        record_id="ayaz-misall",
        source_id=SOURCE_ID,
        quote="said the minister, Ayaz Misal",
    ),
    "exactly-one": lambda r: append(
        r,
        "participants",
        participant_id="walkthrough-meeting-azerbaijan",
        record_table="events",
        record_id=EVENT_ID,
        country="AZE",
        official_id=OFFICIAL_ID,
        role="participant",
    ),
    "evidence": drop_evidence_of_the_official,
    "raw-integrity": lambda r: (r / "raw" / f"{SOURCE_ID}.txt").write_bytes(
        (r / "raw" / f"{SOURCE_ID}.txt").read_bytes() + b"\n"
    ),
    "quote": lambda r: edit(
        r, "evidence", "record_id", CLAIM_ID, "quote", CLAIM_QUOTE.replace("“", '"').replace("”", '"')
    ),
    "date-order": lambda r: edit(r, "events", "event_id", EVENT_ID, "date_end", "2021-06-14"),
    "publication-window": lambda r: (
        edit(r, "events", "event_id", EVENT_ID, "date_start", "2021-06-20"),
        edit(r, "events", "event_id", EVENT_ID, "date_end", "2021-06-20"),
    ),
    "spreadsheet-safety": lambda r: edit(
        r, "officials", "official_id", OFFICIAL_ID, "notes", "@ayazmisal on social media"
    ),
    "crosswalk": lambda r: (r / "curated" / "type_crosswalk.csv").write_text(
        "".join(
            line
            for line in (r / "curated" / "type_crosswalk.csv").read_text(encoding="utf-8").splitlines(keepends=True)
            if not line.startswith("events-meeting,")
        ),
        encoding="utf-8",
    ),
    "precision-span": lambda r: edit(r, "events", "event_id", EVENT_ID, "date_precision", "week"),
    "verbatim-attribution": lambda r: edit(r, "claims", "claim_id", CLAIM_ID, "claimant_as_printed", "Minister Misal"),
    "own-voice": lambda r: edit(
        r, "events", "event_id", EVENT_ID, "description", "The ministers met in Baku after the provocations."
    ),
    "claim-relations": lambda r: append(
        r,
        "claim_relations",
        relation_id="walkthrough-self",
        claim_id=CLAIM_ID,
        related_claim_id=CLAIM_ID,
        relation="supports",
        explanation="The same claim.",
    ),
}


def documented() -> dict[str, list[str]]:
    """Each rule's example block in CONTRIBUTING.md: the lines of the ```text block under ### `rule`."""
    text = GUIDE.read_text(encoding="utf-8")
    found = {}
    for match in re.finditer(r"^### `([a-z-]+)`\n(.*?)(?=^#{2,3} |\Z)", text, re.MULTILINE | re.DOTALL):
        block = re.search(r"```text\n(.*?)```", match[2], re.DOTALL)
        found[match[1]] = block[1].strip("\n").split("\n") if block else []
    return found


def undocumented(codes: dict[str, Code], sections: dict[str, list[str]], tested: set[str]) -> list[str]:
    """What keeps a declared code from being documented and tested; empty when nothing does."""
    problems = [f"{code}: no section ### `{code}` in CONTRIBUTING.md" for code in codes if code not in sections]
    problems += [f"{code}: its section shows no example message" for code in codes if sections.get(code) == []]
    problems += [f"{code}: no mistake in MISTAKES makes the tool report it" for code in codes if code not in tested]
    problems += [f"{code}: documented but declared by no rule" for code in sections if code not in codes]
    return problems


def test_every_code_has_a_section_an_example_and_a_test():
    assert undocumented(all_codes(), documented(), set(MISTAKES)) == []


def test_a_new_code_without_a_section_or_a_test_fails_the_guard():
    codes = all_codes() | {"new-rule": Code("new-rule", "something new")}
    assert undocumented(codes, documented(), set(MISTAKES)) == [
        "new-rule: no section ### `new-rule` in CONTRIBUTING.md",
        "new-rule: no mistake in MISTAKES makes the tool report it",
    ]
    sections = documented() | {"new-rule": []}
    assert undocumented(codes, sections, set(MISTAKES) | {"new-rule"}) == [
        "new-rule: its section shows no example message"
    ]


def test_the_list_of_rules_is_the_declarations():
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"<!-- rules:[^\n]*-->\n(.*?)<!-- /rules -->", text, re.DOTALL)
    assert block is not None and block[1] == rule_table(), "regenerate the table from caucasus_data.rules.rule_table()"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    return small_package(tmp_path_factory.mktemp("small") / "package")


def test_the_small_package_is_valid(pristine, capsys, monkeypatch):
    monkeypatch.chdir(pristine)
    assert main(["validate", "."]) == 0, capsys.readouterr().out


@pytest.mark.parametrize("rule", sorted(MISTAKES))
def test_the_documented_message_is_what_the_tool_says(rule, pristine, tmp_path, capsys, monkeypatch):
    root = tmp_path / "package"
    shutil.copytree(pristine, root)
    MISTAKES[rule](root)
    monkeypatch.chdir(root)
    capsys.readouterr()
    assert main(["validate", "."]) == 1
    said = capsys.readouterr().out.splitlines()
    assert any(f"[{rule}]" in line for line in said), said
    for line in documented()[rule]:
        assert line in said, (
            f"CONTRIBUTING.md shows a message the tool no longer gives:\n{line}\nit says:\n" + "\n".join(said)
        )
