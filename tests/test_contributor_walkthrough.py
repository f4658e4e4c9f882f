"""A new contributor's first pull request, step by step, on a copy of the package.

They add a source document (byte for byte, with its sha256 and publication window) and three rows citing
it (an official, an event and a claim, each with its evidence), as CONTRIBUTING.md tells them to. Then they
make the usual mistakes one at a time, and each message must name the file, line and column (or the file,
for a mistake about the whole file) and lead straight to the fix; applying that fix makes validate pass.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pytest

import caucasus_data as cd
from caucasus_data.cli import main
from caucasus_data.csvread import read_csv

SOURCE_ID = "walkthrough-gazette-2021-06-16"
RAW = (
    "Walkthrough Gazette, 16 June 2021\n\n"
    "The defence ministers of Azerbaijan and Türkiye met in Baku on 15 June 2021.\n"
    "“Our armies will train together every year,” said the minister, Ayaz Misal. He called the\n"
    "meeting ‘a new chapter’.\n"
)
EVENT_ID = "walkthrough-defence-ministers-meeting-2021-06-15"
OFFICIAL_ID = "ayaz-misal"
CLAIM_ID = "ayaz-misal-joint-training-every-year-2021-06-15"
EVENT_QUOTE = "The defence ministers of Azerbaijan and Türkiye met in Baku on 15 June 2021."
CLAIM_QUOTE = "“Our armies will train together every year,” said the minister, Ayaz Misal."


def append(root: Path, table: str, **values: str) -> None:
    """Add a row at the end of a table, as a contributor does (the csv module, minimal quoting, \\n)."""
    path = root / "curated" / f"{table}.csv"
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert set(values) <= set(header), set(values) - set(header)
    with path.open("a", encoding="utf-8", newline="") as out:
        csv.writer(out, lineterminator="\n").writerow([values.get(name, "") for name in header])


def edit(root: Path, table: str, key: str, value: str, column: str, new: str, at_line: int | None = None) -> None:
    """Change one cell of the row whose ``key`` column holds ``value`` (the one starting on ``at_line``)."""
    path = root / "curated" / f"{table}.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    hits = [
        row for number, row in enumerate(rows[1:], 2) if row[header.index(key)] == value and at_line in (None, number)
    ]
    assert len(hits) == 1
    hits[0][header.index(column)] = new
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def line_of(root: Path, table: str, key: str, value: str) -> int:
    """The line on which the row with ``key`` = ``value`` starts, as the project's reader counts."""
    rel = f"curated/{table}.csv"
    parsed = read_csv(rel, (root / rel).read_bytes())
    values = parsed.columns[key].to_pylist()
    return int(parsed.lines[values.index(value)])


def errors(root: Path) -> list:
    return cd.validate(root).errors


def add_contribution(root: Path) -> Path:
    """The new source and its three rows with their evidence, appended as a contributor first adds them."""
    raw = RAW.encode("utf-8")
    (root / "raw" / f"{SOURCE_ID}.txt").write_bytes(raw)
    append(
        root,
        "sources",
        source_id=SOURCE_ID,
        title="Defence ministers meet in Baku",
        publisher="Walkthrough Gazette",
        document_type="news_article",
        language="en",
        raw_path=f"raw/{SOURCE_ID}.txt",
        sha256=hashlib.sha256(raw).hexdigest(),
        printed_dates="16 June 2021",
        published_earliest="2021-06-16",
        published_latest="2021-06-16",
        window_basis="The heading prints the day of publication, '16 June 2021'.",
    )
    append(root, "officials", official_id=OFFICIAL_ID, name="Ayaz Misal", person_type="office_holder")
    append(
        root,
        "events",
        event_id=EVENT_ID,
        event_type="meeting",
        title="Defence ministers of Azerbaijan and Türkiye meet in Baku",
        description="The defence ministers of Azerbaijan and Türkiye met in Baku.",
        date_start="2021-06-15",
        date_end="2021-06-15",
        date_precision="day",
        date_basis="Stated: 'on 15 June 2021'.",
        place_id="baku",
        status="occurred",
        attestation="reported",
    )
    append(
        root,
        "claims",
        claim_id=CLAIM_ID,
        source_id=SOURCE_ID,
        claimant_type="person",
        claimant_official_id=OFFICIAL_ID,
        claimant_as_printed="the minister, Ayaz Misal",
        cue="said",
        claim_type="forecast",
        summary="The two armies will train together every year.",
        date_start="2021-06-15",
        date_end="2021-06-15",
        date_precision="day",
        date_basis="Said at the meeting of 15 June 2021.",
        about_table="events",
        about_id=EVENT_ID,
    )
    for table, record_id, quote in (
        ("officials", OFFICIAL_ID, "said the minister, Ayaz Misal"),
        ("events", EVENT_ID, EVENT_QUOTE),
        ("claims", CLAIM_ID, CLAIM_QUOTE),
    ):
        append(
            root,
            "evidence",
            evidence_id=f"{table[:-1]}-{record_id}-1",
            record_table=table,
            record_id=record_id,
            source_id=SOURCE_ID,
            quote=quote,
        )
    return root


