"""`caucasus-data fetch [--version V]`: download a Parquet release into the cache and print its folder."""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_INVALID, EXIT_VALID

NAME = "fetch"
HELP = (
    "download the Parquet release (default: this package's data version), verify every checksum, cache it "
    "and print its folder (exit 1 if it does not match its manifest, 2 if it cannot be downloaded)"
)
EXAMPLES = """examples:
  caucasus-data fetch                      the release of the installed data version
  caucasus-data fetch --version 0.1.0      another release
  CAUCASUS_DATA_URL=http://127.0.0.1:8000 caucasus-data fetch    from a mirror
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", dest="release", metavar="V", help="release version, e.g. 0.1.0")
    parser.add_argument(
        "--pin",
        metavar="SHA256",
        help="sha256 of the release's manifest.json, from a source you trust: needed for a version other than "
        "the one this installation pins",
    )


def run(args: argparse.Namespace) -> int:
    from ..release import IntegrityError, ReleaseError
    from ..release.fetch import fetch

    try:
        folder = fetch(args.release, pin=args.pin)
    except IntegrityError as exc:
        print(f"caucasus-data: {exc}; nothing was cached", file=sys.stderr)
        return EXIT_INVALID
    except (ReleaseError, ValueError, OSError) as exc:
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    print(folder)
    return EXIT_VALID
