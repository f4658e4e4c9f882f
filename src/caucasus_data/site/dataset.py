"""The package as the site reads it: every table's rows, and the links between rows, derived from the schemas.

Rows come through :func:`caucasus_data.load`, the same typed reader the API gives users, so a column a schema
adds appears on the site with no change here. Links are read off the Table Schemas: each ``foreignKeys`` entry
and each ``x-references`` (table, id) pair says which row a cell points at; the reverse of every link is kept,
so a record page can list what points at it (its evidence, participants, the claims about it, its errata).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import citation
from ..load import load
from ..model import Package, TableSchema, read_package_or_fail
from ..paths import inside
from .offsets import FoldedText

Row = dict[str, Any]
Ref = tuple[str, str]  # (table, id)

# Columns that name a row best, tried in this order; a table with none of them is named by its key.
LABEL_COLUMNS = ("name", "title", "summary", "alias", "marker", "quote", "description")


@dataclass(frozen=True)
class Link:
    """Row ``source`` of ``table`` points at ``target`` through ``column``."""

    table: str
    row: Row
    column: str
    target: Ref


@dataclass
class Dataset:
    root: Path
    package: Package
    rows: dict[str, list[Row]]
    raw: dict[str, str]  # source_id -> raw text
    _links_to: dict[Ref, list[Link]] = field(default_factory=dict, repr=False)

    @classmethod
    def read(cls, root: Path) -> Dataset:
        package = read_package_or_fail(root)
        rows = {}
        for name in package.tables:
            frame = load(name, validate=False, path=root)
            rows[name] = frame.astype(object).where(frame.notna(), None).to_dict("records")
        raw = {}
        for source in rows.get("sources", []):
            rel = source.get("raw_path")
            if rel and inside(root, rel):
                raw[source["source_id"]] = (root / rel).read_bytes().decode("utf-8")
        data = cls(root, package, rows, raw)
        data._index_links()
        return data

    @property
    def version(self) -> str:
        return self.package.version

    @cached_property
    def citation(self) -> citation.Dataset:
        """What a citation of the dataset says (authors, year, title, version, address), from datapackage.json."""
        return citation.dataset(self.root)

    @property
    def title(self) -> str:
        return str(getattr(self.package.descriptor, "title", None) or self.package.descriptor.name)

    def schema(self, table: str) -> TableSchema:
        return self.package.tables[table].schema_

    def key(self, table: str) -> str:
        return self.schema(table).primaryKey[0]

    @cached_property
    def paged_tables(self) -> list[str]:
        """Tables with one-column keys: each of their rows gets a page of its own."""
        return [t for t in self.package.tables if len(self.schema(t).primaryKey) == 1]

    @cached_property
    def by_id(self) -> dict[str, dict[str, Row]]:
        return {t: {r[self.key(t)]: r for r in self.rows[t]} for t in self.paged_tables}

    def get(self, ref: Ref) -> Row | None:
        return self.by_id.get(ref[0], {}).get(ref[1])

    def label(self, table: str, row: Row) -> str:
        for column in LABEL_COLUMNS:
            value = row.get(column)
            if isinstance(value, str) and value.strip():
                return value
        return str(row[self.key(table)])

    def label_of(self, ref: Ref) -> str:
        row = self.get(ref)
        return ref[1] if row is None else self.label(ref[0], row)

    @cached_property
    def folded(self) -> dict[str, FoldedText]:
        return {source_id: FoldedText.of(text) for source_id, text in self.raw.items()}

    # Links, read off the schemas

    def links_from(self, table: str, row: Row) -> dict[str, Ref]:
        """Each column of ``row`` that points at another row, and the (table, id) it points at."""
        schema = self.schema(table)
        found: dict[str, Ref] = {}
        for fk in schema.foreignKeys:
            if len(fk.fields) == 1 and row.get(fk.fields[0]) is not None:
                found[fk.fields[0]] = (fk.reference.resource, str(row[fk.fields[0]]))
        for ref in schema.references:
            if row.get(ref.table) is not None and row.get(ref.id) is not None:
                found[ref.id] = (str(row[ref.table]), str(row[ref.id]))
        return found

    def _index_links(self) -> None:
        index: dict[Ref, list[Link]] = defaultdict(list)
        for table, rows in self.rows.items():
            for row in rows:
                for column, target in self.links_from(table, row).items():
                    index[target].append(Link(table, row, column, target))
        self._links_to = dict(index)

    def links_to(self, ref: Ref, table: str | None = None, column: str | None = None) -> list[Link]:
        """The links landing on ``ref``, optionally only those from ``table`` (through ``column``)."""
        return [
            link
            for link in self._links_to.get(ref, [])
            if (table is None or link.table == table) and (column is None or link.column == column)
        ]

    def about(self, ref: Ref, table: str) -> list[Link]:
        """Rows of ``table`` about ``ref`` through its (table, id) reference: evidence for it, claims about it."""
        if table not in self.package.tables:
            return []
        columns = {r.id for r in self.schema(table).references}
        return [link for link in self.links_to(ref, table) if link.column in columns]

    def rows_where(self, table: str, column: str, value: Any) -> list[Row]:
        return [r for r in self.rows.get(table, []) if r.get(column) == value]


def iso(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else "" if value is None else str(value)
