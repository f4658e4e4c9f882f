"""caucasus-data: the Azerbaijan–Türkiye military relationship as a validated, citable data package.

>>> import caucasus_data as cd
>>> cd.tables()            # table names
>>> cd.load("events")      # a typed DataFrame; descriptions in .attrs["descriptions"]
>>> cd.load("events", backend="polars")   # or "pyarrow": the same types; cd.descriptions("events")
>>> cd.validate()          # a Report; truthy when the data is valid
>>> cd.pandera_schema("events")   # the table's constraints as a pandera schema, for frames of one's own
>>> cd.fetch()             # the Parquet release of this version, downloaded once, verified, cached

Importing the package imports nothing heavy: each name is loaded when it is first used, so a command that
needs neither pandas nor pandera (``caucasus-data --help``, ``validate``) never waits for them.
"""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .errors import Report, ValidationError
    from .load import InvalidDataError, load, load_all, tables

__all__ = [
    "InvalidDataError",
    "Report",
    "ValidationError",
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
    "InvalidDataError": ".load",
    "load": ".load",
    "load_all": ".load",
    "tables": ".load",
    "Report": ".errors",
    "ValidationError": ".errors",
}


def _data_version() -> str:
    """The bundled data package's version, read from its descriptor alone."""
    import json

    from .paths import bundled_root

    descriptor = json.loads((bundled_root() / "datapackage.json").read_text(encoding="utf-8"))
    return str(descriptor["version"])


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


def __getattr__(name: str) -> Any:
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
    """Check a package folder (default: the bundled data) against every rule; returns all errors found."""
    from .paths import bundled_root
    from .validator import validate_folder

    return validate_folder(bundled_root() if path is None else Path(path))


def pandera_schema(name: str, path: str | Path | None = None):
    """Table ``name``'s Table Schema as a pandera ``DataFrameSchema``, for checking frames of one's own.

    Derived from the same check records the validator runs (:mod:`caucasus_data.checks`): every field with
    its dtype (a frame read by other means is coerced to the dtypes :func:`load` gives), required, unique,
    enum, pattern, length and range, and the primary key's uniqueness. Foreign keys and the package's other
    rules span tables and files: run :func:`validate` for those.

    >>> cd.pandera_schema("events").validate(my_frame, lazy=True)
    """
    from .model import read_package
    from .pandera_checks import public_schema
    from .paths import bundled_root

    package, _ = read_package(bundled_root() if path is None else Path(path))
    if name not in package.tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(package.tables)}")
    return public_schema(package.tables[name].schema_)


def descriptions(name: str, path: str | Path | None = None) -> dict[str, str]:
    """Each field's codebook entry for table ``name``: what a polars frame, which holds no metadata, leaves out."""
    from .load import schema

    return {f.name: f.description for f in schema(name, path).fields}


def fetch(version: str | None = None) -> Path:
    """The folder of the Parquet release ``version`` (default: this package's data version), downloaded once.

    Every file is checked against the release manifest's sha256 before it is cached; later calls use the
    cache without the network. Set ``CAUCASUS_DATA_URL`` to fetch from elsewhere and ``CAUCASUS_DATA_CACHE``
    to move the cache.
    """
    from .release.fetch import fetch as fetch_release

    return fetch_release(version)
