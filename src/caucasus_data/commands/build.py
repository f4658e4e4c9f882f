"""`caucasus-data build [DIR] [--out OUT]`: validate a package, then write its release folder and archive."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..exit_codes import EXIT_VALID
from ._making import add_package_argument, run_making

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
    add_package_argument(parser)
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
    return run_making(args.dir, "building", lambda root, started: _build(args, root, started))


def _build(args: argparse.Namespace, root: Path, started: float) -> int:
    from ..release.build import build_release

    if args.codebook:
        return _codebook(root, Path(args.codebook))
    result = build_release(root, args.out)
    width = max(len(entry.path) for entry in result.manifest.files)
    for entry in result.manifest.files:
        rows = f" {entry.rows:>8} rows" if entry.rows is not None else ""
        print(f"{entry.path:<{width}} {entry.bytes:>10,} bytes{rows}")
    archive = result.archive
    print(f"{archive.name:<{width}} {archive.stat().st_size:>10,} bytes")
    seconds = time.perf_counter() - started
    print(f"built release {result.manifest.version} in {result.out} ({seconds:.1f} s)")
    return EXIT_VALID
