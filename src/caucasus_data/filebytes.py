"""A table file's bytes, mapped from the page cache rather than copied, and the byte tests the readers make.

Copying a large file into a new ``bytes`` object costs more than any single scan of it (0.8 of 5 CPU seconds
when reading a million-row package), because every page of the copy is first faulted in and zeroed. A
read-only memory map gives the same bytes without the copy; numpy, pyarrow and ``re`` read it through the
buffer protocol. A map lacks some ``bytes`` methods (``startswith``, ``count``, ``in``), so the readers test
bytes only through the functions here, which take either. Small files are read as ``bytes``: mapping them
costs more than it saves.
"""

from __future__ import annotations

import mmap
import os
import re
from pathlib import Path

MAPPED_FROM = 1 << 24  # files at least this large are mapped where the platform can map them populated
Bytes = bytes | mmap.mmap
_BLANK = re.compile(rb"[ \t\n\r\x0b\x0c]+")  # exactly what bytes.isspace() accepts


def read(path: Path, mapped_from: int | None = None) -> Bytes:
    """The file's bytes; a large file is mapped read-only (and must not be truncated while it is read)."""
    threshold = MAPPED_FROM if mapped_from is None else mapped_from
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        populate = getattr(mmap, "MAP_POPULATE", None)  # Linux: fault every page in at once, not one by one
        if size == 0 or size < threshold or populate is None:
            return handle.read()
        try:
            return mmap.mmap(handle.fileno(), 0, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)
        except (OSError, ValueError):  # a file system that cannot map (some network and FUSE mounts)
            return handle.read()


def why(exc: OSError) -> str:
    """An OSError as the words a finding uses: ``file not found``, ``is a folder``, ``cannot be read (...)``.

    >>> why(FileNotFoundError(2, "No such file or directory"))
    'file not found'
    """
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot be read ({exc.strerror or exc})"


def has(data: Bytes, needle: bytes) -> bool:
    return data.find(needle) >= 0


def starts(data: Bytes, prefix: bytes) -> bool:
    return data[: len(prefix)] == prefix


def ends(data: Bytes, suffix: bytes) -> bool:
    return len(data) >= len(suffix) and data[len(data) - len(suffix) :] == suffix


def blank(data: Bytes) -> bool:
    """True for bytes that are all ASCII white space, as ``bytes.isspace`` (empty bytes are not blank)."""
    return _BLANK.fullmatch(data) is not None


def as_bytes(data: Bytes) -> bytes:
    """A copy as ``bytes``, for the rare paths that decode or rewrite a file."""
    return data if isinstance(data, bytes) else data[:]
