"""caucasus-data: the Azerbaijan–Türkiye military relationship as a validated, citable data package.

>>> import caucasus_data as cd
>>> cd.tables()            # table names
>>> cd.load("events")      # a typed DataFrame; descriptions in .attrs["descriptions"]
>>> cd.load("events", backend="polars")   # or "pyarrow": the same types; cd.descriptions("events")
>>> cd.validate()          # a Report; truthy when the data is valid
>>> cd.fetch()             # the Parquet release of this version, downloaded once, verified, cached
"""

from __future__ import annotations

from pathlib import Path

from .errors import Report, ValidationError
from .load import InvalidDataError, load, load_all, tables
from .load import version as _data_version

__all__ = [
    "InvalidDataError",
    "Report",
    "ValidationError",
    "__version__",
    "descriptions",
    "fetch",
    "load",
    "load_all",
    "tables",
    "validate",
]


def validate(path: str | Path | None = None) -> Report:
    """Check a package folder (default: the bundled data) against every rule; returns all errors found."""
    from .paths import bundled_root
    from .validator import validate_folder

    return validate_folder(bundled_root() if path is None else Path(path))


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


__version__: str = _data_version()