@pytest.fixture
def contribution(package_copy: Path) -> Path:
    return add_contribution(package_copy)


def test_the_rows_are_appended_then_fmt_puts_them_in_place_and_the_package_is_valid(contribution):
    found = errors(contribution)
    assert found, "rows appended at the end are out of key order"
    assert {e.rule for e in found} == {"format"}
    for error in found:
        assert error.line is None and "rows not sorted by" in error.message
        assert error.message.endswith(f"run `caucasus-data fmt {contribution}` to fix")
    assert main(["fmt", str(contribution)]) == 0
    assert cd.validate(contribution).ok, errors(contribution)


@pytest.fixture
def valid(contribution) -> Path:
    assert main(["fmt", str(contribution)]) == 0
    report = cd.validate(contribution)
    assert report.ok, report.errors[:5]
    return contribution


def only_error(root: Path):
    found = errors(root)
    assert len(found) == 1, found
    return found[0]


def test_a_quote_retyped_with_straight_quotes(valid):
    retyped = CLAIM_QUOTE.replace("“", '"').replace("”", '"')
    edit(valid, "evidence", "record_id", CLAIM_ID, "quote", retyped)
    error = only_error(valid)
    assert (error.path, error.rule, error.column) == ("curated/evidence.csv", "quote", "quote")
    assert error.line == line_of(valid, "evidence", "record_id", CLAIM_ID)
    assert "curly quotes" in error.message and "copy the passage from the raw file" in error.message
    assert error.value == retyped
    edit(valid, "evidence", "record_id", CLAIM_ID, "quote", CLAIM_QUOTE)  # copied from the raw file
    assert cd.validate(valid).ok


def test_a_date_written_day_first(valid):
    edit(valid, "events", "event_id", EVENT_ID, "date_start", "15/06/2021")
    error = only_error(valid)
    assert (error.path, error.rule, error.column) == ("curated/events.csv", "type", "date_start")
    assert error.line == line_of(valid, "events", "event_id", EVENT_ID)
    assert "YYYY-MM-DD (e.g. 2021-06-15)" in error.message and error.value == "15/06/2021"
    edit(valid, "events", "event_id", EVENT_ID, "date_start", "2021-06-15")
    assert cd.validate(valid).ok


def test_a_row_without_its_evidence(valid):
    path = valid / "curated" / "evidence.csv"
    kept = [line for line in path.read_text(encoding="utf-8").split("\n") if f",officials,{OFFICIAL_ID}," not in line]
    before = path.read_text(encoding="utf-8")
    path.write_text("\n".join(kept), encoding="utf-8")
    error = only_error(valid)
    assert (error.path, error.rule, error.column) == ("curated/officials.csv", "evidence", "official_id")
    assert error.line == line_of(valid, "officials", "official_id", OFFICIAL_ID)
    assert "add a row to curated/evidence.csv with record_table=officials" in error.message
    assert error.value == OFFICIAL_ID
    path.write_text(before, encoding="utf-8")
    assert cd.validate(valid).ok


def test_an_id_that_already_exists(valid):
    taken = read_csv("e", (valid / "curated" / "events.csv").read_bytes()).columns["event_id"].to_pylist()[0]
    assert taken != EVENT_ID
    edit(valid, "events", "event_id", EVENT_ID, "event_id", taken)
    found = [e for e in errors(valid) if e.rule == "primary-key"]
    assert len(found) == 1
    error = found[0]
    first = line_of(valid, "events", "event_id", taken)
    assert (error.path, error.column, error.value) == ("curated/events.csv", "event_id", taken)
    assert error.line > first and f"already used on line {first}" in error.message
    edit(valid, "events", "event_id", taken, "event_id", EVENT_ID, at_line=error.line)  # a new id for the new row
    assert not [e for e in errors(valid) if e.rule == "primary-key"]


def test_a_table_saved_by_a_spreadsheet_with_a_bom_and_crlf(valid):
    path = valid / "curated" / "events.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    found = errors(valid)
    assert {(e.path, e.rule) for e in found} == {("curated/events.csv", "encoding"), ("curated/events.csv", "format")}
    assert all(e.line is None and "run `caucasus-data fmt`" in e.message for e in found), found
    assert main(["fmt", str(valid)]) == 0
    assert cd.validate(valid).ok


def test_the_contributor_runs_fmt_check_as_the_hook_does(valid, capsys):
    assert main(["fmt", "--check", str(valid)]) == 0
    edit(valid, "officials", "official_id", OFFICIAL_ID, "name", "Ayaz Misal ")
    assert main(["fmt", "--check", str(valid)]) == 1
    out = capsys.readouterr().out
    line = line_of(valid, "officials", "official_id", OFFICIAL_ID)
    assert f"would be reformatted (white space at the start or end of a value on line {line}, column name)" in out
    assert main(["fmt", str(valid)]) == 0
    assert cd.validate(valid).ok
