"""Which package a command works on when it is given no folder: the working copy first, else the installed data.

Inside a clone (or any folder holding a ``datapackage.json``) a command checks what is being edited there, not
the copy installed with the package, and it says which it chose on stderr, so that the standard output of
``validate --format json`` or ``show --format csv`` stays exactly what tools read.
"""

from __future__ import annotations

import sys
from pathlib import Path

DESCRIPTOR = "datapackage.json"


def default_root() -> tuple[Path, str]:
    """The folder to work on and a phrase naming it: ``.`` when it holds a package, else the installed data."""
    here = Path(".")
    if (here / DESCRIPTOR).is_file():
        return here, f"the package in the current folder ({Path.cwd()})"
    from .paths import bundled_root

    root = bundled_root()
    return root, f"the data installed with caucasus-data ({root}); no {DESCRIPTOR} in the current folder"


def chosen_root(given: str | None, verb: str = "checking") -> Path:
    """``given`` as a path, or the default folder announced on stderr as ``caucasus-data: <verb> <which>``."""
    if given is not None:
        return Path(given)
    root, which = default_root()
    print(f"caucasus-data: {verb} {which}", file=sys.stderr)
    return root
