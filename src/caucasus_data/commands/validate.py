"""`caucasus-data validate [DIR]`: check a package folder against every rule, print every error found."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID

NAME = "validate"
HELP = "check a package folder against every rule (exit 0 valid, 1 invalid, 2 could not run)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", nargs="?", help="folder holding datapackage.json (default: the bundled data)")
    parser.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text for people, json for tools (every error, uncapped), github for annotations",
    )


def run(args: argparse.Namespace) -> int:
    from ..paths import bundled_root
    from ..reporters import RENDERERS
    from ..validator import PackageNotFound, validate_folder

    root = Path(args.dir) if args.dir else bundled_root()
    try:
        report = validate_folder(root, profiles_apart=True)
    except PackageNotFound:
        why = "is a file, not a folder" if root.exists() else "no such folder"
        print(f"caucasus-data: {root}: {why}; give the folder that holds datapackage.json", file=sys.stderr)
        return EXIT_CANNOT_RUN
    print(RENDERERS[args.format](report))
    return EXIT_VALID if report.ok else EXIT_INVALID
