"""Validation errors as data: typed records first, text last (rendered by :mod:`caucasus_data.reporters`)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

#: Every rule the validator knows, with the one-line statement a contributor sees in the docs.
RULES: dict[str, str] = {
    "datapackage": "datapackage.json and every Table Schema can be read and describe the tables",
    "encoding": "files are UTF-8 text without a byte-order mark",
    "structure": "the header matches the schema and every row has as many cells as the header",
    "format": "tables are in the canonical CSV form `caucasus-data fmt` writes (run it to fix)",
    "type": "every cell parses as its field's type (dates as YYYY-MM-DD, booleans as true/false)",
    "required": "required cells are not empty",
    "unique": "unique columns hold no repeated value",
    "enum": "coded columns hold one of the values the schema lists",
    "pattern": "cells match the pattern the schema gives (ids are lowercase slugs)",
    "length": "cells respect the schema's minimum and maximum length",
    "range": "numbers respect the schema's minimum and maximum",
    "primary-key": "the primary key is unique",
    "foreign-key": "every reference points to an existing row",
    "reference": "every (table, id) pair points to an existing row of the named table",
    "exactly-one": "exactly one of a set of alternative columns is filled",
    "evidence": "every record that needs provenance has at least one evidence row",
    "raw-integrity": "every raw_path exists and its sha256 matches",
    "quote": "every quote occurs verbatim in its source's raw text",
    "date-order": "start dates are not after end dates",
    "publication-window": "nothing is dated after the latest publication day of a source that reports it",
    "spreadsheet-safety": "no cell starts with =, +, @, a tab or a carriage return",
    "precision-span": "a date's precision matches the width of its bounds; an empty start goes with `unknown`",
    "verbatim-attribution": "claimant_as_printed and cue occur in the claim's source, or are a [bracketed] description",
    "own-voice": "the dataset's own columns use no loaded term of the lexicon outside quotation marks",
    "claim-relations": "no claim is related to itself and no link between two claims is stored twice",
}


@dataclass(frozen=True, slots=True)
class ValidationError:
    """One broken rule at one place. ``line`` is the physical line on which the record starts (header = 1)."""

    path: str
    rule: str
    message: str
    line: int | None = None
    column: str = ""
    value: str | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def frame_errors(path: str, rule: str, column: str, lines, values, message: str) -> list[ValidationError]:
    """Turn parallel arrays of lines and offending values into error records."""
    return [
        ValidationError(path, rule, message, int(line), column, None if value is None else str(value))
        for line, value in zip(lines, values, strict=True)
    ]


@dataclass
class Report:
    """All errors found in one package, in the order the rules ran."""

    root: str
    errors: list[ValidationError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def __bool__(self) -> bool:  # a report is truthy when the data is valid
        return self.ok

    def __len__(self) -> int:
        return len(self.errors)

    def extend(self, errors) -> None:
        self.errors.extend(errors)

    def to_frame(self) -> pd.DataFrame:
        import pandas as pd

        cols = ["path", "line", "column", "rule", "message", "value"]
        return pd.DataFrame([e.to_dict() for e in self.errors], columns=cols).astype({"line": "Int64"})

    def by_rule(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for e in self.errors:
            counts[e.rule] = counts.get(e.rule, 0) + 1
        return counts

    def __repr__(self) -> str:
        if self.ok:
            return f"<Report {self.root}: valid>"
        return f"<Report {self.root}: {len(self.errors)} errors {self.by_rule()}>"
