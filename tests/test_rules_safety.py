"""Rule `spreadsheet-safety`: no cell starts with what a spreadsheet would run as a formula (CSV injection)."""

from __future__ import annotations

EVENTS = "curated/events.csv"


UNSAFE = ['=HYPERLINK("http://example.org")', "+90 troops", "@SUM(A1)", "\tindented", "\rcarriage return"]


def test_cell_starting_with_a_formula_character(pkg):
    """One event per character; each is reported on its own line, with the cell as it is."""
    lines = {pkg.add_event(f"zz-visit-{n}", description=d): d for n, d in enumerate(UNSAFE)}
    # A leading tab or carriage return is also outside the canonical form (trimmed cells, \n line breaks).
    assert pkg.new(allow=frozenset({"format"})) == {
        (EVENTS, line, "spreadsheet-safety", "description") for line in lines
    }
    for error in pkg.new_errors():
        if error.rule == "spreadsheet-safety":
            assert error.value == lines[error.line] and "formula" in error.message


def test_the_same_characters_elsewhere_are_fine(pkg):
    for n, description in enumerate(["-5 degrees", "a = b", "1+1", "e-mail@example.org", "“=quoted”"]):
        pkg.add_event(f"zz-visit-{n}", description=description)
    assert pkg.new_errors() == []


def test_every_column_is_checked(pkg):
    line = pkg.add_event(title="+ a title", notes="@notes")
    assert pkg.new() == {
        (EVENTS, line, "spreadsheet-safety", "title"),
        (EVENTS, line, "spreadsheet-safety", "notes"),
    }
