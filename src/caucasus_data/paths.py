"""Where the bundled data package lives, and whether a path a descriptor or a table names stays inside a package.

Every file a command opens is named by the package itself (a resource's ``path`` or ``schema``, a source's
``raw_path``), and a pull request may set those to anything: ``/etc/passwd``, ``../../secret``, a symbolic link
out of the checkout, a string holding a NUL. :func:`refusal` is the one check every reader makes before it
opens such a path (see :func:`caucasus_data.filebytes.read_inside`).
"""

from __future__ import annotations

import os
from pathlib import Path

from .shipped import INSTALLED

_HERE = Path(__file__).resolve().parent


def bundled_root() -> Path:
    """The folder holding the ``datapackage.json`` shipped with this installation."""
    if (INSTALLED / "datapackage.json").is_file():  # the wheel's data, the folder whose record is believed
        return INSTALLED
    checkout = _HERE.parents[1]  # src/caucasus_data -> repository root (editable installs)
    if (checkout / "datapackage.json").is_file():
        return checkout
    raise FileNotFoundError("the bundled data package is missing from this installation; reinstall caucasus-data")


def refusal(root: Path, rel: str) -> str | None:
    """Why ``rel`` may not be opened as a file of the package folder ``root``, or None when it may.

    Symbolic links are followed (a link to a file elsewhere in the package is fine). ``os.path.realpath``,
    unlike ``Path.resolve``, does not raise on a symlink loop: reading the file then reports it. A NUL is
    refused here because the operating system cannot take it in a path (Python raises ``ValueError``).
    """
    if not isinstance(rel, str) or not rel:
        return "is empty"
    if "\x00" in rel:
        return "holds a NUL character, which no file name can contain"
    if Path(rel).is_absolute() or rel.startswith("\\") or (len(rel) > 1 and rel[1] == ":"):
        return "is an absolute path; paths are relative to the package folder"
    if "://" in rel:
        return "is a URL; nothing is downloaded, name a file inside the package folder"
    try:
        inside_root = Path(os.path.realpath(root / rel)).is_relative_to(os.path.realpath(root))
    except (OSError, ValueError):
        return "cannot be resolved to a file name"
    return None if inside_root else "leads outside the package folder (after following symbolic links)"


def inside(root: Path, rel: str) -> bool:
    """Whether ``rel`` names a file inside the package folder ``root``, following symbolic links."""
    return refusal(root, rel) is None
