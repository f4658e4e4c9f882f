"""`caucasus-data validate [DIR]`: check a package folder against every rule, print every finding.

``--select``/``--ignore`` take rule codes (the ``[code]`` each finding shows; ``--list-rules`` prints them),
so that a contributor can rerun one rule; ``--strict`` counts advisory findings (warnings) as errors.
"""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID
from ._making import add_package_argument

NAME = "validate"
HELP = "check a package folder against every rule (exit 0 valid, 1 invalid, 2 could not run)"
EXAMPLES = """examples:
  caucasus-data validate                      the package in the current folder (else the installed data)
  caucasus-data validate path/to/clone        another package folder
  caucasus-data validate --format json .      every error as JSON, uncapped, for tools
  caucasus-data validate --format github .    workflow annotations on the offending lines
"""


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_package_argument(parser)
    parser.add_argument(
        "--format",
        choices=["text", "json", "github"],
        default="text",
        help="text for people, json for tools (every error, uncapped), github for annotations",
    )
    parser.add_argument(
        "--select", type=_codes, metavar="RULE,...", help="report only these rule codes (and run only their rules)"
    )
    parser.add_argument("--ignore", type=_codes, default=[], metavar="RULE,...", help="do not report these codes")
    parser.add_argument("--strict", action="store_true", help="count warnings (advisory rules) as errors")
    parser.add_argument("--list-rules", action="store_true", help="print every rule code with what it checks")


def _list_rules() -> int:
    from ..rules import all_codes

    for code in all_codes().values():
        severity = "" if code.severity == "error" else f" ({code.severity})"
        print(f"{code.name:<20} {code.summary}{severity}")
    return EXIT_VALID


def run(args: argparse.Namespace) -> int:
    from ..reporters import RENDERERS
    from ..rules import UnknownCode
    from ..target import chosen_root
    from ..validator import PackageNotFound, validate_folder

    if args.list_rules:
        return _list_rules()
    root = chosen_root(args.dir)
    try:
        report = validate_folder(root, select=args.select, ignore=args.ignore, strict=args.strict, profiles_apart=True)
    except PackageNotFound:
        why = "is a file, not a folder" if root.exists() else "no such folder"
        print(f"caucasus-data: {root}: {why}; give the folder that holds datapackage.json", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except UnknownCode as exc:
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    print(RENDERERS[args.format](report))
    return EXIT_VALID if report.ok else EXIT_INVALID
