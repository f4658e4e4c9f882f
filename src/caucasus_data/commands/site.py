"""`caucasus-data site [DIR] --out OUT`: validate a package, then write its static site."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID

NAME = "site"
HELP = "validate the data, then write a static site: records, sources with their quotes marked, timeline, claim graph"
EXAMPLES = """examples:
  caucasus-data site --out site                        the site of the package in the current folder
  caucasus-data site path/to/clone --out site          of another package folder
  python -m http.server -d site                        serve it (or open site/index.html as a file)
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "dir",
        nargs="?",
        help="folder holding datapackage.json (default: the current folder if it holds one, else the installed data)",
    )
    parser.add_argument(
        "--out", default="site", help="folder to write, replaced as a whole on success (default: ./site)"
    )


def run(args: argparse.Namespace) -> int:
    from ..model import DescriptorError
    from ..reporters import render_text
    from ..site import InvalidPackageError, SiteError, build_site
    from ..target import chosen_root

    root = chosen_root(args.dir, "building the site of")
    if not root.is_dir():
        print(f"caucasus-data: no such folder: {root}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    started = time.perf_counter()
    try:
        result = build_site(root, Path(args.out))
    except InvalidPackageError as exc:
        print(render_text(exc.report))
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except (SiteError, DescriptorError, ValueError, OSError) as exc:
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    seconds = time.perf_counter() - started
    print(f"wrote {result.pages} pages ({result.bytes:,} bytes) to {result.out} in {seconds:.1f} s")
    print(f"open {(result.out / 'index.html').absolute().as_uri()}")
    return EXIT_VALID
