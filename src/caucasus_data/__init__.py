"""caucasus-data: the Azerbaijan–Türkiye military relationship as a validated, citable data package.

>>> import caucasus_data as cd
>>> "events" in cd.tables()                     # table names
True
>>> cd.load("events").attrs["primary_key"]      # a typed DataFrame; descriptions in .attrs["descriptions"]
['event_id']
>>> cd.load("events", backend="pyarrow").num_rows > 0   # or "polars": the same types; cd.descriptions("events")
True
>>> bool(cd.validate())                         # a Report; truthy when the data is valid
True

``cd.pandera_schema("events")`` is a table's Table Schema as a pandera schema, for frames of one's own;
``cd.fetch()`` downloads the Parquet release of this version once, verifies it and caches it.

Importing the package imports nothing beyond the standard library: each name is loaded when it is first used,
so a command that needs neither pandas nor pandera (``caucasus-data --help``, ``validate``) never waits for
them (``tests/test_import_cost.py``).
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import CaucasusDataError, Finding, Report
    from .load import InvalidDataError, load, load_all, tables

__all__ = [
    "CaucasusDataError",
    "Finding",
    "InvalidDataError",
    "Report",
    "__version__",
    "descriptions",
    "fetch",
    "load",
    "load_all",
    "pandera_schema",
    "tables",
    "validate",
]

_LAZY = {
    "CaucasusDataError": ".errors",
    "Finding": ".errors",
    "Report": ".errors",
    "InvalidDataError": ".load",
    "load": ".load",
    "load_all": ".load",
    "tables": ".load",
}


class _Package(types.ModuleType):
    """This package's module, which keeps the function ``load`` when its submodule ``load`` is first imported.

    Importing a submodule binds it on its package under its own name; with the names loaded lazily, that
    would leave ``caucasus_data.load`` naming the module instead of the function.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _LAZY.get(name) == f".{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def _data_version() -> str:
    """The bundled data package's version, read from its descriptor alone."""
    import json

    from .paths import bundled_root

    descriptor = json.loads((bundled_root() / "datapackage.json").read_text(encoding="utf-8"))
    return str(descriptor["version"])


def __getattr__(name: str) -> Any:
    """The public names, each imported when first used; ``ValidationError`` is the old name of :class:`Finding`,
    kept for code written against 0.1 (it warns)."""
    if name == "ValidationError":
        from . import errors

        return errors.__getattr__(name)
    if name == "__version__":
        value: Any = _data_version()
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def validate(path: str | Path | None = None) -> Report:
    """Check a package folder (default: the bundled data) against every rule; returns every finding.

    Raises :class:`caucasus_data.validator.PackageNotFound` (a :class:`CaucasusDataError`) when ``path`` is
    not a folder. A folder without a readable ``datapackage.json`` is not an exception: the report says so.

    >>> report = validate()
    >>> report.ok, report.errors
    (True, [])
    """
    from .paths import bundled_root
    from .validator import validate_folder

    return validate_folder(bundled_root() if path is None else Path(path))


def descriptions(name: str, path: str | Path | None = None) -> dict[str, str]:
    """Each field's codebook entry for table ``name``: what a polars frame, which holds no metadata, leaves out."""
    from .load import schema

    return {f.name: f.description for f in schema(name, path).fields}


def pandera_schema(name: str, path: str | Path | None = None):
    """Table ``name``'s Table Schema as a pandera ``DataFrameSchema``, for checking frames of one's own.

    Derived from the same check records the validator runs (:mod:`caucasus_data.checks`): every field with
    its dtype (a frame read by other means is coerced to the dtypes :func:`load` gives), required, unique,
    enum, pattern, length and range, and the primary key's uniqueness. Foreign keys and the package's other
    rules span tables and files: run :func:`validate` for those.

    >>> import caucasus_data as cd
    >>> frame = cd.load("events")
    >>> checked = cd.pandera_schema("events").validate(frame, lazy=True)   # raises SchemaErrors listing every failure
    >>> checked.shape == frame.shape
    True
    """
    from .load import schema
    from .pandera_checks import public_schema

    return public_schema(schema(name, path))


def fetch(version: str | None = None, pin: str | None = None) -> Path:
    """The folder of the Parquet release ``version`` (default: this package's data version), downloaded once.

    The release's manifest must have the sha256 this installation pins for its own data version (or ``pin``,
    the sha256 you trust for another version), and every file is checked against the manifest before it is
    cached; later calls use the cache without the network. Set ``CAUCASUS_DATA_URL`` to fetch from elsewhere
    and ``CAUCASUS_DATA_CACHE`` to move the cache. Raises :class:`caucasus_data.release.fetch.UnpinnedError`
    for a version without a pin, :class:`caucasus_data.release.fetch.FetchError` when it cannot be downloaded
    in time and :class:`caucasus_data.release.IntegrityError` when what was downloaded is not the pinned release.
    """
    from .release.fetch import fetch as fetch_release

    return fetch_release(version, pin)


__version__: str = _data_version()
