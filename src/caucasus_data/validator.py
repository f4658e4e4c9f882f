"""Validation of a package folder: descriptors, then each table read and typed, then the rules.

Everything found is collected; nothing is written but the cache. The flow (``docs/ARCHITECTURE.md``):
descriptors are read into the models (:mod:`caucasus_data.model`) and checked against what the chosen rules
need (:mod:`caucasus_data.provenance`) and, on a task of its own while the tables are read, against the stock
Frictionless profiles; every table file is read once from a :class:`~caucasus_data.snapshot.Snapshot` and
typed (:mod:`caucasus_data.reading`), the rules' scans looking at its bytes meanwhile; then every chosen rule
runs on the :class:`~caucasus_data.context.Context`. This module names no rule: it runs what
:func:`caucasus_data.rules.discover` finds, and checks that each rule's findings carry only codes it declared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from . import concurrency, provenance
from .context import Context, TableData
from .errors import CaucasusDataError, Finding, Report
from .model import DescriptorError, Package, Table, read_package
from .paths import inside
from .reading import Scan, read_table
from .rules import Rule, chosen
from .schema_spec import DESCRIPTOR
from .snapshot import Snapshot

PROFILES = "profiles"  # cache folder of the stock profile checks' results


class PackageNotFound(CaucasusDataError):
    """The folder to validate does not exist: nothing could be checked."""


class RuleFault(CaucasusDataError):
    """A rule reported a code it does not declare: a fault in the rule, not in the data."""


def _descriptor_finding(exc: DescriptorError) -> Finding:
    return Finding(path=exc.path, rule="datapackage", message=exc.message, line=exc.line, column=exc.column)


class _Profiles:
    """The stock Frictionless profile checks of the descriptors (:mod:`caucasus_data.profiles`).

    They depend on nothing but the descriptors' bytes and frictionless' installation: their result is kept in
    the user cache under the fingerprint of those bytes (see :mod:`.stamp`), so an unchanged descriptor costs
    neither importing frictionless nor checking it again. Otherwise, on the background task while the tables
    are read (:meth:`run`), descriptors that :mod:`caucasus_data.profiles_clean` knows frictionless passes
    need no frictionless either; any others are checked by frictionless itself, in a child interpreter beside
    this one (``apart``) or on that task.
    """

    def __init__(self, files: Snapshot, package: Package, apart: bool) -> None:
        from . import profiles, stamp

        self._files, self._apart = files, apart
        self._descriptors = [DESCRIPTOR] + [t.schema_path for t in package.tables.values()]
        self._key = stamp.key(files, PROFILES, profiles.identity(), files_only=self._descriptors)
        self._kept = stamp.recall(PROFILES, self._key)
        if self._kept is not None and _kept(self._kept) is None:  # an entry that is not one: checked again
            self._kept = None
        self._found: list[tuple[str, str]] | None = None
        self._pending: profiles.Pending | None = None

    def run(self) -> None:
        from . import profiles, profiles_clean

        if self._kept is not None:
            return
        descriptor = self._files.read_text(DESCRIPTOR)
        schemas = {path: self._files.read_text(path) for path in self._descriptors[1:]}
        if profiles_clean.certainly_clean_texts(descriptor, schemas):
            self._found = []
        elif self._apart:
            self._pending = profiles.start(descriptor, schemas)
        else:
            self._found = profiles.check(descriptor, schemas)

    def findings(self) -> list[Finding]:
        from . import stamp

        found = _kept(self._kept) if self._kept is not None else None
        if found is None:  # nothing kept (or an entry that was not one: it is replaced here)
            found = self._pending.result() if self._pending is not None else self._found or []
            stamp.keep(PROFILES, self._key, json.dumps(found))
        return [Finding(path=path, rule="datapackage", message=message) for path, message in found]


def _kept(text: str) -> list[tuple[str, str]] | None:
    try:
        return [(str(path), str(message)) for path, message in json.loads(text)]
    except (ValueError, TypeError):
        return None


def _prepare(package: Package, rules: tuple[Rule, ...], profiles: _Profiles) -> None:
    """Work that needs no table, done while the tables are read: each rule's preparation, the stock profiles."""
    for rule in rules:
        if rule.prepare is not None:
            rule.prepare(package)
    profiles.run()


def _size(root: Path, table: Table) -> int:
    try:
        return (root / table.path).stat().st_size if inside(root, table.path) else 0
    except OSError:
        return 0


