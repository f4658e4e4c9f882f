"""Validation of a package folder: descriptors, then each table's shape and types, then the rules.

Everything found is collected; nothing is written. Descriptor problems are checked with frictionless (the
stock tool's own profiles, on a background thread while the tables are read) and with this project's models;
row-level checks are vectorised (see :mod:`caucasus_data.rules`), because the stock row-by-row validation is
too slow for large packages. Tables are read and typed on a small thread pool, each file's bytes released as
soon as its columns are built and its layout for the `format` rule is found (so no rule reads a file again).
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from . import filebytes, strictjson
from .context import Context, TableData, parallel_map
from .csvread import read_csv
from .derive import pandera_schema
from .errors import Report, ValidationError
from .fmt.layout import from_reader
from .model import DescriptorError, Package, Table, read_package
from .parse import parse_table
from .paths import inside, refusal
from .rules import RULES
from .rules.inherited import inheriting
from .rules.safety import UNSAFE_BYTES

DESCRIPTOR = "datapackage.json"
PROFILES = "profiles"  # cache folder of the stock profile checks' results


class PackageNotFound(Exception):
    """The folder to validate does not exist: nothing could be checked."""


def _descriptor_error(exc: DescriptorError) -> ValidationError:
    return ValidationError(exc.path, "datapackage", exc.message, exc.line, exc.column)


def _frictionless_errors(root: Path, package: Package) -> list[ValidationError]:
    """The stock profiles of Data Package and Table Schema, as `frictionless validate` applies them.

    A profile that is not a standard one is reported here and removed from what frictionless sees, which
    would otherwise download it (see :mod:`caucasus_data.strictjson`)."""
    from frictionless import Package as FrictionlessPackage
    from frictionless import Schema as FrictionlessSchema

    errors = []
    files: list[tuple[str, Any, str]] = [(DESCRIPTOR, FrictionlessPackage, "Data Package")]
    files += [(table.schema_path, FrictionlessSchema, "Table Schema") for table in package.tables.values()]
    for path, kind, profile in files:
        descriptor = strictjson.loads(strictjson.read_text(root, path))  # read and checked before, by the model
        for where, value in strictjson.remote_profiles(descriptor):
            errors.append(ValidationError(path, "datapackage", strictjson.profile_message(where, value)))
        for note in kind.validate_descriptor(strictjson.without_remote_profiles(descriptor)).flatten(["note"]):
            errors.append(ValidationError(path, "datapackage", f"{profile} profile: {note[0]}"))
    return errors


def _kept(text: str) -> list[ValidationError] | None:
    """A cached result, or None when the entry is not one (empty, cut short, altered): it is then replaced."""
    try:
        entries = json.loads(text)
        return [ValidationError(str(path), "datapackage", str(message)) for path, message in entries]
    except (ValueError, TypeError):
        return None


def profile_errors(root: Path, package: Package) -> list[ValidationError]:
    """The stock profile checks, which depend on nothing but the descriptors' bytes and frictionless' version:
    their result is kept in the user cache by those (see :mod:`caucasus_data.stamp`), so an unchanged
    descriptor costs neither importing frictionless nor checking it again."""
    from . import stamp

    files = [DESCRIPTOR] + [t.schema_path for t in package.tables.values()]
    try:
        key = stamp.digest_files(root, files, "profiles", stamp.installed_version("frictionless"))
    except OSError:
        key = None
    kept = _kept(stamp.recall(PROFILES, key) or "") if key else None
    if kept is not None:
        return kept
    errors = _frictionless_errors(root, package)
    if key and stamp.digest_files(root, files, "profiles", stamp.installed_version("frictionless")) == key:
        stamp.keep(PROFILES, key, json.dumps([[e.path, e.message] for e in errors]))
    return errors


def _prepare(root: Path, package: Package) -> list[ValidationError]:
    """Work that needs no table, done while the tables are read: pandera's schemas, then the stock profiles."""
    inherit = inheriting(package)
    for name, table in package.tables.items():
        pandera_schema(table.schema_, frozenset(inherit.get(name, {})))
    return profile_errors(root, package)


