"""Render a report; reporters only format, they never decide what is an error."""

from __future__ import annotations

import json
from collections import Counter

from .errors import Report, ValidationError

TEXT_CAP = 50  # errors shown per rule and file in the text form; --format json lists all


def _value(value: str | None) -> str:
    if value is None:
        return ""
    shown = value if len(value) <= 120 else value[:117] + "..."
    return f" ({shown!r})" if shown != shown.strip() or shown == "" else f" ({shown})"


def format_error(e: ValidationError) -> str:
    """`PATH:LINE: [rule] column: message (value)`, or `PATH: [rule] message` for a whole file."""
    where = f"{e.path}:{e.line}:" if e.line is not None else f"{e.path}:"
    column = f" {e.column}:" if e.column else ""
    return f"{where} [{e.rule}]{column} {e.message}{_value(e.value)}"


def render_text(report: Report, cap: int | None = TEXT_CAP) -> str:
    lines: list[str] = []
    shown: Counter = Counter()
    total = Counter((e.path, e.rule) for e in report.errors)
    for e in report.errors:
        key = (e.path, e.rule)
        shown[key] += 1
        if cap is None or shown[key] <= cap:
            lines.append(format_error(e))
        elif shown[key] == cap + 1:
            lines.append(
                f"{e.path}: [{e.rule}] ... and {total[key] - cap} more {e.rule} errors in this file; "
                "run with --format json to list every one"
            )
    if report.ok:
        lines.append(f"valid: {report.root}")
    else:
        counts = ", ".join(f"{rule} {n}" for rule, n in sorted(report.by_rule().items()))
        lines.append(f"{len(report.errors)} errors ({counts})")
    return "\n".join(lines)


def render_json(report: Report) -> str:
    return json.dumps(
        {
            "valid": report.ok,
            "root": report.root,
            "error_count": len(report.errors),
            "errors": [e.to_dict() for e in report.errors],
        },
        ensure_ascii=False,
        indent=1,
    )


def _escape(text: str, property_: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def render_github(report: Report, prefix: str = "") -> str:
    """Workflow commands, so each error is annotated on the offending line of the pull request's diff."""
    lines = []
    for e in report.errors:
        props = [f"file={_escape(prefix + e.path, True)}"]
        if e.line is not None:
            props.append(f"line={e.line}")
        props.append(f"title={_escape(f'[{e.rule}] {e.column}'.strip(), True)}")
        lines.append(f"::error {','.join(props)}::{_escape(e.message + _value(e.value))}")
    lines.append(f"valid: {report.root}" if report.ok else f"{len(report.errors)} errors")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