def read_tables(
    files: Snapshot, package: Package, scans: Iterable[Scan] = ()
) -> tuple[dict[str, TableData], list[Finding]]:
    """Every table read and typed, largest files first (while little else is in memory); findings in package order."""
    scans = tuple(scans)
    listed = list(package.tables.values())
    largest_first = sorted(listed, key=lambda t: -_size(files.root, t))
    results = concurrency.each(lambda t: read_table(files, t, scans), largest_first)
    read = {t.name: result for t, result in zip(largest_first, results, strict=True)}
    tables: dict[str, TableData] = {}
    found: list[Finding] = []
    for table in listed:
        data, problems = read[table.name]
        found += problems
        if data is not None:
            tables[table.name] = data
    return tables, found


def _runnable(rule: Rule, tables: dict[str, TableData]) -> bool:
    """Whether every provenance table the rule needs was read with the columns it reads, of the types it reads."""
    return all(
        n.table in tables
        and tables[n.table].has(*n.columns)
        and all(tables[n.table].schema.field(c).type == n.kind(c) for c in n.columns)
        for n in rule.needs
    )


def _run(rule: Rule, ctx: Context) -> list[Finding]:
    found = rule.check(ctx)
    minted = {f.rule for f in found} - rule.code_names
    if minted:
        raise RuleFault(f"{rule.name} reported code(s) {', '.join(sorted(minted))} that its CODES do not declare")
    return found


def check_snapshot(
    files: Snapshot,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    strict: bool = False,
    profiles_apart: bool = False,
) -> tuple[Report, Context | None]:
    """Validate the package whose files ``files`` reads; the report, and the context the rules saw.

    ``select``/``ignore``: codes, as ``validate --select/--ignore`` takes them (raises
    :class:`~caucasus_data.rules.UnknownCode` for a code no rule declares). A `datapackage` finding about a
    descriptor that cannot be read is reported whatever is selected: without it nothing else means anything.
    ``strict``: warnings count as errors. ``profiles_apart``: run the stock profile checks in a child
    interpreter beside this one, which pays in a one-off process such as the command line's
    (:mod:`caucasus_data.profiles`).
    """
    ignore = tuple(ignore)
    rules, codes = chosen(select, ignore)
    warning_codes = (
        frozenset() if strict else frozenset(c.name for r in rules for c in r.codes if c.severity == "warning")
    )
    report = Report(str(files.root), warning_codes=warning_codes)
    if not (files.root / DESCRIPTOR).is_file():
        message = f"no {DESCRIPTOR} in {files.root}: point to the folder that holds the data package descriptor"
        report.findings.append(Finding(path=DESCRIPTOR, rule="datapackage", message=message))
        return report, None
    try:
        package, problems = read_package(files)
    except DescriptorError as exc:
        report.findings.append(_descriptor_finding(exc))
        return report, None
    found = [_descriptor_finding(p) for p in problems]
    needs: dict[provenance.Need, list[str]] = {}
    for rule in rules:
        for need in rule.needs:
            needs.setdefault(need, []).append(rule.name.rsplit(".", 1)[-1])
    found += provenance.missing(package, needs, {r.name for r in package.descriptor.resources})
    scans = [(rule.name, rule.scan) for rule in rules if rule.scan is not None]
    profiles = _Profiles(files, package, profiles_apart)
    with concurrency.tasks(1, "profiles") as background:
        prepared = background.submit(_prepare, package, rules, profiles)
        tables, table_findings = read_tables(files, package, scans)
        ctx = Context(files, package, tables)
        runnable = [rule for rule in rules if _runnable(rule, tables)]
        with concurrency.tasks(len(runnable), "rule") as run:
            by_rule = list(run.map(lambda rule: _run(rule, ctx), runnable))
        prepared.result()
    found += profiles.findings()
    found += table_findings
    for rule_findings in by_rule:
        found += rule_findings
    shown = codes | ({"datapackage"} - set(ignore))
    report.findings = [f for f in found if f.rule in shown]
    order = {t.path: i for i, t in enumerate(package.tables.values())}
    report.findings.sort(key=lambda f: (order.get(f.path, -1), f.path, f.line or 0))
    return report, ctx


def validate_folder(
    root: Path,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    strict: bool = False,
    profiles_apart: bool = False,
) -> Report:
    """Validate the package in folder ``root``; raises :class:`PackageNotFound` when it is not a folder.

    >>> from caucasus_data.paths import bundled_root
    >>> validate_folder(bundled_root(), select=["date-order"]).ok
    True
    """
    if not root.is_dir():
        raise PackageNotFound(f"{root} is not a folder")
    report, _ = check_snapshot(Snapshot(root), select, ignore, strict, profiles_apart)
    return report
