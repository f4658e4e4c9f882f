"""The Python API: tables(), load(), load_all(), validate(), __version__, with the dtypes the schemas imply."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pandas as pd
import pyarrow as pa
import pytest
from conftest import NEWS

import caucasus_data as cd


def schema(root, table: str) -> dict:
    return json.loads((root / f"schemas/{table}.schema.json").read_text(encoding="utf-8"))


def test_tables_are_the_descriptors_resources_in_order(root):
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert cd.tables() == [r["name"] for r in descriptor["resources"]]


def test_version_is_the_data_packages(root):
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert cd.__version__ == descriptor["version"]
    assert cd.load("sources").attrs["version"] == cd.__version__


def test_every_column_has_the_dtype_its_field_implies(root):
    for name, frame in cd.load_all().items():
        fields = schema(root, name)["fields"]
        assert list(frame.columns) == [f["name"] for f in fields], name
        for f in fields:
            dtype = frame[f["name"]].dtype
            enum = f.get("constraints", {}).get("enum")
            if enum:
                assert isinstance(dtype, pd.CategoricalDtype) and list(dtype.categories) == enum, (name, f["name"])
            else:
                expected = {
                    "string": pd.StringDtype(),
                    "date": pd.ArrowDtype(pa.date32()),
                    "boolean": pd.BooleanDtype(),
                    "integer": pd.Int64Dtype(),
                    "number": pd.Float64Dtype(),
                }[f["type"]]
                assert dtype == expected, (name, f["name"], dtype)


def test_values_are_dates_booleans_codes_and_missing_values(pkg):
    pkg.add_event(date_start="2021-06-14", date_end="2021-06-15", notes="")
    pkg.append(
        "exercises",
        exercise_id="zz-exercise",
        description="A joint drill, with a comma.",
        date_start="2021-06-01",
        date_end="2021-06-30",
        date_precision="month",
        status="held",
        air="true",
        land="false",
        focus="unknown",
    )
    pkg.add_evidence("exercises", "zz-exercise")
    events = cd.load("events", path=pkg.root)
    row = events[events["event_id"] == "zz-visit"].iloc[0]
    assert row["date_start"] == datetime.date(2021, 6, 14) and isinstance(row["date_start"], datetime.date)
    assert row["status"] == "occurred" and row["notes"] is pd.NA and row["place_id"] is pd.NA
    exercises = cd.load("exercises", path=pkg.root)
    drill = exercises[exercises["exercise_id"] == "zz-exercise"].iloc[0]
    assert (drill["air"], drill["land"], drill["sea"]) == (True, False, pd.NA)
    assert drill["description"] == "A joint drill, with a comma."


def test_every_record_is_loaded_in_file_order(root):
    text = (root / "curated/sources.csv").read_text(encoding="utf-8")
    records = list(csv.DictReader(io.StringIO(text, newline="")))
    sources = cd.load("sources")
    assert sources["source_id"].tolist() == [r["source_id"] for r in records]
    news = sources.set_index("source_id").loc[NEWS]
    assert news["published_latest"] == datetime.date(2021, 7, 27)


def test_integer_and_number_fields_are_nullable(pkg):
    """No shipped table has one yet; a copy adds them to a schema."""
    table = pkg.schema("places")
    table["fields"] += [
        {"name": "zz_count", "type": "integer", "description": "A count."},
        {"name": "zz_share", "type": "number", "description": "A share."},
    ]
    pkg.write_schema("places", table)
    rows = list(csv.reader(io.StringIO(pkg.text("places"), newline="")))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*rows[0], "zz_count", "zz_share"])
    writer.writerows([*r, "3", "0.5"] if i == 0 else [*r, "", ""] for i, r in enumerate(rows[1:]))
    pkg.write("places", out.getvalue())
    places = cd.load("places", path=pkg.root)
    assert places["zz_count"].dtype == pd.Int64Dtype() and places["zz_share"].dtype == pd.Float64Dtype()
    assert places["zz_count"].tolist()[:2] == [3, pd.NA] and places["zz_share"].iloc[0] == 0.5


def test_descriptions_travel_with_the_frame(root):
    events = cd.load("events")
    described = schema(root, "events")
    assert events.attrs["descriptions"] == {f["name"]: f["description"] for f in described["fields"]}
    assert events.attrs["description"] == described["description"]
    assert events.attrs["primary_key"] == ["event_id"] and events.attrs["table"] == "events"


def test_load_all_gives_every_table(root):
    frames = cd.load_all()
    assert list(frames) == cd.tables()
    assert all(isinstance(frame, pd.DataFrame) for frame in frames.values())


def test_unknown_table_is_a_clear_key_error():
    with pytest.raises(KeyError) as raised:
        cd.load("event")
    message = str(raised.value)
    assert "'event'" in message and "events" in message and "sources" in message


def test_validate_returns_a_report(root, pkg):
    report = cd.validate()
    assert report.ok and bool(report) and len(report) == 0
    line = pkg.add_event(status="happened")
    broken = cd.validate(pkg.root)
    assert not broken and broken.by_rule() == {"enum": 1}
    assert broken.to_frame()[["path", "line", "rule"]].values.tolist() == [["curated/events.csv", line, "enum"]]


def test_load_validates_first_and_lists_errors_with_file_and_line(pkg):
    line = pkg.add_event(date_start="2021-02-30")
    with pytest.raises(cd.InvalidDataError) as raised:
        cd.load("places", path=pkg.root)
    assert f"curated/events.csv:{line}: [type] date_start" in str(raised.value)
    assert [(e.path, e.line, e.rule) for e in raised.value.report.errors] == [("curated/events.csv", line, "type")]
    frame = cd.load("places", validate=False, path=pkg.root)  # the data can still be read on purpose
    assert len(frame) > 0
