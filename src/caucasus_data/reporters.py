"""Render a report; reporters only format, they never decide what is an error.

Errors come first, in the contract's form; advisory findings (warnings) follow under a line of their own in the
text form, as ``::warning`` in the github form, and with ``"severity": "warning"`` in json.

Everything a table or a descriptor holds reaches these lines (values, column names, paths, messages quoting
a header), and a pull request writes those. Printed as they are, a cell holding a line break followed by
``::error ...`` or ``::add-mask::`` would start a line that GitHub Actions runs as a workflow command, and an
escape sequence could rewrite a reviewer's terminal. So each finding is one line: :func:`printable` shows
every control, line or paragraph separator and bidirectional override as an escape (``\n``, ``\u2028``), in
every format (the ``github`` form also escapes ``%``, line breaks, ``:`` and ``,`` as the runner expects, and
JSON escapes the separators that JSON itself leaves raw).
"""

from __future__ import annotations

import json
import re
from collections import Counter

from .errors import Finding, Report

TEXT_CAP = 50  # errors shown per rule and file in the text form; --format json lists all


_BIDI = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
#: Unicode's controls (category Cc: U+0000-001F, U+007F-009F), the line and paragraph separators (Zl, Zp) and
#: the bidirectional controls.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + _BIDI + "]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def printable(text: str) -> str:
    """``text`` on one line, every control, line separator and bidirectional override shown as an escape."""
    return _UNSAFE.sub(_escape_char, text)


def _value(value: str | None) -> str:
    if value is None:
        return ""
    shown = value if len(value) <= 120 else value[:117] + "..."
    return f" ({shown!r})" if shown != shown.strip() or shown == "" else f" ({shown})"


def format_error(e: Finding) -> str:
    """`PATH:LINE: [rule] column: message (value)`, or `PATH: [rule] message` for a whole file."""
    where = f"{e.path}:{e.line}:" if e.line is not None else f"{e.path}:"
    column = f" {e.column}:" if e.column else ""
    return printable(f"{where} [{e.rule}]{column} {e.message}{_value(e.value)}")


def _listed(findings: list[Finding], cap: int | None, kind: str) -> list[str]:
    lines: list[str] = []
    shown: Counter = Counter()
    total = Counter((e.path, e.rule) for e in findings)
    for e in findings:
        key = (e.path, e.rule)
        shown[key] += 1
        if cap is None or shown[key] <= cap:
            lines.append(format_error(e))
        elif shown[key] == cap + 1:
            lines.append(
                printable(
                    f"{e.path}: [{e.rule}] ... and {total[key] - cap} more {e.rule} {kind} in this file; "
                    "run with --format json to list every one"
                )
            )
    return lines


def _counts(report: Report, findings: list[Finding]) -> str:
    return ", ".join(f"{rule} {n}" for rule, n in sorted(report.by_rule(findings).items()))


def render_text(report: Report, cap: int | None = TEXT_CAP) -> str:
    lines = _listed(report.errors, cap, "errors")
    warnings = report.warnings
    if warnings:
        lines.append("warnings (advisory: the data stays valid; `validate --strict` makes them errors):")
        lines += _listed(warnings, cap, "warnings")
    warned = f"; {len(warnings)} warnings ({_counts(report, warnings)})" if warnings else ""
    if report.ok:
        lines.append(printable(f"valid: {report.root}") + (f" ({len(warnings)} warnings)" if warnings else ""))
    else:
        lines.append(f"{len(report.errors)} errors ({_counts(report, report.errors)}){warned}")
    return "\n".join(lines)


def render_json(report: Report) -> str:
    """Every finding, uncapped; ``errors`` holds the warnings too, each with its ``severity``."""
    text = json.dumps(
        {
            "valid": report.ok,
            "root": report.root,
            "error_count": len(report.errors),
            "errors": [e.to_dict() | {"severity": report.severity(e)} for e in report.findings],
        },
        ensure_ascii=False,
        indent=1,
    )
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _escape(text: str, property_: bool = False) -> str:
    text = printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))
    return text.replace(":", "%3A").replace(",", "%2C") if property_ else text


def render_github(report: Report, prefix: str = "") -> str:
    """Workflow commands, so each error is annotated on the offending line of the pull request's diff."""
    lines = []
    for e in report.errors + report.warnings:
        props = [f"file={_escape(prefix + e.path, True)}"]
        if e.line is not None:
            props.append(f"line={e.line}")
        props.append(f"title={_escape(f'[{e.rule}] {e.column}'.strip(), True)}")
        lines.append(f"::{report.severity(e)} {','.join(props)}::{_escape(e.message + _value(e.value))}")
    warned = f", {len(report.warnings)} warnings" if report.warnings else ""
    lines.append(printable(f"valid: {report.root}{warned}") if report.ok else f"{len(report.errors)} errors{warned}")
    return "\n".join(lines)


RENDERERS = {"text": render_text, "json": render_json, "github": render_github}
