"""Arrow masks as numpy: the positions where a mask holds, and which cells of a column are filled.

Rules compute over whole columns with Arrow and then index rows with numpy; these two conversions are what
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
