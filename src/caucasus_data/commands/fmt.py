"""`caucasus-data fmt [--check] [DIR]`: write every table of a package in canonical form.

The canonical form is described in :mod:`caucasus_data.fmt`. With ``--check`` nothing is written: the
files that would change are listed with the command that fixes them, and the exit code is 1 if there are
any. A file that cannot be read losslessly (bad UTF-8, ragged rows, a header that does not match the
schema, quoting RFC 4180 forbids) is never rewritten; the problem is shown as `file:line`.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID

NAME = "fmt"
HELP = "rewrite every table in canonical CSV form (--check: only list what would change, exit 1 if anything would)"
EXAMPLES = """examples:
  caucasus-data fmt                  rewrite the tables of the package in the current folder
  caucasus-data fmt --check          write nothing; exit 1 if a table is not in canonical form
  caucasus-data fmt path/to/clone    another package folder
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        help="package folder (default: the current folder if it holds one, else the installed data, with --check)",
    )
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is not canonical")


def _command(dir_arg: str | None) -> str:
    return "caucasus-data fmt" if dir_arg in (None, ".") else f"caucasus-data fmt {shlex.quote(dir_arg)}"


def run(args: argparse.Namespace) -> int:
    from ..fmt import format_package
    from ..model import DescriptorError, read_package
    from ..reporters import format_error, printable
    from ..target import default_root

    if args.dir is None:
        root, which = default_root()
        installed = root != Path(".")
        if installed and not args.check:
            print(
                f"caucasus-data: not rewriting {which}: run fmt in a package folder, or give it one "
                "(`caucasus-data fmt --check` checks the installed data)",
                file=sys.stderr,
            )
            return EXIT_CANNOT_RUN
        print(f"caucasus-data: {'checking' if args.check else 'formatting'} {which}", file=sys.stderr)
    else:
        root = Path(args.dir)
    if not root.is_dir():
        print(f"caucasus-data: no such folder: {root}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if not (root / "datapackage.json").is_file():
        print(f"datapackage.json: [datapackage] no datapackage.json in {root}: point to the package folder")
        return EXIT_INVALID
    try:
        package, problems = read_package(root)
    except DescriptorError as exc:
        print(printable(f"{exc.path}:{exc.line or ''}: [datapackage] {exc.message}".replace(":: ", ": ")))
        return EXIT_INVALID
    for problem in problems:
        print(printable(f"{problem.path}: [datapackage] {problem.message}; its table is not formatted"))
    outcomes = format_package(package, write=not args.check)
    pending = [o for o in outcomes if o.changed and not o.refused and not o.written]
    refused = [o for o in outcomes if o.refused]
    for outcome in outcomes:
        for error in outcome.refused:
            print(f"{format_error(error)} (not formatted)")
        if outcome.written:
            print(printable(f"{outcome.path}: reformatted ({'; '.join(outcome.reasons)})"))
        elif outcome in pending:
            print(printable(f"{outcome.path}: would be reformatted ({'; '.join(outcome.reasons)})"))
    written = sum(o.written for o in outcomes)
    unchanged = sum(1 for o in outcomes if not o.changed and not o.refused)
    if args.check and pending:
        fix = f"run `{_command(args.dir)}` to fix"
        print(printable(f"{len(pending)} of {len(outcomes)} files would be reformatted; {fix}"))
    elif refused:
        print(f"{len(refused)} files could not be formatted: fix the lines above by hand, then run fmt again")
    elif args.check:
        print(f"all {unchanged} files are in canonical form")
    else:
        print(f"{written} files reformatted, {unchanged} already in canonical form")
    return EXIT_INVALID if (pending and args.check) or refused or problems else EXIT_VALID
