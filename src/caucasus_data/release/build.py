"""Build a release folder from a valid package, atomically.

The outputs (:func:`caucasus_data.release.outputs.outputs`) write into one staging folder; the manifest then
lists every file they wrote (an undeclared file stops the build), and the archive holds them all.

Everything is written into a temporary folder beside the target and renamed into place at the end, so a
failed or interrupted build leaves the previous release (or nothing) behind, never a partial one. Every file
is read once (:class:`~caucasus_data.snapshot.Snapshot`): the release is written from the very tables the
validator read and typed, so it cannot publish values other than the ones validated; a file written to while
it was being read stops the build.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import tempfiles
from ..context import TableData
from ..errors import InvalidPackage
from ..filebytes import as_bytes
from ..folders import move_into_place
from ..model import Package
from ..paths import bundled_root
from ..schema_spec import DESCRIPTOR
from ..snapshot import Snapshot
from ..validator import PackageNotFound, check_snapshot
from . import ReleaseError
from . import parquet as parquet_io
from .archive import archive_folder, archive_name, write_archive
from .manifest import MANIFEST, Manifest, ReleaseFile
from .outputs import Inputs, outputs

DEFAULT_OUT = Path("release")


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


def _typed(package: Package, inputs: dict[str, bytes], read: dict[str, TableData]) -> Inputs:
    """The inputs with every table as the validator typed it; every output reads these same values."""
    typed = Inputs(package, inputs)
    for table in package.tables.values():
        typed.arrow[table.name] = parquet_io.release_table(read[table.name])
    return typed


def _files_on_disk(staging: Path) -> set[str]:
    return {p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file() or p.is_symlink()}


def _write_release(package: Package, inputs: dict[str, bytes], read: dict[str, TableData], staging: Path) -> Manifest:
    typed = _typed(package, inputs, read)
    files: list[ReleaseFile] = []
    for output in outputs():
        files += output.write(typed, staging)
    listed = [f.path for f in files]
    undeclared = sorted(_files_on_disk(staging) - set(listed))
    if undeclared or len(set(listed)) != len(listed):
        raise ReleaseError(f"an output wrote files it did not list, or listed one twice: {undeclared or listed}")
    manifest = Manifest(
        name=package.descriptor.name, version=package.version, archive=archive_name(package.version), files=files
    )
    (staging / MANIFEST).write_text(manifest.to_json(), encoding="utf-8", newline="\n")
    write_archive(staging, [*listed, MANIFEST], staging / manifest.archive, archive_folder(package.version))
    return manifest


def _check_replaceable(out: Path) -> None:
    """Refuse to replace a folder that holds something other than an earlier release."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MANIFEST).is_file())):
        raise ReleaseError(f"{out} exists and is not a release folder (no {MANIFEST}); choose another --out")


def _validated(root: Path) -> tuple[Package, dict[str, bytes], dict[str, TableData]]:
    """The package, its files' bytes and its typed tables: one reading, the one that was validated.

    The bytes are those of the descriptor, the schemas and the CSVs (which ``csv/`` holds as they were read).
    """
    if not root.is_dir():
        raise PackageNotFound(f"{root} is not a folder")
    files = Snapshot(root, keep=True, digests=True)
    report, ctx = check_snapshot(files)
    if not report.ok or ctx is None:
        raise InvalidPackageError(report)
    if not files.unchanged():
        raise ReleaseError(f"{root} changed while it was being validated; nothing was built: build again")
    package = ctx.package
    rels = [DESCRIPTOR] + [p for t in package.tables.values() for p in (t.schema_path, t.path)]
    return package, {rel: as_bytes(files.read(rel)) for rel in rels}, ctx.tables


def build_release(package: str | Path | None = None, out: str | Path = DEFAULT_OUT) -> BuildResult:
    """Validate the package in ``package`` (default: the bundled data) and write its release into ``out``.

    Raises :class:`InvalidPackageError` (with the report) when the data breaks a rule; ``out`` is then untouched.
    """
    root = bundled_root() if package is None else Path(package)
    # A symbolic link given as --out stays a link: the release replaces the folder it points to.
    out = Path(os.path.realpath(Path(out).absolute()))
    _check_replaceable(out)
    parsed, inputs, read = _validated(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    tempfiles.sweep(out.parent, out.name, "-previous")  # what killed builds left, in the fallback swap
    staging = tempfiles.make_folder(out.parent, out.name, "-building")  # sweeps half-built releases too
    try:
        manifest = _write_release(parsed, inputs, read, staging)
        move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, manifest)
