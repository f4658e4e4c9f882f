"""What validation finds, as data: typed records first, text last (rendered by :mod:`caucasus_data.reporters`).

A :class:`Finding` is one broken rule at one place. It is not an exception (nothing is raised per finding;
every one is collected), hence not named like one. Each finding carries a *code* (``rule``), and each code is
declared once, as a :class:`Code`, by the module that emits it (see :mod:`caucasus_data.rules`): the docs,
the command line's ``--select``/``--ignore`` and the tests all read those declarations.

Every exception this package raises on purpose derives from :class:`CaucasusDataError`, so a caller can catch
the package's own failures in one clause.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    import pandas as pd

Severity = Literal["error", "warning"]


class CaucasusDataError(Exception):
    """The base of every exception caucasus-data raises on purpose; the message says what to do."""


class InvalidPackage(CaucasusDataError):
    """The package breaks at least one rule, so nothing was made from it; ``.report`` holds every finding."""

    consequence = "nothing was made from it"

    def __init__(self, report: Report) -> None:
        super().__init__(f"{report.root} is not valid ({len(report.errors)} errors); {self.consequence}")
        self.report = report


@dataclass(frozen=True, slots=True)
class Code:
    """A finding's code as its rule declares it: the name ``--select`` takes, and the one-line statement.

    >>> Code("date-order", "start dates are not after end dates").severity
    'error'
    """

    name: str
    summary: str
    severity: Severity = "error"


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One broken rule at one place, built with keywords only.

    ``line`` is the physical line on which the record starts (the header is line 1), or None for a finding
    about a whole file; ``value`` is the offending cell's text as the file holds it.

    >>> Finding(path="events.csv", rule="date-order", message="date_end is before date_start", line=2).line
    2
    """

    path: str
    rule: str
    message: str
    line: int | None = None
    column: str = ""
    value: str | None = None

    def to_dict(self) -> dict:
        # not dataclasses.asdict, which deep-copies every value: a tenth of a second for 10,000 findings
        return {name: getattr(self, name) for name in _FINDING_FIELDS}


_FINDING_FIELDS = tuple(f.name for f in fields(Finding))


@dataclass
class Report:
    """Every finding in one package, sorted by file (in package order) and line.

    ``warning_codes`` are the codes declared advisory (empty under ``--strict``): their findings are listed
    as warnings and do not make the package invalid.

    >>> report = Report("pkg", [Finding(path="a.csv", rule="quote", message="not in the raw text", line=3)])
    >>> bool(report), len(report.errors), report.by_rule()
    (False, 1, {'quote': 1})
    """

    root: str
    findings: list[Finding] = field(default_factory=list)
    warning_codes: frozenset[str] = frozenset()

    @property
    def errors(self) -> list[Finding]:
        """The findings that make the package invalid."""
        if not self.warning_codes:
            return self.findings
        return [f for f in self.findings if f.rule not in self.warning_codes]

    @property
    def warnings(self) -> list[Finding]:
        """Advisory findings: shown, but the package stays valid (``validate --strict`` counts them as errors)."""
        return [f for f in self.findings if f.rule in self.warning_codes]

    def severity(self, finding: Finding) -> Severity:
        return "warning" if finding.rule in self.warning_codes else "error"

    @property
    def ok(self) -> bool:
        return not self.errors

    def __bool__(self) -> bool:  # a report is truthy when the data is valid
        return self.ok

    def __len__(self) -> int:
        return len(self.errors)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def to_frame(self) -> pd.DataFrame:
        """The errors as a DataFrame: one row per finding, ``line`` as a nullable integer."""
        import pandas as pd

        cols = ["path", "line", "column", "rule", "message", "value"]
        return pd.DataFrame([e.to_dict() for e in self.errors], columns=cols).astype({"line": "Int64"})

    def by_rule(self, findings: list[Finding] | None = None) -> dict[str, int]:
        """How many errors (or of the ``findings`` given) each code has."""
        counts: dict[str, int] = {}
        for e in self.errors if findings is None else findings:
            counts[e.rule] = counts.get(e.rule, 0) + 1
        return counts

    def __repr__(self) -> str:
        warned = f", {len(self.warnings)} warnings" if self.warning_codes and self.warnings else ""
        if self.ok:
            return f"<Report {self.root}: valid{warned}>"
        return f"<Report {self.root}: {len(self.errors)} errors {self.by_rule()}{warned}>"


def __getattr__(name: str) -> object:
    """``ValidationError``: the record's old name, kept for code written against 0.1 (it warns)."""
    if name == "ValidationError":
        import warnings

        warnings.warn(
            "caucasus_data.ValidationError is now caucasus_data.Finding (built with keyword arguments)",
            DeprecationWarning,
            stacklevel=2,
        )
        return Finding
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
