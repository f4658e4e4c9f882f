"""Where the two sides of a diff come from: a package folder, or a git revision of the current repository.

A revision is exported with ``git archive`` into a temporary folder (never checked out, so the working
tree is left alone). A name that is an existing folder is a folder, whatever git would make of it.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


class CannotDiff(Exception):
    """The diff cannot run: one line saying why."""


@dataclass(frozen=True)
class Side:
    spec: str  # as given on the command line
    root: Path  # folder holding the datapackage.json


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise CannotDiff("git is not installed, so revisions cannot be read; give two folders instead") from None


def _export(spec: str, cwd: Path, into: Path) -> Path:
    top = _git(["rev-parse", "--show-toplevel"], cwd)
    if top.returncode != 0:
        raise CannotDiff(f"{spec!r} is neither a folder nor a revision: {cwd} is not inside a git repository")
    if _git(["rev-parse", "--verify", "--quiet", f"{spec}^{{commit}}"], cwd).returncode != 0:
        raise CannotDiff(f"{spec!r} is neither a folder nor a revision of the git repository at {cwd}")
    prefix = _git(["rev-parse", "--show-prefix"], cwd).stdout.decode().strip()
    archive = _git(["archive", "--format=tar", f"{spec}:{prefix}"], cwd)
    if archive.returncode != 0:
        raise CannotDiff(f"git archive {spec} failed: {archive.stderr.decode(errors='replace').strip()}")
    into.mkdir(parents=True)
    with tempfile.TemporaryFile() as buffer:
        buffer.write(archive.stdout)
        buffer.seek(0)
        with tarfile.open(fileobj=buffer) as tar:
            tar.extractall(into, filter="data")
    if not (into / "datapackage.json").is_file():
        raise CannotDiff(f"revision {spec} has no datapackage.json in {prefix or 'the repository root'}")
    return into


def resolve(spec: str, workdir: Path, cwd: Path | None = None) -> Side:
    """A folder as it is, or the revision ``spec`` exported under ``workdir``."""
    path = Path(spec)
    if path.is_dir():
        if not (path / "datapackage.json").is_file():
            raise CannotDiff(f"{spec}: no datapackage.json in this folder")
        return Side(spec, path)
    safe = "".join(c if c.isalnum() else "_" for c in spec)
    return Side(spec, _export(spec, Path.cwd() if cwd is None else cwd, workdir / f"rev-{len(spec)}-{safe}"))
