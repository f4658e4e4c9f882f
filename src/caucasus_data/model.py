"""The Frictionless descriptors as pydantic models.

The Table Schemas in ``schemas/`` are the single source of truth for every table; they are read into these
models once, and dtypes, pandera schemas, Parquet schemas and the codebook are derived from the models
(see :mod:`caucasus_data.derive`). The ``x-`` keys are this project's extensions, which stock Frictionless
tools ignore: they declare which columns form a date range, which rows are exempt from the
publication-window rule, which tables need evidence, and which column pairs point into other tables.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

FieldType = Literal["string", "date", "boolean", "integer", "number"]


class DescriptorError(Exception):
    """A descriptor that cannot be read: carries the file and, where known, the line and column."""

    def __init__(self, path: str, message: str, line: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.path, self.message, self.line, self.column = path, message, line, column


class Constraints(BaseModel):
    model_config = ConfigDict(extra="forbid")
    required: bool = False
    unique: bool = False
    enum: list[str] | None = None
    pattern: str | None = None
    minLength: int | None = None
    maxLength: int | None = None
    minimum: float | None = None
    maximum: float | None = None


class Category(BaseModel):
    """A code of an enum and its label (Table Schema v2 ``categories``), e.g. for Stata value labels."""

    model_config = ConfigDict(extra="forbid")
    value: str
    label: str = Field(min_length=1)


class TableField(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    type: FieldType
    description: str = Field(min_length=1)
    format: str | None = None
    constraints: Constraints = Constraints()
    categories: list[Category] | None = None
    trueValues: list[str] = ["true"]
    falseValues: list[str] = ["false"]

    @model_validator(mode="after")
    def _categories_are_the_enum(self) -> TableField:
        """``categories`` label the enum's codes: the same codes, in the same order, so the two cannot drift."""
        if self.categories is not None and [c.value for c in self.categories] != (self.constraints.enum or []):
            raise ValueError("categories must list the codes of constraints.enum, in the same order, each with a label")
        return self

    @property
    def required(self) -> bool:
        return self.constraints.required

    @property
    def enum(self) -> list[str] | None:
        return self.constraints.enum


class Reference(BaseModel):
    resource: str
    fields: list[str]


class ForeignKey(BaseModel):
    fields: list[str]
    reference: Reference


class DateRange(BaseModel):
    """Two date columns bounding one fact; ``window`` puts them under the publication-window rule.

    ``spans``: an exact printed span of several days ('September 27–November 9') may have precision `day`; elsewhere
    `day` means one day. ``days``: a column listing each printed day, when a date is several separate days.
    """

    start: str
    end: str
    precision: str | None = None
    window: bool = False
    spans: bool = False
    days: str | None = None


class WindowExempt(BaseModel):
    field: str
    values: list[str]


class PolymorphicReference(BaseModel):
    """A (table name, id) column pair pointing at a row of whichever table the first column names."""

    table: str
    id: str


