"""Why a table file is not in canonical form, found without writing it out.

Used by the `format` rule on every validation (so it must stay cheap on a million rows) and by
`caucasus-data fmt --check` to say what would change. The checks are column-wise (cells, key order) and
byte-wise (:mod:`.layout`); together they hold exactly when the file equals what `fmt` would write, which
``tests/test_fmt_properties.py`` checks on arbitrary input. White space and NFC are looked for in free-text
columns only: a date, number, boolean or code with white space around it fails its type or enum check,
which reports it already.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import scalar
from ..model import TableSchema
from . import cells, form, layout

EMPTY = scalar("", pa.string())


@dataclass
class Diagnosis:
    reasons: list[str] = field(default_factory=list)  # what `fmt` would change
    malformed: tuple[int, str] | None = None  # (line, why) quoting that must be fixed by hand
    skipped: bool = False  # the file has a shape other rules report (header, ragged rows): nothing to say

    @property
    def canonical(self) -> bool:
        return not self.reasons and self.malformed is None and not self.skipped


def header_matches(schema: TableSchema, header: Sequence[str]) -> bool:
    """The header names each schema field once, in any order (the order is for `fmt` to fix)."""
    return not schema.header_difference(list(header))


def _first_cell(columns: Mapping[str, pa.Array], names: Sequence[str], lines: np.ndarray, find) -> str | None:
    """Where the first cell that ``find`` picks out is, as `line N, column C`."""
    best: tuple[int, str] | None = None
    for name in names:
        rows = find(columns[name])
        if rows.size and (best is None or rows.min() < best[0]):
            best = (int(rows.min()), name)
    return None if best is None else f"line {int(lines[best[0]])}, column {best[1]}"


def diagnose(
    shape: layout.Layout,
    schema: TableSchema,
    header: Sequence[str],
    columns: Mapping[str, pa.Array | pa.ChunkedArray],
    lines: np.ndarray,
    every_column: bool = False,
) -> Diagnosis:
    """``shape`` is the file's :func:`layout.analyse`; ``columns`` its cells as the project's reader gives them,
    ``lines`` the line each row starts on. ``every_column``: look for white space and NFC in typed and
    coded columns too (the formatter does; the rule leaves those to the type and enum checks)."""
    if not header_matches(schema, header):
        return Diagnosis(skipped=True)
    names = schema.field_names
    if shape.malformed is not None:
        return Diagnosis(malformed=shape.malformed)
    if shape.records != len(lines) + 1:
        return Diagnosis(skipped=True)  # rows the reader could not take (ragged): the structure rule reports them
    reasons = []
    if list(header) != names:
        reasons.append("columns not in the schema's order")
    free = [f.name for f in schema.fields if every_column or (f.type == "string" and not f.enum)]
    text = {n: cells.unify_line_breaks(columns[n]) if shape.carriage_returns else columns[n] for n in free}
    untrimmed = _first_cell(text, free, lines, cells.untrimmed)
    if untrimmed:
        reasons.append(f"white space at the start or end of a value on {untrimmed}")
    not_nfc = _first_cell(text, free, lines, cells.not_nfc)
    if not_nfc:
        reasons.append(f"text not in Unicode NFC on {not_nfc}")
    cells_changed = untrimmed or not_nfc or shape.carriage_returns
    keys = [
        cells.normalise(columns[k]) if cells_changed else pc.fill_null(columns[k], EMPTY) for k in schema.primaryKey
    ]
    unsorted = form.first_unsorted(keys)
    if unsorted is not None:
        reasons.append(f"rows not sorted by {', '.join(schema.primaryKey)} from line {int(lines[unsorted])}")
    if shape.overquoted is not None:
        reasons.append(f"double quotes around a value that needs none on line {shape.overquoted}")
    if shape.blank is not None:
        reasons.append(f"blank line at line {shape.blank}")
    if not shape.final_newline:
        reasons.append("no line break at the end of the file")
    return Diagnosis(reasons=reasons)
