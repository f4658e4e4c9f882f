"""The tables and columns that the provenance rules read, named once.

The Table Schemas describe every table, but which table holds the sources, which holds the evidence and which
the errata is a fact about this project's model, which the rules (raw integrity, quotes, evidence, the
publication window) rely on. It is stated here, and only here: a rule declares the :class:`Need` it reads
(``NEEDS`` in its module) and reads the table through :meth:`caucasus_data.context.Context.table`. A package
whose descriptors lack a needed table or column is refused with a `datapackage` finding that names it, instead
of the rule quietly finding nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .errors import Finding

if TYPE_CHECKING:
    from .model import Package


@dataclass(frozen=True)
class Need:
    """A table a rule reads, the columns it reads in it, and what that table is for (said in the finding).

    ``dates``: the columns the rules read as dates; every other column is read as text. A schema that gives
    one of them another type (a pull request may) is refused like a missing column, so no rule compares an
    integer id with a text one.
    """

    table: str
    columns: tuple[str, ...]
    role: str
    dates: tuple[str, ...] = ()

    def kind(self, column: str) -> str:
        return "date" if column in self.dates else "string"


SOURCES = Need(
    "sources",
    ("source_id", "raw_path", "sha256", "published_earliest", "published_latest"),
    "one row per raw document, with its file, its sha256 and its publication window",
    dates=("published_earliest", "published_latest"),
)
EVIDENCE = Need(
    "evidence",
    ("record_table", "record_id", "source_id", "quote"),
    "the (table, id) of each record backed, the source and the quote copied from it",
)
CLAIM_RELATIONS = Need(
    "claim_relations",
    ("claim_id", "related_claim_id", "relation"),
    "one row per link between two claims, with how they relate",
)
ERRATA = Need(
    "errata",
    ("record_table", "record_id", "excuses_rule"),
    "the (table, id) of each record whose printed value is kept on purpose, and the rule it excuses",
)


def missing(package: Package, needs: dict[Need, list[str]], listed: set[str]) -> list[Finding]:
    """`datapackage` findings for each need the descriptors do not meet; ``needs`` maps each to its rules.

    ``listed``: the resource names ``datapackage.json`` lists; a listed table whose schema could not be read
    has its own finding already.
    """
    found = []
    for need, rules in needs.items():
        by = ", ".join(sorted(rules))
        table = package.tables.get(need.table)
        if table is None:
            if need.table not in listed:
                message = (
                    f"no resource {need.table!r}, which the rule(s) {by} read ({need.role}): "
                    f"add it to datapackage.json with columns {', '.join(need.columns)}"
                )
                found.append(Finding(path="datapackage.json", rule="datapackage", message=message))
            continue
        absent = [c for c in need.columns if c not in table.schema_.field_names]
        if absent:
            message = (
                f"lacks the field(s) {', '.join(absent)}, which the rule(s) {by} read in table "
                f"{need.table!r} ({need.role}): add them to the schema"
            )
            found.append(Finding(path=table.schema_path, rule="datapackage", message=message))
        fields = {f.name: f.type for f in table.schema_.fields}
        for column in (c for c in need.columns if c in fields and fields[c] != need.kind(c)):
            message = (
                f"field {column!r} is of type {fields[column]!r}; the rule(s) {by} read it as {need.kind(column)} "
                f"in table {need.table!r} ({need.role}): give it type {need.kind(column)!r}"
            )
            found.append(Finding(path=table.schema_path, rule="datapackage", message=message))
    return found
