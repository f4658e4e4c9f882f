"""A table of a fetched release as the DataFrame :func:`caucasus_data.load` gives for the bundled data.

A release table is read only if it was built with exactly the installed Table Schema (same hash): the
installed schema decides the dtypes and descriptions, and a release of another shape would be read wrongly.
"""

from __future__ import annotations

from typing import Any

import pyarrow.parquet as pq

from .. import backends
from ..model import read_package_or_fail
from ..paths import bundled_root
from . import SchemaMismatchError
from . import parquet as parquet_io
from .fetch import fetch
from .manifest import MANIFEST, read_manifest, schema_sha256


def load_release(name: str, version: str | None = None, backend: str = "pandas") -> Any:
    root = bundled_root()
    installed = read_package_or_fail(root)
    if name not in installed.tables:
        raise KeyError(f"no table {name!r}; the tables are: {', '.join(installed.tables)}")
    folder = fetch(version)
    manifest = read_manifest(folder / MANIFEST)
    table = installed.tables[name]
    advice = (
        f"install the caucasus-data that matches it (pip install caucasus-data=={manifest.version}), "
        f"or load the data of this installation with load({name!r})"
    )
    entry = manifest.table(name)
    if entry is None:
        raise SchemaMismatchError(f"release {manifest.version} has no table {name!r}: {advice}")
    path = folder / entry.path
    expected = schema_sha256((root / table.schema_path).read_bytes())
    built_with = parquet_io.file_metadata(path).get(parquet_io.SCHEMA_HASH_KEY, "(none recorded)")
    if built_with != expected:
        raise SchemaMismatchError(
            f"release {manifest.version}, table {name!r}: built with a Table Schema (sha256 {built_with[:12]}) "
            f"other than the installed {table.schema_path} of caucasus-data {installed.version} (sha256 "
            f"{expected[:12]}), so its columns or types may differ: {advice}"
        )
    data = pq.read_table(path, columns=table.schema_.field_names)
    return backends.convert(data, name, table.schema_, manifest.version, backend)
