"""Property: the constraint checks run as Arrow kernels and run through pandera find the same cells.

Both executions read one list of checks derived from the Table Schema (:mod:`caucasus_data.checks`); the
validator runs the Arrow one, :func:`caucasus_data.pandera_schema` hands out the pandera one. Here both run on
the same typed columns, of generated schemas and tables and of the shipped tables with cells corrupted, and
must agree on every (check, row).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caucasus_data import arrow_checks, pandera_checks
from caucasus_data.checks import field_checks
from caucasus_data.csvread import read_csv
from caucasus_data.model import TableSchema, read_package
from caucasus_data.parse import parse_table

PATTERNS = [r"^[a-z0-9]+(-[a-z0-9]+)*$", r"^[a-z]{2,3}(-[A-Za-z0-9]+)*$", r"[0-9]", r"^raw/[^/]+$"]
CELLS = ["", "a", "b", "ab-c", "Ab", "en", "EN", "1", "-1", "2", "10", "1.5", "2021-06-15", "2021-02-30", "true"]
CELLS += ["false", "yes", " x", "é", "ü-ü", "raw/x.txt", "1e3", "99999999999999999999"]


def as_dict(found: dict) -> dict[tuple[str, str], list[int]]:
    return {(c.column, c.rule): rows.tolist() for c, rows in found.items() if len(rows)}


def both(schema: TableSchema, columns: dict[str, list[str]], skip: frozenset[str] = frozenset()) -> tuple:
    rows = len(next(iter(columns.values()))) if columns else 0
    text = {
        name: pa.chunked_array([pa.array([v or None for v in cells], pa.string())]) for name, cells in columns.items()
    }
    typed, _, _ = parse_table("t.csv", schema, text, np.arange(rows) + 2)
    arrow = arrow_checks.run(field_checks(schema, skip), typed)
    pandera = pandera_checks.failing_rows(schema, typed, rows, skip)
    return as_dict(arrow), as_dict(pandera)


@st.composite
def field(draw, name: str) -> dict:
    kind = draw(st.sampled_from(["string", "string", "integer", "number", "date", "boolean"]))
    constraints: dict = {}
    if draw(st.booleans()):
        constraints["required"] = True
    if draw(st.booleans()):
        constraints["unique"] = True
    if kind == "string":
        if draw(st.booleans()):
            constraints["enum"] = draw(st.lists(st.sampled_from(CELLS[1:8]), min_size=1, max_size=4, unique=True))
        if draw(st.booleans()):
            constraints["pattern"] = draw(st.sampled_from(PATTERNS))
        if draw(st.booleans()):
            low = draw(st.none() | st.integers(0, 3))
            high = draw(st.none() | st.integers(max(low or 0, 1), 6))  # an empty interval is a schema's mistake
            if low is not None:
                constraints["minLength"] = low
            if high is not None:
                constraints["maxLength"] = high
    if kind in ("integer", "number") and draw(st.booleans()):
        low = draw(st.none() | st.integers(-2, 2))
        high = draw(st.none() | st.floats(low if low is not None else -1, 12, allow_nan=False))
        if low is not None:
            constraints["minimum"] = low
        if high is not None:
            constraints["maximum"] = high
    return {"name": name, "type": kind, "description": "A generated field.", "constraints": constraints}


@st.composite
def table(draw) -> tuple[TableSchema, dict[str, list[str]]]:
    names = [f"c{i}" for i in range(draw(st.integers(1, 5)))]
    fields = [draw(field(n)) for n in names]
    key = draw(st.sampled_from([[], [names[0]], names[:2]]))
    schema = TableSchema.model_validate({"fields": fields, "primaryKey": key})
    rows = draw(st.integers(0, 12))
    cell = st.sampled_from(CELLS) | st.text(max_size=4)
    return schema, {n: draw(st.lists(cell, min_size=rows, max_size=rows)) for n in names}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table())
def test_generated_tables_find_the_same_cells_both_ways(drawn):
    schema, columns = drawn
    arrow, pandera = both(schema, columns)
    assert arrow == pandera


SHIPPED = read_package(ROOT)[0]


def shipped_columns(name: str) -> tuple[TableSchema, dict[str, list[str]]]:
    table = SHIPPED.tables[name]
    parsed = read_csv(table.path, (ROOT / table.path).read_bytes(), empty_as_null=True)
    columns = {n: ["" if v is None else v for v in parsed.columns[n].to_pylist()] for n in parsed.header}
    return table.schema_, columns


@st.composite
def corrupted(draw) -> tuple[TableSchema, dict[str, list[str]]]:
    """A shipped table, a few of its cells emptied, copied from another row or replaced by junk."""
    schema, columns = shipped_columns(draw(st.sampled_from(sorted(SHIPPED.tables))))
    rows = len(next(iter(columns.values())))
    for _ in range(draw(st.integers(1, 6))):
        name = draw(st.sampled_from(sorted(columns)))
        if not rows:
            break
        row = draw(st.integers(0, rows - 1))
        other = columns[name][draw(st.integers(0, rows - 1))]
        columns[name][row] = draw(st.sampled_from(["", other, other.upper(), other + "_", "x" * 300]) | st.text())
    return schema, columns


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corrupted())
def test_corrupted_shipped_tables_find_the_same_cells_both_ways(drawn):
    schema, columns = drawn
    arrow, pandera = both(schema, columns)
    assert arrow == pandera


@pytest.mark.parametrize("name", sorted(SHIPPED.tables))
def test_each_shipped_table_passes_both_ways(name):
    arrow, pandera = both(*shipped_columns(name))
    assert arrow == pandera == {}


def test_a_corruption_of_each_kind_is_found_both_ways():
    """Not vacuous: every rule the checks report under is found, and found alike, on one corrupted table."""
    schema = TableSchema.model_validate(
        {
            "primaryKey": ["id"],
            "fields": [
                {"name": "id", "type": "string", "description": "d", "constraints": {"required": True}},
                {"name": "code", "type": "string", "description": "d", "constraints": {"enum": ["a", "b"]}},
                {"name": "slug", "type": "string", "description": "d", "constraints": {"pattern": PATTERNS[0]}},
                {"name": "short", "type": "string", "description": "d", "constraints": {"maxLength": 2}},
                {"name": "n", "type": "integer", "description": "d", "constraints": {"minimum": 0, "unique": True}},
            ],
        }
    )
    columns = {
        "id": ["x", "", "z"],
        "code": ["a", "c", ""],
        "slug": ["ok", "Not Ok", ""],
        "short": ["ab", "abc", ""],
        "n": ["1", "1", "-1"],
    }
    arrow, pandera = both(schema, columns)
    assert arrow == pandera
    assert arrow == {
        ("id", "required"): [1],
        ("code", "enum"): [1],
        ("slug", "pattern"): [1],
        ("short", "length"): [1],
        ("n", "unique"): [0, 1],
        ("n", "range"): [2],
    }
