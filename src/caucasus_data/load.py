"""Tables as pandas DataFrames with the dtypes their Table Schemas imply, loaded from exactly the bytes checked.

Loading reads every file of the package once into a :class:`~caucasus_data.snapshot.Snapshot` (the
descriptors, every table, every raw document the ``sources`` table names) and builds the frames from those
bytes. With ``validate=True`` the same bytes must be known good first, in one of three ways, cheapest first:

1. they are the data this installation shipped: each file's sha256 equals the one recorded when the wheel was
   built (:mod:`caucasus_data.shipped`; needs neither the validator nor the cache);
2. their fingerprint passed before, in this process or in another (a stamp in the cache, :mod:`.stamp`);
3. the validator checks them now, and a pass is remembered under their fingerprint.

A file edited after a first ``load()`` has another fingerprint, so it is validated again; a file written to
while it was being read is refused. Nothing is remembered per folder.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from . import backends
from .errors import CaucasusDataError, Report
from .frames import arrow_table
from .paths import bundled_root, inside
from .provenance import SOURCES
from .reading import TableSpec, read_columns
from .schema_spec import DESCRIPTOR
from .snapshot import Snapshot

if TYPE_CHECKING:
    from .model import TableSchema

_passed: set[str] = set()  # fingerprints of the snapshots that passed in this process
_passed_lock = threading.Lock()


class InvalidDataError(CaucasusDataError, ValueError):
    """Raised by ``load(..., validate=True)`` when the package breaks a rule; ``.report`` holds every finding."""

    def __init__(self, report: Report) -> None:
        lines = [f"{report.root} is not valid ({len(report.errors)} errors):"]
        from .reporters import render_text

        lines += render_text(report, cap=10).splitlines()
        super().__init__("\n".join(lines))
        self.report = report


class ChangedWhileReading(CaucasusDataError, OSError):
    """A file of the package was written to while it was being read: nothing from it is returned."""


class Descriptors(Protocol):
    """What loading reads of the descriptors: the models' :class:`~caucasus_data.model.Package`, or this
    installation's own descriptors read without them (:mod:`caucasus_data.shipped_schema`)."""

    @property
    def tables(self) -> Mapping[str, TableSpec]: ...
    @property
    def version(self) -> str: ...


def _resolve(path: str | Path | None) -> Path:
    return bundled_root() if path is None else Path(path)


def _descriptors(files: Snapshot) -> Descriptors:
    """The descriptors, read with the models unless their bytes are the ones this installation shipped."""
    from . import shipped_schema

    shipped = shipped_schema.read(files)
    if shipped is not None:
        return shipped
    from .model import read_package_or_fail

    return read_package_or_fail(files)


def tables(path: str | Path | None = None) -> list[str]:
    """Names of the tables, in the order of ``datapackage.json`` (default: the bundled data).

    >>> "events" in tables()
    True
    """
    return list(_descriptors(Snapshot(_resolve(path).resolve())).tables)


def version(path: str | Path | None = None) -> str:
    """The data package's version (``datapackage.json``)."""
    return _descriptors(Snapshot(_resolve(path).resolve())).version


def schema(name: str, path: str | Path | None = None) -> TableSchema:
    """The Table Schema of ``name``; an unknown name raises ``KeyError`` listing the tables.

    >>> schema("events").primaryKey
    ['event_id']
    """
    from .model import read_package_or_fail

    package = read_package_or_fail(_resolve(path))
    if name not in package.tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(package.tables)}")
    return package.tables[name].schema_


def _read_everything(files: Snapshot, package: Descriptors) -> bool:
    """Read every file a validation reads into ``files``; False when one of them cannot be read."""
    complete = True
    for table in package.tables.values():
        try:
            files.read(table.path) if inside(files.root, table.path) else None
        except OSError:
            complete = False
    sources = package.tables.get(SOURCES.table)
    if sources is None:
        return complete
    typed, _, _ = read_columns(files, sources)
    if typed is None or "raw_path" not in typed:
        return False
    for raw_path in sorted({p for p in typed["raw_path"].to_pylist() if p}):
        try:
            files.read(raw_path) if inside(files.root, raw_path) else None
        except OSError:
            complete = False
    return complete


