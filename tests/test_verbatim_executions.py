"""Property: `verbatim-attribution` decided once per distinct combination finds exactly what a row-by-row
reading of the rule finds.

The rule groups rows alike in value and source, and (row, evidence quote) pairs alike in value, source and
quote, decides each group once and hands the verdict back with numpy. The reading below is the rule as the
coding manual states it, one row at a time (the rule's implementation until the grouping replaced it). Both run
on the shipped claims with cells, claim ids, sources and claimant types redrawn, in tables of several chunks.
"""

from __future__ import annotations

import dataclasses

import pyarrow as pa
import pyarrow.compute as pc
import pytest
from conftest import ROOT, in_chunks
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caucasus_data import validator
from caucasus_data.arrow_values import FALSE, scalar
from caucasus_data.context import Context, TableData
from caucasus_data.model import read_package
from caucasus_data.provenance import EVIDENCE
from caucasus_data.rules import discover
from caucasus_data.rules.verbatim_attribution import (
    IN_PASSAGE,
    IN_SOURCE,
    RULE,
    WHOLE_SOURCE_TYPES,
    check_table,
    curator_description,
    sources_text,
)
from caucasus_data.snapshot import Snapshot
from caucasus_data.text import normalise


def row_by_row(ctx: Context, data: TableData, texts: dict[str, str], paragraphs: dict[str, list[str]]) -> set:
    """(line, column, message) of every finding, each row read on its own."""
    evidence = ctx.table(EVIDENCE)
    mask = pc.fill_null(pc.equal(evidence.typed["record_table"], scalar(data.name, pa.string())), FALSE)
    quotes: dict[str, list[str]] = {}
    for record, quote in zip(
        pc.filter(evidence.typed["record_id"], mask).to_pylist(),
        pc.filter(evidence.typed["quote"], mask).to_pylist(),
        strict=True,
    ):
        if record is not None and quote is not None:
            quotes.setdefault(record, []).append(normalise(quote))
    sources = data.typed["source_id"].to_pylist()
    ids = data.typed[data.schema.primaryKey[0]].to_pylist()
    kinds = data.typed["claimant_type"].to_pylist()
    found = set()
    for column in data.schema.verbatim:
        for row, value in enumerate(data.text[column].to_pylist()):
            source = sources[row]
            if value is None or source not in texts or curator_description(value):
                continue
            needle = normalise(value)
            if needle not in texts[source]:
                found.add((int(data.lines[row]), column, IN_SOURCE))
                continue
            if kinds[row] in WHOLE_SOURCE_TYPES or not quotes.get(ids[row]):
                continue
            passages = [p for p in paragraphs[source] if any(q in p for q in quotes[ids[row]])]
            if passages and not any(needle in p for p in passages):
                found.add((int(data.lines[row]), column, IN_PASSAGE))
    return found


@pytest.fixture(scope="module")
def shipped() -> tuple[Context, dict[str, str], dict[str, list[str]]]:
    files = Snapshot(ROOT)
    package, _ = read_package(files)
    scans = [(rule.name, rule.scan) for rule in discover() if rule.scan is not None]
    tables, _ = validator.read_tables(files, package, scans)
    ctx = Context(files, package, tables)
    return (ctx, *sources_text(ctx))


def test_the_shipped_claims_agree(shipped):
    ctx, texts, paragraphs = shipped
    claims = ctx.tables["claims"]
    found = {(e.line, e.column, e.message) for e in check_table(ctx, claims, texts, paragraphs) if e.rule == RULE}
    assert found == row_by_row(ctx, claims, texts, paragraphs) == set()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_grouped_and_row_by_row_find_the_same_rows(shipped, data):
    ctx, texts, paragraphs = shipped
    claims = ctx.tables["claims"]
    n = claims.num_rows
    columns = {
        c: claims.text[c].to_pylist() for c in ("claim_id", "source_id", "claimant_type", *claims.schema.verbatim)
    }
    words = [w for text in texts.values() for w in text.split()[:400:37]]
    pools = {
        "claim_id": st.sampled_from(columns["claim_id"] + [None, "no-such-claim"]),
        "source_id": st.sampled_from([*sorted(texts), None, "no-such-source"]),
        "claimant_type": st.sampled_from([*sorted(WHOLE_SOURCE_TYPES), "person", "organisation", None]),
    }
    for column in claims.schema.verbatim:
        printed = sorted({v for v in columns[column] if v})
        pools[column] = st.sampled_from(printed + words + ["[not named]", "She", "Hawthorne", "alleged", None])
    for _ in range(data.draw(st.integers(1, 40), label="edits")):
        column = data.draw(st.sampled_from(sorted(pools)), label="column")
        columns[column][data.draw(st.integers(0, n - 1), label="row")] = data.draw(pools[column], label="value")
    pieces = data.draw(st.integers(1, 4), label="chunks")
    arrays = {c: in_chunks(values, pieces) for c, values in columns.items()}
    edited = dataclasses.replace(claims, text={**claims.text, **arrays}, typed={**claims.typed, **arrays})
    found = [(e.line, e.column, e.message) for e in check_table(ctx, edited, texts, paragraphs)]
    assert len(found) == len(set(found))
    assert set(found) == row_by_row(ctx, edited, texts, paragraphs)
