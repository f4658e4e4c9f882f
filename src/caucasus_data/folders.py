"""Output folders (a release, a site) replaced as a whole: built beside the target, swapped into place at the end.

A failed or interrupted build leaves the previous folder, or nothing, never a partial one: the new folder is
complete before it is swapped in, in one atomic exchange (see :mod:`caucasus_data.swap`), so a build killed
at any moment leaves the old folder or the new one, whole. Systems without the exchange fall back to two
renames, keeping the previous folder until the second has succeeded.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from . import tempfiles
from .swap import exchange


def move_into_place(staging: Path, out: Path) -> None:
    """Replace ``out`` (if any) with the complete folder ``staging``, on the same file system."""
    staging.chmod(0o755)  # mkdtemp makes it private; an output folder is for everyone
    if not out.exists():
        staging.rename(out)
        return
    if exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)  # now the previous folder
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
