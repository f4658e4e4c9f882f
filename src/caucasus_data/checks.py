"""The constraint checks a Table Schema declares, as data: one list, executed two ways.

Each field's ``required``, ``unique``, ``enum``, ``pattern``, ``minLength``/``maxLength`` and
``minimum``/``maximum`` become :class:`FieldCheck` records here, and nowhere else. Two executions read
the same records: :mod:`caucasus_data.arrow_checks` runs them as Arrow compute kernels on the typed
columns (what the validator does: it needs neither pandas nor pandera, whose imports alone take longer than
validating the shipped package), and :mod:`caucasus_data.pandera_checks` turns them into a pandera
``DataFrameSchema`` (public as :func:`caucasus_data.pandera_schema`, for frames of one's own).
``tests/test_constraint_executions.py`` holds the two equal, finding for finding, on generated and
corrupted tables.

Semantics shared by both: a check other than ``required`` ignores empty (null) cells, as Frictionless does,
so two empty cells in a unique column are not a repeat; ``unique`` reports every row of a repeated value.
``enum``, ``pattern`` and ``length`` look at the cell's text; ``range`` at its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Literal

from .model import TableField, TableSchema

Rule = Literal["required", "unique", "enum", "pattern", "length", "range"]
#: The rules a constraint check reports under, in the order each field's checks run.
RULES: tuple[Rule, ...] = ("required", "unique", "enum", "pattern", "length", "range")
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"


@dataclass(frozen=True, slots=True)
class FieldCheck:
    """One constraint on one column. ``low``/``high`` bound a length or a range (None: unbounded)."""

    column: str
    rule: Rule
    codes: tuple[str, ...] = ()
    pattern: str | None = None
    low: float | None = None
    high: float | None = None


def _bounds(low: float | None, high: float | None) -> str:
    """`between 1 and 5`, `at least 1` or `at most 5`, as the schema sets one bound or both."""
    shown = [None if b is None else f"{b:g}" for b in (low, high)]
    if shown[0] is not None and shown[1] is not None:
        return f"between {shown[0]} and {shown[1]}"
    return f"at least {shown[0]}" if shown[0] is not None else f"at most {shown[1]}"


def message(check: FieldCheck) -> str:
    """What a contributor reads for a cell failing ``check``."""
    if check.rule == "required":
        return "required value is missing"
    if check.rule == "unique":
        return "value must be unique in this column but appears more than once"
    if check.rule == "enum":
        return f"not one of the allowed codes: {', '.join(check.codes)}"
    if check.rule == "pattern":
        hint = " (ids are lowercase slugs: a-z, 0-9 and single hyphens)" if check.pattern == SLUG else ""
        return f"does not match the pattern {check.pattern}{hint}"
    if check.rule == "length":
        return f"must be {_bounds(check.low, check.high)} characters long"
    return f"must be {_bounds(check.low, check.high)}"


def _of_field(field: TableField, unique: bool, skip_pattern: bool) -> list[FieldCheck]:
    c = field.constraints
    found = []
    if c.required:
        found.append(FieldCheck(field.name, "required"))
    if c.unique and unique:
        found.append(FieldCheck(field.name, "unique"))
    if c.enum is not None:
        found.append(FieldCheck(field.name, "enum", codes=tuple(c.enum)))
    if c.pattern is not None and not skip_pattern:
        found.append(FieldCheck(field.name, "pattern", pattern=c.pattern))
    if c.minLength is not None or c.maxLength is not None:
        found.append(FieldCheck(field.name, "length", low=c.minLength, high=c.maxLength))
    if c.minimum is not None or c.maximum is not None:
        found.append(FieldCheck(field.name, "range", low=c.minimum, high=c.maximum))
    return found


@cache
def _cached(schema_json: str, skip_patterns: frozenset[str], primary_key: bool) -> tuple[FieldCheck, ...]:
    schema = TableSchema.model_validate_json(schema_json)
    one_key = schema.primaryKey if len(schema.primaryKey) == 1 else []
    return tuple(
        check
        for f in schema.fields
        for check in _of_field(f, unique=primary_key or one_key != [f.name], skip_pattern=f.name in skip_patterns)
    )


def field_checks(
    schema: TableSchema, skip_patterns: frozenset[str] = frozenset(), primary_key: bool = False
) -> tuple[FieldCheck, ...]:
    """Every constraint check ``schema`` declares, field by field in schema order; derived once per schema.

    ``skip_patterns``: columns whose pattern is decided elsewhere (:mod:`caucasus_data.rules.inherited`).
    ``primary_key``: also check a one-column primary key's ``unique``, which the validator leaves to its
    `primary-key` rule (that one names the first occurrence).
    """
    return _cached(schema.model_dump_json(by_alias=True, exclude_unset=True), frozenset(skip_patterns), primary_key)


def checked_fields(schema: TableSchema, checks: tuple[FieldCheck, ...]) -> list[TableField]:
    """The fields some check looks at, in schema order (the others are only typed)."""
    columns = {c.column for c in checks}
    return [f for f in schema.fields if f.name in columns]
