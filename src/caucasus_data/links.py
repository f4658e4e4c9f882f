"""Where references land: every reference into one key column, resolved in a single hash look-up.

A reference is a single-column foreign key, or the rows of an ``x-references`` pair that name a given table.
Building the hash table of a key column costs several times more than probing it, and a popular table (claims,
events) is the target of many references, so all references into one (table, column) are gathered from the
schemas and looked up together: the target is hashed once. When the references are far fewer than the target's
rows (errata pointing at a handful of evidence rows), the references are hashed and the target probed instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .arrow_values import as_text, scalar, strings, take, to_numpy
from .masks import mask_rows

if TYPE_CHECKING:
    from .model import TableSchema

#: What Arrow raises when it cannot compare two columns' types, as a retyped schema can make it.
_INCOMPARABLE = (pa.ArrowTypeError, pa.ArrowNotImplementedError, pa.ArrowInvalid)


class _Table(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def schema(self) -> TableSchema: ...
    @property
    def typed(self) -> dict[str, pa.ChunkedArray]: ...
    @property
    def num_rows(self) -> int: ...


@dataclass(frozen=True)
class Request:
    """Column ``id_column`` of ``table`` (its rows naming ``target`` in ``table_column``, if set) into ``target``."""

    table: str
    id_column: str
    table_column: str | None
    target: str
    target_column: str


@dataclass(frozen=True)
class Landing:
    """Where the referring rows land: ``position`` is the first target row holding the id, -1 when none does."""

    rows: np.ndarray  # row positions in the referring table (int32, as Arrow's look-ups give them)
    position: np.ndarray


def requests(tables: Mapping[str, _Table]) -> list[Request]:
    """Every reference the schemas declare between the tables at hand."""
    found = []
    for data in tables.values():
        schema = data.schema
        for fk in schema.foreignKeys:
            target = fk.reference.resource or data.name
            if len(fk.fields) == 1 and target in tables and fk.fields[0] in data.typed:
                found.append(Request(data.name, fk.fields[0], None, target, fk.reference.fields[0]))
        for ref in schema.references:
            if ref.table not in data.typed or ref.id not in data.typed:
                continue
            for target in schema.field(ref.table).enum or []:
                key = tables[target].schema.primaryKey if target in tables else []
                if len(key) == 1:
                    found.append(Request(data.name, ref.id, ref.table, target, key[0]))
    return found


def rows_naming(values: pa.ChunkedArray | pa.Array, names: list[str]) -> dict[str, np.ndarray]:
    """The rows holding each of ``names``, in order, found with one look-up for all names instead of one each."""
    try:
        found = pc.index_in(values, value_set=strings(names))
    except _INCOMPARABLE:  # a table column retyped so that Arrow cannot read the names as its type
        found = pc.index_in(as_text(values), value_set=strings(names))
    codes = np.asarray(to_numpy(pc.fill_null(found, scalar(-1, found.type))), dtype=np.int64) + 1
    order = np.argsort(codes, kind="stable").astype(np.int32)
    bounds = np.cumsum(np.bincount(codes, minlength=len(names) + 1))
    return {name: order[bounds[i] : bounds[i + 1]] for i, name in enumerate(names)}


#: Rows of a table naming each table in one of its columns: ``(table, column) -> {named table: rows}``.
Naming = Callable[[str, str], dict[str, np.ndarray]]


def _values(
    tables: Mapping[str, _Table], request: Request, naming: Naming | None
) -> tuple[np.ndarray, pa.ChunkedArray]:
    data = tables[request.table]
    values = data.typed[request.id_column]
    if isinstance(values, pa.Array):
        values = pa.chunked_array([values])
    if request.table_column is None:
        return np.arange(data.num_rows, dtype=np.int32), values
    named = naming(request.table, request.table_column) if naming else {}
    if request.target in named:
        rows = named[request.target]
    else:
        try:
            named_here = pc.equal(data.typed[request.table_column], scalar(request.target, pa.string()))
        except _INCOMPARABLE:
            named_here = pc.equal(as_text(data.typed[request.table_column]), scalar(request.target, pa.string()))
        rows = mask_rows(named_here).astype(np.int32)
    return rows, take(values, rows)


def positions(values: pa.ChunkedArray, targets: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """For each value, the first position in ``targets`` holding it, or -1 (also for a null value).

    Arrow converts between the two columns' types where it can; where a schema has retyped a reference or its
    key so that it cannot (a text reference into an integer key), both are compared as text.
    """
    try:
        return _positions(values, targets)
    except _INCOMPARABLE:
        return _positions(as_text(values), as_text(targets))


def _positions(values: pa.ChunkedArray, targets: pa.ChunkedArray | pa.Array) -> np.ndarray:
    if 2 * len(values) < len(targets):
        matched = mask_rows(pc.is_in(targets, value_set=values)).astype(np.int32)
        found = pc.index_in(values, value_set=take(targets, matched), skip_nulls=True)
        index = np.asarray(to_numpy(pc.fill_null(found, scalar(-1, found.type))), dtype=np.int32)
        return np.where(index >= 0, matched[np.maximum(index, 0)] if len(matched) else -1, -1).astype(np.int32)
    found = pc.index_in(values, value_set=targets, skip_nulls=True)
    return np.asarray(to_numpy(pc.fill_null(found, scalar(-1, found.type))), dtype=np.int32)


def resolve(
    tables: Mapping[str, _Table],
    targets: pa.ChunkedArray | pa.Array,
    batch: list[Request],
    naming: Naming | None = None,
) -> dict[Request, Landing]:
    """All ``batch`` requests (which share a target column, ``targets``) with one look-up per value type.

    ``naming``: :func:`rows_naming` of a polymorphic reference's table column, kept by the caller for all targets.
    """
    parts = {request: _values(tables, request, naming) for request in batch}
    resolved = {}
    for kind in {values.type for _, values in parts.values()}:
        same = [request for request in batch if parts[request][1].type == kind]
        chunks = [c for request in same for c in parts[request][1].chunks]
        landed = positions(pa.chunked_array(chunks, kind), targets)
        start = 0
        for request in same:
            rows = parts[request][0]
            resolved[request] = Landing(rows, landed[start : start + len(rows)])
            start += len(rows)
    return resolved
