"""What the commands that make something from a valid package (`build`, `site`) share: the folder argument, and
how a failure is told (an invalid package: its report and exit 1; anything that stops the command: exit 2)."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID

PACKAGE_HELP = "folder holding datapackage.json (default: the current folder if it holds one, else the installed data)"


def add_package_argument(parser: argparse.ArgumentParser, help: str = PACKAGE_HELP) -> None:
    parser.add_argument("dir", nargs="?", help=help)


def run_making(given: str | None, verb: str, make: Callable[[Path, float], int]) -> int:
    """``make(root, started)`` on the chosen package folder; its exit code, or the one a failure calls for."""
    from ..errors import CaucasusDataError, InvalidPackage
    from ..reporters import render_text
    from ..target import chosen_root

    root = chosen_root(given, verb)
    if not root.is_dir():
        print(f"caucasus-data: no such folder: {root}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    try:
        return make(root, time.perf_counter())
    except InvalidPackage as exc:
        print(render_text(exc.report))
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (CaucasusDataError, ValueError, OSError) as exc:
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
