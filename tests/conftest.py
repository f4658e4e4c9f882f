"""Shared fixtures: the shipped package, and throw-away copies of it that a test may corrupt.

Rule tests add their own small, valid records to a copy (a visit reported by the 2021 news article, with its
evidence) and then break one thing, so that they do not depend on which rows the curated tables hold today.
An edit is written as CSV text, so the test knows the exact physical line on which the record starts.
"""

from __future__ import annotations

import csv
import hashlib
import importlib
import io
import itertools
import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hostile import no_network  # noqa: F401  (a fixture: every connection refused and recorded)

from caucasus_data.errors import Finding
from caucasus_data.validator import validate_folder

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_PARTS = ("datapackage.json", "schemas", "curated", "raw")
#: Tables derived from outside references, not from the sources: a package written from scratch still has them.
REFERENCE_TABLES = ("countries", "type_crosswalk")

#: A source and a sentence copied verbatim from its raw text (raw/news-2021-07-27-military-ties.txt).
NEWS = "news-2021-07-27-military-ties"
NEWS_LATEST = "2021-07-27"
NEWS_QUOTE = "On June 15, Turkish President Recep Tayyip Erdogan met with Azerbaijani President Ilham Aliyev."


def in_chunks(values: list, pieces: int, kind=None, skip: int = 0, spare=None):
    """``values`` as a chunked Arrow column of up to ``pieces`` chunks, each a slice of one array that starts
    ``skip`` cells of ``spare`` in, as the reader's columns are: the rules must read every chunk where its
    cells begin."""
    import pyarrow as pa

    kind = kind or pa.string()
    whole = pa.array([spare] * skip + list(values), kind).slice(skip)
    bounds = sorted({0, len(values), *(len(values) * k // pieces for k in range(pieces))})
    return pa.chunked_array([whole.slice(a, b - a) for a, b in itertools.pairwise(bounds)], kind)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def copy_package(target: Path) -> Path:
    """A writable copy of the shipped package (descriptor, schemas, curated tables, raw documents)."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    for folder in ("schemas", "curated", "raw"):
        shutil.copytree(ROOT / folder, target / folder, copy_function=shutil.copy)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)  # raw/ is read-only in the checkout
    return target


def descriptors_only(target: Path) -> Path:
    """The shipped descriptor and Table Schemas with an empty ``curated/``, for tests that write their own tables."""
    target.mkdir(parents=True)
    shutil.copy(ROOT / "datapackage.json", target / "datapackage.json")
    shutil.copytree(ROOT / "schemas", target / "schemas")
    (target / "curated").mkdir()
    copy_reference_tables(target)
    return target


def copy_reference_tables(target: Path) -> None:
    for name in REFERENCE_TABLES:
        if (ROOT / "curated" / f"{name}.csv").is_file():
            shutil.copy(ROOT / "curated" / f"{name}.csv", target / "curated" / f"{name}.csv")


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "package")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory) -> Path:
    """A copy of the shipped package fixed for a module, so a build and its comparisons see the same data."""
    return copy_package(tmp_path_factory.mktemp("snapshot") / "package")


@pytest.fixture(scope="module")
def built_release(snapshot, tmp_path_factory) -> Path:
    """The release folder built once per module from ``snapshot``."""
    from caucasus_data.release.build import build_release

    return build_release(snapshot, tmp_path_factory.mktemp("built") / "release").out


@pytest.fixture(scope="session")
def shipped_release(tmp_path_factory) -> Path:
    """The release of the shipped package, built once per session for the tests that only read it."""
    from caucasus_data.release.build import build_release

    package = copy_package(tmp_path_factory.mktemp("shipped") / "package")
    return build_release(package, tmp_path_factory.mktemp("shipped-release") / "release").out


@pytest.fixture(scope="session")
def spark(shipped_release, tmp_path_factory):
    """One local Spark session for the whole run: starting the JVM is the slow part (about 25 s on two busy cores).

    The JVM resolves relative paths against the folder it was started in, for good: it is started in a folder
    holding ``release`` (the shipped release), so the README's ``spark.read.parquet("release/tables/events")``
    reads what a user beside their release folder would. The JVM options trade peak speed for start-up
    (client compiler only, serial GC), which is what a test of sixteen small tables needs; they change
    nothing Spark reads or returns.
    """
    from pyspark.sql import SparkSession

    home = tmp_path_factory.mktemp("spark-home")
    (home / "release").symlink_to(shipped_release, target_is_directory=True)
    started_in = Path.cwd()
    os.chdir(home)
    try:
        session = (
            SparkSession.builder.master("local[1]")
            .appName("caucasus-data-tests")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .config("spark.sql.adaptive.enabled", "false")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.extraJavaOptions", "-XX:+UseSerialGC -XX:TieredStopAtLevel=1")
            .getOrCreate()
        )
    finally:
        os.chdir(started_in)
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root``, by relative path."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


_BASELINES: dict[str, Counter] = {}


def error_key(e: Finding) -> tuple:
    return (e.path, e.line, e.rule, e.column, e.value)


class Package:
    """A copy of the package that a test edits as text, then validates."""

    def __init__(self, root: Path) -> None:
        self.root = root
        digest = hashlib.sha256(json.dumps(tree_digest(root), sort_keys=True).encode()).hexdigest()
        if digest not in _BASELINES:  # copies of the same shipped files share their errors (normally none)
            _BASELINES[digest] = Counter(map(error_key, validate_folder(root).errors))
        self.baseline = _BASELINES[digest]
        self.evidence_added = 0

    def rel(self, table: str) -> str:
        return f"curated/{table}.csv"

    def file(self, table: str) -> Path:
        return self.root / self.rel(table)

    def schema(self, table: str) -> dict:
        return json.loads((self.root / f"schemas/{table}.schema.json").read_text(encoding="utf-8"))

    def write_schema(self, table: str, schema: dict) -> None:
        (self.root / f"schemas/{table}.schema.json").write_text(json.dumps(schema, indent=2), encoding="utf-8")

    def fields(self, table: str) -> list[str]:
        return [f["name"] for f in self.schema(table)["fields"]]

    def text(self, table: str) -> str:
        return self.file(table).read_text(encoding="utf-8")

    def write(self, table: str, text: str) -> None:
        self.file(table).write_bytes(text.encode("utf-8"))

    def next_line(self, table: str) -> int:
        """The physical line a record appended now would start on."""
        return self.file(table).read_bytes().count(b"\n") + 1

    def row_text(self, table: str, **cells: str) -> str:
        unknown = set(cells) - set(self.fields(table))
        assert not unknown, f"{table} has no column(s) {unknown}"
        out = io.StringIO()
        # "\r\n" as terminator makes the writer quote a cell holding a carriage return too; the row still ends in \n.
        csv.writer(out, lineterminator="\r\n").writerow([cells.get(name, "") for name in self.fields(table)])
        return out.getvalue()[:-2] + "\n"

    def append(self, table: str, **cells: str) -> int:
        """Append one record (schema column order, minimal quoting); returns the line it starts on."""
        line = self.next_line(table)
        with self.file(table).open("a", encoding="utf-8", newline="") as handle:
            handle.write(self.row_text(table, **cells))
        return line

    def append_raw(self, table: str, text: str) -> int:
        line = self.next_line(table)
        with self.file(table).open("ab") as handle:
            handle.write(text.encode("utf-8"))
        return line

    def add_event(self, event_id: str = "zz-visit", source: str = NEWS, quote: str = NEWS_QUOTE, **cells: str) -> int:
        """A valid event backed by one evidence row; returns the event's line."""
        row = {
            "event_id": event_id,
            "event_type": "visit",
            "title": "Erdogan and Aliyev meet",
            "description": "The presidents of Türkiye and Azerbaijan meet.",
            "date_start": "2021-06-15",
            "date_end": "2021-06-15",
            "date_precision": "day",
            "status": "occurred",
            "attestation": "reported",
        }
        row.update(cells)
        line = self.append("events", **row)
        if source:
            self.add_evidence("events", event_id, source=source, quote=quote)
        return line

    def add_evidence(self, table: str, record_id: str, source: str = NEWS, quote: str = NEWS_QUOTE, **cells) -> int:
        self.evidence_added += 1  # numbered, so that appended rows stay sorted by id as `caucasus-data fmt` keeps them
        evidence_id = cells.pop("evidence_id", f"zz-evidence-{self.evidence_added:03d}")
        return self.append(
            "evidence",
            evidence_id=evidence_id,
            record_table=table,
            record_id=record_id,
            source_id=source,
            quote=quote,
            **cells,
        )

    def validate(self):
        return validate_folder(self.root)

    def new_errors(self) -> list[Finding]:
        """Errors the edits caused: those of the edited copy that the untouched copy did not have."""
        left = Counter(self.baseline)
        new = []
        for e in self.validate().errors:
            if left[error_key(e)]:
                left[error_key(e)] -= 1
            else:
                new.append(e)
        return new

    def new(self, *, allow: frozenset[str] = frozenset()) -> set[tuple]:
        """``(path, line, rule, column)`` of every new error; rules in ``allow`` (side effects) are left out."""
        return {(e.path, e.line, e.rule, e.column) for e in self.new_errors() if e.rule not in allow}


@pytest.fixture
def pkg(package_copy: Path) -> Package:
    return Package(package_copy)


def forget_passes() -> None:
    """Forget the passes this process remembers (0.1 kept none by fingerprint)."""
    getattr(importlib.import_module("caucasus_data.load"), "_passed", set()).clear()


@pytest.fixture
def copy(snapshot, tmp_path, monkeypatch) -> Path:
    """A copy of the shipped package, with a cache of its own and nothing remembered from earlier loads."""
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path / "cache"))
    forget_passes()
    yield shutil.copytree(snapshot, tmp_path / "package")
    forget_passes()


def swap_first_event_dates(root: Path) -> None:
    """Make the first event end before it starts (a `date-order` error), keeping every other byte."""
    path = root / "curated" / "events.csv"
    header, first, rest = path.read_text(encoding="utf-8").split("\n", 2)
    cells = first.split(",")
    names = header.split(",")
    start, end = names.index("date_start"), names.index("date_end")
    cells[start], cells[end] = "2000-01-02", "2000-01-01"
    path.write_text("\n".join([header, ",".join(cells), rest]), encoding="utf-8")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The site of the shipped package, built once for every test that only reads it."""
    from caucasus_data.site import build_site

    out = tmp_path_factory.mktemp("site") / "site"
    build_site(ROOT, out)
    return out
