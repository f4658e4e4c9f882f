"""Unpack a downloaded release archive, checking every member against the (pinned) manifest while it streams.

Nothing in the archive is trusted before it is compared with the manifest: a member is accepted only if it is
a regular file named ``<folder>/<path>`` for a ``path`` the manifest lists (or the manifest itself), and its
size in the tar header is the size the manifest gives, so a member claiming 3 GB is refused before one byte
of it is inflated. Each member is then copied to disk in blocks while its sha256 is computed, and compared
with the manifest when it ends. Paths are checked segment by segment, so this works for any layout of
folders the manifest describes (``events.parquet`` or ``tables/events/part-0.parquet``).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import tarfile
import zlib
from pathlib import Path

from . import IntegrityError
from .archive import UnsafeArchiveError

_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_BLOCK = 1 << 20


def safe_path(path: str) -> bool:
    """Whether a manifest path is plain segments, none of which could leave the folder or hide."""
    return bool(path) and all(_SEGMENT.match(segment) for segment in path.split("/"))


def _copy(source, target: Path, size: int) -> str:
    digest = hashlib.sha256()
    written = 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as out:
        while written < size:
            block = source.read(min(_BLOCK, size - written))
            if not block:
                break
            digest.update(block)
            out.write(block)
            written += len(block)
    if written != size:
        raise IntegrityError(f"{target.name}: the archive ends after {written} of its {size} bytes")
    return digest.hexdigest()


def unpack(archive: Path, target: Path, prefix: str, expected: dict[str, tuple[int, str | None]]) -> None:
    """Unpack ``archive`` into ``target``: exactly the paths of ``expected`` (path -> bytes, sha256 or None).

    Raises :class:`UnsafeArchiveError` for a member that is not a plain expected file, and
    :class:`IntegrityError` for a size, a checksum or a member count that differs from ``expected``.
    """
    bad = sorted(p for p in expected if not safe_path(p))
    if bad:
        raise UnsafeArchiveError(f"the manifest names paths that are not plain relative paths: {bad}")
    seen: set[str] = set()
    try:
        with tarfile.open(archive, mode="r|gz") as tar:  # a stream: members are read in order, once
            for member in tar:
                name = member.name
                path = name[len(prefix) + 1 :] if name.startswith(prefix + "/") else None
                if path is None or path not in expected:
                    raise UnsafeArchiveError(f"{archive.name}: member {name!r} refused (not a file the manifest lists)")
                if not member.isreg():
                    raise UnsafeArchiveError(f"{archive.name}: member {name!r} refused (not a regular file)")
                if path in seen:
                    raise UnsafeArchiveError(f"{archive.name}: member {name!r} refused (appears twice)")
                size, sha256 = expected[path]
                if member.size != size:
                    raise IntegrityError(
                        f"{archive.name}: {path} is {member.size} bytes in the archive, the manifest says {size}; "
                        "not unpacked"
                    )
                source = tar.extractfile(member)
                if source is None:
                    raise UnsafeArchiveError(f"{archive.name}: member {name!r} refused (no data)")
                digest = _copy(source, target / path, size)
                if sha256 is not None and digest != sha256:
                    raise IntegrityError(f"{path}: sha256 {digest} does not match the manifest's {sha256}")
                seen.add(path)
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise IntegrityError(f"{archive.name}: not a readable .tar.gz ({exc}); the download is damaged") from None
    missing = sorted(set(expected) - seen)
    if missing:
        raise IntegrityError(f"{archive.name} lacks {missing}, which the manifest lists")
