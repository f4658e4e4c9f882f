"""Where the bundled data package lives: inside the wheel, or at the root of a source checkout."""

from __future__ import annotations

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
