"""The Parquet release: built reproducibly from a valid package, published as flat files, fetched and verified.

A release of version ``V`` is a flat folder, so that it maps one-to-one onto the assets of a GitHub release:

``<table>.parquet``
    one per table, typed from the Table Schemas (see :mod:`caucasus_data.derive`)
``datapackage.json``
    a Frictionless descriptor of the Parquet resources, with the same Table Schemas inline
``codebook.md``
    every table and field, generated from the Table Schemas
``manifest.json``
    version, and for every file above: size, sha256 and (for tables) row count and schema hash
``caucasus-data-V.tar.gz``
    all of the above in one archive, under a folder ``caucasus-data-V/``

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
