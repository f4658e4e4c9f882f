"""Output folders (a release, a site) replaced as a whole: built beside the target, renamed into place at the end.

A failed or interrupted build leaves the previous folder, or nothing, never a partial one: the new folder is
complete before it is renamed, and the previous one is kept until the rename has succeeded.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path


def move_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` (if any) with the complete folder ``staging``, on the same file system."""
    staging.chmod(0o755)  # mkdtemp makes it private; an output folder is for everyone
    if not out.exists():
        staging.rename(out)
        return
    previous = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}-previous-"))
    out.rename(previous / out.name)
    try:
        staging.rename(out)
    except BaseException:
        (previous / out.name).rename(out)
        raise
    finally:
        shutil.rmtree(previous, ignore_errors=True)
