"""The version bump a diff calls for, by the versioning policy in CHANGELOG.md.

Ids are citations: once released, a row's id means the same thing forever. So a released id, table or
column that goes away (or is renamed, which is the same to a user), a column whose type changes, an enum
code withdrawn or a primary key redefined is a **major** change; new rows, columns, tables or codes are
**minor**; corrections to existing values and edits to descriptions are a **patch**. While the major
version is 0 the schemas may still change in a minor version, but rows are never removed outside a major one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .compare import PackageDiff, TableDiff

LEVELS = ("none", "patch", "minor", "major")


@dataclass
class Verdict:
    level: str
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (level, why)
    suggested: str = ""
    declared_ok: bool = True
    note: str = ""

    @property
    def breaking(self) -> list[str]:
        return [why for level, why in self.reasons if level == "major"]


def _rows(count: int) -> str:
    return f"{count} row{'' if count == 1 else 's'}"


def _examples(rows: list[dict[str, str]], key: list[str], count: int = 3) -> str:
    shown = ", ".join("/".join(str(r.get(k, "")) for k in key) for r in rows[:count])
    return shown + (", ..." if len(rows) > count else "")


def _table_reasons(t: TableDiff) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(schema reasons, data reasons) for one table."""
    schema: list[tuple[str, str]] = []
    data: list[tuple[str, str]] = []
    if t.status == "removed":
        return [("major", f"table {t.name} removed")], []
    if t.status == "added":
        return [("minor", f"table {t.name} added")], []
    schema += [("major", f"{t.name}: column {c} removed") for c in t.columns_removed]
    schema += [("major", f"{t.name}: column {c} changed type from {a} to {b}") for c, a, b in t.columns_retyped]
    schema += [("major", f"{t.name}: code {code!r} withdrawn from {c}") for c, code in t.codes_removed]
    if t.key_changed:
        schema.append(("major", f"{t.name}: primary key changed to {', '.join(t.key)}"))
    schema += [("minor", f"{t.name}: column {c} added") for c in t.columns_added]
    schema += [("minor", f"{t.name}: code {code!r} added to {c}") for c, code in t.codes_added]
    if t.schema_changed and not schema:
        schema.append(("patch", f"{t.name}: schema descriptions or constraints edited"))
    if t.removed:
        renamed = f" ({len(t.renamed)} of them look renamed)" if t.renamed else ""
        why = f"{t.name}: {_rows(len(t.removed))} removed{renamed}: {_examples(t.removed, t.key)}"
        data.append(("major", why))
    if t.added:
        data.append(("minor", f"{t.name}: {_rows(len(t.added))} added"))
    if t.changed:
        data.append(("patch", f"{t.name}: {_rows(len(t.changed))} corrected"))
    return schema, data


def _version(text: str) -> tuple[int, int, int]:
    match = re.match(r"^(\d+)\.(\d+)\.(\d+)", text)
    return (int(match[1]), int(match[2]), int(match[3])) if match else (0, 0, 0)


def verdict(diff: PackageDiff) -> Verdict:
    schema: list[tuple[str, str]] = []
    data: list[tuple[str, str]] = []
    for table in diff.tables:
        s, d = _table_reasons(table)
        schema += s
        data += d
    reasons = schema + data
    level = max((lvl for lvl, _ in reasons), key=LEVELS.index, default="none")
    major, minor, patch = _version(diff.old_version)
    note = ""
    if level == "major" and major == 0 and not any(lvl == "major" for lvl, _ in data):
        suggested = (0, minor + 1, 0)
        note = "while the major version is 0, schema changes may go in a minor version; list them in CHANGELOG.md"
    else:
        suggested = {
            "major": (major + 1, 0, 0),
            "minor": (major, minor + 1, 0),
            "patch": (major, minor, patch + 1),
            "none": (major, minor, patch),
        }[level]
    text = ".".join(map(str, suggested))
    return Verdict(level, reasons, text, _version(diff.new_version) >= suggested, note)
