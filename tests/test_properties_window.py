"""Property: the publication-window rule rejects exactly the rows a plain-Python reading of the rule rejects.

Each example is a small package built from the real Table Schemas: sources with publication windows (the
upper bound sometimes unknown), events and claims dated around them and linked to sources through evidence
(and, for claims, their own source_id), statuses that exempt a row, and errata that excuse one. The real
validator runs on it; its publication-window errors are compared with the oracle's, and nothing else may fail.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import REFERENCE_TABLES, ROOT, descriptors_only
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caucasus_data.rules.precision_span import precision_for
from caucasus_data.validator import validate_folder

RULE = "publication-window"
DAY0 = date(2021, 1, 1)
EVENT_STATUSES = ["occurred", "planned", "forecast"]


def day(n: int) -> str:
    return (DAY0 + timedelta(days=n)).isoformat()


@dataclass
class Source:
    earliest: int | None
    latest: int | None


@dataclass
class Row:
    table: str
    start: int
    length: int
    status: str
    evidence: list[int]  # indices of the sources whose evidence backs the row
    own_source: int | None  # claims name a source in their own row
    erratum: str  # "none", "excuses" (excuses_rule=publication-window) or "notes" (an erratum that excuses nothing)
    key: str = field(default="")


@st.composite
def sources(draw) -> list[Source]:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        latest = draw(st.none() | st.integers(0, 30))
        earliest = draw(st.none() | st.integers(0, latest if latest is not None else 30))
        out.append(Source(earliest, latest))
    return out


@st.composite
def packages(draw):
    srcs = draw(sources())
    indices = st.lists(st.integers(0, len(srcs) - 1), min_size=1, max_size=len(srcs), unique=True)
    rows = []
    for table in ("events", "claims"):
        for n in range(draw(st.integers(0, 5))):
            rows.append(
                Row(
                    table=table,
                    start=draw(st.integers(0, 40)),
                    length=draw(st.integers(0, 5)),
                    status=draw(st.sampled_from(EVENT_STATUSES)) if table == "events" else "",
                    evidence=draw(indices),
                    own_source=draw(st.integers(0, len(srcs) - 1)) if table == "claims" else None,
                    erratum=draw(st.sampled_from(["none", "none", "excuses", "notes"])),
                    key=f"{table[:-1]}-{n}",
                )
            )
    return srcs, rows


def exempt_statuses(table: str) -> set[str]:
    schema = json.loads((ROOT / f"schemas/{table}.schema.json").read_text(encoding="utf-8"))
    return set(schema.get("x-window-exempt", {}).get("values", []))


def oracle(srcs: list[Source], rows: list[Row]) -> set[tuple[str, str]]:
    """(table, id) of every row dated after the last publication day of a source that reports it."""
    late = set()
    for row in rows:
        reporters = set(row.evidence) | ({row.own_source} if row.own_source is not None else set())
        after = any(srcs[s].latest is not None and row.start > srcs[s].latest for s in reporters)
        if after and row.status not in exempt_statuses(row.table) and row.erratum != "excuses":
            late.add((row.table, row.key))
    return late


def source_id(i: int) -> str:
    return f"source-{i}"


def raw_text(i: int) -> bytes:
    return f"Source number {i} reports what it reports.\n".encode()


def quote(i: int) -> str:
    return f"Source number {i} reports"


def write_table(root: Path, table: str, rows: list[dict]) -> dict[str, int]:
    """Rows sorted by primary key, as the curated files keep them; returns each key's line."""
    schema = json.loads((root / f"schemas/{table}.schema.json").read_text(encoding="utf-8"))
    names = [f["name"] for f in schema["fields"]]
    key = schema["primaryKey"][0]
    rows = sorted(rows, key=lambda r: r[key])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([r.get(n, "") for n in names] for r in rows)
    (root / f"curated/{table}.csv").write_text(out.getvalue(), encoding="utf-8")
    return {r[key]: i + 2 for i, r in enumerate(rows)}


def build(root: Path, srcs: list[Source], rows: list[Row]) -> dict[tuple[str, str], int]:
    shutil.rmtree(root / "raw")
    (root / "raw").mkdir()
    source_rows = []
    for i, s in enumerate(srcs):
        (root / f"raw/{source_id(i)}.txt").write_bytes(raw_text(i))
        source_rows.append(
            {
                "source_id": source_id(i),
                "document_type": "analysis",
                "language": "en",
                "raw_path": f"raw/{source_id(i)}.txt",
                "sha256": hashlib.sha256(raw_text(i)).hexdigest(),
                "published_earliest": "" if s.earliest is None else day(s.earliest),
                "published_latest": "" if s.latest is None else day(s.latest),
                "window_basis": "Generated for a test.",
            }
        )
    write_table(root, "sources", source_rows)
    tables: dict[str, list[dict]] = {"events": [], "claims": [], "evidence": [], "errata": []}
    for row in rows:
        precision = precision_for(row.length + 1)  # the rule `precision-span`: precision by the width of the bounds
        dates = {"date_start": day(row.start), "date_end": day(row.start + row.length), "date_precision": precision}
        if row.table == "events":
            cells = {
                "event_id": row.key,
                "event_type": "other",
                "title": "T",
                "description": "D",
                "status": row.status,
                "attestation": "reported",
            }
        else:
            cells = {
                "claim_id": row.key,
                "source_id": source_id(row.own_source),
                "claimant_type": "author",
                "claimant_as_printed": "[author not named]",
                "claim_type": "assertion",
                "summary": "S",
            }
        tables[row.table].append({**cells, **dates})
        for s in row.evidence:
            tables["evidence"].append(
                {
                    "evidence_id": f"evidence-{row.key}-{s}",
                    "record_table": row.table,
                    "record_id": row.key,
                    "source_id": source_id(s),
                    "quote": quote(s),
                }
            )
        if row.erratum != "none":
            s = row.evidence[0]
            tables["errata"].append(
                {
                    "erratum_id": f"erratum-{row.key}",
                    "source_id": source_id(s),
                    "quote": quote(s),
                    "value_as_printed": day(row.start),
                    "erratum_type": "date_after_publication",
                    "explanation": "Generated for a test.",
                    "record_table": row.table,
                    "record_id": row.key,
                    "field": "date_start",
                    "excuses_rule": RULE if row.erratum == "excuses" else "",
                }
            )
    lines = {}
    for table, table_rows in tables.items():
        for key, line in write_table(root, table, table_rows).items():
            lines[(table, key)] = line
    return lines


@pytest.fixture(scope="module")
def skeleton(tmp_path_factory) -> Path:
    """The real descriptor and schemas, every table with its header only."""
    root = descriptors_only(tmp_path_factory.mktemp("window") / "package")
    (root / "raw").mkdir()
    for schema in (root / "schemas").glob("*.schema.json"):
        if schema.name.removesuffix(".schema.json") not in REFERENCE_TABLES:  # kept as derived, not emptied
            write_table(root, schema.name.removesuffix(".schema.json"), [])
    return root


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packages())
def test_window_rule_matches_the_oracle(skeleton, package):
    srcs, rows = package
    lines = build(skeleton, srcs, rows)
    errors = validate_folder(skeleton).errors
    others = [e for e in errors if e.rule != RULE]
    assert others == [], others[:3]
    found = {(e.path, e.line, e.column) for e in errors}
    expected = {(f"curated/{table}.csv", lines[(table, key)], "date_start") for table, key in oracle(srcs, rows)}
    assert found == expected
