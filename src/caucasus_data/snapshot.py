"""The files of one package as one reading saw them: each file read once, its sha256 taken from those bytes.

Everything that reads a package's files (the descriptors, the tables, the raw documents) reads them through a
:class:`Snapshot`, so that what is validated, what is fingerprinted and what is loaded are the same bytes: the
loader validates a snapshot and builds its frames from that snapshot, and the fingerprint that names a pass
(:mod:`caucasus_data.stamp`) is the digest of the bytes actually read, never of a second reading.

A large file is mapped rather than copied (:mod:`caucasus_data.filebytes`); a mapping shows later writes to
the file, so :meth:`Snapshot.unchanged` hashes mapped files again at the end: a file written to while it was
being read is refused instead of loaded half old, half new.
"""

from __future__ import annotations

import hashlib
import mmap
import threading
from pathlib import Path

from . import filebytes
from .filebytes import Bytes


class Snapshot:
    """Bytes of a package folder's files by path relative to ``root``.

    ``keep``: hold every file's bytes for a second use (the loader builds frames from them); otherwise a
    file's bytes are the caller's alone and are released when it drops them (the validator on its own).
    ``digests``: record each file's sha256 as it is read, for :meth:`fingerprint`.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.csv").write_bytes(b"x\\n1\\n")
    >>> snapshot = Snapshot(folder, keep=True, digests=True)
    >>> snapshot.read("a.csv") is snapshot.read("a.csv"), len(snapshot.fingerprint("v1"))
    (True, 64)
    """

    def __init__(self, root: Path, keep: bool = False, digests: bool = False) -> None:
        self.root = root
        self.keep, self.digests = keep, digests
        self._bytes: dict[str, Bytes] = {}
        self._sha256: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def read(self, rel: str, digest: bool | None = None, keep: bool | None = None, kind: str = "table") -> Bytes:
        """The file's bytes (the same object on every call when kept); raises OSError as ``open`` does.

        Read through :func:`caucasus_data.filebytes.read_inside`: a path outside the package, anything that is
        not a regular file and a file over the limit of its ``kind`` (table, descriptor, raw) raise
        :class:`caucasus_data.filebytes.RefusedFile` (an OSError) before a byte is read or hashed.

        ``digest``, ``keep``: record its sha256, hold its bytes, whatever the snapshot does for every file
        (the descriptors are small, and read again by the stock profile checks).
        """
        with self._lock:
            if rel in self._bytes:
                return self._bytes[rel]
        data = filebytes.read_inside(self.root, rel, kind)
        sha = hashlib.sha256(data).digest() if (self.digests if digest is None else digest) else None
        with self._lock:
            if rel in self._bytes:  # another thread read it first: keep one reading
                return self._bytes[rel]
            if sha is not None:
                self._sha256[rel] = sha
            if self.keep if keep is None else keep:
                self._bytes[rel] = data
        return data

    def read_text(self, rel: str) -> str:
        """A descriptor's text, decoded as UTF-8, recorded and kept (raises UnicodeDecodeError, or OSError)."""
        return filebytes.as_bytes(self.read(rel, digest=True, keep=True, kind="descriptor")).decode("utf-8")

    def sha256(self, rel: str) -> str | None:
        """The hex sha256 of the file as it was read, when digests are recorded."""
        digest = self._sha256.get(rel)
        return None if digest is None else digest.hex()

    @property
    def files(self) -> list[str]:
        """The paths whose sha256 is recorded, sorted."""
        return sorted(self._sha256)

    def fingerprint(self, *parts: str, files: list[str] | None = None) -> str:
        """The sha256 naming the files read (path and content; or only ``files``) together with ``parts``.

        Raises KeyError for a file in ``files`` whose digest was not recorded.
        """
        digest = hashlib.sha256()
        for part in parts:
            digest.update(part.encode() + b"\0")
        for rel in sorted(self._sha256 if files is None else files):
            digest.update(rel.encode() + b"\0" + self._sha256[rel])
        return digest.hexdigest()

    def release(self, rel: str) -> bool:
        """Drop a kept file's bytes once they are used; False when a mapped file no longer holds what was hashed."""
        with self._lock:
            data = self._bytes.pop(rel, None)
        if isinstance(data, mmap.mmap) and rel in self._sha256:
            return hashlib.sha256(data).digest() == self._sha256[rel]
        return True

    def unchanged(self) -> bool:
        """Whether every mapped file still holds the bytes first hashed (bytes copied into memory cannot change)."""
        return all(
            hashlib.sha256(data).digest() == self._sha256[rel]
            for rel, data in self._bytes.items()
            if isinstance(data, mmap.mmap) and rel in self._sha256
        )