class TableSchema(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    profile: str | None = Field(default=None, alias="$schema")
    description: str = ""
    fields: list[TableField]
    missingValues: list[str] = [""]
    primaryKey: list[str]
    foreignKeys: list[ForeignKey] = []
    dates: list[DateRange] = Field(default=[], alias="x-dates")
    window_exempt: WindowExempt | None = Field(default=None, alias="x-window-exempt")
    evidence_required: bool = Field(default=False, alias="x-evidence-required")
    references: list[PolymorphicReference] = Field(default=[], alias="x-references")
    exactly_one: list[str] = Field(default=[], alias="x-exactly-one")
    verbatim: list[str] = Field(default=[], alias="x-verbatim")
    own_voice: list[str] = Field(default=[], alias="x-own-voice")

    @model_validator(mode="after")
    def _names_exist(self) -> TableSchema:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError(f"duplicate field names: {sorted({n for n in names if names.count(n) > 1})}")
        used = list(self.primaryKey) + [c for fk in self.foreignKeys for c in fk.fields] + list(self.exactly_one)
        used += list(self.verbatim) + list(self.own_voice)
        used += [c for d in self.dates for c in (d.start, d.end, d.precision, d.days) if c]
        used += [c for r in self.references for c in (r.table, r.id)]
        if self.window_exempt:
            used.append(self.window_exempt.field)
        missing = sorted({c for c in used if c not in names})
        if missing:
            raise ValueError(f"keys name fields that the schema does not define: {missing}")
        return self

    @cached_property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    def field(self, name: str) -> TableField:
        return next(f for f in self.fields if f.name == name)


class Resource(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str = Field(pattern=r"^[a-z0-9_]+$")
    path: str
    schema_path: str = Field(alias="schema")


class PackageDescriptor(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+([-+].+)?$")
    resources: list[Resource] = Field(min_length=1)


class Table(BaseModel):
    """A resource joined with its parsed schema."""

    name: str
    path: str
    schema_path: str
    schema_: TableSchema = Field(alias="schema")


class Package(BaseModel):
    root: Path
    descriptor: PackageDescriptor
    tables: dict[str, Table]

    @property
    def version(self) -> str:
        return self.descriptor.version


def _json_file(root: Path, rel: str) -> dict:
    path = root / rel
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DescriptorError(
            rel, "file not found; datapackage.json names it: restore the file or correct the path there"
        ) from None
    except IsADirectoryError:
        raise DescriptorError(rel, "is a folder, not a JSON file; correct the path in datapackage.json") from None
    except UnicodeDecodeError as exc:
        raise DescriptorError(rel, f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8") from None
    except OSError as exc:
        raise DescriptorError(rel, f"cannot be read: {exc.strerror}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        hint = (
            "the file ends before the JSON is complete: was it cut short? Restore it from version control"
            if not text[exc.pos :].strip() or exc.msg.startswith("Unterminated string")
            else "fix the syntax (often a missing or extra comma, bracket or double quote just before this point)"
        )
        raise DescriptorError(rel, f"invalid JSON at column {exc.colno}: {exc.msg}; {hint}", exc.lineno) from None
    if not isinstance(data, dict):
        raise DescriptorError(rel, f"must hold a JSON object ({{...}}) at the top level, not {type(data).__name__}")
    try:  # an escape such as "\ud800" is valid JSON but not text: nothing could print or store it
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end].encode("unicode_escape").decode("ascii")
        message = f"holds the escape {bad}, half of a surrogate pair and not a character: remove it"
        raise DescriptorError(rel, message) from None
    return data


def _where(loc: tuple, data: object) -> str:
    """A pydantic location, with the name of the field or resource it falls in (``fields[2] 'title'``)."""
    parts: list[str] = []
    node = data
    for key in loc:
        if isinstance(key, int):
            name = node[key].get("name") if isinstance(node, list) and isinstance(node[key], dict) else None
            parts[-1] += f"[{key}]" + (f" {name!r}" if isinstance(name, str) else "")
        else:
            parts.append(str(key))
        try:
            node = node[key]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            node = None
    return ".".join(parts) or "(top level)"


def _pydantic_message(exc: ValidationError, data: object = None) -> str:
    parts = []
    for err in exc.errors():
        got = err.get("input")
        shown = f" (found {got!r})" if isinstance(got, str | int | float | bool) and len(repr(got)) <= 60 else ""
        message = err["msg"] if err["type"] != "extra_forbidden" else "is not a key this project knows"
        parts.append(f"{_where(err['loc'], data)}: {message}{shown}")
    return "; ".join(parts)


def read_descriptor(root: Path) -> PackageDescriptor:
    data = _json_file(root, "datapackage.json")
    try:
        return PackageDescriptor.model_validate(data)
    except ValidationError as exc:
        raise DescriptorError("datapackage.json", _pydantic_message(exc, data)) from None


def read_schema(root: Path, rel: str) -> TableSchema:
    data = _json_file(root, rel)
    try:
        return TableSchema.model_validate(data)
    except ValidationError as exc:
        raise DescriptorError(rel, _pydantic_message(exc, data)) from None


def read_package(root: Path) -> tuple[Package, list[DescriptorError]]:
    """Read every descriptor, keeping the tables whose schema reads and reporting the others."""
    descriptor = read_descriptor(root)
    tables: dict[str, Table] = {}
    problems: list[DescriptorError] = []
    for res in descriptor.resources:
        if res.name in tables:
            problems.append(DescriptorError("datapackage.json", f"resource name {res.name!r} is used twice"))
            continue
        try:
            schema = read_schema(root, res.schema_path)
        except DescriptorError as exc:
            problems.append(exc)
            continue
        tables[res.name] = Table(name=res.name, path=res.path, schema_path=res.schema_path, schema=schema)
    return Package(root=root, descriptor=descriptor, tables=tables), problems
