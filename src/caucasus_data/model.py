"""The Frictionless descriptors as pydantic models.

The Table Schemas in ``schemas/`` are the single source of truth for every table; they are read into these
models once, and dtypes, pandera schemas, Parquet schemas and the codebook are derived from the models
(see :mod:`caucasus_data.derive`). The ``x-`` keys are this project's extensions, which stock Frictionless
tools ignore: they declare which columns form a date range, which rows are exempt from the
publication-window rule, which tables need evidence, and which column pairs point into other tables.

Every model refuses a key it does not know, the extensions' inner keys included: a typo such as
``"x-dates": [{"windw": true}]`` would otherwise switch a rule off in silence. Keys whose values change what
the code does accept only the values the code acts on (``format``, ``missingValues``, a resource's
``encoding``); documentary keys of the Frictionless specs (``title``, ``licenses``, ...) are typed and kept.
"""

from __future__ import annotations

import json
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import strictjson
from .errors import CaucasusDataError
from .filebytes import why
from .schema_spec import (
    DATE_FORMAT,
    DESCRIPTOR,
    FALSE_VALUES,
    TRUE_VALUES,
    FieldType,
    HeaderDifference,
    header_difference,
)

if TYPE_CHECKING:
    from .snapshot import Snapshot


class Strict(BaseModel):
    """A descriptor part that refuses keys it does not know."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class DescriptorError(CaucasusDataError):
    """A descriptor that cannot be read: carries the file and, where known, the line and column."""

    def __init__(self, path: str, message: str, line: int | None = None, column: str = "") -> None:
        super().__init__(message)
        self.path, self.message, self.line, self.column = path, message, line, column


@lru_cache(maxsize=1024)  # the schemas repeat their id patterns: 63 patterns, 11 ms, on the shipped package
def regex_problem(pattern: str) -> str | None:
    """Why Arrow's regular-expression engine (RE2, which runs every ``pattern`` check) cannot run ``pattern``."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .arrow_values import strings  # pa.array() of a Python list would import pandas

    try:
        pc.match_substring_regex(strings([""]), pattern)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        reason = str(exc).removeprefix("Invalid regular expression: ")
        return f"is not a regular expression the validator can run ({reason}): fix it, or its column goes unchecked"
    return None


class Constraints(Strict):
    required: bool = False
    unique: bool = False
    enum: list[str] | None = None
    pattern: str | None = None
    minLength: int | None = None
    maxLength: int | None = None
    minimum: float | None = None
    maximum: float | None = None

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, pattern: str | None) -> str | None:
        """A pattern that does not compile would otherwise switch its own check off."""
        if pattern is not None:
            problem = regex_problem(pattern)
            if problem:
                raise ValueError(problem)
        return pattern


class Category(Strict):
    """A code of an enum and its label (Table Schema v2 ``categories``), e.g. for Stata value labels."""

    value: str
    label: str = Field(min_length=1)


class TableField(Strict):
    name: str
    type: FieldType
    title: str | None = None
    description: str = Field(min_length=1)
    # The reader parses dates as YYYY-MM-DD and nothing else; no other format is checked, so none is accepted.
    format: Literal["default", "%Y-%m-%d"] | None = None
    constraints: Constraints = Constraints()
    categories: list[Category] | None = None
    trueValues: list[str] = Field(default_factory=lambda: list(TRUE_VALUES), min_length=1)
    falseValues: list[str] = Field(default_factory=lambda: list(FALSE_VALUES), min_length=1)

    @model_validator(mode="after")
    def _format_acted_on(self) -> TableField:
        if self.format == DATE_FORMAT and self.type != "date":
            raise ValueError(f"format {DATE_FORMAT!r} is for date fields; a {self.type} field takes none")
        return self

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


class Reference(Strict):
    resource: str
    fields: list[str] = Field(min_length=1)


class ForeignKey(Strict):
    fields: list[str] = Field(min_length=1)
    reference: Reference


class DateRange(Strict):
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


class WindowExempt(Strict):
    field: str
    values: list[str] = Field(min_length=1)


class PolymorphicReference(Strict):
    """A (table name, id) column pair pointing at a row of whichever table the first column names."""

    table: str
    id: str


class TableSchema(Strict):
    profile: str | None = Field(default=None, alias="$schema")
    title: str | None = None
    description: str = ""
    fields: list[TableField]
    # The reader reads an empty cell as missing, and nothing else: other markers would be loaded as text.
    missingValues: list[Literal[""]] = Field(default=[""], min_length=1, max_length=1)
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

    def header_difference(self, header: list[str]) -> HeaderDifference:
        """How ``header`` differs from the fields (order aside): what the validator and `fmt` both report."""
        return header_difference(self.field_names, header)

    def field(self, name: str) -> TableField:
        return next(f for f in self.fields if f.name == name)


