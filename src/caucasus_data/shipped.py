"""The data this installation shipped: the sha256 of every data file, recorded when the wheel was built.

The build hook (``hatch_build.py`` at the root of the repository) writes :data:`RECORD` into the wheel's
``_data/`` folder: the sha256 of each file of the data package it bundles, the same tree the project's tests
validate before a release. :func:`is_shipped` says whether a reading of the bundled folder holds exactly those
bytes, file for file. When it does, ``load()`` trusts them with no validation, no cache and no import of the
validator; one changed byte (an installed file edited by hand), a file more or a file missing, and the data is
validated like any other folder.

Only the record inside this installation (:data:`INSTALLED`) is believed. A record is nothing but a list of
hashes, which anyone can write for any bytes: one found in a checkout, or in a folder a pull request changed,
vouches for nothing, and that folder is validated like any other.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # nothing else is imported: the build hook loads this file on its own
    from .snapshot import Snapshot

RECORD = "SHIPPED-SHA256.json"
DATA = ("datapackage.json", "curated", "schemas", "raw")  # what the wheel bundles under caucasus_data/_data
#: Where the wheel puts its data, beside this module; a source checkout has no such folder.
INSTALLED = Path(__file__).resolve().parent / "_data"


def data_files(root: Path) -> list[str]:
    """Every file of the data package in a source tree, as the wheel bundles it (relative, sorted)."""
    found = []
    for name in DATA:
        top = root / name
        found += [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file()]
    return sorted(p.relative_to(root).as_posix() for p in found)


def record_of(root: Path, files: list[str]) -> str:
    """The record's text for ``files`` (paths relative to ``root``): what the build hook writes.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "datapackage.json").write_text("{}")
    >>> json.loads(record_of(folder, ["datapackage.json"]))["files"]["datapackage.json"][:12]
    '44136fa355b3'
    """
    digests = {rel: hashlib.sha256((root / rel).read_bytes()).hexdigest() for rel in sorted(files)}
    return json.dumps({"files": digests}, indent=1, sort_keys=True) + "\n"


def recorded(root: Path) -> dict[str, str] | None:
    """The recorded sha256 of each shipped file; None unless ``root`` is this installation's data folder and
    holds a readable record."""
    if root.resolve() != INSTALLED:
        return None
    try:
        files = json.loads((root / RECORD).read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return files if isinstance(files, dict) else None


def is_shipped(files: Snapshot) -> bool:
    """Whether every file ``files`` read, from a folder with a record, is recorded there with the same sha256.

    The caller makes sure the snapshot read every file a validation would read (a file missing is not vouched
    for by the files that are there).
    """
    expected = recorded(files.root)
    return (
        expected is not None
        and bool(files.files)
        and all(expected.get(rel) == files.sha256(rel) for rel in files.files)
    )
