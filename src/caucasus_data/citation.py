"""How to cite the data: the dataset (text, BibTeX, CITATION.cff, .zenodo.json) and one row of it.

Everything is derived from ``datapackage.json`` (title, version, contributors, homepage, licence, created),
so a version bump changes every form at once; ``CITATION.cff`` and ``.zenodo.json`` at the root of the
repository are these outputs, committed (a test regenerates them and compares). A row is cited by dataset,
version, table and id, the address that never changes once released, with the sources its evidence quotes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .model import PackageDescriptor, read_descriptor

FORMATS = ("text", "bibtex", "cff")
CFF_MESSAGE = (
    "If you use this data, cite the version you used; for a fact, cite also the table and id of its row "
    "(ids never change once released) and the source document it comes from."
)
#: Characters a BibTeX title must spell in TeX to survive every style and engine (the title's own letters).
_TEX = {"–": "--", "—": "---", "ü": '{\\"u}', "Ü": '{\\"U}', "ö": '{\\"o}', "ç": "{\\c{c}}", "ş": "{\\c{s}}"}
_TEX_SPECIAL = {"&": "\\&", "%": "\\%", "$": "\\$", "#": "\\#", "_": "\\_", "{": "\\{", "}": "\\}"}


@dataclass(frozen=True)
class Dataset:
    """What a citation of the dataset says, read from ``datapackage.json``."""

    title: str
    version: str
    authors: list[str]
    url: str
    date: str  # YYYY-MM-DD
    license: str
    description: str
    keywords: list[str]

    @property
    def year(self) -> str:
        return self.date[:4]


def dataset(root: Path) -> Dataset:
    descriptor: PackageDescriptor = read_descriptor(root)
    d = descriptor
    # A contributor without roles is a creator (Data Package v2's default role).
    authors = [c.title for c in d.contributors if c.title and ("creator" in c.roles or not c.roles)]
    return Dataset(
        title=d.title or d.name,
        version=d.version,
        authors=authors,
        url=d.homepage or "",
        date=(d.created or "")[:10],
        license=(d.licenses[0].name or "") if d.licenses else "",
        description=d.description or "",
        keywords=list(d.keywords),
    )


def text(data: Dataset, row: str = "") -> str:
    """``Authors (year). Title, version V [data set]. Row. URL``: one line, for a reference list."""
    authors = ", ".join(data.authors) or "caucasus-data"
    where = f" {row}." if row else ""
    return f"{authors} ({data.year}). {data.title}, version {data.version} [data set].{where} {data.url}"


def _tex(value: str) -> str:
    out = "".join(_TEX_SPECIAL.get(c, c) for c in value)
    return "".join(_TEX.get(c, c) for c in out)


def _key(*parts: str) -> str:
    return "_".join(p.replace("-", "_").replace(".", "_") for p in parts)


def bibtex(data: Dataset, row: str = "", key_parts: tuple[str, ...] = ()) -> str:
    """A ``@misc`` entry (every BibTeX style knows it) with authors, title, version, year, date, URL and note."""
    # An author that is an organisation goes in braces so that BibTeX does not split it into names.
    authors = " and ".join(f"{{{_tex(a)}}}" for a in data.authors)
    note = f"Data package, version {data.version}, {data.license}"
    if row:
        note += f". {row}"
    fields = [
        ("author", authors),
        ("title", _tex(data.title)),
        ("version", data.version),
        ("year", data.year),
        ("date", data.date),
        ("url", data.url),
        ("howpublished", "\\url{" + data.url + "}"),
        ("note", _tex(note)),
    ]
    body = ",\n".join(f"  {name:<12} = {{{value}}}" for name, value in fields if value)
    return f"@misc{{{_key('caucasus_data', data.version, *key_parts)},\n{body},\n}}"


def _yaml_scalar(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def cff(data: Dataset) -> str:
    """``CITATION.cff`` (Citation File Format 1.2.0), written out field by field so that its bytes are stable."""
    lines = [
        "# Generated from datapackage.json by `caucasus-data cite --format cff`: edit that file, not this one.",
        "cff-version: 1.2.0",
        f"message: {_yaml_scalar(CFF_MESSAGE)}",
        "type: dataset",
        f"title: {_yaml_scalar(data.title)}",
        f"version: {_yaml_scalar(data.version)}",
        f"date-released: {_yaml_scalar(data.date)}",
        "authors:",
        *[f"  - name: {_yaml_scalar(a)}" for a in data.authors],
        f"license: {_yaml_scalar(data.license)}",
        f"url: {_yaml_scalar(data.url)}",
        f"repository-code: {_yaml_scalar(data.url)}",
        f"abstract: {_yaml_scalar(data.description)}",
        "keywords:",
        *[f"  - {_yaml_scalar(k)}" for k in data.keywords],
    ]
    return "\n".join(lines) + "\n"


def zenodo(data: Dataset) -> str:
    """``.zenodo.json``: the metadata Zenodo's GitHub integration reads when it archives a release."""
    record = {
        "title": data.title,
        "version": data.version,
        "upload_type": "dataset",
        "publication_date": data.date,
        "description": data.description,
        "creators": [{"name": a} for a in data.authors],
        "license": data.license.lower(),
        "keywords": data.keywords,
        "related_identifiers": [{"identifier": data.url, "relation": "isSupplementTo", "scheme": "url"}],
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


class UnknownRow(LookupError):
    """``TABLE/ID`` names no table, a table without a one-column key, or no row of it."""


@dataclass(frozen=True)
class Row:
    table: str
    id: str
    sources: list[dict[str, str | None]]  # the sources its evidence quotes, as `sources` describes them

    @property
    def phrase(self) -> str:
        """The row's address in words: ``Table events, row shusha-visit-2021-06-15``."""
        return f"Table {self.table}, row {self.id}"


def _column(data, name: str) -> list:
    return data.column(name).to_pylist()


def row(root: Path, address: str) -> Row:
    """The row ``TABLE/ID`` of the package at ``root``, with the sources its evidence rows quote."""
    from .load import load, tables

    table, sep, id_ = address.partition("/")
    names = tables(root)
    if not sep or not table or not id_:
        raise UnknownRow(f"{address!r} is not TABLE/ID, e.g. events/shusha-visit-2021-06-15")
    if table not in names:
        raise UnknownRow(f"no table {table!r}; the tables are: {', '.join(names)}")
    data = load(table, validate=False, path=root, backend="pyarrow")
    key = json.loads(data.schema.metadata[b"caucasus_data.primary_key"])
    if len(key) != 1:
        raise UnknownRow(f"rows of {table} have a key of {len(key)} columns ({', '.join(key)}); they have no one id")
    if id_ not in _column(data, key[0]):
        raise UnknownRow(f"no row of {table} has {key[0]} {id_!r}")
    source_ids: list[str] = []
    if table == "sources":
        source_ids = [id_]
    elif "evidence" in names:
        evidence = load("evidence", validate=False, path=root, backend="pyarrow")
        for record_table, record_id, source_id in zip(
            _column(evidence, "record_table"),
            _column(evidence, "record_id"),
            _column(evidence, "source_id"),
            strict=True,
        ):
            if record_table == table and record_id == id_ and source_id not in source_ids:
                source_ids.append(source_id)
    sources = load("sources", validate=False, path=root, backend="pyarrow").to_pylist() if source_ids else []
    by_id = {s["source_id"]: s for s in sources}
    return Row(table, id_, [by_id.get(s, {"source_id": s}) for s in source_ids])


def _published(source: dict) -> str:
    earliest, latest = source.get("published_earliest"), source.get("published_latest")
    if earliest and earliest == latest:
        return f"published {earliest}"
    if earliest and latest:
        return f"published between {earliest} and {latest}"
    return f"published by {latest}" if latest else "publication date unknown"


def source_line(source: dict) -> str:
    """A source as its document prints it: title, author, publisher, series, publication window; gaps left out."""
    parts = [source.get("title") or "(untitled)", source.get("author"), source.get("publisher"), source.get("series")]
    printed = ". ".join(str(p) for p in parts if p)
    return f"{source['source_id']}: {printed}. {_published(source)}".replace("..", ".")
