"""Rule `crosswalk`: every event and claim type is mapped to PLOVER (or said to have no mapping), once."""

from __future__ import annotations

import csv
import io
import json

import caucasus_data as cd

CROSSWALK = "curated/type_crosswalk.csv"


def crosswalk_errors(pkg):
    return [e for e in pkg.validate().errors if e.rule == "crosswalk"]


def test_the_shipped_crosswalk_maps_every_type_once(root):
    assert not [e for e in cd.validate(root).errors if e.rule == "crosswalk"]
    rows = list(csv.DictReader(io.StringIO((root / CROSSWALK).read_text(encoding="utf-8"))))
    for table, field in (("events", "event_type"), ("claims", "claim_type")):
        enum = cd.load(table).dtypes[field].categories.tolist()
        mapped = [r["code"] for r in rows if (r["table_name"], r["field_name"]) == (table, field)]
        assert sorted(mapped) == sorted(enum)


def test_the_crosswalk_cites_the_plover_specification(root):
    schema = json.loads((root / "schemas" / "type_crosswalk.schema.json").read_text(encoding="utf-8"))
    assert "github.com/openeventdata/PLOVER" in schema["description"]
    assert "5e0c24fba623f2d8df5ae3c7de7a94dba90d5b6f" in schema["description"]


def test_no_mapping_is_said_not_forced(root):
    rows = list(csv.DictReader(io.StringIO((root / CROSSWALK).read_text(encoding="utf-8"))))
    for row in rows:
        assert (row["fidelity"] == "none") == (row["plover_event"] == ""), row["mapping_id"]
        assert row["explanation"], row["mapping_id"]
    statement = next(r for r in rows if r["mapping_id"] == "events-statement")
    assert (statement["plover_event"], statement["cameo_root"]) == ("", "01")  # PLOVER drops CAMEO 01


def _drop_row(pkg, mapping_id: str) -> None:
    lines = pkg.text("type_crosswalk").split("\n")
    pkg.write("type_crosswalk", "\n".join(line for line in lines if not line.startswith(f"{mapping_id},")))


def test_a_type_without_a_row_is_an_error_naming_it(pkg):
    _drop_row(pkg, "events-meeting")
    errors = crosswalk_errors(pkg)
    assert [(e.path, e.line, e.value) for e in errors] == [(CROSSWALK, None, "meeting")]
    assert "events.event_type code 'meeting' has no row" in errors[0].message


def test_a_new_code_in_the_schema_needs_a_row(pkg):
    schema = pkg.schema("claims")
    field = next(f for f in schema["fields"] if f["name"] == "claim_type")
    field["constraints"]["enum"].append("rumour")
    field["categories"].append({"value": "rumour", "label": "rumour"})
    pkg.write_schema("claims", schema)
    errors = crosswalk_errors(pkg)
    assert [(e.line, e.value) for e in errors] == [(None, "rumour")]


def test_a_row_for_a_code_that_does_not_exist_is_an_error_on_its_line(pkg):
    line = pkg.append(
        "type_crosswalk",
        mapping_id="events-conference",
        table_name="events",
        field_name="event_type",
        code="conference",
        fidelity="none",
        explanation="Not a code.",
    )
    errors = crosswalk_errors(pkg)
    assert [(e.line, e.column, e.value) for e in errors] == [(line, "code", "conference")]
    assert "events.event_type has no code 'conference'" in errors[0].message


def test_a_type_mapped_twice_is_an_error_on_the_second_row(pkg):
    line = pkg.append(
        "type_crosswalk",
        mapping_id="events-visit-again",
        table_name="events",
        field_name="event_type",
        code="visit",
        plover_event="CONSULT",
        fidelity="exact",
        explanation="Twice.",
    )
    errors = crosswalk_errors(pkg)
    assert [(e.line, e.column) for e in errors] == [(line, "code")] and "mapped twice" in errors[0].message


def test_fidelity_none_with_a_category_is_an_error(pkg):
    line = pkg.append(
        "type_crosswalk",
        mapping_id="claims-zz",
        table_name="claims",
        field_name="claim_type",
        code="demand",
        plover_event="REQUEST",
        fidelity="none",
        explanation="Contradictory.",
    )
    columns = {(e.line, e.column) for e in crosswalk_errors(pkg)}
    assert (line, "plover_event") in columns
