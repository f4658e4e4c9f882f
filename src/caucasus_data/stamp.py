"""A note that a package's exact bytes passed validation, so that a later process can load them without re-checking.

``load(validate=True)`` costs a full validation in every new process; the data rarely changes between two of
them. The loader reads every file the validation reads (``datapackage.json``, each Table Schema and table, and
every raw document the ``sources`` table names) once, into a :class:`~caucasus_data.snapshot.Snapshot`, and
names those bytes with :func:`key`: the sha256 of each file as read, the data version, this package's version
and the source of its validator, so any changed byte, in the data or in the rules, means validating again.
After a pass of exactly those bytes a stamp file of that name is written to the cache folder
(:mod:`caucasus_data.cache`); a process whose reading has the same key skips the validation. Only a pass is
ever recorded, and only of bytes that did not change while they were read. The stock profile checks of the
descriptors (:class:`caucasus_data.validator._Profiles`) are kept under a key made the same way.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from .cache import keep, recall
from .snapshot import Snapshot

VALIDATED = "validated"
_PASSED = "valid\n"
_CODE = Path(__file__).resolve().parent


@cache
def _code_digest() -> str:
    """The validator as installed: every module of this package, so an edited rule invalidates every stamp."""
    digest = hashlib.sha256()
    for path in sorted(_CODE.rglob("*.py")):
        digest.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def installed_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def key(files: Snapshot, *parts: str, files_only: list[str] | None = None) -> str:
    """The name of what ``files`` read (or of ``files_only`` among it), of ``parts`` and of this validator."""
    return files.fingerprint(*parts, _code_digest(), files=files_only)


def validated_key(files: Snapshot, version: str) -> str:
    """The key a pass of these bytes is stamped under."""
    return key(files, version, installed_version("caucasus-data"))


def is_stamped(name: str) -> bool:
    return recall(VALIDATED, name) == _PASSED  # an empty or altered entry (a crash, an edit) is no stamp


def record(name: str) -> None:
    keep(VALIDATED, name, _PASSED)
