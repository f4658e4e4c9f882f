"""Rules `type`, `required`, `unique`, `enum`, `pattern`, `length` and `range`: what each Table Schema constrains."""

from __future__ import annotations

import csv
import io

from conftest import NEWS

EVENTS = "curated/events.csv"


BAD_DATES = ["2021-02-30", "2021-6-15", "15.06.2021", "2021-06-15T10:00", "June 2021", "2021-13-01", "02021-06-15"]


def test_a_date_that_is_not_iso_or_not_in_the_calendar(pkg):
    """One event per bad date, each reported on its own line."""
    lines = {pkg.add_event(f"zz-visit-{n}", date_start=d): d for n, d in enumerate(BAD_DATES)}
    assert pkg.new() == {(EVENTS, line, "type", "date_start") for line in lines}
    for error in pkg.new_errors():
        assert error.value == lines[error.line] and "YYYY-MM-DD" in error.message


def test_a_day_rolled_over_by_the_parser_is_still_refused(pkg):
    """pyarrow's strptime reads 2023-02-30 as 2023-03-02; the validator must not."""
    line = pkg.add_event(date_start="2023-02-30", date_end="2023-02-30")
    assert pkg.new() == {(EVENTS, line, "type", "date_start"), (EVENTS, line, "type", "date_end")}


def add_exercise(pkg, **cells) -> int:
    row = {
        "exercise_id": "zz-exercise",
        "description": "A joint drill.",
        "date_start": "2021-06-01",
        "date_end": "2021-06-30",
        "date_precision": "month",
        "status": "held",
        "focus": "unknown",
    }
    row.update(cells)
    line = pkg.append("exercises", **row)
    pkg.add_evidence("exercises", row["exercise_id"])
    return line


def test_a_boolean_that_is_not_true_or_false(pkg):
    lines = {add_exercise(pkg, exercise_id=f"zz-exercise-{n}", air=v): v for n, v in enumerate(["yes", "True", "1"])}
    assert pkg.new() == {("curated/exercises.csv", line, "type", "air") for line in lines}
    for error in pkg.new_errors():
        assert error.value == lines[error.line] and "`true` or `false`" in error.message


def test_booleans_true_and_false_pass(pkg):
    add_exercise(pkg, air="true", land="false")
    assert pkg.new_errors() == []


def test_required_cell_left_empty(pkg):
    line = pkg.add_event(title="")
    assert pkg.new() == {(EVENTS, line, "required", "title")}


def test_enum_code_not_in_the_schema(pkg):
    line = pkg.add_event(status="happened")
    assert pkg.new() == {(EVENTS, line, "enum", "status")}
    (error,) = pkg.new_errors()
    assert error.value == "happened" and "occurred" in error.message  # lists the allowed codes


def test_enum_codes_are_case_sensitive(pkg):
    line = pkg.add_event(event_type="Visit")
    assert pkg.new() == {(EVENTS, line, "enum", "event_type")}


def source_line(pkg, source_id: str) -> int:
    return 1 + next(i for i, line in enumerate(pkg.text("sources").split("\n")) if line.startswith(source_id + ","))


def test_pattern_mismatch(pkg):
    line = source_line(pkg, NEWS)
    pkg.write("sources", pkg.text("sources").replace(",news_article,en,raw/", ",news_article,English,raw/", 1))
    assert pkg.new() == {("curated/sources.csv", line, "pattern", "language")}


def test_an_id_that_is_not_a_slug(pkg):
    line = pkg.add_event(event_id="zz_Visit")
    assert {e for e in pkg.new() if e[0] == EVENTS} == {(EVENTS, line, "pattern", "event_id")}
    (error,) = [e for e in pkg.new_errors() if e.path == EVENTS]
    assert error.value == "zz_Visit" and "lowercase" in error.message


def test_unique_column_repeated(pkg):
    news = pkg.text("sources").split("\n")[source_line(pkg, NEWS) - 1]
    line = pkg.append_raw("sources", "zz-" + news + "\n")  # another id, same raw_path and sha256
    first = source_line(pkg, NEWS)
    new = pkg.new()
    assert {("curated/sources.csv", line, "unique", c) for c in ("raw_path", "sha256")} <= new
    assert {(rule, n) for _, n, rule, _ in new} <= {("unique", line), ("unique", first)}


