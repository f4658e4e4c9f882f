"""Rules `structure`, `encoding` and `format`: the shape and bytes of a table file, reported on the right line."""

from __future__ import annotations

import csv
import io

PLACES = "curated/places.csv"
NOT_CANONICAL = frozenset({"format"})  # a broken file is also not in the form `caucasus-data fmt` writes


def rewrite_columns(pkg, table: str, edit) -> None:
    """Rewrite every record of ``table`` through ``edit(row) -> row``, header included."""
    rows = list(csv.reader(io.StringIO(pkg.text(table), newline="")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(edit(row) for row in rows)
    pkg.write(table, out.getvalue())


def test_a_valid_record_added_to_a_copy_breaks_nothing(pkg):
    pkg.add_event()
    pkg.append("places", place_id="zz-place", name="Somewhere", place_type="settlement")
    assert pkg.new_errors() == []


def test_row_with_a_cell_too_few(pkg):
    line = pkg.append_raw("places", "zz-place,Somewhere,settlement,AZE\n")
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, line, "structure", "")}
    (error,) = [e for e in pkg.new_errors() if e.rule == "structure"]
    assert "4 cells" in error.message and "header has 5" in error.message and "missing cells" in error.message


def test_row_with_a_cell_too_many(pkg):
    line = pkg.append_raw("places", "zz-place,Some,where,settlement,AZE,\n")
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, line, "structure", "")}
    (error,) = [e for e in pkg.new_errors() if e.rule == "structure"]
    assert "double quotes" in error.message  # says how to fix the usual cause: a comma inside a value


def test_missing_header_column(pkg):
    rewrite_columns(pkg, "places", lambda row: row[:-1])  # drop `notes` from header and rows alike
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, 1, "structure", "")}
    (error,) = pkg.new_errors()
    assert "lacks" in error.message and "notes" in error.message and "schemas/places.schema.json" in error.message


def test_extra_header_column(pkg):
    rewrite_columns(pkg, "places", lambda row: [*row, "comment" if row[0] == "place_id" else ""])
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, 1, "structure", "")}
    (error,) = [e for e in pkg.new_errors() if e.rule == "structure"]
    assert "comment" in error.message and "does not define" in error.message


def test_duplicated_header_column(pkg):
    rewrite_columns(pkg, "places", lambda row: [*row, row[-1]])  # `notes` twice, with the same values
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, 1, "structure", "")}
    (error,) = [e for e in pkg.new_errors() if e.rule == "structure"]
    assert "repeats" in error.message and "notes" in error.message


def test_empty_file(pkg):
    pkg.write("claim_relations", "")
    errors = [e for e in pkg.new_errors() if e.path == "curated/claim_relations.csv"]
    assert [(e.line, e.rule) for e in errors] == [(None, "structure")]
    assert "empty" in errors[0].message and "header" in errors[0].message


def test_blank_first_line(pkg):
    pkg.write("places", "\n" + pkg.text("places"))
    errors = [e for e in pkg.new_errors() if e.path == PLACES]
    assert {e.rule for e in errors} <= {"structure", "format"}
    assert any(e.line == 1 and e.rule == "structure" and "header" in e.message for e in errors)


def test_bytes_that_are_not_utf8(pkg):
    line = pkg.next_line("places")
    with pkg.file("places").open("ab") as handle:
        handle.write(b"zz-place,Gy\xf6ngy\xf6s,settlement,,\n")  # Latin-1, as a spreadsheet may save it
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, line, "encoding", "")}
    (error,) = [e for e in pkg.new_errors() if e.rule == "encoding"]
    assert error.value.startswith("f6") and "UTF-8" in error.message


def test_utf16_file_is_one_error_saying_so(pkg):
    pkg.file("places").write_bytes(pkg.text("places").encode("utf-16"))
    errors = [e for e in pkg.new_errors() if e.path == PLACES]
    assert [(e.rule, e.line) for e in errors] == [("encoding", None)]
    assert "UTF-16" in errors[0].message and "CSV UTF-8" in errors[0].message


def test_byte_order_mark(pkg):
    pkg.file("places").write_bytes(b"\xef\xbb\xbf" + pkg.file("places").read_bytes())
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, None, "encoding", "")}
    (error,) = [e for e in pkg.new_errors() if e.rule == "encoding"]
    assert "byte-order mark" in error.message and "caucasus-data fmt" in error.message


def test_carriage_return_line_endings(pkg):
    pkg.file("places").write_bytes(pkg.file("places").read_bytes().replace(b"\n", b"\r\n"))
    assert pkg.new() == {(PLACES, None, "format", "")}
    (error,) = pkg.new_errors()
    assert "caucasus-data fmt" in error.message


def test_a_quoted_line_break_shifts_the_lines_after_it(pkg):
    first = pkg.append("places", place_id="zz-place-a", name="A", place_type="settlement", notes="one\ntwo\nthree")
    second = pkg.append("places", place_id="zz-place-b", name="B", place_type="village")
    assert second == first + 3
    assert pkg.new() == {(PLACES, second, "enum", "place_type")}


def test_a_quoted_line_break_before_a_ragged_row(pkg):
    """The ragged row sends the reader down its slow path, which must count lines the same way."""
    first = pkg.append("places", place_id="zz-place-a", name="A", place_type="settlement", notes="one\ntwo")
    ragged = pkg.append_raw("places", "zz-place-b,B\n")
    after = pkg.append("places", place_id="zz-place-c", name="C", place_type="village")
    assert (ragged, after) == (first + 2, first + 3)
    assert pkg.new(allow=NOT_CANONICAL) == {(PLACES, ragged, "structure", ""), (PLACES, after, "enum", "place_type")}
