"""Validation of a package folder: descriptors, then each table's shape and types, then the rules.

Everything found is collected; nothing is written. Descriptor problems are checked with frictionless (the
stock tool's own profiles, on a background thread while the tables are read) and with this project's models;
row-level checks are vectorised (see :mod:`caucasus_data.rules`), because the stock row-by-row validation is
too slow for large packages. Tables are read and typed on a small thread pool, each file's bytes released as
soon as its columns are built and its layout for the `format` rule is found (so no rule reads a file again).
"""

from __future__ import annotations

import json
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from . import filebytes
from .context import Context, TableData, parallel_map
from .csvread import read_csv
from .errors import Report, ValidationError
from .fmt.layout import from_reader
from .model import DescriptorError, Package, Table, read_package
from .parse import parse_table
from .paths import inside
from .rules import RULES
from .rules.safety import UNSAFE_BYTES

DESCRIPTOR = "datapackage.json"
PROFILES = "profiles"  # cache folder of the stock profile checks' results


class PackageNotFound(Exception):
    """The folder to validate does not exist: nothing could be checked."""


def _descriptor_error(exc: DescriptorError) -> ValidationError:
    return ValidationError(exc.path, "datapackage", exc.message, exc.line, exc.column)


def _descriptor_texts(root: Path, package: Package) -> tuple[str, dict[str, str]]:
    schemas = {t.schema_path: (root / t.schema_path).read_text(encoding="utf-8") for t in package.tables.values()}
    return (root / DESCRIPTOR).read_text(encoding="utf-8"), schemas


class _Profiles:
    """The stock profile checks (:mod:`caucasus_data.profiles`), under way while the tables are read.

    They depend on nothing but the descriptors' bytes and frictionless' installation: their result is kept in
    the user cache by those (see :mod:`caucasus_data.stamp`), so an unchanged descriptor costs neither
    importing frictionless nor checking it again. Otherwise they run in a child interpreter (``apart``) or on
    a thread of this process.
    """

    def __init__(self, root: Path, package: Package, apart: bool) -> None:
        from . import profiles, stamp

        self._root, self._files = root, [DESCRIPTOR] + [t.schema_path for t in package.tables.values()]
        self._pending: profiles.Pending | None = None
        self._task: Future | None = None
        try:
            self._key: str | None = stamp.digest_files(root, self._files, PROFILES, profiles.identity())
            descriptor, schemas = _descriptor_texts(root, package)
        except (OSError, UnicodeDecodeError):
            self._key = None
        self._kept = stamp.recall(PROFILES, self._key) if self._key else None
        if self._kept is not None or self._key is None:
            return
        if apart:
            self._pending = profiles.start(descriptor, schemas)
            return
        background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caucasus-data-profiles")
        self._task = background.submit(profiles.check, descriptor, schemas)
        background.shutdown(wait=False)

    def result(self) -> list[ValidationError]:
        from . import profiles, stamp

        if self._key is None:
            return []
        if self._kept is not None:
            found = [(str(path), str(message)) for path, message in json.loads(self._kept)]
        else:
            found = self._pending.result() if self._pending is not None else self._task.result()  # type: ignore[union-attr]
            if stamp.digest_files(self._root, self._files, PROFILES, profiles.identity()) == self._key:
                stamp.keep(PROFILES, self._key, json.dumps(found))
        return [ValidationError(path, "datapackage", message) for path, message in found]


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
    if not inside(root, table.path):
        return None, [
            ValidationError(
                DESCRIPTOR,
                "datapackage",
                f"resource {table.name!r} has a path outside the package folder: {table.path}",
            )
        ]
    try:
        raw = filebytes.read(root / table.path)
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


def validate_folder(root: Path, profiles_apart: bool = False) -> Report:
    """Every error in the package folder ``root``.

    ``profiles_apart``: run the stock profile checks in a child interpreter, which pays in a one-off process
    such as the command line's (:mod:`caucasus_data.profiles`).
    """
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
    profiles = _Profiles(root, package, profiles_apart)
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
