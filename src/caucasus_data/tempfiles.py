"""Temporary files and folders that a killed run cannot leave behind for good.

Every command that writes (``fmt``, ``build``, ``fetch``) writes beside its target first and renames into
place, so a run killed half-way leaves its temporary file or folder. Each is named
``.<target>.<pid>.<random><suffix>`` with the id of the process that made it; the next run of any command
writing the same target removes those whose process is gone (:func:`sweep`). A live process's files are
never touched, so two runs at once do not disturb each other.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def prefix(target: str) -> str:
    return f".{target}.{os.getpid()}."


def sweep(folder: Path, target: str, suffix: str) -> list[Path]:
    """Remove what earlier, now dead, runs left in ``folder`` for ``target``; returns what was removed."""
    pattern = re.compile(rf"^\.{re.escape(target)}\.(\d+)\.[A-Za-z0-9_]+{re.escape(suffix)}$")
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = pattern.match(entry.name)
        if not found or _alive(int(found.group(1))):
            continue
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except OSError:
            pass
    return removed


def make_file(folder: Path, target: str, suffix: str) -> tuple[int, str]:
    """A new temporary file beside ``target`` (as ``tempfile.mkstemp``), after sweeping dead runs' files."""
    sweep(folder, target, suffix)
    return tempfile.mkstemp(dir=folder, prefix=prefix(target), suffix=suffix)


def make_folder(folder: Path, target: str, suffix: str) -> Path:
    """A new temporary folder beside ``target`` (as ``tempfile.mkdtemp``), after sweeping dead runs' folders."""
    sweep(folder, target, suffix)
    return Path(tempfile.mkdtemp(dir=folder, prefix=prefix(target), suffix=suffix))
