"""A table file read into typed columns, once, for the validator and the loader alike.

Bytes come from a :class:`~caucasus_data.snapshot.Snapshot`; the reader (:mod:`caucasus_data.csvread`) makes
text columns and the line each record starts on; the header is compared with the schema; the columns are
typed (:mod:`caucasus_data.parse`). While the bytes are in memory, each rule that declares a ``scan`` looks at
them (see :mod:`caucasus_data.rules`), so no rule opens a table file again. What reading finds carries one
of the codes declared here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pyarrow as pa

from . import filebytes
from .context import TableData
from .csvread import ParsedCsv, read_csv
from .errors import Code, Finding
from .filebytes import Bytes
from .parse import parse_table
from .paths import refusal
from .schema_spec import DESCRIPTOR, SchemaSpec, header_difference
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .model import Table

CODES = (
    Code("datapackage", "datapackage.json and every Table Schema can be read and describe the tables"),
    Code("encoding", "files are UTF-8 text without a byte-order mark"),
    Code("structure", "the header matches the schema and every row has as many cells as the header"),
    Code("type", "every cell parses as its field's type (dates as YYYY-MM-DD, booleans as true/false)"),
)

#: A rule's look at a file's bytes: (rule module name, scan(raw, parsed, table)).
Scan = tuple[str, Callable[[Bytes, ParsedCsv, "Table"], Any]]


class TableSpec(Protocol):
    """A resource as reading its file needs it: :class:`caucasus_data.model.Table` has these, and so does
    :class:`caucasus_data.shipped_schema.ShippedTable`."""

    @property
    def name(self) -> str: ...
    @property
    def path(self) -> str: ...
    @property
    def schema_path(self) -> str: ...
    @property
    def schema_(self) -> SchemaSpec: ...


def header_problems(path: str, schema_path: str, schema: SchemaSpec, header: list[str]) -> list[Finding]:
    """How ``header`` differs from the schema's fields: repeated, missing and unknown columns, one finding each.

    >>> from caucasus_data.model import TableSchema
    >>> schema = TableSchema.model_validate(
    ...     {"fields": [{"name": "a", "type": "string", "description": "A."}], "primaryKey": ["a"]}
    ... )
    >>> [f.value for f in header_problems("t.csv", "t.schema.json", schema, ["a", "b"])]
    ['b']
    """
    duplicated, missing, extra = header_difference([f.name for f in schema.fields], header)
    found = []
    for names, message in (
        (duplicated, f"header repeats column(s) {', '.join(duplicated)}: each column appears once"),
        (
            missing,
            f"header lacks column(s) {', '.join(missing)} that {schema_path} defines: "
            "add them (cells may stay empty where allowed)",
        ),
        (
            extra,
            f"header has column(s) {', '.join(extra)} that {schema_path} does not define: "
            "remove them or add them to the schema",
        ),
    ):
        if names:
            found.append(Finding(path=path, rule="structure", message=message, line=1, value=",".join(names)))
    return found


def _unreadable(table: TableSpec, exc: OSError) -> Finding:
    if isinstance(exc, FileNotFoundError):
        message = (
            f"file not found; {DESCRIPTOR} lists it as resource {table.name!r}: add it with at least its header "
            "row, or correct the resource's path"
        )
    elif isinstance(exc, IsADirectoryError):
        message = f"is a folder, not a CSV file; correct the path of resource {table.name!r} in {DESCRIPTOR}"
    else:
        message = f"file {filebytes.why(exc)}; check that it is a readable file"
    return Finding(path=table.path, rule="datapackage", message=message)


def _bytes(files: Snapshot, table: TableSpec) -> Bytes | Finding:
    why = refusal(files.root, table.path)
    if why is not None:
        message = f"the path of resource {table.name!r} {why}; it is not read"
        return Finding(path=DESCRIPTOR, rule="datapackage", message=message, value=table.path)
    try:
        return files.read(table.path)
    except OSError as exc:
        return _unreadable(table, exc)


def _typed(
    table: TableSpec, parsed: ParsedCsv
) -> tuple[dict[str, pa.ChunkedArray], dict[str, np.ndarray], list[Finding]]:
    findings = list(parsed.errors)
    if parsed.header:
        findings += header_problems(table.path, table.schema_path, table.schema_, parsed.header)
    typed, type_findings, bad = parse_table(table.path, table.schema_, parsed.columns, parsed.lines)
    return typed, bad, findings + type_findings


def read_table(files: Snapshot, table: Table, scans: Iterable[Scan] = ()) -> tuple[TableData | None, list[Finding]]:
    """The table typed from its file's bytes, and what reading it found; None when the file cannot be read."""
    raw = _bytes(files, table)
    if isinstance(raw, Finding):
        return None, [raw]
    parsed = read_csv(table.path, raw, empty_as_null=True)
    scanned = {name: scan(raw, parsed, table) for name, scan in scans}
    del raw  # released here unless the snapshot keeps it
    typed, bad, findings = _typed(table, parsed)
    data = TableData(
        table.name, table.path, table.schema_, parsed.header, parsed.columns, typed, parsed.lines, bad, scanned
    )
    return data, findings


def read_columns(files: Snapshot, table: TableSpec) -> tuple[dict[str, pa.ChunkedArray] | None, int, list[Finding]]:
    """The typed columns of a table and its number of rows, for the loader: what :func:`read_table` makes of
    them, without the text and line numbers the rules need (None when the file cannot be read)."""
    raw = _bytes(files, table)
    if isinstance(raw, Finding):
        return None, 0, [raw]
    parsed = read_csv(table.path, raw, empty_as_null=True)
    del raw
    typed, _, findings = _typed(table, parsed)
    return typed, len(parsed.lines), findings