class Resource(Strict):
    name: str = Field(pattern=r"^[a-z0-9_]+$")
    path: str
    schema_path: str = Field(alias="schema")
    title: str | None = None
    description: str | None = None
    # What the reader reads: UTF-8 CSV files. Saying otherwise would not make it read anything else.
    format: Literal["csv"] | None = None
    mediatype: Literal["text/csv"] | None = None
    encoding: Literal["utf-8"] | None = None
    profile: str | None = None


class License(Strict):
    name: str | None = None
    path: str | None = None
    title: str | None = None


class Contributor(Strict):
    title: str | None = None
    givenName: str | None = None
    familyName: str | None = None
    path: str | None = None
    email: str | None = None
    roles: list[str] = []  # Data Package v2
    role: str | None = None  # Data Package v1
    organization: str | None = None


class PackageDescriptor(Strict):
    schema_url: str | None = Field(default=None, alias="$schema")  # Data Package v2 (v1: profile)
    name: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+([-+].+)?$")
    resources: list[Resource] = Field(min_length=1)
    title: str | None = None
    description: str | None = None
    homepage: str | None = None
    keywords: list[str] = []
    licenses: list[License] = []
    contributors: list[Contributor] = []
    created: str | None = None
    id: str | None = None
    profile: str | None = None


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


def _json_file(files: Snapshot, rel: str) -> dict:
    """A descriptor file as strict JSON (see :mod:`caucasus_data.strictjson`), read only from inside the package."""
    try:
        text = files.read_text(rel)
    except FileNotFoundError:
        raise DescriptorError(
            rel, "file not found; datapackage.json names it: restore the file or correct the path there"
        ) from None
    except IsADirectoryError:
        raise DescriptorError(rel, "is a folder, not a JSON file; correct the path in datapackage.json") from None
    except UnicodeDecodeError as exc:
        raise DescriptorError(rel, f"not valid UTF-8 at byte {exc.start}; save the file as UTF-8") from None
    except OSError as exc:
        raise DescriptorError(rel, why(exc)) from None
    try:
        data = strictjson.loads(text)
    except strictjson.JsonProblem as exc:
        raise DescriptorError(rel, exc.message, exc.line) from None
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


def _files(root: Path | Snapshot) -> Snapshot:
    from .snapshot import Snapshot

    return root if isinstance(root, Snapshot) else Snapshot(root)


def read_descriptor(root: Path | Snapshot) -> PackageDescriptor:
    data = _json_file(_files(root), DESCRIPTOR)
    try:
        return PackageDescriptor.model_validate(data)
    except ValidationError as exc:
        raise DescriptorError(DESCRIPTOR, _pydantic_message(exc, data)) from None


def read_schema(root: Path | Snapshot, rel: str) -> TableSchema:
    data = _json_file(_files(root), rel)
    try:
        return TableSchema.model_validate(data)
    except ValidationError as exc:
        raise DescriptorError(rel, _pydantic_message(exc, data)) from None


def read_package(root: Path | Snapshot) -> tuple[Package, list[DescriptorError]]:
    """Read every descriptor, keeping the tables whose schema reads and reporting the others.

    ``root``: the package folder, or a :class:`~caucasus_data.snapshot.Snapshot` of it to read through.
    Raises :class:`DescriptorError` when ``datapackage.json`` itself cannot be read.
    """
    files = _files(root)
    descriptor = read_descriptor(files)
    tables: dict[str, Table] = {}
    problems: list[DescriptorError] = []
    for res in descriptor.resources:
        if res.name in tables:
            problems.append(DescriptorError(DESCRIPTOR, f"resource name {res.name!r} is used twice"))
            continue
        try:
            schema = read_schema(files, res.schema_path)
        except DescriptorError as exc:
            problems.append(exc)
            continue
        tables[res.name] = Table(name=res.name, path=res.path, schema_path=res.schema_path, schema=schema)
    from .keytypes import mismatches  # a reference that cannot be compared with its key: that table is left out

    for name, reason in mismatches(tables).items():
        problems.append(DescriptorError(tables.pop(name).schema_path, reason))
    return Package(root=files.root, descriptor=descriptor, tables=tables), problems


class UnreadablePackage(DescriptorError, ValueError):
    """A package whose descriptors cannot all be read: nothing can be loaded from it."""

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def read_package_or_fail(root: Path | Snapshot) -> Package:
    """The package, or :class:`UnreadablePackage` naming the first descriptor that cannot be read.

    >>> from caucasus_data.paths import bundled_root
    >>> read_package_or_fail(bundled_root()).descriptor.name
    'caucasus-data'
    """
    try:
        package, problems = read_package(root)
    except DescriptorError as exc:
        raise UnreadablePackage(exc.path, exc.message, exc.line, exc.column) from None
    if problems:
        raise UnreadablePackage(problems[0].path, problems[0].message, problems[0].line, problems[0].column)
    return package
