"""Rules `date-order` and `publication-window`: a range runs forwards, and no source reports its own future."""

from __future__ import annotations

import pytest
from conftest import NEWS, NEWS_LATEST, NEWS_QUOTE

EVENTS = "curated/events.csv"
LACHIN = "untitled-2021-lachin-exercises"  # published 2021-09-13 .. 2021-12-31
LACHIN_QUOTE = "held joint special forces exercises in the Lachin region of Azerbaijan"
WINDOW = "publication-window"


def source_line(pkg, source_id: str) -> int:
    return 1 + next(i for i, line in enumerate(pkg.text("sources").split("\n")) if line.startswith(source_id + ","))


def set_window(pkg, source_id: str, earliest: str, latest: str) -> int:
    """Rewrite a source's publication window in place; returns the source's line."""
    line = source_line(pkg, source_id)
    lines = pkg.text("sources").split("\n")
    cells = lines[line - 1].split(",")
    old = next(i for i in range(len(cells) - 1) if cells[i : i + 2] == [NEWS_LATEST, NEWS_LATEST])
    cells[old : old + 2] = [earliest, latest]
    lines[line - 1] = ",".join(cells)
    pkg.write("sources", "\n".join(lines))
    return line


# date-order


def test_start_after_end(pkg):
    line = pkg.add_event(date_start="2021-06-16", date_end="2021-06-15")
    assert pkg.new() == {(EVENTS, line, "date-order", "date_end")}
    (error,) = pkg.new_errors()
    assert error.value == "2021-06-16 > 2021-06-15"


def test_equal_start_and_end_pass(pkg):
    pkg.add_event(date_start="2021-06-15", date_end="2021-06-15")
    assert pkg.new_errors() == []


def test_published_earliest_after_published_latest(pkg):
    line = set_window(pkg, NEWS, "2021-07-28", NEWS_LATEST)
    assert pkg.new() == {("curated/sources.csv", line, "date-order", "published_latest")}


def test_every_declared_range_is_checked(pkg):
    """positions carry three ranges: when the source attests the position, and the bounds of the term's two ends."""
    line = pkg.append(
        "positions",
        position_id="zz-position",
        official_id="ilham-aliyev",
        title="President",
        tense="current",
        date_start="2021-06-15",
        date_end="2021-06-15",
        date_precision="day",
        held_from_earliest="2021-01-01",
        held_from_latest="2021-12-31",
        held_from_precision="year",
        held_until_earliest="2020-02-01",
        held_until_latest="2020-01-01",
        held_until_precision="month",
    )
    pkg.add_evidence("positions", "zz-position")
    assert pkg.new() == {("curated/positions.csv", line, "date-order", "held_until_latest")}


# publication-window


def test_dated_after_the_only_source_that_reports_it(pkg):
    line = pkg.add_event(date_start="2021-07-28", date_end="2021-07-28")
    assert pkg.new() == {(EVENTS, line, WINDOW, "date_start")}
    (error,) = pkg.new_errors()
    assert error.value == "2021-07-28" and NEWS in error.message and NEWS_LATEST in error.message
    assert "planned or forecast" in error.message and "excuses_rule=publication-window" in error.message


def test_dated_on_the_last_day_of_the_window_passes(pkg):
    pkg.add_event(date_start=NEWS_LATEST, date_end=NEWS_LATEST)
    assert pkg.new_errors() == []


def test_only_the_start_counts(pkg):
    """An open range that may have begun before publication is possible, so it passes."""
    pkg.add_event(date_start="2021-07-01", date_end="2021-12-31", date_precision="year")
    assert pkg.new_errors() == []


@pytest.mark.parametrize("status", ["planned", "forecast"])
def test_planned_or_forecast_rows_are_exempt(pkg, status):
    pkg.add_event(date_start="2022-01-01", date_end="2022-12-31", date_precision="year", status=status)
    assert pkg.new_errors() == []


def add_erratum(pkg, **cells) -> int:
    row = {
        "erratum_id": "zz-erratum",
        "source_id": NEWS,
        "quote": NEWS_QUOTE,
        "value_as_printed": "June 15",
        "erratum_type": "date_after_publication",
        "explanation": "The source prints this date; it is kept as printed.",
        "record_table": "events",
        "record_id": "zz-visit",
        "field": "date_start",
        "excuses_rule": WINDOW,
    }
    row.update(cells)
    return pkg.append("errata", **row)


def test_an_erratum_excuses_the_row_it_names(pkg):
    pkg.add_event(date_start="2021-07-28", date_end="2021-07-28")
    add_erratum(pkg)
    assert pkg.new_errors() == []


def test_an_erratum_without_excuses_rule_excuses_nothing(pkg):
    line = pkg.add_event(date_start="2021-07-28", date_end="2021-07-28")
    add_erratum(pkg, excuses_rule="")
    assert pkg.new() == {(EVENTS, line, WINDOW, "date_start")}


def test_an_erratum_on_another_record_excuses_nothing(pkg):
    line = pkg.add_event(date_start="2021-07-28", date_end="2021-07-28")
    pkg.add_event("zz-visit-other")
    add_erratum(pkg, record_id="zz-visit-other")
    assert pkg.new() == {(EVENTS, line, WINDOW, "date_start")}


def test_a_source_without_upper_bound_constrains_nothing(pkg):
    set_window(pkg, NEWS, NEWS_LATEST, "")
    pkg.add_event(date_start="2030-01-01", date_end="2030-01-01")
    assert pkg.new_errors() == []


def test_each_reporting_source_is_checked(pkg):
    """Reported by two sources: late for the 2021-07-27 article only, which is the one the message names."""
    line = pkg.add_event(date_start="2021-09-13", date_end="2021-09-13")
    pkg.add_evidence("events", "zz-visit", source=LACHIN, quote=LACHIN_QUOTE)
    assert pkg.new() == {(EVENTS, line, WINDOW, "date_start")}
    (error,) = pkg.new_errors()
    assert NEWS in error.message and LACHIN not in error.message


def test_a_rows_own_source_id_reports_it(pkg):
    """A claim names its source in its own row; a claim cannot be made after the document that reports it."""
    cells = {
        "source_id": NEWS,
        "claimant_type": "author",
        "claimant_as_printed": "[author not named]",
        "claim_type": "assertion",
        "summary": "A test claim.",
        "date_start": "2021-08-01",
        "date_end": "2021-08-01",
        "date_precision": "day",
    }
    line = pkg.append("claims", claim_id="zz-claim", **cells)
    pkg.add_evidence("claims", "zz-claim", source=LACHIN, quote=LACHIN_QUOTE)  # a later source: not late for it
    assert pkg.new() == {("curated/claims.csv", line, WINDOW, "date_start")}
