"""A note that a package's exact bytes passed validation, so that a later process can load them without re-checking.

``load(validate=True)`` costs a full validation in every new process; the bundled data rarely changes between
two of them. After a validation that passes, a stamp file named by a fingerprint is written to the user cache
folder (platformdirs, or ``CAUCASUS_DATA_CACHE``); a process that computes the same fingerprint skips the
validation. The fingerprint is the sha256 of every file the validation reads (``datapackage.json``, each Table
Schema and table, and every raw document the ``sources`` table names) together with the data version, this
package's version and the source of its validator, so any changed byte, in the data or in the rules, means
validating again. Only a pass is ever recorded, and only when the files did not change while being validated.
A cache that cannot be written just means no stamp. The same cache keeps the result of the stock profile
checks of the descriptors (:func:`caucasus_data.validator.profile_errors`), keyed the same way.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import tempfile
from functools import cache
from pathlib import Path

from . import filebytes
from .model import Package

CACHE_VARIABLE = "CAUCASUS_DATA_CACHE"
VALIDATED = "validated"
_PASSED = "valid\n"  # the whole of a stamp: an empty or altered entry is no stamp
_SOURCES, _RAW_PATH = "sources", "raw_path"
_CODE = Path(__file__).resolve().parent


def cache_dir() -> Path:
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("caucasus-data", appauthor=False))


@cache
def _code_digest() -> str:
    """The validator as installed: every module of this package, so an edited rule invalidates every stamp."""
    digest = hashlib.sha256()
    for path in sorted(_CODE.rglob("*.py")):
        digest.update(path.relative_to(_CODE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _raw_paths(sources_csv: bytes) -> list[str]:
    reader = csv.reader(io.StringIO(sources_csv.decode("utf-8"), newline=""))
    header = next(reader, [])
    if _RAW_PATH not in header:
        return []
    column = header.index(_RAW_PATH)
    return sorted({row[column] for row in reader if len(row) > column and row[column]})


def fingerprint(root: Path, package: Package) -> str | None:
    """The sha256 naming this exact package and validator, or None when its files cannot all be read."""
    files = ["datapackage.json"] + [p for t in package.tables.values() for p in (t.schema_path, t.path)]
    try:
        sources = package.tables.get(_SOURCES)
        raw = _raw_paths(filebytes.as_bytes(filebytes.read_inside(root, sources.path, "table"))) if sources else []
        return digest_files(root, files + raw, package.version, installed_version("caucasus-data"))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None


def installed_version(distribution: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(distribution)
    except PackageNotFoundError:
        return "unknown"


def recall(kind: str, key: str) -> str | None:
    """A note kept under ``kind`` and ``key`` (a sha256), or None."""
    try:
        return filebytes.as_bytes(filebytes.read(cache_dir() / kind / key, kind="descriptor")).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def keep(kind: str, key: str, text: str) -> None:
    """Write a note atomically and durably (temporary file, fsync, rename): a crash leaves the old entry or
    the new one, never a partial file. A cache that cannot be written is not an error; a reader that finds an
    entry it cannot use treats it as missing, and the next ``keep`` replaces it."""
    target = cache_dir() / kind / key
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=target.parent, delete=False) as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.replace(handle.name, target)
        finally:
            Path(handle.name).unlink(missing_ok=True)
    except OSError:
        pass


def is_stamped(key: str) -> bool:
    return recall(VALIDATED, key) == _PASSED


def record(key: str) -> None:
    keep(VALIDATED, key, _PASSED)


def digest_files(root: Path, files: list[str], *parts: str) -> str:
    """The sha256 of some files' paths and bytes and of ``parts``; raises OSError when a file cannot be read.

    Each file is read only after the checks of :func:`caucasus_data.filebytes.read_inside` (inside the
    package, a regular file, within the size limit), so a ``raw_path`` of ``/dev/zero`` is never hashed."""
    digest = hashlib.sha256()
    for part in (*parts, _code_digest()):
        digest.update(part.encode() + b"\0")
    for rel in files:
        try:
            data = filebytes.read_inside(root, rel, "table")
        except ValueError as exc:  # a path the operating system cannot take
            raise OSError(str(exc)) from None
        digest.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return digest.hexdigest()
