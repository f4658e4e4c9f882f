"""`caucasus-data site [DIR] --out OUT`: validate a package, then write its static site."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from ..exit_codes import EXIT_VALID
from ._making import add_package_argument, run_making

NAME = "site"
HELP = "validate the data, then write a static site: records, sources with their quotes marked, timeline, claim graph"
EXAMPLES = """examples:
  caucasus-data site --out site                        the site of the package in the current folder
  caucasus-data site path/to/clone --out site          of another package folder
  python -m http.server -d site                        serve it (or open site/index.html as a file)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_package_argument(parser)
    parser.add_argument(
        "--out", default="site", help="folder to write, replaced as a whole on success (default: ./site)"
    )


def run(args: argparse.Namespace) -> int:
    return run_making(args.dir, "building the site of", lambda root, started: _site(args, root, started))


def _site(args: argparse.Namespace, root: Path, started: float) -> int:
    from ..site import build_site

    result = build_site(root, Path(args.out))
    seconds = time.perf_counter() - started
    print(f"wrote {result.pages} pages ({result.bytes:,} bytes) to {result.out} in {seconds:.1f} s")
    print(f"open {(result.out / 'index.html').absolute().as_uri()}")
    return EXIT_VALID
