"""``stata/<table>.dta``: every table as a Stata 14+ dataset, labelled from the Table Schemas.

Written with pandas' ``to_stata`` in format 118 (Stata 14 and later: UTF-8 text, ``strL``), the format
Stata 14-18 open with ``use`` and pandas, pyreadstat and R's haven read.

- **Variable labels** are the field descriptions. Stata caps a label at 80 characters, so a longer one is
  cut at the last space before the 80th character and ends in ``…`` (:func:`variable_label`); the
  codebook says so and holds the full text. The dataset label is the table's description, cut the same way.
- **Value labels** for coded fields: the variable holds ``1``…``n`` in the schema's code order, and its value
  label (named after the variable) maps each number to the code's label where the schema gives one
  (a field's ``categories``), else to the code itself. Booleans are ``0``/``1`` labelled ``false``/``true``.
  A missing value is Stata's ``.``.
- **Dates** are Stata dates (``%td``, days since 1960-01-01).
- **Text** is ``str#`` up to 2,045 bytes and ``strL`` for a column holding a longer value; Stata has no
  missing text, so a missing value is the empty string, as in the CSV.
- **Names**: Stata variable names are at most 32 characters; the build refuses a field name that is longer
  or not a Stata name rather than rename it silently.

Reproducible: the header's time stamp is fixed (1980-01-01 00:00) and nothing else in the file depends on
when or where it was written.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pandas as pd
import pyarrow as pa

from ..model import Table, TableField
from . import ReleaseError
from .manifest import ReleaseFile
from .outputs import Inputs

FOLDER = "stata"
STATA_VERSION = 118
LABEL_LIMIT = 80  # characters, for variable and dataset labels
STR_LIMIT = 2045  # bytes of a fixed-width str#; longer text needs strL
TIME_STAMP = datetime.datetime(1980, 1, 1)
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")
BOOLEAN_LABELS = {0: "false", 1: "true"}
ELLIPSIS = "…"


def variable_label(text: str, limit: int = LABEL_LIMIT) -> str:
    """``text`` on one line, cut to at most ``limit`` characters at a word boundary, ending in ``…`` when cut."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    head = flat[: limit - len(ELLIPSIS) + 1]
    cut = head.rfind(" ")
    head = head[:cut] if cut > 0 else head[: limit - len(ELLIPSIS)]
    return head.rstrip(" ,;:.(") + ELLIPSIS


def category_labels(field: TableField) -> dict[str, str]:
    """Each code's label where the schema gives one (Frictionless v2 ``categories``), else the code itself."""
    labels = {code: code for code in field.enum or []}
    labels.update({category.value: category.label for category in field.categories or []})
    return labels


def value_labels(field: TableField) -> dict[int, str] | None:
    if field.enum:
        labels = category_labels(field)
        return {position: labels[code] for position, code in enumerate(field.enum, start=1)}
    if field.type == "boolean":
        return dict(BOOLEAN_LABELS)
    return None


def _column(field: TableField, values: pa.ChunkedArray) -> pd.Series:
    if field.enum:
        positions = {code: position for position, code in enumerate(field.enum, start=1)}
        codes = [None if v is None else positions[v] for v in values.to_pylist()]
        return pd.Series(pd.array(codes, dtype="Int16" if len(field.enum) > 100 else "Int8"))
    if field.type == "boolean":
        return pd.Series(pd.array([None if v is None else int(v) for v in values.to_pylist()], dtype="Int8"))
    if field.type == "date":
        return pd.Series(pd.to_datetime(pd.Series(values.to_pylist(), dtype=object)), dtype="datetime64[s]")
    if field.type == "integer":
        return pd.Series(pd.array(values.to_pylist(), dtype="Int64"))
    if field.type == "number":
        return pd.Series(values.to_pylist(), dtype="float64")
    return pd.Series(["" if v is None else v for v in values.to_pylist()], dtype=object)


def _check_names(table: Table) -> None:
    bad = [f.name for f in table.schema_.fields if not NAME.match(f.name)]
    if bad:
        raise ReleaseError(
            f"{table.schema_path}: {', '.join(bad)}: not a Stata variable name (letters, digits and _, at most "
            "32 characters, not starting with a digit); rename the field so the Stata files can be written"
        )


def frame(table: Table, data: pa.Table) -> pd.DataFrame:
    """The table as the DataFrame written to Stata: coded fields as numbers, dates as datetimes."""
    return pd.DataFrame({f.name: _column(f, data.column(f.name)) for f in table.schema_.fields})


def write_table(table: Table, data: pa.Table, path: Path) -> None:
    _check_names(table)
    fields = table.schema_.fields
    df = frame(table, data)
    long_text = [
        f.name
        for f in fields
        if f.type == "string" and not f.enum and any(len(v.encode("utf-8")) > STR_LIMIT for v in df[f.name])
    ]
    labels = {f.name: v for f in fields if (v := value_labels(f)) is not None}
    df.to_stata(
        path,
        write_index=False,
        version=STATA_VERSION,
        convert_dates={f.name: "td" for f in fields if f.type == "date"},
        convert_strl=long_text,
        variable_labels={f.name: variable_label(f.description) for f in fields},
        value_labels=labels,
        data_label=variable_label(table.schema_.description),
        time_stamp=TIME_STAMP,
    )


def write_stata(inputs: Inputs, staging: Path) -> list[ReleaseFile]:
    (staging / FOLDER).mkdir()
    files = []
    for table in inputs.tables:
        rel = f"{FOLDER}/{table.name}.dta"
        write_table(table, inputs.arrow[table.name], staging / rel)
        files.append(inputs.table_entry(staging, rel, "stata", table))
    return files
