"""`caucasus-data diff OLD NEW`: rows added, removed and changed per table, and the version bump it calls for.

OLD and NEW are package folders or git revisions of the repository around the current folder
(`caucasus-data diff v0.1.0 .`, `caucasus-data diff HEAD~1 HEAD`). It is a report: exit 0 whatever
changed, 2 if it cannot run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_VALID

NAME = "diff"
HELP = "compare two versions of the package (folders or git revisions): rows added, removed, changed; version bump"
EXAMPLES = """examples:
  caucasus-data diff v0.1.0 .              what changed since release 0.1.0, and the version it calls for
  caucasus-data diff HEAD~1 HEAD           the last commit
  caucasus-data diff v0.1.0 . --check      exit 1 if the declared version is lower than the change requires
  caucasus-data diff v0.1.0 . --format json
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("old", help="the earlier version: a package folder or a git revision (e.g. v0.1.0, HEAD~1)")
    parser.add_argument("new", help="the later version: a package folder (e.g. .) or a git revision")
    parser.add_argument(
        "--format",
        choices=["text", "json", "markdown"],
        default="text",
        help="text for people, json for tools, markdown (the text in a code block no cell can break) for a page",
    )


def run(args: argparse.Namespace) -> int:
    from ..diff import CannotDiff, compare, render_json, render_markdown, render_text, resolve, verdict

    with tempfile.TemporaryDirectory(prefix="caucasus-data-diff-") as work:
        try:
            old = resolve(args.old, Path(work) / "old")
            new = resolve(args.new, Path(work) / "new")
            result = compare(old, new)
        except CannotDiff as exc:
            print(f"caucasus-data: {exc}", file=sys.stderr)
            return EXIT_CANNOT_RUN
        render = {"json": render_json, "markdown": render_markdown}.get(args.format, render_text)
        print(render(result, verdict(result)))
    return EXIT_VALID
