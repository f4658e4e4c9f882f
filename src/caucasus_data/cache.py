"""The user cache folder, and small notes kept in it.

One folder holds everything caucasus-data keeps between processes: fetched releases (``v<version>/``), the
stamps of validations that passed (``validated/``) and the results of the stock profile checks
(``profiles/``). It is the platform's user cache folder (platformdirs), or ``CAUCASUS_DATA_CACHE`` when set.
A cache that cannot be read or written is never an error: the work is done again.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_VARIABLE = "CAUCASUS_DATA_CACHE"


def cache_dir() -> Path:
    """The cache folder (not created here).

    >>> import os
    >>> os.environ[CACHE_VARIABLE] = "/tmp/example-cache"
    >>> cache_dir()
    PosixPath('/tmp/example-cache')
    >>> del os.environ[CACHE_VARIABLE]
    """
    configured = os.environ.get(CACHE_VARIABLE)
    if configured:
        return Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("caucasus-data", appauthor=False))


def recall(kind: str, key: str) -> str | None:
    """A note kept under ``kind`` and ``key`` (a sha256), or None; only a regular file is read (a FIFO would hang)."""
    from . import filebytes

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
