"""What reading a table and handing it over needs of its Table Schema, importable without pydantic.

The descriptors are read and checked by the pydantic models of :mod:`caucasus_data.model`. Importing pydantic
and building those models takes about 0.15 s, as much as the rest of ``load('events')`` on an installed wheel
(measured with ``python -X importtime``), and that wheel's descriptors need no checking: their bytes are
verified against the sha256 its build recorded (:mod:`caucasus_data.shipped`). So the readers, the type
derivations and the backends ask only for the attributes named here, which the models have and
:mod:`caucasus_data.shipped_schema` reads from verified bytes. The defaults the two share are defined here once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Literal, NamedTuple, Protocol

DESCRIPTOR = "datapackage.json"
FieldType = Literal["string", "date", "boolean", "integer", "number"]
# The one date layout the reader parses; Table Schema's "default" for dates is the same YYYY-MM-DD.
DATE_FORMAT = "%Y-%m-%d"
#: The cell texts a boolean field reads as true and as false when its schema names none (Table Schema's own).
TRUE_VALUES: tuple[str, ...] = ("true",)
FALSE_VALUES: tuple[str, ...] = ("false",)


class FieldSpec(Protocol):
    """A field as the reader types it and the backends describe it."""

    @property
    def name(self) -> str: ...
    @property
    def type(self) -> FieldType: ...
    @property
    def description(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def enum(self) -> list[str] | None: ...
    @property
    def trueValues(self) -> list[str]: ...
    @property
    def falseValues(self) -> list[str]: ...


class SchemaSpec(Protocol):
    """A Table Schema as reading a file and converting its columns use it."""

    @property
    def fields(self) -> Sequence[FieldSpec]: ...
    @property
    def description(self) -> str: ...
    @property
    def primaryKey(self) -> list[str]: ...


class HeaderDifference(NamedTuple):
    """How a file's header differs from a schema's fields (each list empty when it does not)."""

    repeated: list[str]
    missing: list[str]
    unknown: list[str]

    def __bool__(self) -> bool:
        return bool(self.repeated or self.missing or self.unknown)


def header_difference(expected: Sequence[str], header: list[str]) -> HeaderDifference:
    """How ``header`` differs from the field names ``expected`` (order aside): what the validator and `fmt` report.

    >>> header_difference(["a", "b"], ["b", "c", "c"])
    HeaderDifference(repeated=['c'], missing=['a'], unknown=['c'])
    """
    counts, known = Counter(header), set(expected)  # linear: a header of 40,000 names takes milliseconds
    return HeaderDifference(
        sorted(h for h, n in counts.items() if n > 1),
        [n for n in expected if n not in counts],
        [h for h in counts if h not in known],
    )
