"""The release archive: written byte-for-byte reproducibly, and read back refusing anything unexpected.

Reproducible: members in a fixed order under one folder, a fixed mtime, owner and mode, the ustar format
(no PAX headers carrying times), and a gzip header with mtime 0 and no file name. Reading never calls
``extractall``: only regular files of the form ``<folder>/<relative path of plain names>`` are accepted (the
form the manifest allows: ``tables/events/events.parquet``, never ``..`` or a hidden name), and each is
written into a fresh target folder under that path, so no member can land outside it, whatever the archive
says. Folders are not members: they are made as the files in them are written.
"""

from __future__ import annotations

import gzip
import io
import re
import tarfile
import zlib
from pathlib import Path, PurePosixPath

from . import IntegrityError, ReleaseError
from .manifest import RELATIVE_PATH

#: 1980-01-01T00:00:00Z: a fixed time for every member (the earliest that ZIP tools can also represent).
FIXED_MTIME = 315532800
_RELATIVE = re.compile(RELATIVE_PATH)


class UnsafeArchiveError(ReleaseError):
    """An archive member that could write outside its folder, or is not a plain file."""


def archive_name(version: str) -> str:
    return f"caucasus-data-{version}.tar.gz"


def archive_folder(version: str) -> str:
    return f"caucasus-data-{version}"


def write_archive(folder: Path, names: list[str], target: Path, prefix: str) -> None:
    """Write the files ``names`` (relative to ``folder``) into ``target`` under ``prefix/``, sorted by path."""
    with (
        target.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
        tarfile.open(fileobj=gz, mode="w", format=tarfile.USTAR_FORMAT) as tar,
    ):
        for name in sorted(names):
            data = (folder / name).read_bytes()
            info = tarfile.TarInfo(f"{prefix}/{name}")
            info.size, info.mtime, info.mode = len(data), FIXED_MTIME, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))


def unsafe_reason(member: tarfile.TarInfo, prefix: str) -> str | None:
    """Why a member is refused, or None when it is a regular file under ``prefix/`` with a plain relative path."""
    path = PurePosixPath(member.name)
    if member.name.startswith(("/", "\\")) or path.is_absolute() or re.match(r"^[A-Za-z]:", member.name):
        return "absolute path"
    if ".." in path.parts or "\\" in member.name:
        return "path leaves the archive folder"
    if member.issym() or member.islnk():
        return f"link to {member.linkname!r}"
    if not member.isfile():
        return "not a regular file"
    rel = member.name.removeprefix(f"{prefix}/")
    if rel == member.name or not _RELATIVE.match(rel):
        return f"not a plain path under {prefix}/"
    return None


def _members(archive: Path, prefix: str) -> dict[str, bytes]:
    try:
        with tarfile.open(archive, mode="r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                reason = unsafe_reason(member, prefix)
                if reason is not None:
                    raise UnsafeArchiveError(f"{archive.name}: member {member.name!r} refused ({reason})")
            contents: dict[str, bytes] = {}
            for member in members:
                name = member.name.removeprefix(f"{prefix}/")
                if name in contents:
                    raise UnsafeArchiveError(f"{archive.name}: member {member.name!r} appears twice")
                contents[name] = tar.extractfile(member).read()  # type: ignore[union-attr]  # a regular file
            return contents
    except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as exc:
        raise IntegrityError(f"{archive.name}: not a readable .tar.gz ({exc}); the download is damaged") from None


def extract(archive: Path, target: Path, prefix: str) -> list[str]:
    """Unpack the plain files of ``archive`` into ``target``; any unsafe member refuses the whole archive.

    Returns the relative paths written. A path that is both a file and a folder of another member
    (``a`` and ``a/b``) refuses the archive too.
    """
    contents = _members(archive, prefix)
    folders = {"/".join(name.split("/")[:i]) for name in contents for i in range(1, name.count("/") + 1)}
    clash = sorted(folders & set(contents))
    if clash:
        raise UnsafeArchiveError(f"{archive.name}: member {prefix}/{clash[0]} is both a file and a folder")
    for name, data in contents.items():
        path = target.joinpath(*name.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return list(contents)
