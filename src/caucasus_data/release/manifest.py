"""The manifest: what a release holds, with the checksums that a download is verified against.

The manifest is the registry of a release (as a pooch registry is for a data set): every file by name, with
its size, sha256 and format, and for a file holding one table its name, row count and the hash of the Table
Schema it was built with. Paths are relative, ``/``-separated, and every segment is a plain name starting with a
letter or digit (so no ``..``, no absolute path, no hidden file): a manifest from the network cannot point
outside the folder it describes.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import IntegrityError

MANIFEST = "manifest.json"
MANIFEST_FORMAT = 2
FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_SEGMENT = r"[A-Za-z0-9][A-Za-z0-9._-]*"
#: A relative path of plain names: ``tables/events/events.parquet``.
RELATIVE_PATH = rf"^(?:{_SEGMENT}/)*{_SEGMENT}$"
#: The formats a release file may have (what a reader needs to know to open it).
FORMATS = ("parquet", "csv", "json", "markdown", "sqlite", "duckdb", "sql", "stata", "html")
SHA256 = r"^[0-9a-f]{64}$"
VERSION = r"^\d+\.\d+\.\d+([-+][0-9A-Za-z.+-]+)?$"


class ReleaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    path: str = Field(pattern=RELATIVE_PATH)
    bytes: int = Field(ge=0)
    sha256: str = Field(pattern=SHA256)
    format: str
    table: str | None = None
    rows: int | None = Field(default=None, ge=0)
    schema_sha256: str | None = Field(default=None, pattern=SHA256)


class Manifest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    manifest_format: int = MANIFEST_FORMAT
    name: str
    version: str = Field(pattern=VERSION)
    archive: str = Field(pattern=FILE_NAME)
    files: list[ReleaseFile]

    def file(self, path: str) -> ReleaseFile:
        return next(f for f in self.files if f.path == path)

    def table(self, name: str, format: str = "parquet") -> ReleaseFile | None:
        """The file holding table ``name`` in ``format`` (default: its Parquet data under ``tables/``)."""
        return next((f for f in self.files if f.table == name and f.format == format), None)

    def to_json(self) -> str:
        return json.dumps(self.model_dump(exclude_none=True), indent=2, ensure_ascii=False) + "\n"


def canonical_json(data: object) -> bytes:
    """One byte string per JSON value, whatever its whitespace or key order in the file."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def schema_sha256(schema_json: bytes) -> str:
    """The hash of a Table Schema as parsed JSON: reformatting the file does not change it, any edit does."""
    return hashlib.sha256(canonical_json(json.loads(schema_json))).hexdigest()


def file_sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def describe(
    folder: Path,
    rel: str,
    format: str,
    table: str | None = None,
    rows: int | None = None,
    schema: str | None = None,
) -> ReleaseFile:
    """The manifest entry of the file ``rel`` (relative to the release ``folder``)."""
    if format not in FORMATS:
        raise ValueError(f"{rel}: unknown release file format {format!r}; known: {', '.join(FORMATS)}")
    path = folder / rel
    return ReleaseFile(
        path=rel,
        format=format,
        bytes=path.stat().st_size,
        sha256=file_sha256(path),
        table=table,
        rows=rows,
        schema_sha256=schema,
    )


def read_manifest(path: Path) -> Manifest:
    try:
        return Manifest.model_validate_json(path.read_bytes())
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or '(top level)'}: {e['msg']}" for e in exc.errors())
        raise IntegrityError(f"{path.name} is not a caucasus-data release manifest: {problems}") from None


def verify(folder: Path, manifest: Manifest) -> list[str]:
    """Every way in which ``folder`` differs from what the manifest lists; empty when it matches exactly."""
    problems = []
    for entry in manifest.files:
        path = folder / entry.path
        if not path.is_file():
            problems.append(f"{entry.path}: missing")
        elif path.stat().st_size != entry.bytes:
            problems.append(f"{entry.path}: {path.stat().st_size} bytes, the manifest says {entry.bytes}")
        elif file_sha256(path) != entry.sha256:
            problems.append(f"{entry.path}: sha256 {file_sha256(path)} does not match the manifest's {entry.sha256}")
    return problems
