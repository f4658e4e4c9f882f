"""Property: CSV → load → write → load loses nothing, for rows valid under any of the real Table Schemas.

Rows are generated from each field's type and constraints (enums, patterns, dates, booleans, empty optional
cells) with text that holds commas, double quotes, line breaks and non-ASCII letters. The project has no
DataFrame-to-CSV writer of its own, so the frame is written back with pandas in the schema's column order,
booleans spelled as the schema spells them.
"""

from __future__ import annotations

import csv
import io
import json
import string
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, descriptors_only
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caucasus_data as cd

SCHEMAS = {
    p.name.removesuffix(".schema.json"): json.loads(p.read_text(encoding="utf-8"))
    for p in sorted((ROOT / "schemas").glob("*.schema.json"))
}
# Cells as a curator writes them: trimmed, no carriage return or tab, nothing a spreadsheet would run; with
# the characters that CSV quoting and Unicode handling get wrong (separators, quotes, line breaks, no-break
# spaces, combining marks, letters outside the Basic Multilingual Plane).
LETTERS = list(string.ascii_letters + string.digits + " .;:/()-_?!%&")
LETTERS += list("əçşğıöüİÇŞĞÖÜАБВабв–—“”‘’…€é\u0301\u00a0😀")
CHARACTERS = st.sampled_from([*LETTERS, ",", '"', "'", "\n"])
TEXT = st.text(CHARACTERS, min_size=1, max_size=20).filter(lambda s: s == s.strip() and s[0] not in "=+@")
REGEX_CHARACTERS = st.sampled_from([c for c in LETTERS if not c.isspace()])
# A pattern that separates its parts by a literal space (a list of days) draws the space too.
SEPARATED_CHARACTERS = st.sampled_from([*(c for c in LETTERS if not c.isspace()), " "])


def cell(field: dict, required: bool) -> st.SearchStrategy[str]:
    constraints = field.get("constraints", {})
    if constraints.get("enum"):
        value = st.sampled_from(constraints["enum"])
    elif field["type"] == "date":
        value = st.dates(date(1900, 1, 1), date(2100, 12, 31)).map(date.isoformat)
    elif field["type"] == "boolean":
        value = st.sampled_from(["true", "false"])
    elif field["type"] == "integer":
        value = st.integers(constraints.get("minimum", -(2**63)), constraints.get("maximum", 2**63 - 1)).map(str)
    elif constraints.get("pattern"):
        alphabet = SEPARATED_CHARACTERS if " " in constraints["pattern"] else REGEX_CHARACTERS
        value = st.from_regex(constraints["pattern"], fullmatch=True, alphabet=alphabet).filter(
            lambda s: s[:1] not in "=+@"
        )
    else:
        value = TEXT
    return value if required else st.just("") | value


@st.composite
def tables(draw) -> tuple[str, list[list[str]]]:
    name = draw(st.sampled_from(sorted(SCHEMAS)))
    schema = SCHEMAS[name]
    key = schema["primaryKey"]
    row = st.tuples(
        *(cell(f, f.get("constraints", {}).get("required", False) or f["name"] in key) for f in schema["fields"])
    )
    positions = [i for i, f in enumerate(schema["fields"]) if f["name"] in key]
    rows = draw(st.lists(row, max_size=6, unique_by=lambda r: tuple(r[i] for i in positions)))
    return name, [list(r) for r in rows]


def as_text(value) -> str:
    """A loaded value as the CSV spells it."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def write_back(frame: pd.DataFrame, schema: dict, path: Path) -> None:
    out = frame[[f["name"] for f in schema["fields"]]].copy()
    for f in schema["fields"]:
        if f["type"] == "boolean":
            out[f["name"]] = out[f["name"]].map({True: "true", False: "false"}).astype("object")
    out.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    return descriptors_only(tmp_path_factory.mktemp("roundtrip") / "package")


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(tables())
def test_csv_load_write_load_loses_nothing(skeleton, table):
    name, rows = table
    schema = SCHEMAS[name]
    path = skeleton / f"curated/{name}.csv"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[f["name"] for f in schema["fields"]], *rows])
    path.write_text(out.getvalue(), encoding="utf-8")

    first = cd.load(name, validate=False, path=skeleton)
    assert list(first.columns) == [f["name"] for f in schema["fields"]]
    assert [[as_text(v) for v in r] for r in first.astype(object).itertuples(index=False)] == rows

    write_back(first, schema, path)
    second = cd.load(name, validate=False, path=skeleton)
    pd.testing.assert_frame_equal(first, second, check_dtype=True, check_categorical=True)
