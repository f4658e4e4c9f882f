"""The release: built reproducibly from a valid package, published as a folder and an archive, fetched and verified.

A release of version ``V`` is a folder (the layout is in :mod:`caucasus_data.release.outputs`):
``tables/<table>/<table>.parquet`` (one folder per table, only its Parquet data), and beside ``tables/``
the descriptor ``datapackage.json``, ``codebook.md``, ``manifest.json`` (every file: path, size, sha256,
format), the other outputs (``csv/``, ``stata/``, ``caucasus-data.sqlite`` with ``datasette.json``,
``caucasus-data.duckdb``) and ``caucasus-data-V.tar.gz``, all of the above under one folder
``caucasus-data-V/``. The manifest and the archive are what a release host publishes.

Building is :func:`caucasus_data.release.build.build_release`; fetching is :func:`caucasus_data.fetch`.
"""

from __future__ import annotations

from ..errors import CaucasusDataError


class ReleaseError(CaucasusDataError):
    """A release that cannot be built, fetched or read; the message says which file and what to do."""


class IntegrityError(ReleaseError):
    """A downloaded or cached file does not match the manifest: it is refused and never kept."""


class SchemaMismatchError(ReleaseError, ValueError):
    """A release table built with a Table Schema other than the installed one."""
