"""What the rules see: every table read, typed and indexed by the line its records start on."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import ValidationError
from .model import Package, TableSchema
from .parse import to_pandas


@dataclass
class TableData:
    name: str
    path: str  # relative to the package root, as errors show it
    schema: TableSchema
    header: list[str]
    text: dict[str, pa.Array]  # raw cell text per column
    typed: dict[str, pa.Array]  # parsed values; null where empty or unparseable
    lines: np.ndarray
    bad: dict[str, np.ndarray] = field(default_factory=dict)  # unparseable cells per column

    @property
    def num_rows(self) -> int:
        return len(self.lines)

    def has(self, *names: str) -> bool:
        return all(n in self.typed for n in names)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Typed frame for pandera; enum columns stay text so that a bad code is seen, not nulled."""
        data = {}
        for f in self.schema.fields:
            if f.name not in self.typed:
                continue
            values = self.typed[f.name]
            data[f.name] = (
                pd.Series(values.to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get), dtype=pd.StringDtype())
                if f.enum
                else to_pandas(f, values)
            )
        return pd.DataFrame(data, index=pd.RangeIndex(self.num_rows))

    def errors_at(self, rows: np.ndarray, rule: str, column: str, message: str, values=None) -> list[ValidationError]:
        """Errors for the given row positions; values default to the cells' text in ``column``."""
        rows = np.asarray(rows, dtype=np.int64)
        if values is None:
            values = self.text[column].take(pa.array(rows)).to_pylist() if column in self.text else [None] * len(rows)
        return [
            ValidationError(self.path, rule, message, int(self.lines[r]), column, v)
            for r, v in zip(rows, values, strict=True)
        ]


@dataclass
class Context:
    root: Path
    package: Package
    tables: dict[str, TableData]
    raw_bytes: dict[str, bytes] = field(default_factory=dict)  # source_id -> raw file, filled by raw-integrity

    def values(self, table: str, column: str) -> pa.Array | None:
        data = self.tables.get(table)
        if data is None or column not in data.typed:
            return None
        return data.typed[column]

    def id_set(self, table: str, column: str) -> pa.Array:
        values = self.values(table, column)
        return pa.array([], pa.string()) if values is None else pc.unique(pc.drop_null(values))
