"""caucasus-data: the Azerbaijan–Türkiye military relationship as a validated, citable data package.

>>> import caucasus_data as cd
>>> cd.tables()            # table names
>>> cd.load("events")      # a typed DataFrame; descriptions in .attrs["descriptions"]
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


def fetch(version: str | None = None, pin: str | None = None) -> Path:
    """The folder of the Parquet release ``version`` (default: this package's data version), downloaded once.

    The release's manifest must have the sha256 this installation pins for its own data version (or ``pin``,
    the sha256 you trust for another version), and every file is checked against the manifest before it is
    cached; later calls use the cache without the network. Set ``CAUCASUS_DATA_URL`` to fetch from elsewhere
    and ``CAUCASUS_DATA_CACHE`` to move the cache.
    """
    from .release.fetch import fetch as fetch_release

    return fetch_release(version, pin)


__version__: str = _data_version()
