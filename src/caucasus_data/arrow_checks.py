"""The constraint checks of :mod:`caucasus_data.checks`, run as Arrow compute kernels on the typed columns.

This is the validator's execution. Each check is one or two kernels over a whole column (``is_null``,
``is_in``, ``match_substring_regex``, ``utf8_length``, comparisons; a repeated value is found by looking the
column up in itself), and only the failing positions come back to Python. It replaced running the same
checks through pandera, measured on this project's machine: importing ``pandera.pandas`` (with pandas)
took 0.37 CPU seconds and building and checking the frames of the shipped tables another 0.26, against
about 0.01 for the kernels; at a million rows half of pandera's constraints phase was its own overhead.
pandera stays, derived from the same check records, for frames of one's own
(:func:`caucasus_data.pandera_schema`), and a property test holds the two executions equal.
"""

from __future__ import annotations

from typing import TypeAlias

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_values import as_text, scalar, strings
from .checks import FieldCheck
from .derive import pattern_matches
from .masks import mask_rows, repeated_values

Values: TypeAlias = pa.Array | pa.ChunkedArray


def repeated(values: Values) -> np.ndarray:
    """Every position holding a value that occurs more than once in the column (nulls never repeat)."""
    later, first = repeated_values(values)
    marked = np.zeros(len(values), dtype=bool)
    marked[later] = marked[first] = True
    return np.flatnonzero(marked)


def _outside(measure: Values, low: float | None, high: float | None) -> Values:
    below = pc.less(measure, scalar(low, pa.float64())) if low is not None else None
    above = pc.greater(measure, scalar(high, pa.float64())) if high is not None else None
    if below is None:
        return above
    return below if above is None else pc.or_(below, above)


def failing(check: FieldCheck, values: Values) -> np.ndarray:
    """Positions of the cells of ``values`` (the typed column ``check.column``) that fail ``check``, ascending."""
    if check.rule == "required":
        return mask_rows(pc.is_null(values))
    if check.rule == "unique":
        return repeated(values)
    if check.rule == "enum":
        known = pc.is_in(as_text(values), value_set=strings(check.codes))
        return mask_rows(pc.and_(pc.is_valid(values), pc.invert(known)))
    if check.rule == "pattern":
        return mask_rows(pc.and_(pc.is_valid(values), pc.invert(pattern_matches(values, check.pattern or ""))))
    if check.rule == "length":
        return mask_rows(_outside(pc.utf8_length(values), check.low, check.high))
    return mask_rows(_outside(values, check.low, check.high))


def run(checks: tuple[FieldCheck, ...], typed: dict[str, Values]) -> dict[FieldCheck, np.ndarray]:
    """Failing positions per check, for the checks whose column is present (a missing column is `structure`'s)."""
    found = {}
    for check in checks:
        if check.column not in typed:
            continue
        rows = failing(check, typed[check.column])
        if rows.size:
            found[check] = rows
    return found
