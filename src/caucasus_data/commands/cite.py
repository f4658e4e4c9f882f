"""`caucasus-data cite [TABLE/ID] [--format text|bibtex|cff|zenodo]`: how to cite the data, or one row of it."""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_VALID

NAME = "cite"
HELP = "print how to cite this version of the data, or one row of it (text, BibTeX or CITATION.cff)"
EXAMPLES = """examples:
  caucasus-data cite                                      one line for a reference list
  caucasus-data cite --format bibtex                      a BibTeX entry
  caucasus-data cite events/shusha-visit-2021-06-15       a row: dataset, version, table, id and its sources
  caucasus-data cite --format cff > CITATION.cff          the Citation File Format file of this version
  caucasus-data cite --format zenodo > .zenodo.json       what Zenodo archives a release with
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("row", nargs="?", metavar="TABLE/ID", help="a row to cite, e.g. events/shusha-visit-2021-06-15")
    parser.add_argument("--format", choices=["text", "bibtex", "cff", "zenodo"], default="text", help="default: text")
    parser.add_argument("--dir", help="package folder (default: the current folder if it holds one, else installed)")


def run(args: argparse.Namespace) -> int:
    from .. import citation
    from ..model import DescriptorError
    from ..target import chosen_root

    root = chosen_root(args.dir, "citing")
    try:
        data = citation.dataset(root)
        if args.row is None:
            renderers = {
                "text": citation.text,
                "bibtex": citation.bibtex,
                "cff": citation.cff,
                "zenodo": citation.zenodo,
            }
            print(renderers[args.format](data).rstrip("\n"))
            return EXIT_VALID
        if args.format == "cff":
            print(
                "caucasus-data: CITATION.cff describes the dataset as a whole; cite a row with --format text or bibtex",
                file=sys.stderr,
            )
            return EXIT_CANNOT_RUN
        row = citation.row(root, args.row)
    except (citation.UnknownRow, DescriptorError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError | citation.UnknownRow) else f"{exc.path}: {exc.message}"
        print(f"caucasus-data: {message}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    sources = "; ".join(str(s["source_id"]) for s in row.sources)
    phrase = row.phrase + (f", from source {sources}" if sources else "")
    if args.format == "bibtex":
        print(citation.bibtex(data, phrase, (row.table, row.id)))
    else:
        print(citation.text(data, phrase))
        for source in row.sources:
            print(f"  {citation.source_line(source)}")
    return EXIT_VALID
