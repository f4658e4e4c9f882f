"""A package file's bytes: only from a regular file inside the package, never more than its kind's size limit,
and mapped from the page cache rather than copied when large.

Safety. A pull request decides which files the tools open, so every read of a package file goes through
:func:`read_inside`: the path must stay inside the package folder (:func:`caucasus_data.paths.refusal`), the
file is opened without blocking (a FIFO would otherwise wait forever for a writer), and anything that is not a
regular file (a FIFO, ``/dev/zero``, a socket) is refused before a byte is read. A file over its kind's limit
(:data:`DESCRIPTOR_LIMIT`, :data:`TABLE_LIMIT`, :data:`RAW_LIMIT`)
is refused with a message that names the limit, and no read ever returns more than the limit, even from a
file that grows while it is read. Nothing is hashed or parsed before these checks.

Speed. Copying a large file into a new ``bytes`` object costs more than any single scan of it (0.8 of 5 CPU
seconds when reading a million-row package), because every page of the copy is first faulted in and zeroed. A
read-only memory map gives the same bytes without the copy; numpy, pyarrow and ``re`` read it through the
buffer protocol. A map lacks some ``bytes`` methods (``startswith``, ``count``, ``in``), so the readers test
bytes only through the functions here, which take either. Small files are read as ``bytes``: mapping them
costs more than it saves.
"""

from __future__ import annotations

import errno
import mmap
import os
import re
import stat
from pathlib import Path

from .paths import refusal

MAPPED_FROM = 1 << 24  # files at least this large are mapped where the platform can map them populated
Bytes = bytes | mmap.mmap
_BLANK = re.compile(rb"[ \t\n\r\x0b\x0c]+")  # exactly what bytes.isspace() accepts

#: The largest file of each kind that is read (documented in SECURITY.md). A table of a million rows is
#: about 600 MB over all sixteen files; validating it needs about 2.3 times the bytes in memory.
DESCRIPTOR_LIMIT = 1 << 20  # datapackage.json and each Table Schema: 1 MiB
TABLE_LIMIT = 1 << 30  # each curated CSV: 1 GiB
RAW_LIMIT = 64 << 20  # each raw source document: 64 MiB
_CHUNK = 1 << 20


class RefusedFile(OSError):
    """A path that is not read: outside the package, not a regular file, or over its size limit.

    An ``OSError`` whose ``strerror`` is the whole explanation, so every reader's existing ``except OSError``
    reports it as a file that cannot be read, with the reason.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(errno.EPERM, reason)


def size_text(limit: int) -> str:
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if limit >= 1 << shift and limit % (1 << shift) == 0:
            return f"{limit >> shift} {unit}"
    return f"{limit} bytes"


def _too_large(kind: str, limit: int) -> RefusedFile:
    return RefusedFile(f"larger than the {size_text(limit)} limit for a {kind} file; not read")


def _kind_of(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _limit(kind: str) -> int:
    return {"descriptor": DESCRIPTOR_LIMIT, "table": TABLE_LIMIT, "raw": RAW_LIMIT}[kind]


def read(path: Path, mapped_from: int | None = None, kind: str = "table") -> Bytes:
    """The bytes of the regular file ``path``, at most its kind's limit; a large file is mapped read-only.

    Raises ``IsADirectoryError`` for a folder, :class:`RefusedFile` for anything else that is not a regular
    file or is over the limit, and the usual ``OSError`` subclasses otherwise. A mapped file must not be
    truncated while it is read.
    """
    limit = _limit(kind)
    threshold = MAPPED_FROM if mapped_from is None else mapped_from
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    with open(fd, "rb", buffering=0, closefd=True) as handle:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        if not stat.S_ISREG(info.st_mode):
            raise RefusedFile(f"{_kind_of(info.st_mode)}, not a regular file; not read")
        if info.st_size > limit:
            raise _too_large(kind, limit)
        os.set_blocking(fd, True)
        populate = getattr(mmap, "MAP_POPULATE", None)  # Linux: fault every page in at once, not one by one
        if info.st_size >= max(threshold, 1) and populate is not None:
            try:
                return mmap.mmap(fd, 0, flags=mmap.MAP_SHARED | populate, prot=mmap.PROT_READ)
            except (OSError, ValueError):  # a file system that cannot map (some network and FUSE mounts)
                pass
        return _bounded(handle, info.st_size, kind, limit)


def _bounded(handle, size: int, kind: str, limit: int) -> bytes:
    """Everything up to end of file, refusing the file as soon as more than ``limit`` bytes arrive."""
    chunks = [handle.read(size + 1) or b""]
    total = len(chunks[0])
    while total <= limit:
        more = handle.read(_CHUNK)
        if not more:
            break
        chunks.append(more)
        total += len(more)
    if total > limit:
        raise _too_large(kind, limit)
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_inside(root: Path, rel: str, kind: str, mapped_from: int | None = None) -> Bytes:
    """The bytes of the package file ``rel`` (relative to ``root``), after every check :func:`read` makes and
    the check that ``rel`` stays inside the package folder."""
    why = refusal(root, rel)
    if why is not None:
        raise RefusedFile(f"the path {why}; not read")
    return read(root / rel, mapped_from, kind)


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