def _known_good(files: Snapshot, package: Descriptors) -> None:
    """Return when the snapshot's bytes are known to pass every rule; raise InvalidDataError when they do not."""
    from . import shipped, stamp

    complete = _read_everything(files, package)
    if complete and shipped.is_shipped(files):
        return
    name = stamp.validated_key(files, package.version)
    with _passed_lock:
        if name in _passed:
            return
    if complete and stamp.is_stamped(name):
        with _passed_lock:
            _passed.add(name)
        return
    from .validator import check_snapshot  # pandera, frictionless: only when validation has to run

    report, _ = check_snapshot(files)
    if not files.unchanged():
        raise ChangedWhileReading(f"a file of {files.root} changed while it was being read; load again")
    if not report.ok:
        raise InvalidDataError(report)
    if stamp.validated_key(files, package.version) == name:  # the validation read nothing more
        with _passed_lock:
            _passed.add(name)
        if complete:
            stamp.record(name)


def _snapshot(path: str | Path | None, validate: bool) -> tuple[Snapshot, Descriptors]:
    files = Snapshot(_resolve(path).resolve(), keep=True, digests=validate)
    package = _descriptors(files)
    if validate:
        _known_good(files, package)
    return files, package


def check(path: str | Path | None = None) -> None:
    """Return when the package's bytes are known good (shipped, passed before, or validated now).

    Raises :class:`InvalidDataError` with the report when they break a rule, and
    :class:`~caucasus_data.model.UnreadablePackage` when a descriptor cannot be read.

    >>> check()  # the bundled data
    """
    _snapshot(path, validate=True)


def _load(files: Snapshot, package: Descriptors, name: str, backend: str) -> Any:
    if name not in package.tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(package.tables)}")
    table = package.tables[name]
    if not inside(files.root, table.path):
        raise CaucasusDataError(f"{DESCRIPTOR}: resource {name!r} has a path outside the package folder")
    typed, num_rows, _ = read_columns(files, table)
    if typed is None:
        raise FileNotFoundError(f"{files.root / table.path}: the file of table {name!r} cannot be read")
    if not files.release(table.path):  # its columns are built: the bytes are not needed any more
        raise ChangedWhileReading(f"{table.path} changed while it was being read; load again")
    data = arrow_table(table.schema_, typed, num_rows)
    return backends.convert(data, name, table.schema_, package.version, backend)


def load(
    name: str,
    validate: bool = True,
    path: str | Path | None = None,
    source: Literal["package", "release"] = "package",
    version: str | None = None,
    backend: backends.Backend = "pandas",
) -> Any:
    """One table as a DataFrame: dates as ``date32``, enums as categoricals, nullable strings, booleans, integers.

    Parameters: ``name``, a table (see :func:`tables`); ``path``, a package folder (default: the data bundled
    with this installation); ``validate``, check the package first; ``source="release"``, read the Parquet
    release ``version`` instead (default: the installed data version), fetched once into the cache (see
    :func:`caucasus_data.fetch`): a release was validated when it was built and is verified by checksum, so
    ``validate`` and ``path`` do not apply to it; ``backend``: ``"pandas"`` (default), ``"polars"`` or
    ``"pyarrow"``, with the same types and descriptions (see :mod:`caucasus_data.backends`).

    Returns the frame, with the field descriptions in ``frame.attrs["descriptions"]`` (pandas). The frame is
    built from the very bytes that were checked (the module docstring says how they are known good).

    Raises :class:`InvalidDataError` (its ``.report`` lists every finding) when the package breaks a rule,
    ``KeyError`` for an unknown table, :class:`~caucasus_data.model.UnreadablePackage` when a descriptor
    cannot be read.

    >>> events = load("events")
    >>> events.attrs["primary_key"], str(events["date_start"].dtype)
    (['event_id'], 'date32[day][pyarrow]')
    """
    backends.check_backend(backend)
    if source == "release":
        from .release.read import load_release

        return load_release(name, version, backend)
    if source != "package":
        raise ValueError(f"source must be 'package' or 'release', not {source!r}")
    files, package = _snapshot(path, validate)
    return _load(files, package, name, backend)


def load_all(
    validate: bool = True,
    path: str | Path | None = None,
    source: Literal["package", "release"] = "package",
    version: str | None = None,
    backend: backends.Backend = "pandas",
) -> dict[str, Any]:
    """Every table, keyed by name, from one reading of the package (the parameters are :func:`load`'s).

    >>> frames = load_all()
    >>> list(frames) == tables()
    True
    """
    backends.check_backend(backend)
    if source == "release":
        return {name: load(name, source=source, version=version, backend=backend) for name in tables()}
    files, package = _snapshot(path, validate)
    return {name: _load(files, package, name, backend) for name in package.tables}
