"""Arrow masks as numpy: the positions where a mask holds, and which cells of a column are filled.

Rules compute over whole columns with Arrow and then index rows with numpy; these conversions are what
every rule needs between the two, so they are written once.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_values import FALSE, to_numpy


def mask_rows(mask: pa.Array | pa.ChunkedArray | np.ndarray) -> np.ndarray:
    """Positions where a boolean Arrow or numpy mask is true (null counts as false)."""
    if isinstance(mask, np.ndarray):
        return np.flatnonzero(mask)
    return np.flatnonzero(np.asarray(to_numpy(pc.fill_null(mask, FALSE)), dtype=bool))


def has_value(values: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Whether each cell holds a value (an empty or unparseable cell is null)."""
    return np.asarray(to_numpy(pc.is_valid(values)), dtype=bool)


def distinct_sorted(values: np.ndarray) -> np.ndarray:
    """The distinct values of an ascending array, in order.

    ``np.unique`` gives the same, but its first call imports ``numpy.ma`` (0.02 s of a 0.6 s validation of the
    shipped package), and these arrays are sorted already.
    """
    if values.size < 2:
        return values
    keep = np.empty(values.size, dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]
