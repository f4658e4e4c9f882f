"""Writing the site into its folder, atomically and reproducibly.

Everything is written into a temporary folder beside the target and renamed into place at the end (as the
release build does), so a failed build leaves the previous site, or nothing. Files are written in sorted
order, as UTF-8 with ``\\n`` line endings, and nothing about the build (time, machine, path) enters them, so
rebuilding gives the same bytes. A folder is only replaced when it holds a site made by this command.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from ..concurrency import tasks
from ..errors import CaucasusDataError
from ..folders import move_into_place

MARKER = "assets/site.css"  # present in every site this command writes
WRITERS = 8  # ~2,000 small files: on a busy or networked file system each open waits; several wait at once


class SiteError(CaucasusDataError, RuntimeError):
    """The site could not be written (the target is not a site folder, a page would escape the folder)."""


def check_replaceable(out: Path) -> None:
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).is_file())):
        raise SiteError(f"{out} exists and is not a site folder (no {MARKER}); choose another --out")


def write_site(files: dict[str, str], out: Path) -> None:
    out = out.absolute()
    check_replaceable(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-building-"))
    try:
        for rel in files:
            if ".." in Path(rel).parts or Path(rel).is_absolute():
                raise SiteError(f"a page would be written outside the site folder: {rel}")
        for folder in sorted({(staging / rel).parent for rel in files}):
            folder.mkdir(parents=True, exist_ok=True)

        def write(rel: str) -> None:
            (staging / rel).write_text(files[rel], encoding="utf-8", newline="\n")

        with tasks(WRITERS, "site-writer") as pool:  # waiting on the file system, not on Python
            list(pool.map(write, sorted(files)))
        move_into_place(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
