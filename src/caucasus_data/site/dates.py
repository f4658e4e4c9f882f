"""Date bounds said in words, as a reader of the record should take them.

Every dated row carries the earliest and the latest day the fact can fall on, and how precisely its source
states it. The words never name a day the bounds do not give: an empty lower bound is said to be open, not
filled in, and two different bounds are "some day between" them, not a midpoint.
"""

from __future__ import annotations

import datetime as dt

PRECISION_WORDS = {
    "day": "stated to the day",
    "week": "stated to the week",
    "month": "stated to the month",
    "season": "stated to the season",
    "year": "stated to the year",
    "multi_year": "spread over several years",
    "unknown": "the source does not date it",
}


def day(value: dt.date) -> str:
    """``10 Nov 2020``: unambiguous in every locale, unlike 10/11/2020."""
    return f"{value.day} {value:%b %Y}"


def precision_words(precision: str | None) -> str:
    if not precision:
        return ""
    return PRECISION_WORDS.get(precision, precision.replace("_", " "))


def bounds_words(start: dt.date | None, end: dt.date | None, precision: str | None = None) -> str:
    """``some day between 10 Nov 2020 and 16 Apr 2021 (stated to the month)`` and its open-ended forms."""
    if start is None and end is None:
        said = "no date: both bounds are open"
    elif start is None:
        said = f"some day on or before {day(end)} (open lower bound: no earliest day is known)"  # type: ignore[arg-type]
    elif end is None:
        said = f"some day on or after {day(start)} (open upper bound: no latest day is known)"
    elif start == end:
        said = f"on {day(start)}"
    else:
        said = f"some day between {day(start)} and {day(end)}"
    words = precision_words(precision)
    return f"{said}; {words}" if words else said
