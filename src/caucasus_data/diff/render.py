"""A package diff as text (reviewers, release notes) or JSON (tools); rendering only, no deciding."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from ..reporters import printable
from .compare import PackageDiff, TableDiff
from .policy import Verdict

TEXT_CAP = 20  # rows shown per kind of change and table; --format json lists all


def _key(row: dict[str, str], key: list[str]) -> str:
    return ", ".join(f"{k}={row.get(k, '')}" for k in key)


def _cell(value: str) -> str:
    shown = value if len(value) <= 80 else value[:77] + "..."
    return repr(shown)


def _capped(lines: list[str], total: int, what: str) -> list[str]:
    if total <= TEXT_CAP:
        return lines
    return [*lines[:TEXT_CAP], f"    ... and {total - TEXT_CAP} more {what} (--format json lists every one)"]


def _table_text(t: TableDiff) -> list[str]:
    if t.status == "removed":
        return [f"{t.name} ({t.path}): table removed, {t.rows_old} rows  [breaking]"]
    if t.status == "added":
        return [f"{t.name} ({t.path}): table added, {t.rows_new} rows"]
    counts = f"{len(t.added)} added, {len(t.removed)} removed, {len(t.changed)} changed"
    lines = [f"{t.name} ({t.path}): {counts}{'  [breaking]' if t.removed else ''}"]
    if t.columns_added:
        lines.append(f"  columns added: {', '.join(t.columns_added)}")
    if t.columns_removed:
        lines.append(f"  columns removed: {', '.join(t.columns_removed)}  [breaking]")
    lines += [f"  column {c}: type {a} -> {b}  [breaking]" for c, a, b in t.columns_retyped]
    lines += [f"  column {c}: code {code!r} withdrawn  [breaking]" for c, code in t.codes_removed]
    lines += [f"  column {c}: code {code!r} added" for c, code in t.codes_added]
    if t.key_changed:
        lines.append(f"  primary key is now {', '.join(t.key)}  [breaking]")
    lines += [f"  note: {n}" for n in t.notes]
    lines += _capped([f"  + {_key(r, t.key)}" for r in t.added], len(t.added), "added rows")
    lines += _capped([f"  - {_key(r, t.key)}  [breaking]" for r in t.removed], len(t.removed), "removed rows")
    lines += _capped(
        [f"    (renamed? {_key(a, t.key)} -> {_key(b, t.key)}: every other cell is the same)" for a, b in t.renamed],
        len(t.renamed),
        "renamed rows",
    )
    changed = []
    for change in t.changed:
        cells = "; ".join(f"{c}: {_cell(a)} -> {_cell(b)}" for c, (a, b) in change.changes.items())
        changed.append(f"  ~ {_key(change.key, t.key)}: {cells}")
    return lines + _capped(changed, len(changed), "changed rows")


def render_text(diff: PackageDiff, verdict: Verdict) -> str:
    """One line per item; whatever a cell or key holds is escaped onto its line (see ``reporters.printable``)."""
    return "\n".join(printable(line) for line in _text_lines(diff, verdict))


def render_markdown(diff: PackageDiff, verdict: Verdict) -> str:
    """The text form in a fenced code block for a Markdown page (a pull request's run summary).

    The fence is longer than any run of backticks in the text, so no key or cell can close it early, and
    the text has no line break of its own inside a line, so nothing in it can start a Markdown block.
    """
    text = render_text(diff, verdict)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"


def _text_lines(diff: PackageDiff, verdict: Verdict) -> list[str]:
    lines = [f"caucasus-data diff {diff.old.spec} ({diff.old_version}) -> {diff.new.spec} ({diff.new_version})"]
    unchanged = [t.name for t in diff.tables if t.status == "unchanged"]
    for table in diff.tables:
        if table.status != "unchanged":
            lines += _table_text(table)
    if unchanged:
        lines.append(f"unchanged: {', '.join(unchanged)}")
    if verdict.level == "none":
        lines.append(f"no change to the data: the version can stay {diff.old_version}")
        return lines
    lines.append(f"{verdict.level} change by the versioning policy (CHANGELOG.md):")
    lines += [f"  {level}: {why}" for level, why in verdict.reasons]
    declared = "" if verdict.declared_ok else f"; datapackage.json declares {diff.new_version}, which is too low"
    lines.append(f"suggested version: {verdict.suggested} (from {diff.old_version}){declared}")
    if verdict.note:
        lines.append(f"note: {verdict.note}")
    return lines


def render_json(diff: PackageDiff, verdict: Verdict) -> str:
    tables = []
    for table in diff.tables:
        item = asdict(table)
        item["changed"] = [
            {"key": c.key, "changes": {k: {"old": a, "new": b} for k, (a, b) in c.changes.items()}}
            for c in table.changed
        ]
        item["renamed"] = [{"old": a, "new": b} for a, b in table.renamed]
        item["columns_retyped"] = [{"column": c, "old": a, "new": b} for c, a, b in table.columns_retyped]
        item["codes_removed"] = [{"column": c, "code": code} for c, code in table.codes_removed]
        item["codes_added"] = [{"column": c, "code": code} for c, code in table.codes_added]
        tables.append(item)
    return json.dumps(
        {
            "old": {"spec": diff.old.spec, "version": diff.old_version},
            "new": {"spec": diff.new.spec, "version": diff.new_version},
            "bump": verdict.level,
            "suggested_version": verdict.suggested,
            "declared_version_ok": verdict.declared_ok,
            "breaking": verdict.breaking,
            "reasons": [{"level": level, "reason": why} for level, why in verdict.reasons],
            "note": verdict.note,
            "tables": tables,
        },
        ensure_ascii=False,
        indent=1,
    )
