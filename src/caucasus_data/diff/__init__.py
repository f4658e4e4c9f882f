"""What changed between two versions of the package, for reviewers and release notes (`caucasus-data diff`).

Each side is a package folder or a git revision of the current repository. Per table: rows added and
removed (keyed by primary key) and cells changed field by field; per schema: columns, types, codes and
keys. Every change is weighed by the versioning policy (:mod:`.policy`) to suggest the version bump.
"""

from .compare import PackageDiff, RowChange, TableDiff, compare
from .policy import Verdict, verdict
from .render import render_json, render_markdown, render_text
from .revisions import CannotDiff, Side, resolve

__all__ = [
    "CannotDiff",
    "PackageDiff",
    "RowChange",
    "Side",
    "TableDiff",
    "Verdict",
    "compare",
    "render_json",
    "render_markdown",
    "render_text",
    "resolve",
    "verdict",
]
