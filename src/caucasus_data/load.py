"""Tables as pandas DataFrames with the dtypes their Table Schemas imply."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pyarrow as pa

from . import backends
from .csvread import read_csv
from .derive import ARROW_TYPES, arrow_schema, to_arrow
from .model import Package, TableSchema, read_package
from .parse import parse_table
from .paths import bundled_root

if TYPE_CHECKING:
    import pandas as pd


class InvalidDataError(ValueError):
    """Raised by ``load(..., validate=True)`` when the package breaks a rule; carries the report."""

    def __init__(self, report) -> None:
        lines = [f"{report.root} is not valid ({len(report.errors)} errors):"]
        from .reporters import render_text

        lines += render_text(report, cap=10).splitlines()
        super().__init__("\n".join(lines))
        self.report = report


@cache
def _package(root: Path) -> Package:
    package, problems = read_package(root)
    if problems:
        raise ValueError(f"{problems[0].path}: {problems[0].message}")
    return package


def _resolve(path: str | Path | None) -> Path:
    return bundled_root() if path is None else Path(path)


def tables(path: str | Path | None = None) -> list[str]:
    """Names of the tables, in the order of ``datapackage.json``."""
    return list(_package(_resolve(path)).tables)


def version(path: str | Path | None = None) -> str:
    return _package(_resolve(path)).version


def schema(name: str, path: str | Path | None = None) -> TableSchema:
    """The Table Schema of ``name``; an unknown name raises ``KeyError`` listing the tables."""
    package = _package(_resolve(path).resolve())
    if name not in package.tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(package.tables)}")
    return package.tables[name].schema_


def _arrow(root: Path, name: str) -> pa.Table:
    """Read through the validator's own parser, so a loaded value is exactly the value that was checked."""
    package = _package(root)
    if name not in package.tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(package.tables)}")
    table = package.tables[name]
    schema = table.schema_
    parsed = read_csv(table.path, (root / table.path).read_bytes(), empty_as_null=True)
    typed, _, _ = parse_table(table.path, schema, parsed.columns, parsed.lines)
    columns = []
    for field in schema.fields:
        values = typed.get(field.name)
        if values is None or values.type == pa.null() or parsed.num_rows == 0:  # a missing column; an empty table
            values = pa.nulls(parsed.num_rows, ARROW_TYPES[field.type])
        columns.append(to_arrow(field, values))
    return pa.Table.from_arrays(columns, schema=arrow_schema(schema))


def with_attrs(frame: pd.DataFrame, name: str, schema: TableSchema, version: str) -> pd.DataFrame:
    """What a loaded frame carries about itself, whichever source it was read from."""
    frame.attrs.update(backends.attrs(name, schema, version))
    return frame


@cache
def _validated(root: Path) -> None:
    """Validate once per process, and not at all when these exact bytes passed before (see :mod:`.stamp`)."""
    from . import stamp

    key = stamp.fingerprint(root, _package(root))
    if key is not None and stamp.is_stamped(key):
        return
    from .validator import validate_folder  # pandera, frictionless: only when validation has to run

    report = validate_folder(root)
    if not report.ok:
        raise InvalidDataError(report)
    if key is not None and stamp.fingerprint(root, _package(root)) == key:
        stamp.record(key)


def load(
    name: str,
    validate: bool = True,
    path: str | Path | None = None,
    source: Literal["package", "release"] = "package",
    version: str | None = None,
    backend: backends.Backend = "pandas",
) -> Any:
    """One table as a DataFrame: dates as ``date32``, enums as categoricals, nullable strings, booleans, integers.

    Field descriptions travel with the frame in ``frame.attrs["descriptions"]``. With ``validate=True`` the
    whole package is validated first (once per process; a pass is remembered in the user cache, keyed by the
    sha256 of every file, so later processes skip it while no byte changes) and invalid data raises
    :class:`InvalidDataError`.
    With ``source="release"`` the table is read from the Parquet release ``version`` (default: the installed
    data version), fetched once into the cache (see :func:`caucasus_data.fetch`); the release was validated
    when it was built and is verified by checksum, so ``validate`` and ``path`` do not apply.
    ``backend``: ``"pandas"`` (default), ``"polars"`` or ``"pyarrow"``, with the same types and descriptions
    (see :mod:`caucasus_data.backends`).
    """
    backends.check_backend(backend)
    if source == "release":
        from .release.read import load_release

        return load_release(name, version, backend)
    if source != "package":
        raise ValueError(f"source must be 'package' or 'release', not {source!r}")
    root = _resolve(path).resolve()
    if validate:
        _validated(root)
    package = _package(root)
    data = _arrow(root, name)
    return backends.convert(data, name, package.tables[name].schema_, package.version, backend)


def load_all(
    validate: bool = True,
    path: str | Path | None = None,
    source: Literal["package", "release"] = "package",
    version: str | None = None,
    backend: backends.Backend = "pandas",
) -> dict[str, Any]:
    """Every table, keyed by name."""
    return {
        name: load(name, validate=validate, path=path, source=source, version=version, backend=backend)
        for name in tables(path)
    }
