"""Rule `precision-span`: a date's precision is the width of its bounds, by the coding manual's own table.

Counted in days with both ends included: 1 day is `day`, up to 7 `week`, up to 31 `month`, up to 92 `season`,
up to 366 `year`, more `multi_year`. Three cases are read off the schema rather than guessed: a range marked
``spans`` (agreements, exercises, events) may be `day` over several days, for an exact printed span such as
'September 27–November 9'; a range with a ``days`` column (citations) that lists separate printed days is `day`
when its bounds are the first and the last listed day; and an empty start (no lower bound) goes with `unknown`,
and `unknown` only with an empty start. A precision column that is optional is filled exactly when its bounds are.

Widths are computed on whole columns (Arrow dates are day numbers); only the rows that break the rule become
messages, so the rule costs one pass per date range.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import scalar, to_numpy
from ..context import Context, TableData
from ..errors import Code, Finding
from ..masks import has_value
from ..model import DateRange

RULE = "precision-span"
CODES = (Code(RULE, "a date's precision matches the width of its bounds; an empty start goes with `unknown`"),)
NEEDS = ()
LIMITS = ((1, "day"), (7, "week"), (31, "month"), (92, "season"), (366, "year"))
WIDEST = "multi_year"
TABLE_TEXT = "1 day `day`, up to 7 days `week`, 31 `month`, 92 `season`, 366 `year`, more `multi_year`"


def precision_for(width: int) -> str:
    """The precision the manual gives a span of ``width`` days (both ends counted)."""
    return next((name for limit, name in LIMITS if width <= limit), WIDEST)


def _days(values: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    present = has_value(values)
    days = to_numpy(pc.fill_null(pc.cast(values, pa.int32()), scalar(0, pa.int32())))
    return np.asarray(days, dtype=np.int64), present


def _written(data: TableData, column: str) -> np.ndarray:
    if column not in data.text:
        return np.zeros(data.num_rows, dtype=bool)
    return has_value(data.text[column])


def _classes(width: np.ndarray) -> np.ndarray:
    limits = np.array([limit for limit, _ in LIMITS])
    names = np.array([name for _, name in LIMITS] + [WIDEST], dtype=object)
    return names[np.searchsorted(limits, width, side="left")]


def _days_text(width: int) -> str:
    return "1 day" if width == 1 else f"{width} days"


def _listed_days(text: str) -> list[int] | None:
    """Day numbers of a space-separated list of ISO days; None when a part is not a day (the `pattern` rule's)."""
    try:
        return [int(np.datetime64(part, "D").astype(np.int64)) for part in text.split()]
    except ValueError:
        return None


def _check_range(data: TableData, pair: DateRange) -> list[Finding]:
    if not pair.precision or not data.has(pair.start, pair.end, pair.precision):
        return []
    precision = np.array(data.typed[pair.precision].to_pylist(), dtype=object)  # to_numpy of strings imports pandas
    has_precision = np.array([p is not None for p in precision], dtype=bool)
    start, has_start = _days(data.typed[pair.start])
    end, has_end = _days(data.typed[pair.end])
    # a cell that is written but does not parse is the `type` rule's; this rule says nothing about its row
    parsed = ~(_written(data, pair.start) & ~has_start) & ~(_written(data, pair.end) & ~has_end)
    has_precision &= parsed
    has_start &= parsed
    has_end &= parsed
    unknown = (precision == "unknown") & parsed
    errors: list[Finding] = []

    def report(mask: np.ndarray, column: str, message: str, values=None) -> None:
        rows = np.flatnonzero(mask)
        if len(rows):
            errors.extend(data.findings_at(rows, RULE, column, message, values(rows) if values else None))

    report(
        ~has_start & has_end & has_precision & ~unknown,
        pair.precision,
        f"{pair.start} is empty (no lower bound), so {pair.precision} must be `unknown`; or give the lower bound",
    )
    report(
        has_start & unknown,
        pair.precision,
        f"`unknown` is for a date with no lower bound, but {pair.start} is filled: give the precision its width has "
        f"({TABLE_TEXT}), or empty {pair.start}",
    )
    report(
        (has_start | has_end) & ~has_precision,
        pair.precision,
        f"{pair.start}..{pair.end} are given without a precision: add it ({TABLE_TEXT})",
    )
    report(
        ~has_start & ~has_end & has_precision,
        pair.precision,
        f"a precision is given for an empty date: empty {pair.precision} too, or give {pair.start}..{pair.end}",
    )

    width = end - start + 1
    measured = has_start & has_end & has_precision & ~unknown & (width >= 1)  # a negative width is `date-order`'s
    expected = _classes(np.where(measured, width, 1))
    wrong = measured & (precision != expected)
    if pair.spans:
        wrong &= precision != "day"
    if pair.days and pair.days in data.typed:
        listed = has_value(data.typed[pair.days])
        wrong &= ~listed
        errors.extend(_check_listed(data, pair, np.flatnonzero(listed & measured), start, end, precision))
    report(
        wrong,
        pair.precision,
        f"the precision does not match the width of {pair.start}..{pair.end} ({TABLE_TEXT})",
        lambda rows: [f"{precision[r]}, but {_days_text(int(width[r]))} is `{expected[r]}`" for r in rows],
    )
    errors.sort(key=lambda e: (e.line or 0, e.column))
    return errors


def _check_listed(data: TableData, pair: DateRange, rows: np.ndarray, start, end, precision) -> list[Finding]:
    """Rows listing separate days: precision `day`, bounds at the first and the last listed day, in order."""
    assert pair.days is not None
    bad: list[int] = []
    values: list[str] = []
    for row, text in zip(rows.tolist(), data.cells(pair.days, rows), strict=True):
        days = _listed_days(text)
        if days is None:
            continue
        if precision[row] != "day" or days != sorted(set(days)) or (days[0], days[-1]) != (start[row], end[row]):
            bad.append(row)
            values.append(text)
    return data.findings_at(
        np.array(bad, dtype=np.int64),
        RULE,
        pair.days,
        f"listed days must be in order, without repeats, from {pair.start} to {pair.end}, with {pair.precision} `day`",
        values,
    )


def check(ctx: Context) -> list[Finding]:
    return [e for data in ctx.tables.values() for pair in data.schema.dates for e in _check_range(data, pair)]
