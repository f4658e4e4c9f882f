"""What the rules see: every table read, typed and indexed by the line its records start on.

Work that several rules need (where each reference of a table lands in its target, whether a key is unique)
is computed once here and shared. Tables are independent of each other until the cross-table rules, so the
per-table work runs on a small thread pool: Arrow's kernels release the GIL.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_values import indices, strings, to_numpy
from .errors import ValidationError
from .fmt.layout import Layout
from .links import Landing, Request, requests, resolve, rows_naming
from .masks import has_value
from .model import Package, TableSchema

T = TypeVar("T")
R = TypeVar("R")
_pool: ThreadPoolExecutor | None = None
_in_pool = threading.local()


def parallel_map(func: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``func`` over ``items`` on a thread pool, results in order; serial when called from inside the pool."""
    global _pool
    items = list(items)
    workers = min(os.cpu_count() or 1, 4)
    if len(items) < 2 or workers < 2 or getattr(_in_pool, "active", False):
        return [func(item) for item in items]
    if _pool is None:
        _pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="caucasus-data")

    def run(item: T) -> R:
        _in_pool.active = True
        try:
            return func(item)
        finally:
            _in_pool.active = False

    return list(_pool.map(run, items))


def texts(values: list[str | None]) -> list[str]:
    """Cell text as the file holds it: an empty cell is read as null."""
    return ["" if v is None else v for v in values]


@dataclass
class TableData:
    name: str
    path: str  # relative to the package root, as errors show it
    schema: TableSchema
    header: list[str]
    text: dict[str, pa.ChunkedArray]  # raw cell text per column, null where the cell is empty
    typed: dict[str, pa.ChunkedArray]  # parsed values; null where empty or unparseable
    lines: np.ndarray
    bad: dict[str, np.ndarray] = field(default_factory=dict)  # unparseable cells, for columns that have any
    seen: frozenset[bytes] | None = None  # watched byte strings found in the file (None: not looked for)
    layout: Layout | None = None  # the file's quoting and lines, found while its bytes were read (None: not)
    _repeated: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def num_rows(self) -> int:
        return len(self.lines)

    def has(self, *names: str) -> bool:
        return all(n in self.typed for n in names)

    @cached_property
    def key_is_unique(self) -> bool:
        """Whether a one-column primary key holds no value twice; a sorted column proves it without hashing."""
        key = self.schema.primaryKey
        if len(key) != 1 or key[0] not in self.typed or self.num_rows < 2:
            return True
        values = self.typed[key[0]]
        if values.null_count == 0 and pc.all(pc.greater(values[1:], values[:-1])).as_py():
            return True
        return not len(self.repeated_keys()[0])

    def repeated_keys(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows whose one-column key repeats an earlier row's, and those earlier rows (one hash look-up)."""
        with self._lock:
            if self._repeated is None:
                values = self.typed[self.schema.primaryKey[0]]
                first = to_numpy(pc.index_in(values, value_set=values))
                first = np.asarray(first, dtype=np.int64)
                present = has_value(values)
                rows = np.flatnonzero((first != np.arange(len(first))) & present)
                self._repeated = (rows, first[rows])
            return self._repeated

    def cells(self, column: str, rows: np.ndarray) -> list[str]:
        return texts(self.text[column].take(indices(rows)).to_pylist())

    def errors_at(self, rows: np.ndarray, rule: str, column: str, message: str, values=None) -> list[ValidationError]:
        """Errors for the given row positions; values default to the cells' text in ``column``."""
        rows = np.asarray(rows, dtype=np.int64)
        if values is None:
            values = self.cells(column, rows) if column in self.text else [None] * len(rows)
        lines = self.lines[rows].tolist()
        return [
            ValidationError(self.path, rule, message, line, column, v) for line, v in zip(lines, values, strict=True)
        ]


@dataclass
class Context:
    root: Path
    package: Package
    tables: dict[str, TableData]
    raw_bytes: dict[str, bytes] = field(default_factory=dict)  # source_id -> raw file, filled by raw-integrity
    _shared: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _key_locks: dict = field(default_factory=dict, repr=False)

    def values(self, table: str, column: str) -> pa.ChunkedArray | None:
        data = self.tables.get(table)
        if data is None or column not in data.typed:
            return None
        return data.typed[column]

    def id_set(self, table: str, column: str) -> pa.ChunkedArray | pa.Array:
        """The values of a column, as a set to look up in (``is_in`` ignores repeats)."""
        values = self.values(table, column)
        return strings([]) if values is None else values

    def shared(self, key: tuple, compute: Callable[[], T]) -> T:
        """A result several rules need, computed once even when rules run at the same time."""
        with self._lock:
            if key in self._shared:
                return self._shared[key]
            key_lock = self._key_locks.setdefault(key, threading.Lock())
        with key_lock:
            with self._lock:
                if key in self._shared:
                    return self._shared[key]
            value = compute()
            with self._lock:
                self._shared[key] = value
            return value

    def landing(self, data: TableData, table_column: str, id_column: str, target: str) -> Landing:
        """Rows of ``data`` whose ``table_column`` names ``target``, and the target row each ``id_column`` lands on."""
        key = self.tables[target].schema.primaryKey[0]
        return self._land(Request(data.name, id_column, table_column, target, key))

    def foreign(self, data: TableData, column: str, target: str, target_column: str) -> Landing:
        """Every row of ``data``, and the row of ``target`` its ``column`` lands on."""
        return self._land(Request(data.name, column, None, target, target_column))

    def _land(self, request: Request) -> Landing:
        def batches() -> dict[tuple[str, str], list[Request]]:
            grouped: dict[tuple[str, str], list[Request]] = {}
            for r in requests(self.tables):
                grouped.setdefault((r.target, r.target_column), []).append(r)
            return grouped

        target = (request.target, request.target_column)
        batch = self.shared(("links",), batches).get(target, [])
        key: tuple = ("links", *target)
        if request not in batch:  # a reference the schemas do not declare (a table name outside an enum)
            batch, key = [request], ("link", request)
        resolved = self.shared(key, lambda: resolve(self.tables, self.id_set(*target), batch, self._naming))
        return resolved[request]

    def _naming(self, table: str, column: str) -> dict[str, np.ndarray]:
        """The rows of ``table`` naming each table its ``column``'s enum lists, found once for every target."""

        def compute() -> dict[str, np.ndarray]:
            data = self.tables[table]
            return rows_naming(data.typed[column], list(data.schema.field(column).enum or []))

        return self.shared(("naming", table, column), compute)
