"""Validation of a package folder: descriptors, then each table's shape and types, then the rules.

Everything found is collected; nothing is written. Descriptor problems are checked with frictionless (the
stock tool's own profiles) and with this project's models; row-level checks are vectorised (see
:mod:`caucasus_data.rules`), because the stock row-by-row validation is too slow for large packages.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from .context import Context, TableData
from .csvread import read_csv
from .errors import Report, ValidationError
from .model import DescriptorError, Package, Table, read_package
from .parse import parse_table
from .rules import RULES

DESCRIPTOR = "datapackage.json"


class PackageNotFound(Exception):
    """The folder to validate does not exist: nothing could be checked."""


def _descriptor_error(exc: DescriptorError) -> ValidationError:
    return ValidationError(exc.path, "datapackage", exc.message, exc.line, exc.column)


def _frictionless_errors(root: Path, package: Package) -> list[ValidationError]:
    """The stock profiles of Data Package and Table Schema, as `frictionless validate` applies them."""
    from frictionless import Package as FrictionlessPackage
    from frictionless import Schema as FrictionlessSchema

    errors = []
    descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    for note in FrictionlessPackage.validate_descriptor(descriptor).flatten(["note"]):
        errors.append(ValidationError(DESCRIPTOR, "datapackage", f"Data Package profile: {note[0]}"))
    for table in package.tables.values():
        schema = json.loads((root / table.schema_path).read_text(encoding="utf-8"))
        for note in FrictionlessSchema.validate_descriptor(schema).flatten(["note"]):
            errors.append(ValidationError(table.schema_path, "datapackage", f"Table Schema profile: {note[0]}"))
    return errors


def _inside(root: Path, rel: str) -> bool:
    # os.path.realpath, unlike Path.resolve, does not raise on a symlink loop: that is reported when read.
    return not Path(rel).is_absolute() and Path(os.path.realpath(root / rel)).is_relative_to(os.path.realpath(root))


def _header_errors(table: Table, header: list[str]) -> list[ValidationError]:
    expected = table.schema_.field_names
    errors = []
    duplicated = sorted({h for h in header if header.count(h) > 1})
    missing = [n for n in expected if n not in header]
    extra = [h for h in dict.fromkeys(header) if h not in expected]
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
    if not _inside(root, table.path):
        return None, [
            ValidationError(
                DESCRIPTOR,
                "datapackage",
                f"resource {table.name!r} has a path outside the package folder: {table.path}",
            )
        ]
    try:
        raw = (root / table.path).read_bytes()
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
    parsed = read_csv(table.path, raw)
    errors = list(parsed.errors)
    if parsed.header:
        errors += _header_errors(table, parsed.header)
    typed, type_errors, bad = parse_table(table.path, table.schema_, parsed.columns, parsed.lines)
    errors += type_errors
    text = {name: typed_col for name, typed_col in parsed.columns.items()}
    data = TableData(
        table.name,
        table.path,
        table.schema_,
        parsed.header,
        {k: (v.combine_chunks() if hasattr(v, "combine_chunks") else v) for k, v in text.items()},
        typed,
        parsed.lines,
        bad,
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
    report.extend(_frictionless_errors(root, package))
    tables: dict[str, TableData] = {}
    for table in package.tables.values():
        data, errors = read_table(root, table)
        report.extend(errors)
        if data is not None:
            tables[table.name] = data
    ctx = Context(root, package, tables)
    for rule in RULES:
        report.extend(rule.check(ctx))
    order = {t.path: i for i, t in enumerate(package.tables.values())}
    report.errors.sort(key=lambda e: (order.get(e.path, -1), e.path, e.line or 0))
    return report
