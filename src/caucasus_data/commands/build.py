"""`caucasus-data build [DIR] [--out OUT]`: validate a package, then write its release folder and archive."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID

NAME = "build"
HELP = (
    "validate the data, then write the release: tables/<table>/ Parquet, CSV, Stata, SQLite, DuckDB, "
    "datapackage.json, codebook, manifest, archive"
)
EXAMPLES = """examples:
  caucasus-data build --out release                    the release of the package in the current folder
  caucasus-data build path/to/clone --out release      of another package folder
  caucasus-data build --codebook docs/codebook.md      only regenerate the codebook
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        help="folder holding datapackage.json (default: the current folder if it holds one, else the installed data)",
    )
    parser.add_argument(
        "--out",
        default="release",
        help="release folder to write, replaced as a whole when the build succeeds (default: ./release)",
    )
    parser.add_argument(
        "--codebook",
        metavar="FILE",
        help="only write the codebook generated from the Table Schemas to FILE (e.g. docs/codebook.md)",
    )


def _codebook(root: Path, target: Path) -> int:
    from ..release.codebook import codebook

    target.write_text(codebook(root), encoding="utf-8", newline="\n")
    print(f"wrote {target}")
    return EXIT_VALID


def run(args: argparse.Namespace) -> int:
    from ..model import DescriptorError
    from ..release import ReleaseError
    from ..release.build import InvalidPackageError, build_release
    from ..reporters import render_text
    from ..target import chosen_root

    root = chosen_root(args.dir, "building")
    if not root.is_dir():
        print(f"caucasus-data: no such folder: {root}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    started = time.perf_counter()
    try:
        if args.codebook:
            return _codebook(root, Path(args.codebook))
        result = build_release(root, args.out)
    except InvalidPackageError as exc:
        print(render_text(exc.report))
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (ReleaseError, DescriptorError, ValueError, OSError) as exc:
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    width = max(len(entry.path) for entry in result.manifest.files)
    for entry in result.manifest.files:
        rows = f" {entry.rows:>8} rows" if entry.rows is not None else ""
        print(f"{entry.path:<{width}} {entry.bytes:>10,} bytes{rows}")
    archive = result.archive
    print(f"{archive.name:<{width}} {archive.stat().st_size:>10,} bytes")
    seconds = time.perf_counter() - started
    print(f"built release {result.manifest.version} in {result.out} ({seconds:.1f} s)")
    return EXIT_VALID
