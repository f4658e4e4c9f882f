"""Rule `raw-integrity`: each source's raw file exists inside the package and has the recorded sha256.

The files are read once, for this rule and for the `quote` rule, by the context
(:meth:`caucasus_data.context.Context.raw_documents`).
"""

from __future__ import annotations

from ..context import Context
from ..errors import Code, Finding
from ..provenance import SOURCES

RULE = "raw-integrity"
CODES = (Code(RULE, "every raw_path exists and its sha256 matches"),)
NEEDS = (SOURCES,)
_FIX = ": add the document under raw/ byte-for-byte, or fix the path"


def check(ctx: Context) -> list[Finding]:
    sources = ctx.table(SOURCES)
    found = []
    for doc in ctx.raw_documents():
        if doc.problem is not None:
            outside = doc.problem.endswith("it is not read")  # the path itself is refused
            message = f"raw_path {doc.problem}" if outside else f"raw file {doc.problem.removeprefix('file ')}{_FIX}"
            column, value = "raw_path", doc.raw_path
        elif doc.sha256 is not None and doc.digest != doc.sha256:
            message = (
                f"sha256 of {doc.raw_path} is {doc.digest}: the raw file was changed (restore it "
                "byte-for-byte) or the recorded hash is wrong"
            )
            column, value = "sha256", doc.sha256
        else:
            continue
        found.append(Finding(path=sources.path, rule=RULE, message=message, line=doc.line, column=column, value=value))
    return found
