"""Where the bundled data package lives: inside the wheel, or at the root of a source checkout."""

from __future__ import annotations

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder holding the ``datapackage.json`` shipped with this installation."""
    wheel = _HERE / "_data"
    if (wheel / "datapackage.json").is_file():
        return wheel
    checkout = _HERE.parents[1]  # src/caucasus_data -> repository root (editable installs)
    if (checkout / "datapackage.json").is_file():
        return checkout
    raise FileNotFoundError("the bundled data package is missing from this installation; reinstall caucasus-data")


def inside(root: Path, rel: str) -> bool:
    """Whether ``rel`` names a file inside the package folder ``root``, following symbolic links.

    ``os.path.realpath``, unlike ``Path.resolve``, does not raise on a symlink loop: reading the file reports it.
    """
    return not Path(rel).is_absolute() and Path(os.path.realpath(root / rel)).is_relative_to(os.path.realpath(root))