def _header_errors(table: Table, header: list[str]) -> list[ValidationError]:
    """Linear in the header's length (a header of 40,000 names is checked in milliseconds)."""
    expected = table.schema_.field_names
    errors = []
    counts = Counter(header)
    known = set(expected)
    duplicated = sorted(h for h, n in counts.items() if n > 1)
    missing = [n for n in expected if n not in counts]
    extra = [h for h in counts if h not in known]
    if duplicated:
        errors.append(
            ValidationError(
                table.path,
                "structure",
                f"header repeats column(s) {', '.join(duplicated)}: each column appears once",
                1,
                "",
                ",".join(duplicated),
            )
        )
    if missing:
        errors.append(
            ValidationError(
                table.path,
                "structure",
                f"header lacks column(s) {', '.join(missing)} that "
                f"{table.schema_path} defines: add them (cells may stay empty where allowed)",
                1,
                "",
                ",".join(missing),
            )
        )
    if extra:
        errors.append(
            ValidationError(
                table.path,
                "structure",
                f"header has column(s) {', '.join(extra)} that "
                f"{table.schema_path} does not define: remove them or add them to the schema",
                1,
                "",
                ",".join(extra),
            )
        )
    return errors


def read_table(root: Path, table: Table) -> tuple[TableData | None, list[ValidationError]]:
    why = refusal(root, table.path)
    if why is not None:
        return None, [
            ValidationError(
                DESCRIPTOR,
                "datapackage",
                f"the path of resource {table.name!r} {why}; it is not read",
                None,
                "",
                table.path,
            )
        ]
    try:
        raw = filebytes.read_inside(root, table.path, "table")
    except FileNotFoundError:
        return None, [
            ValidationError(
                table.path,
                "datapackage",
                f"file not found; {DESCRIPTOR} lists it as resource "
                f"{table.name!r}: add it with at least its header row, or correct the resource's path",
            )
        ]
    except IsADirectoryError:
        return None, [
            ValidationError(
                table.path,
                "datapackage",
                f"is a folder, not a CSV file; correct the path of resource {table.name!r} in {DESCRIPTOR}",
            )
        ]
    except OSError as exc:
        return None, [
            ValidationError(
                table.path, "datapackage", f"file cannot be read ({exc.strerror}); check that it is a readable file"
            )
        ]
    except ValueError as exc:  # a path the operating system cannot take
        return None, [ValidationError(table.path, "datapackage", f"file cannot be read ({exc})")]
    parsed = read_csv(table.path, raw, UNSAFE_BYTES, empty_as_null=True)
    # The format rule's look at the bytes, made here while they are in memory and on this thread pool.
    shape = from_reader(raw, parsed, len(table.schema_.fields) == 1)
    del raw
    errors = list(parsed.errors)
    if parsed.header:
        errors += _header_errors(table, parsed.header)
    typed, type_errors, bad = parse_table(table.path, table.schema_, parsed.columns, parsed.lines)
    errors += type_errors
    data = TableData(
        table.name,
        table.path,
        table.schema_,
        parsed.header,
        parsed.columns,
        typed,
        parsed.lines,
        bad,
        parsed.seen,
        shape,
    )
    return data, errors


def validate_folder(root: Path) -> Report:
    if not root.is_dir():
        raise PackageNotFound(f"{root} is not a folder")
    report = Report(str(root))
    if not (root / DESCRIPTOR).is_file():
        report.errors.append(
            ValidationError(
                DESCRIPTOR,
                "datapackage",
                f"no {DESCRIPTOR} in {root}: point to the folder that holds the data package descriptor",
            )
        )
        return report
    try:
        package, problems = read_package(root)
    except DescriptorError as exc:
        report.errors.append(_descriptor_error(exc))
        return report
    report.extend(_descriptor_error(p) for p in problems)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="caucasus-data-profiles") as background:
        profiles = background.submit(_prepare, root, package)
        tables, table_errors = _read_tables(root, package)
        ctx = Context(root, package, tables)
        with ThreadPoolExecutor(max_workers=len(RULES), thread_name_prefix="caucasus-data-rule") as rules:
            found = list(rules.map(lambda rule: rule.check(ctx), RULES))
        report.extend(profiles.result())
    report.extend(table_errors)
    for errors in found:
        report.extend(errors)
    order = {t.path: i for i, t in enumerate(package.tables.values())}
    report.errors.sort(key=lambda e: (order.get(e.path, -1), e.path, e.line or 0))
    return report


def _size(root: Path, table: Table) -> int:
    try:
        return (root / table.path).stat().st_size if inside(root, table.path) else 0
    except OSError:
        return 0


def _read_tables(root: Path, package: Package) -> tuple[dict[str, TableData], list[ValidationError]]:
    """Every table read and typed, largest files first (while little else is in memory); errors in package order."""
    listed = list(package.tables.values())
    largest_first = sorted(listed, key=lambda t: -_size(root, t))
    results = parallel_map(lambda t: read_table(root, t), largest_first)
    read = {t.name: result for t, result in zip(largest_first, results, strict=True)}
    tables: dict[str, TableData] = {}
    errors: list[ValidationError] = []
    for table in listed:
        data, found = read[table.name]
        errors += found
        if data is not None:
            tables[table.name] = data
    return tables, errors
