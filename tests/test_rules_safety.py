"""Rule `spreadsheet-safety`: no cell starts with what a spreadsheet would run as a formula (CSV injection)."""

from __future__ import annotations

import pytest

EVENTS = "curated/events.csv"


@pytest.mark.parametrize(
    "description",
    ['=HYPERLINK("http://example.org")', "+90 troops", "@SUM(A1)", "\tindented", "\rcarriage return"],
    ids=["equals", "plus", "at", "tab", "carriage-return"],
)
def test_cell_starting_with_a_formula_character(pkg, description):
    line = pkg.add_event(description=description)
    # A leading tab or carriage return is also outside the canonical form (trimmed cells, \n line breaks).
    assert pkg.new(allow=frozenset({"format"})) == {(EVENTS, line, "spreadsheet-safety", "description")}
    (error,) = [e for e in pkg.new_errors() if e.rule == "spreadsheet-safety"]
    assert error.value == description and "formula" in error.message


@pytest.mark.parametrize("description", ["-5 degrees", "a = b", "1+1", "e-mail@example.org", "“=quoted”"])
def test_the_same_characters_elsewhere_are_fine(pkg, description):
    pkg.add_event(description=description)
    assert pkg.new_errors() == []


def test_every_column_is_checked(pkg):
    line = pkg.add_event(title="+ a title", notes="@notes")
    assert pkg.new() == {
        (EVENTS, line, "spreadsheet-safety", "title"),
        (EVENTS, line, "spreadsheet-safety", "notes"),
    }
