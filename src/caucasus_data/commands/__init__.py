"""Sub-commands of `caucasus-data`, one module each.

A module here defines ``NAME``, ``HELP``, ``add_arguments(parser)`` and ``run(args) -> int``; the CLI finds
it by itself, so a new command is one new file.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def discover() -> list[ModuleType]:
    modules = [importlib.import_module(f"{__name__}.{m.name}") for m in pkgutil.iter_modules(__path__)]
    return sorted((m for m in modules if hasattr(m, "NAME")), key=lambda m: m.NAME)
