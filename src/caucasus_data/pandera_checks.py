"""The constraint checks of :mod:`caucasus_data.checks` as pandera schemas, for frames of one's own.

:func:`public_schema` is what :func:`caucasus_data.pandera_schema` returns: every field of a Table Schema
with its dtype, its constraints as pandera checks and the primary key's uniqueness, coercing a frame read
by other means (``pandas.read_csv``) to the dtypes :func:`caucasus_data.load` gives. :func:`failing_rows`
runs the checks the validator runs, on the validator's own typed columns, through pandera: the second
execution of the same records, which ``tests/test_constraint_executions.py`` holds equal to the Arrow one
(:mod:`caucasus_data.arrow_checks`). pandera's own ``from_frictionless_schema`` drops foreign keys and
leaves dates as strings, so it is not used. Imported only when called: pandera, with pandas, is the
heaviest import there is here.
"""

from __future__ import annotations

import warnings
from functools import cache
from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from .checks import FieldCheck, checked_fields, field_checks
from .derive import pandas_dtype, pattern_matches
from .model import TableField, TableSchema
from .parse import to_pandas

# pandera imports pyspark.pandas whenever pyspark is installed, and pyspark warns on stderr that it does not
# support pandas 3; nothing here uses Spark, so that warning (and only it) would be noise on every run.
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

if TYPE_CHECKING:
    import pandas as pd
    import pandera.pandas as pandera

# pandera's names for its built-in checks, and the names given here to the others: the rule each reports.
_RULE_OF_CHECK = {"not_nullable": "required", "field_uniqueness": "unique"}


def _pattern_check(pattern: str) -> pandera.Check:
    """pandera's ``str_matches``, run by Arrow's regex kernel directly (:func:`pattern_matches`).

    The built-in goes through pandas' string accessor, which costs as much again as the match itself on a
    million ids; the result is the same, and pandera still gathers the failures.
    """
    import pandas as pd
    import pandera.pandas as pandera

    def matches(series: pd.Series) -> pd.Series:
        to_arrow = getattr(series.array, "__arrow_array__", None)  # the Arrow column itself, not a copy of it
        values = to_arrow() if to_arrow else pa.array(series.astype(str), from_pandas=True)
        found = pattern_matches(values, pattern)
        return pd.Series(found.to_numpy(zero_copy_only=False), index=series.index, dtype=bool)

    return pandera.Check(matches, name="pattern", error="pattern")


def _check(check: FieldCheck) -> list[pandera.Check]:
    import pandera.pandas as pandera

    if check.rule == "unique":  # nulls dropped first (ignore_na), so two empty cells are no repeat
        return [pandera.Check(lambda s: ~s.duplicated(keep=False), name="unique", error="unique")]
    if check.rule == "enum":
        return [pandera.Check.isin(list(check.codes), name="enum", error="enum")]
    if check.rule == "pattern":
        return [_pattern_check(check.pattern or "")]
    if check.rule == "length":
        return [pandera.Check.str_length(check.low, check.high, name="length", error="length")]
    if check.rule == "range":
        low = [] if check.low is None else [pandera.Check.ge(check.low, name="range", error="range")]
        return low + ([] if check.high is None else [pandera.Check.le(check.high, name="range", error="range")])
    return []  # required is the column's nullable flag


def _build(schema: TableSchema, checks: tuple[FieldCheck, ...], fields: list[TableField], public: bool):
    """``public``: coerce a frame to the dtypes, and check a primary key of several columns as a whole."""
    import pandera.pandas as pandera

    columns = {}
    for f in fields:
        own = [c for c in checks if c.column == f.name]
        columns[f.name] = pandera.Column(
            # Enums are checked on their codes, whatever holds them: a categorical dtype imposed here would
            # turn a bad code into a null and hide it.
            None if f.enum else pandas_dtype(f),
            checks=[pc for c in own for pc in _check(c)],
            nullable=not any(c.rule == "required" for c in own),
            coerce=public,
            required=True,
            description=f.description,
        )
    key = list(schema.primaryKey) if public and len(schema.primaryKey) > 1 else None
    return pandera.DataFrameSchema(columns, strict=False, ordered=False, unique=key)


@cache
def _public(schema_json: str):
    schema = TableSchema.model_validate_json(schema_json)
    return _build(schema, field_checks(schema, primary_key=True), list(schema.fields), public=True)


def public_schema(schema: TableSchema):
    """A pandera ``DataFrameSchema`` for a frame holding one table: dtypes, every constraint, the primary key."""
    return _public(schema.model_dump_json(by_alias=True, exclude_unset=True))


@cache
def _validator_schema(schema_json: str, skip_patterns: frozenset[str]):
    schema = TableSchema.model_validate_json(schema_json)
    checks = field_checks(schema, skip_patterns)
    return _build(schema, checks, checked_fields(schema, checks), public=False)


def validator_schema(schema: TableSchema, skip_patterns: frozenset[str] = frozenset()):
    """The checks the validator runs (no primary key: that is the `primary-key` rule's), on typed columns."""
    return _validator_schema(schema.model_dump_json(by_alias=True, exclude_unset=True), frozenset(skip_patterns))


def typed_frame(schema: TableSchema, checks: tuple[FieldCheck, ...], typed: dict[str, pa.ChunkedArray], rows: int):
    """The validator's typed columns that ``checks`` look at, as pandas; an enum column stays its text."""
    import pandas as pd

    from .arrow_values import as_text

    data = {}
    for f in checked_fields(schema, checks):
        if f.name in typed:
            values = typed[f.name]
            data[f.name] = (
                pd.Series(as_text(values).to_pandas(types_mapper={pa.string(): pd.StringDtype()}.get))
                if f.enum
                else to_pandas(f, values)
            )
    return pd.DataFrame(data, index=pd.RangeIndex(rows))


def failing_rows(
    schema: TableSchema, typed: dict[str, pa.ChunkedArray], rows: int, skip_patterns: frozenset[str] = frozenset()
) -> dict[FieldCheck, np.ndarray]:
    """What :func:`caucasus_data.arrow_checks.run` finds, found by pandera: failing positions per check."""
    import pandera.errors

    checks = field_checks(schema, skip_patterns)
    frame = typed_frame(schema, checks, typed, rows)
    if frame.empty:
        return {}
    try:
        validator_schema(schema, skip_patterns).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return {}
    cases = cases[cases["index"].notna()]
    by_rule: dict[tuple[str, str], FieldCheck] = {(c.column, c.rule): c for c in checks}
    found: dict[FieldCheck, np.ndarray] = {}
    for (column, name), group in cases.groupby(["column", "check"], sort=False):
        rule = _RULE_OF_CHECK.get(str(name), str(name))
        check = by_rule.get((str(column), rule))
        if check is None:
            raise ValueError(f"pandera reported {name!r} on {column!r}, which no declared check is")
        positions = group["index"].astype("int64").to_numpy()
        found[check] = np.unique(np.concatenate([found.get(check, np.zeros(0, np.int64)), positions]))
    return found
