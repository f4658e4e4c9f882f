"""Formatting table files: read with the project's reader, refuse what cannot be read losslessly, write atomically.

Nothing is ever lost: a file is rewritten only when it reads without a single problem, and only after its
canonical form has been read back and found to hold the same cells. A file that changes on disk while it
is being formatted is left alone.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from .. import filebytes, tempfiles
from ..csvread import read_csv
from ..errors import Finding
from ..model import Package, Table, TableSchema
from ..paths import refusal
from . import cells, form
from .diagnose import diagnose
from .layout import analyse, clean_bytes, one_row_per_line


@dataclass
class Outcome:
    """One table file: its canonical bytes, or why it cannot be formatted."""

    path: str
    canonical: bytes | None = None
    changed: bool = False
    reasons: list[str] = field(default_factory=list)  # what formatting changes, for people
    refused: list[Finding] = field(default_factory=list)
    written: bool = False


def _header_problem(path: str, table_schema_path: str, schema: TableSchema, header: list[str]) -> Finding:
    differs = schema.header_difference(header)
    parts = [
        f"{label} {', '.join(names)}"
        for label, names in (
            ("lacks", differs.missing),
            ("has unknown", differs.unknown),
            ("repeats", differs.repeated),
        )
        if names
    ]
    message = f"header {'; '.join(parts)} compared with {table_schema_path}: fix the header by hand first"
    return Finding(path=path, rule="structure", message=message, line=1)


def _first_record(body: bytes) -> list[str] | None:
    """The header as a strict RFC 4180 reader reads it (the project's reader takes the first line)."""
    text = body[: 1 << 16].decode("utf-8", errors="replace")
    try:
        return next(csv.reader(io.StringIO(text, newline=""), strict=True), [])
    except csv.Error:
        return None


def _cells_equal(a: list[pa.Array], b: list[pa.Array]) -> bool:
    return all(len(x) == len(y) and pc.all(pc.equal(x, y)).as_py() is not False for x, y in zip(a, b, strict=True))


def format_bytes(
    path: str, raw: bytes, schema: TableSchema, schema_path: str = "its schema", shortcut: bool = True
) -> Outcome:
    """The canonical form of one table file's bytes, or the problems that stop it being formatted.

    ``shortcut``: a file the checks find canonical is not written out again (the tests turn this off to
    compare the checks with what the formatter writes)."""
    outcome = Outcome(path)
    names = schema.field_names
    body = clean_bytes(raw)
    parsed = read_csv(path, body)
    shape = analyse(raw, len(names) == 1, None if parsed.errors else one_row_per_line(parsed.lines))
    if parsed.errors:
        outcome.refused = parsed.errors
        return outcome
    if schema.header_difference(parsed.header):
        outcome.refused = [_header_problem(path, schema_path, schema, parsed.header)]
        return outcome
    if _first_record(body) != parsed.header:
        why = "the header must be one line of field names: a line break inside a quoted name reads differently"
        outcome.refused = [Finding(path=path, rule="structure", message=why, line=1)]
        return outcome
    if shape.malformed is not None:
        line, message = shape.malformed
        outcome.refused = [Finding(path=path, rule="format", message=message, line=line)]
        return outcome
    found = diagnose(shape, schema, parsed.header, parsed.columns, parsed.lines, every_column=True)
    if shortcut and found.canonical and not shape.bom and not shape.carriage_returns:
        outcome.canonical = raw  # nothing to write: the checks the rule makes hold, and they are exact
        return outcome
    text = [cells.normalise(parsed.columns[n], line_breaks=shape.carriage_returns) for n in names]
    order = form.sort_order([text[names.index(k)] for k in schema.primaryKey])
    canonical = b"".join(form.encode(names, text, order))
    again = read_csv(path, canonical)
    expected = text if order is None else [t.take(order) for t in text]
    if (
        again.errors
        or again.header != names
        or not _cells_equal([cells.as_array(again.columns[n]) for n in names], expected)
    ):
        why = "the formatted file would not read back the same cells, so it is left as it is"
        outcome.refused = [Finding(path=path, rule="format", message=why)]
        return outcome
    outcome.canonical = canonical
    outcome.changed = canonical != raw
    if outcome.changed:
        outcome.reasons = [
            r for r, hit in (("byte-order mark", shape.bom), ("carriage returns", shape.carriage_returns)) if hit
        ]
        outcome.reasons += found.reasons
    return outcome


def write_atomically(target: Path, data: bytes, expected_old: bytes) -> bool:
    """Replace ``target`` with ``data`` through a temporary file and a rename; False if it changed meanwhile.

    ``target`` is the file itself, symbolic links resolved: replacing a link would turn it into a copy and
    leave the file it points to unformatted. A temporary file left by a killed run is swept by the next."""
    handle, temporary = tempfiles.make_file(target.parent, target.name, ".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, target.stat().st_mode & 0o7777)
        if filebytes.as_bytes(filebytes.read(target)) != expected_old:
            return False
        os.replace(temporary, target)
        return True
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)


def format_table(root: Path, table: Table, write: bool) -> Outcome:
    why = refusal(root, table.path)
    if why is not None:
        problem = Finding(path=table.path, rule="datapackage", message=f"the path {why}; not formatted")
        return Outcome(table.path, refused=[problem])
    target = Path(os.path.realpath(root / table.path))  # a symbolic link inside the package: format its file
    try:
        raw = filebytes.as_bytes(filebytes.read(target))
    except OSError as exc:
        return Outcome(table.path, refused=[Finding(path=table.path, rule="structure", message=filebytes.why(exc))])
    outcome = format_bytes(table.path, raw, table.schema_, table.schema_path)
    if write and outcome.changed and outcome.canonical is not None:
        outcome.written = write_atomically(target, outcome.canonical, raw)
        if not outcome.written:
            message = "changed on disk while formatting; run again"
            outcome.refused = [Finding(path=table.path, rule="format", message=message)]
    return outcome


def format_package(package: Package, write: bool) -> list[Outcome]:
    """Every table of the package, in the order of ``datapackage.json``."""
    return [format_table(package.root, table, write) for table in package.tables.values()]
