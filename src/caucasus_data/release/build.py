"""Build a release folder from a valid package, atomically.

Everything is written into a temporary folder beside the target and renamed into place at the end, so a
failed or interrupted build leaves the previous release (or nothing) behind, never a partial one. Every file
is read once (:class:`~caucasus_data.snapshot.Snapshot`): the release is written from the very tables the
validator read and typed, so it cannot publish values other than the ones validated; a file written to while
it was being read stops the build.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..context import TableData
from ..errors import InvalidPackage
from ..filebytes import as_bytes
from ..folders import move_into_place
from ..frames import arrow_table
from ..model import DESCRIPTOR, Package
from ..paths import bundled_root
from ..snapshot import Snapshot
from ..validator import PackageNotFound, check_snapshot
from . import ReleaseError
from . import parquet as parquet_io
from .archive import archive_folder, archive_name, write_archive
from .codebook import render as render_codebook
from .descriptor import release_descriptor, write_descriptor
from .manifest import MANIFEST, Manifest, ReleaseFile, describe, schema_sha256

DEFAULT_OUT = Path("release")
CODEBOOK = "codebook.md"


class InvalidPackageError(InvalidPackage, ReleaseError):
    """The package breaks at least one rule; nothing was built. Carries the validation report."""

    consequence = "nothing was built"


@dataclass(frozen=True)
class BuildResult:
    out: Path
    manifest: Manifest

    @property
    def archive(self) -> Path:
        return self.out / self.manifest.archive


def _write_tables(
    package: Package, inputs: dict[str, bytes], tables: dict[str, TableData], staging: Path
) -> dict[str, ReleaseFile]:
    files = {}
    for table in package.tables.values():
        schema_hash = schema_sha256(inputs[table.schema_path])
        data = arrow_table(tables[table.name])
        data = parquet_io.with_metadata(data, table, package.version, schema_hash)
        path = staging / f"{table.name}.parquet"
        parquet_io.write(data, path)
        files[table.name] = describe(path, table=table.name, rows=data.num_rows, schema=schema_hash)
    return files


def _write_release(package: Package, inputs: dict[str, bytes], read: dict[str, TableData], staging: Path) -> Manifest:
    tables = _write_tables(package, inputs, read, staging)
    write_descriptor(release_descriptor(package, inputs, tables), staging / DESCRIPTOR)
    (staging / CODEBOOK).write_text(render_codebook(package), encoding="utf-8", newline="\n")
    files = [*tables.values(), describe(staging / DESCRIPTOR), describe(staging / CODEBOOK)]
    manifest = Manifest(
        name=package.descriptor.name, version=package.version, archive=archive_name(package.version), files=files
    )
    (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8", newline="\n")
    members = [f.path for f in files] + [MANIFEST]
    write_archive(staging, members, staging / manifest.archive, archive_folder(package.version))
    return manifest


def _check_replaceable(out: Path) -> None:
    """Refuse to replace a folder that holds something other than an earlier release."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        raise ReleaseError(f"{out} exists and is not a release folder (no {MANIFEST}); choose another --out")


def _validated(root: Path) -> tuple[Package, dict[str, bytes], dict[str, TableData]]:
    """The package, its descriptors' bytes and its typed tables: one reading, the one that was validated."""
    if not root.is_dir():
        raise PackageNotFound(f"{root} is not a folder")
    files = Snapshot(root, keep=True, digests=True)
    report, ctx = check_snapshot(files)
    if not report.ok or ctx is None:
        raise InvalidPackageError(report)
    if not files.unchanged():
        raise ReleaseError(f"{root} changed while it was being validated; nothing was built: build again")
    package = ctx.package
    rels = [DESCRIPTOR] + [t.schema_path for t in package.tables.values()]
    return package, {rel: as_bytes(files.read(rel)) for rel in rels}, ctx.tables


def build_release(package: str | Path | None = None, out: str | Path = DEFAULT_OUT) -> BuildResult:
    """Validate the package in ``package`` (default: the bundled data) and write its release into ``out``.

    Raises :class:`InvalidPackageError` (with the report) when the data breaks a rule; ``out`` is then untouched.
    """
    root = bundled_root() if package is None else Path(package)
    out = Path(out).absolute()
    _check_replaceable(out)
    parsed, inputs, read = _validated(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-building-"))
    try:
        manifest = _write_release(parsed, inputs, read, staging)
        move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, manifest)
