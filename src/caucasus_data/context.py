"""What the rules see: every table read, typed and indexed by the line its records start on.

This is the one place through which rules share anything. Work that several rules need (where each reference
of a table lands in its target, whether a key is unique, the raw documents' bytes) is computed once here, on
first use, and kept for the rest of the validation; no rule fills in a field that another reads. The
provenance tables are reached through :meth:`Context.table` with the :class:`~caucasus_data.provenance.Need`
the rule declares. What may run at the same time is stated in :mod:`caucasus_data.concurrency`.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import filebytes
from .arrow_values import strings, take
from .errors import Finding
from .links import Landing, Request, requests, resolve, rows_naming
from .masks import repeated_values
from .paths import refusal
from .provenance import SOURCES, Need
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .model import Package, TableSchema

T = TypeVar("T")


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
    # What each rule's ``scan`` found in the file's bytes while they were read, by rule module name; a table
    # not read from a file has none.
    scans: dict[str, Any] = field(default_factory=dict)
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
        """Rows whose one-column key repeats an earlier row's, and those earlier rows.

        Found by a stable sort, where equal keys stand together in row order and the first of each run is its
        earliest row: at a million rows 0.2 s, where looking the column up in itself (a hash table of every
        key) took 0.6 s.
        """
        with self._lock:
            if self._repeated is None:
                self._repeated = repeated_values(self.typed[self.schema.primaryKey[0]])
            return self._repeated

    def cells(self, column: str, rows: np.ndarray) -> list[str]:
        return texts(take(self.text[column], rows).to_pylist())

    def findings_at(
        self, rows: np.ndarray, rule: str, column: str, message: str | list[str], values=None
    ) -> list[Finding]:
        """Findings for the given row positions, with one message for all or one per row; values default to
        the cells' text in ``column``."""
        rows = np.asarray(rows, dtype=np.int64)
        if not len(rows):
            return []
        if values is None:
            values = self.cells(column, rows) if column in self.text else [None] * len(rows)
        messages = [message] * len(rows) if isinstance(message, str) else message
        lines = self.lines[rows].tolist()
        return [
            Finding(path=self.path, rule=rule, message=m, line=line, column=column, value=v)
            for line, m, v in zip(lines, messages, values, strict=True)
        ]


@dataclass(frozen=True)
class RawDocument:
    """A source's raw file as the `sources` table names it: its bytes, or why they could not be read."""

    source_id: str | None
    line: int  # the line of the sources row
    raw_path: str
    sha256: str | None  # as recorded
    data: bytes | None = None
    problem: str | None = None  # None when read

    @cached_property
    def digest(self) -> str | None:
        return None if self.data is None else hashlib.sha256(self.data).hexdigest()


@dataclass
class Context:
    """The package as the rules see it: read-only, with what several rules need computed once on demand."""

    files: Snapshot  # the one reading of the package's files the tables came from
    package: Package
    tables: dict[str, TableData]
    _shared: dict = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _key_locks: dict = field(default_factory=dict, repr=False)

    def values(self, table: str, column: str) -> pa.ChunkedArray | None:
        data = self.tables.get(table)
        if data is None or column not in data.typed:
            return None
        return data.typed[column]

    @property
    def root(self) -> Path:
        return self.files.root

    def table(self, need: Need) -> TableData:
        """A provenance table a rule declared in ``NEEDS`` (the validator runs the rule only when it was read)."""
        return self.tables[need.table]

    def raw_documents(self) -> list[RawDocument]:
        """Every raw file the `sources` table names, read once (inside the package only) for all rules."""
        return self.shared(("raw-documents",), self._read_raw)

    def _read_raw(self) -> list[RawDocument]:
        sources = self.tables.get(SOURCES.table)
        if sources is None or not sources.has("source_id", "raw_path", "sha256"):
            return []
        found = []
        rows = zip(
            sources.lines.tolist(),
            sources.typed["source_id"].to_pylist(),
            sources.typed["raw_path"].to_pylist(),
            sources.typed["sha256"].to_pylist(),
            strict=True,
        )
        for line, source_id, raw_path, sha in rows:
            if raw_path is None:
                continue
            why = refusal(self.root, raw_path)
            if why is not None:  # absolute, .., a link out, a URL, a NUL: never opened
                found.append(RawDocument(source_id, line, raw_path, sha, problem=f"{why}; it is not read"))
                continue
            try:
                data = filebytes.as_bytes(self.files.read(raw_path, kind="raw"))
            except OSError as exc:
                found.append(RawDocument(source_id, line, raw_path, sha, problem=filebytes.why(exc)))
                continue
            found.append(RawDocument(source_id, line, raw_path, sha, data=data))
        return found

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
