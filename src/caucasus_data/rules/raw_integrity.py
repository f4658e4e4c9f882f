"""Rule `raw-integrity`: each source's raw file exists inside the package and has the recorded sha256.

The files are read once, for this rule and for the `quote` rule (:func:`raw_bytes`), whichever runs first.
"""

from __future__ import annotations

import hashlib

from .. import filebytes
from ..context import Context
from ..errors import ValidationError
from ..paths import refusal


def check(ctx: Context) -> list[ValidationError]:
    return ctx.shared(("raw-integrity",), lambda: _read(ctx))


def raw_bytes(ctx: Context) -> dict[str, bytes]:
    """source_id -> the bytes of its raw file, for the sources whose file could be read."""
    check(ctx)
    return ctx.raw_bytes


def _read(ctx: Context) -> list[ValidationError]:
    sources = ctx.tables.get("sources")
    if sources is None or not sources.has("source_id", "raw_path", "sha256"):
        return []
    errors = []
    rows = zip(
        sources.lines,
        sources.typed["source_id"].to_pylist(),
        sources.typed["raw_path"].to_pylist(),
        sources.typed["sha256"].to_pylist(),
        strict=True,
    )
    for line, source_id, raw_path, sha in rows:
        if raw_path is None:
            continue
        why = refusal(ctx.root, raw_path)
        if why is not None:
            errors.append(
                ValidationError(
                    sources.path,
                    "raw-integrity",
                    f"raw_path {why}; it is not read",
                    int(line),
                    "raw_path",
                    raw_path,
                )
            )
            continue
        try:
            data = filebytes.as_bytes(filebytes.read_inside(ctx.root, raw_path, "raw"))
        except OSError as exc:
            found = isinstance(exc, FileNotFoundError)
            errors.append(
                ValidationError(
                    sources.path,
                    "raw-integrity",
                    ("raw file not found" if found else f"raw file cannot be read ({exc.strerror})")
                    + ": add the document under raw/ byte-for-byte, or fix the path",
                    int(line),
                    "raw_path",
                    raw_path,
                )
            )
            continue
        digest = hashlib.sha256(data).hexdigest()
        if sha is not None and digest != sha:
            errors.append(
                ValidationError(
                    sources.path,
                    "raw-integrity",
                    f"sha256 of {raw_path} is {digest}: the raw file was changed (restore it "
                    "byte-for-byte) or the recorded hash is wrong",
                    int(line),
                    "sha256",
                    sha,
                )
            )
        if source_id is not None:
            ctx.raw_bytes[source_id] = data
    return errors
