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

``cd.fetch()`` downloads the Parquet release of this version once, verifies it and caches it.
"""

from __future__ import annotations

from pathlib import Path

from .errors import CaucasusDataError, Finding, Report
from .load import InvalidDataError, load, load_all, tables
from .load import version as _data_version

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
    "tables",
    "validate",
]


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


def fetch(version: str | None = None) -> Path:
    """The folder of the Parquet release ``version`` (default: this package's data version), downloaded once.

    Every file is checked against the release manifest's sha256 before it is cached; later calls use the
    cache without the network. Set ``CAUCASUS_DATA_URL`` to fetch from elsewhere and ``CAUCASUS_DATA_CACHE``
    to move the cache. Raises :class:`caucasus_data.release.fetch.FetchError` when it cannot be downloaded
    and :class:`caucasus_data.release.IntegrityError` when what was downloaded does not match its manifest.
    """
    from .release.fetch import fetch as fetch_release

    return fetch_release(version)


def __getattr__(name: str) -> object:
    """``ValidationError``: the old name of :class:`Finding`, kept for code written against 0.1 (it warns)."""
    if name == "ValidationError":
        from . import errors

        return errors.__getattr__(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__version__: str = _data_version()
