"""`caucasus-data tables`: the tables of the package, with their row counts and what one row is.

Kept fast (it is what a new user runs first): the descriptors are read with the standard library's ``json``
and the rows counted with its ``csv`` module, so neither pyarrow nor pandas is imported.
"""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_VALID

NAME = "tables"
HELP = "list the tables: name, rows, and what one row holds"
EXAMPLES = """examples:
  caucasus-data tables                  every table of the package here (else the installed data)
  caucasus-data tables --format json    the same, for tools
  caucasus-data tables --dir ../fork    the tables of another package folder
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=["table", "json"], default="table", help="default: table")
    parser.add_argument("--dir", help="package folder (default: the current folder if it holds one, else installed)")


def first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + ("." if dot else "")


def run(args: argparse.Namespace) -> int:
    from ..catalog import CatalogError, catalog
    from ..display import json_text, table
    from ..target import chosen_root

    root = chosen_root(args.dir, "listing")
    try:
        entries = catalog(root)
    except CatalogError as exc:
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if args.format == "json":
        print(json_text([{"name": e.name, "rows": e.rows, "description": e.description} for e in entries]))
        return EXIT_VALID
    rows = [[e.name, "" if e.rows is None else str(e.rows), first_sentence(e.description)] for e in entries]
    print(table(["table", "rows", "one row per"], rows, width=100))
    return EXIT_VALID
