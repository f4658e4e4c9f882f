"""Build a release folder from a valid package, atomically.

Everything is written into a temporary folder beside the target and renamed into place at the end, so a
failed or interrupted build leaves the previous release (or nothing) behind, never a partial one. The data
is validated first and read again for the build; if any descriptor, schema or table changed in between,
the build stops rather than publish values that were not the ones validated.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import filebytes, tempfiles
from ..errors import Report
from ..model import DescriptorError, Package, read_package
from ..paths import bundled_root
from ..swap import exchange
from ..validator import validate_folder
from . import ReleaseError
from . import parquet as parquet_io
from .archive import archive_folder, archive_name, write_archive
from .codebook import render as render_codebook
from .descriptor import release_descriptor, write_descriptor
from .manifest import MANIFEST, Manifest, ReleaseFile, describe, schema_sha256

DEFAULT_OUT = Path("release")
CODEBOOK = "codebook.md"
DESCRIPTOR = "datapackage.json"


class InvalidPackageError(ReleaseError):
    """The package breaks at least one rule; nothing was built. Carries the validation report."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.root} is not valid ({len(report.errors)} errors); nothing was built")
        self.report = report


@dataclass(frozen=True)
class BuildResult:
    out: Path
    manifest: Manifest

    @property
    def archive(self) -> Path:
        return self.out / self.manifest.archive


def _inputs(root: Path, package: Package) -> dict[str, bytes]:
    """The bytes of every file the release is made from, by path relative to ``root``."""
    rels = ["datapackage.json"] + [p for t in package.tables.values() for p in (t.schema_path, t.path)]
    tables = {t.path for t in package.tables.values()}
    kinds = {rel: "table" if rel in tables else "descriptor" for rel in rels}
    return {rel: filebytes.as_bytes(filebytes.read_inside(root, rel, kinds[rel])) for rel in rels}


def _fingerprint(root: Path) -> dict[str, str] | None:
    try:
        package, problems = read_package(root)
        inputs = _inputs(root, package)
    except (DescriptorError, OSError):
        return None  # validation reports what is wrong
    return None if problems else {rel: hashlib.sha256(data).hexdigest() for rel, data in inputs.items()}


def _write_tables(package: Package, inputs: dict[str, bytes], staging: Path) -> dict[str, ReleaseFile]:
    files = {}
    for table in package.tables.values():
        schema_hash = schema_sha256(inputs[table.schema_path])
        data = parquet_io.arrow_table(table, inputs[table.path])
        data = parquet_io.with_metadata(data, table, package.version, schema_hash)
        path = staging / f"{table.name}.parquet"
        parquet_io.write(data, path)
        files[table.name] = describe(path, table=table.name, rows=data.num_rows, schema=schema_hash)
    return files


def _write_release(package: Package, inputs: dict[str, bytes], staging: Path) -> Manifest:
    tables = _write_tables(package, inputs, staging)
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


def _move_into_place(staging: Path, out: Path) -> None:
    """The new release where the old one was in one atomic exchange (see :mod:`caucasus_data.swap`): a build
    killed at any moment leaves the old release or the new one, whole. Systems without the exchange fall
    back to two renames."""
    staging.chmod(0o755)  # mkdtemp makes it private; a release folder is for everyone
    if not out.exists():
        staging.rename(out)
        return
    if exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous release
        return
    previous = tempfiles.make_folder(out.parent, out.name, "-previous")
    out.rename(previous / out.name)
    try:
        staging.rename(out)
    except BaseException:
        (previous / out.name).rename(out)
        raise
    finally:
        shutil.rmtree(previous, ignore_errors=True)


def _validated(root: Path) -> tuple[Package, dict[str, bytes]]:
    """The package and the bytes of its files, guaranteed to be the ones that were validated."""
    before = _fingerprint(root)
    report = validate_folder(root)
    if not report.ok:
        raise InvalidPackageError(report)
    package, problems = read_package(root)
    inputs = _inputs(root, package)
    after = {rel: hashlib.sha256(data).hexdigest() for rel, data in inputs.items()}
    if problems or before != after:
        raise ReleaseError(f"{root} changed while it was being validated; nothing was built: build again")
    return package, inputs


def build_release(package: str | Path | None = None, out: str | Path = DEFAULT_OUT) -> BuildResult:
    """Validate the package in ``package`` (default: the bundled data) and write its release into ``out``.

    Raises :class:`InvalidPackageError` (with the report) when the data breaks a rule; ``out`` is then untouched.
    """
    root = bundled_root() if package is None else Path(package)
    # A symbolic link given as --out stays a link: the release replaces the folder it points to.
    out = Path(os.path.realpath(Path(out).absolute()))
    _check_replaceable(out)
    parsed, inputs = _validated(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    tempfiles.sweep(out.parent, out.name, "-previous")  # what killed builds left, in the fallback swap
    staging = tempfiles.make_folder(out.parent, out.name, "-building")  # sweeps half-built releases too
    try:
        manifest = _write_release(parsed, inputs, staging)
        _move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return BuildResult(out, manifest)