def test_length_and_range_constraints(pkg):
    """No shipped schema sets them yet; a copy adds them to prove the rules work."""
    schema = pkg.schema("places")
    longest = max(len(row["name"]) for row in csv.DictReader(io.StringIO(pkg.text("places"))))
    next(f for f in schema["fields"] if f["name"] == "name")["constraints"]["maxLength"] = max(longest, 10)
    schema["fields"].append(
        {"name": "zz_count", "type": "integer", "description": "A test count.", "constraints": {"minimum": 0}}
    )
    pkg.write_schema("places", schema)
    rows = list(csv.reader(io.StringIO(pkg.text("places"), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[*rows[0], "zz_count"], *[[*r, "1"] for r in rows[1:]]])
    pkg.write("places", out.getvalue())
    baseline = pkg.new()
    long_name = pkg.append("places", place_id="zz-a", name="x" * (max(longest, 10) + 1), place_type="settlement")
    negative = pkg.append("places", place_id="zz-b", name="B", place_type="settlement", zz_count="-1")
    not_int = pkg.append("places", place_id="zz-c", name="C", place_type="settlement", zz_count="1.5")
    assert pkg.new() - baseline == {
        ("curated/places.csv", long_name, "length", "name"),
        ("curated/places.csv", negative, "range", "zz_count"),
        ("curated/places.csv", not_int, "type", "zz_count"),
    }


def test_a_reference_that_lands_on_a_key_breaking_the_pattern_breaks_it_too(pkg):
    """The pattern of a reference is read off the key it lands on: both rows are reported, and nothing dangles."""
    place = pkg.append("places", place_id="zz_Place", name="Somewhere", place_type="settlement")
    event = pkg.add_event(place_id="zz_Place")
    assert pkg.new() == {("curated/places.csv", place, "pattern", "place_id"), (EVENTS, event, "pattern", "place_id")}


def test_a_dangling_reference_is_matched_against_the_pattern_itself(pkg):
    event = pkg.add_event(place_id="Nowhere At All")
    assert pkg.new() == {(EVENTS, event, "pattern", "place_id"), (EVENTS, event, "foreign-key", "place_id")}
    assert {e.value for e in pkg.new_errors()} == {"Nowhere At All"}


def test_a_polymorphic_reference_inherits_the_pattern_of_the_row_it_names(pkg):
    """evidence.record_id lands on events.event_id; a bad event id is reported on both, a bad claim id only once."""
    event = pkg.add_event(event_id="zz_Visit")
    evidence = pkg.next_line("evidence") - 1  # the event's evidence row
    dangling = pkg.add_evidence("claims", "Zz-Claim")
    assert pkg.new() == {
        (EVENTS, event, "pattern", "event_id"),
        ("curated/evidence.csv", evidence, "pattern", "record_id"),
        ("curated/evidence.csv", dangling, "pattern", "record_id"),
        ("curated/evidence.csv", dangling, "reference", "record_id"),
    }


def test_inherited_patterns_equal_the_pattern_run_over_every_cell(pkg):
    """Whatever lands where, the rows read off the keys are exactly the rows the expression refuses."""
    import numpy as np
    import pyarrow.compute as pc

    from caucasus_data.context import Context
    from caucasus_data.derive import pattern_matches
    from caucasus_data.model import read_package
    from caucasus_data.rules import constraints
    from caucasus_data.rules._inherited import failing_rows, inheriting
    from caucasus_data.snapshot import Snapshot
    from caucasus_data.validator import read_tables

    pkg.append("places", place_id="zz_Place", name="Somewhere", place_type="settlement")
    pkg.add_event(event_id="zz_Visit", place_id="zz_Place")
    pkg.add_event(event_id="zz-visit-2", place_id="nowhere", parent_event_id="Zz Visit")
    pkg.add_evidence("claims", "Zz-Claim")
    pkg.add_evidence("places", "zz_Place")
    package, _ = read_package(pkg.root)
    files = Snapshot(pkg.root)
    tables, _ = read_tables(files, package)
    ctx = Context(files, package, tables)
    found = {name: constraints.check_table(data)[1] for name, data in tables.items()}
    failing = {(name, column): rows for name, patterns in found.items() for column, rows in patterns.items()}
    inherit = inheriting(package)
    assert {"place_id", "parent_event_id"} <= set(inherit["events"]) and "record_id" in inherit["evidence"]
    checked = 0
    for name, columns in inherit.items():
        for column, links in columns.items():
            values = tables[name].typed[column]
            pattern = tables[name].schema.field(column).constraints.pattern
            refused = pc.and_(pc.is_valid(values), pc.invert(pattern_matches(values, pattern)))
            expected = np.flatnonzero(np.asarray(refused.to_numpy(zero_copy_only=False), dtype=bool))
            assert failing_rows(ctx, tables[name], column, links, failing).tolist() == expected.tolist(), (name, column)
            checked += len(expected)
    assert checked >= 5
