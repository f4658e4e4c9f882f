"""The rules beyond reading each table: one module per rule family, found by itself (as ``commands/`` are).

A module here whose name does not start with ``_`` is a rule module, and declares:

``CODES``
    a tuple of :class:`~caucasus_data.errors.Code`: every code its findings carry, with the one-line statement
    the docs show and the severity (``error``, or ``warning`` for an advisory rule).
``NEEDS``
    a tuple of :class:`~caucasus_data.provenance.Need`: the provenance tables and columns it reads (empty when
    it reads only what every table's schema declares). A package whose descriptors lack one is refused with a
    `datapackage` finding; a needed table that could not be read (already a finding) means the rule is not run.
``check(ctx) -> list[Finding]``
    the rule itself: a pure function of the :class:`~caucasus_data.context.Context` (which it must not change).

and may declare:

``prepare(package) -> None``
    work that needs no table (building a schema object, importing a library), run while the tables are read.
``scan(raw, parsed, table) -> object``
    a look at a table file's bytes while they are in memory, on the thread that read them; what it returns is
    ``ctx.tables[name].scans[module.__name__]``. The rules never open a table file themselves.

Modules whose name starts with ``_`` are helpers shared by rules. Everything else (the CONTRIBUTING list of
rules, ``--select``/``--ignore``, the guard test that each code is documented and tested) reads these
declarations; see ``docs/ARCHITECTURE.md`` for how to add a rule.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from ..errors import Code
from ..reading import CODES as READING_CODES

if TYPE_CHECKING:
    from ..context import Context
    from ..errors import Finding
    from ..model import Package
    from ..provenance import Need


@dataclass(frozen=True)
class Rule:
    """A rule module and its declarations (checked once, when the module is found)."""

    module: ModuleType

    @property
    def name(self) -> str:
        """The module's name, e.g. ``caucasus_data.rules.dates``."""
        return self.module.__name__

    @property
    def codes(self) -> tuple[Code, ...]:
        return self.module.CODES

    @property
    def needs(self) -> tuple[Need, ...]:
        return self.module.NEEDS

    @property
    def code_names(self) -> frozenset[str]:
        return frozenset(c.name for c in self.codes)

    def check(self, ctx: Context) -> list[Finding]:
        return self.module.check(ctx)

    @property
    def prepare(self) -> Callable[[Package], None] | None:
        return getattr(self.module, "prepare", None)

    @property
    def scan(self) -> Callable[..., Any] | None:
        return getattr(self.module, "scan", None)


class RuleModuleError(TypeError):
    """A module under ``rules/`` that does not declare what the rule protocol asks for."""


def _declared(module: ModuleType) -> Rule:
    codes, needs, check = (getattr(module, a, None) for a in ("CODES", "NEEDS", "check"))
    if not (isinstance(codes, tuple) and codes and all(isinstance(c, Code) for c in codes)):
        raise RuleModuleError(f"{module.__name__} must declare CODES, a non-empty tuple of Code")
    if not isinstance(needs, tuple) or not callable(check):
        raise RuleModuleError(f"{module.__name__} must declare NEEDS (a tuple) and check(ctx)")
    return Rule(module)


def from_modules(modules: Iterable[ModuleType]) -> tuple[Rule, ...]:
    """The rules the modules declare, refusing a code declared twice (a typo cannot mint or shadow one)."""
    rules = tuple(_declared(m) for m in modules)
    seen = {c.name: "caucasus_data.reading" for c in READING_CODES}
    for rule in rules:
        for code in rule.codes:
            if code.name in seen:
                raise RuleModuleError(f"code {code.name!r} is declared by both {seen[code.name]} and {rule.name}")
            seen[code.name] = rule.name
    return rules


@cache
def discover() -> tuple[Rule, ...]:
    """Every rule module under ``rules/``, in the order of their names."""
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    return from_modules(importlib.import_module(f"{__name__}.{name}") for name in names)


def all_codes(rules: Iterable[Rule] | None = None) -> dict[str, Code]:
    """Every code the validator can report, by name: the reader's first, then each rule's."""
    found = {c.name: c for c in READING_CODES}
    for rule in discover() if rules is None else rules:
        found.update((c.name, c) for c in rule.codes)
    return found


def rule_table(rules: Iterable[Rule] | None = None) -> str:
    """The Markdown table of every code that CONTRIBUTING.md shows (a test keeps the two equal)."""
    rules = discover() if rules is None else tuple(rules)
    declared = [("reading.py", c) for c in READING_CODES]
    declared += [(f"rules/{r.name.rsplit('.', 1)[-1]}.py", c) for r in rules for c in r.codes]
    rows = ["| code | severity | what it checks | declared in |", "| --- | --- | --- | --- |"]
    rows += [f"| `{c.name}` | {c.severity} | {c.summary} | `{where}` |" for where, c in declared]
    return "\n".join(rows) + "\n"


class UnknownCode(ValueError):
    """``--select``/``--ignore`` named a code no rule declares."""


def chosen(
    select: Iterable[str] | None = None, ignore: Iterable[str] = (), rules: tuple[Rule, ...] | None = None
) -> tuple[tuple[Rule, ...], frozenset[str]]:
    """The rules to run and the codes to report, for ``--select`` (default: every code) and ``--ignore``.

    >>> run, codes = chosen(select=["date-order"])
    >>> [r.name for r in run], sorted(codes)
    (['caucasus_data.rules.dates'], ['date-order'])
    """
    rules = discover() if rules is None else rules
    known = all_codes(rules)
    wanted = list(known) if select is None else list(select)
    unknown = sorted({c for c in [*wanted, *ignore] if c not in known})
    if unknown:
        raise UnknownCode(f"no rule has the code(s) {', '.join(unknown)}; the codes are: {', '.join(known)}")
    codes = frozenset(wanted) - frozenset(ignore)
    return tuple(r for r in rules if r.code_names & codes), codes
