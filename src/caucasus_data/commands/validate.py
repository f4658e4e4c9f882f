"""`caucasus-data validate [DIR]`: check a package folder against every rule, print every error found."""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID

NAME = "validate"
HELP = "check a package folder against every rule (exit 0 valid, 1 invalid, 2 could not run)"
EXAMPLES = """examples:
  caucasus-data validate                      the package in the current folder (else the installed data)
  caucasus-data validate path/to/clone        another package folder
  caucasus-data validate --format json .      every error as JSON, uncapped, for tools
  caucasus-data validate --format github .    workflow annotations on the offending lines
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        help="folder holding datapackage.json (default: the current folder if it holds one, else the installed data)",
    )
    parser.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text for people, json for tools (every error, uncapped), github for annotations",
    )


def run(args: argparse.Namespace) -> int:
    from ..reporters import RENDERERS
    from ..target import chosen_root
    from ..validator import PackageNotFound, validate_folder

    root = chosen_root(args.dir)
    try:
        report = validate_folder(root)
    except PackageNotFound:
        why = "is a file, not a folder" if root.exists() else "no such folder"
        print(f"caucasus-data: {root}: {why}; give the folder that holds datapackage.json", file=sys.stderr)
        return EXIT_CANNOT_RUN
    print(RENDERERS[args.format](report))
    return EXIT_VALID if report.ok else EXIT_INVALID
