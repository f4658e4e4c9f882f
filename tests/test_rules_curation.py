"""The coding manual as rules: `precision-span`, `verbatim-attribution`, `own-voice` and `claim-relations`.

Each passes on the shipped data and reports a minimal corruption at its file and line.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, in_chunks
from hypothesis import given, settings
from hypothesis import strategies as st

import caucasus_data as cd
from caucasus_data.context import TableData
from caucasus_data.model import read_package
from caucasus_data.rules.own_voice import lexicon, loaded_term, unquoted
from caucasus_data.rules.precision_span import precision_for
from caucasus_data.snapshot import Snapshot

EVENTS = "curated/events.csv"
CLAIMS = "curated/claims.csv"
POSITIONS = "curated/positions.csv"
CITATIONS = "curated/citations.csv"
RELATIONS = "curated/claim_relations.csv"
NEWS = "news-2021-07-27-military-ties"
SHE_QUOTE = "She pointed out that Turkey’s extensive military cooperation with Azerbaijan and Ukraine"
CURATION = Path(__file__).resolve().parents[1] / "docs" / "CURATION.md"
NEW_RULES = ("precision-span", "verbatim-attribution", "own-voice", "claim-relations")


def test_shipped_data_breaks_none_of_the_manual_rules():
    report = cd.validate()
    assert not [e for e in report.errors if e.rule in NEW_RULES]


# ---------------------------------------------------------------------------------------------- precision-span
@pytest.mark.parametrize(
    ("width", "precision"),
    [
        (1, "day"),
        (2, "week"),
        (7, "week"),
        (8, "month"),
        (31, "month"),
        (32, "season"),
        (92, "season"),
        (93, "year"),
        (366, "year"),
        (367, "multi_year"),
    ],
)
def test_the_manuals_table(width, precision):
    assert precision_for(width) == precision


ORDER = ["day", "week", "month", "season", "year", "multi_year"]


@given(st.integers(1, 20_000), st.integers(0, 20_000))
def test_a_wider_span_is_never_more_precise(width, more):
    assert ORDER.index(precision_for(width + more)) >= ORDER.index(precision_for(width))


def test_a_month_coded_as_a_year(pkg):
    line = pkg.add_event(date_start="2021-06-01", date_end="2021-06-30", date_precision="year")
    assert pkg.new() == {(EVENTS, line, "precision-span", "date_precision")}
    (error,) = pkg.new_errors()
    assert error.value == "year, but 30 days is `month`"


def test_an_exact_printed_span_may_be_day_in_events(pkg):
    pkg.add_event(date_start="2021-06-10", date_end="2021-06-14", date_precision="day")
    assert pkg.new() == set()


def test_an_open_lower_bound_must_be_unknown(pkg):
    line = pkg.add_event(date_start="", date_end="2021-07-27", date_precision="month", date_basis="No lower bound: x")
    assert pkg.new() == {(EVENTS, line, "precision-span", "date_precision")}


def test_unknown_needs_an_open_lower_bound(pkg):
    line = pkg.add_event(date_precision="unknown")
    assert pkg.new() == {(EVENTS, line, "precision-span", "date_precision")}


def add_position(pkg, **cells: str) -> int:
    """A current position of Ilham Aliyev backed by one evidence row, with ``cells`` over its defaults."""
    row = {
        "position_id": "zz-position",
        "official_id": "ilham-aliyev",
        "title": "President",
        "tense": "current",
        "date_start": "2021-06-15",
        "date_end": "2021-06-15",
        "date_precision": "day",
    }
    line = pkg.append("positions", **{**row, **cells})
    pkg.add_evidence("positions", "zz-position")
    return line


def test_a_two_day_as_of_window_is_not_a_day(pkg):
    line = add_position(pkg, date_start="2021-07-26", date_end="2021-07-27")
    assert pkg.new() == {(POSITIONS, line, "precision-span", "date_precision")}


def test_a_term_bound_needs_its_precision(pkg):
    line = add_position(pkg, held_from_earliest="2009-01-01", held_from_latest="2009-12-31")
    assert pkg.new() == {(POSITIONS, line, "precision-span", "held_from_precision")}


def test_listed_days_must_be_the_bounds(pkg):
    line = pkg.append(
        "citations",
        citation_id="zz-citation",
        source_id=NEWS,
        quote="Shusha",
        cited_publisher="X",
        date_start="2021-06-01",
        date_end="2021-06-20",
        date_precision="day",
        cited_days="2021-06-01 2021-06-10",
    )
    assert pkg.new() == {(CITATIONS, line, "precision-span", "cited_days")}


def test_listed_days_make_a_multi_day_citation_a_day(pkg):
    pkg.append(
        "citations",
        citation_id="zz-citation",
        source_id=NEWS,
        quote="Shusha",
        cited_publisher="X",
        date_start="2021-06-01",
        date_end="2021-06-20",
        date_precision="day",
        cited_days="2021-06-01 2021-06-20",
    )
    assert pkg.new() == set()


# ---------------------------------------------------------------------------------------------- verbatim-attribution
def add_claim(pkg, quote: str = SHE_QUOTE, **cells: str) -> int:
    row = {
        "claim_id": "zz-claim",
        "source_id": NEWS,
        "claimant_type": "person",
        "claimant_official_id": "emily-hawthorne",
        "claimant_as_printed": "She",
        "cue": "pointed out",
        "claim_type": "evaluation",
        "summary": "Turkey's cooperation is driven by exports.",
        "date_end": "2021-07-27",
        "date_precision": "unknown",
        "date_basis": "No lower bound: undated.",
    }
    row.update(cells)
    line = pkg.append("claims", **row)
    pkg.add_evidence("claims", "zz-claim", quote=quote)
    return line


def test_the_printed_pronoun_passes(pkg):
    add_claim(pkg)
    assert pkg.new() == set()


def test_a_surname_where_the_passage_prints_she(pkg):
    """'Hawthorne' occurs in the article, but not in the paragraph the claim's quote comes from."""
    line = add_claim(pkg, claimant_as_printed="Hawthorne")
    assert pkg.new() == {(CLAIMS, line, "verbatim-attribution", "claimant_as_printed")}
    (error,) = pkg.new_errors()
    assert "paragraph" in error.message and error.value == "Hawthorne"


def test_a_cue_the_source_never_prints(pkg):
    line = add_claim(pkg, cue="alleged")
    assert pkg.new() == {(CLAIMS, line, "verbatim-attribution", "cue")}


def test_a_bracketed_description_is_not_looked_for(pkg):
    add_claim(pkg, claimant_as_printed="[not named in the passage: continues the quotation]")
    assert pkg.new() == set()


def test_the_authors_voice_is_looked_for_in_the_whole_source(pkg):
    mdc = "mdc-turkeyscope-2023-veliyev"
    quote = "The founding principle of this military relationship was to meet the officer training needs"
    pkg.append(
        "claims",
        claim_id="zz-claim",
        source_id=mdc,
        claimant_type="author",
        claimant_official_id="cavid-veliyev",
        claimant_as_printed="Cavid Veliyev",
        claim_type="assertion",
        summary="Officer training founded the relationship.",
        date_start="2023-08-20",
        date_end="2023-08-21",
        date_precision="week",
    )
    pkg.add_evidence("claims", "zz-claim", source=mdc, quote=quote)
    assert pkg.new() == set()


# ---------------------------------------------------------------------------------------------- own-voice
def test_a_loaded_word_in_a_description(pkg):
    line = pkg.add_event(description="Azerbaijani forces liberated Shusha.")
    assert pkg.new() == {(EVENTS, line, "own-voice", "description")}
    (error,) = pkg.new_errors()
    assert "'liberated'" in error.message and "taken" in error.message


@pytest.mark.parametrize(
    "description",
    [
        "The source calls the town 'liberated'.",
        "The text's label “anti-terrorist operation” is kept in the quote.",
        'Printed "the separatist regime".',
        "See `karabakh-armenian-de-facto-authorities`.",
        "Baku's account of the 'separatist' forces.",
    ],
)
def test_a_quoted_loaded_word_passes(pkg, description):
    pkg.add_event(description=description)
    assert pkg.new() == set()


def test_a_loaded_word_in_a_claim_summary(pkg):
    line = add_claim(pkg, summary="Syrian terrorist units fought in the war.")
    assert pkg.new() == {(CLAIMS, line, "own-voice", "summary")}


def test_unquoted_keeps_apostrophes_of_possessives():
    assert "regime" in unquoted("Azerbaijan's regime and Baku's plans")
    assert loaded_term("Azerbaijan's regime") is not None
    assert loaded_term("the word 'regime' as printed") is None


def test_the_lexicon_is_complete_data():
    terms = [t.term.lower() for t in lexicon()]
    assert len(terms) == len(set(terms))
    for term in lexicon():
        assert all((term.term, term.neutral, term.why, term.practice)), term


def test_every_word_the_manual_names_as_loaded_is_in_the_lexicon():
    section = CURATION.read_text(encoding="utf-8").split("## 9. Neutrality", 1)[1].split("\n## ", 1)[0]
    listed = re.search(r"Our own columns.*?use neutral words\. (.*?) appear\s+only", section, re.DOTALL)
    assert listed is not None
    named = {w.lower() for w in re.findall(r"'([^']+)'", listed.group(1))}
    assert named <= {t.term.lower() for t in lexicon()}


def test_the_lexicon_ships_as_a_csv_with_its_header():
    path = Path(cd.__file__).parent / "rules" / "own_voice_lexicon.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == ["term", "neutral", "why", "practice"]


# ---------------------------------------------------------------------------------------------- claim-relations
def add_relation(pkg, a: str, b: str, relation: str = "supports", relation_id: str = "zz-rel") -> int:
    return pkg.append(
        "claim_relations", relation_id=relation_id, claim_id=a, related_claim_id=b, relation=relation, explanation="x"
    )


A = "lachin-2021-mammadov-deal-set-1960-peacekeepers"
B = "lachin-2021-author-contingent-larger-than-agreed"


def test_a_claim_related_to_itself(pkg):
    line = add_relation(pkg, A, A)
    assert pkg.new() == {(RELATIONS, line, "claim-relations", "related_claim_id")}


def test_a_link_stored_again_in_the_other_direction(pkg):
    line = add_relation(pkg, B, A)
    assert pkg.new() == {(RELATIONS, line, "claim-relations", "related_claim_id")}
    (error,) = pkg.new_errors()
    assert "already carries `supports`" in error.message


def test_a_second_relation_on_one_pair_is_allowed(pkg):
    add_relation(pkg, B, A, relation="qualifies")
    assert pkg.new() == set()


class _Relations:
    """The one table `claim-relations` reads, as the rule's context hands it over."""

    def __init__(self, rows: list[tuple[str | None, str | None, str | None]], pieces: int) -> None:
        columns = dict(
            zip(("claim_id", "related_claim_id", "relation"), map(list, zip(*rows, strict=True)), strict=True)
        )
        shipped = _relations_schema()
        arrays = {name: in_chunks(cells, pieces) for name, cells in columns.items()}
        self.data = TableData(
            "claim_relations", RELATIONS, shipped, list(arrays), arrays, arrays, np.arange(len(rows)) + 2
        )

    def table(self, need) -> TableData:
        return self.data


@functools.cache
def _relations_schema():
    return read_package(Snapshot(ROOT))[0].tables["claim_relations"].schema


def _row_by_row(rows: list[tuple]) -> list[tuple[int, str]]:
    """The rule as the manual states it, one row at a time: (line, value) of every finding."""
    found, seen = [], {}
    for row, (a, b, kind) in enumerate(rows):
        if a is not None and a == b:
            found.append((row + 2, None))
        elif a is not None and b is not None and kind is not None:
            key = (frozenset((a, b)), kind)
            if key in seen:
                found.append((row + 2, f"{a} {kind} {b}", seen[key] + 2))
            else:
                seen[key] = row
    return found


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            *[
                st.one_of(st.none(), st.sampled_from(values))
                for values in (["a", "b", "c"], ["a", "b", "c"], ["supports", "contradicts"])
            ]
        ),
        min_size=1,
        max_size=25,
    ),
    st.integers(1, 3),
)
def test_claim_relations_grouped_finds_what_a_row_by_row_reading_finds(rows, pieces):
    from caucasus_data.rules import claim_relations

    found = claim_relations.check(_Relations(rows, pieces))
    got = sorted(
        (e.line, None) if "itself" in e.message else (e.line, e.value, int(e.message.split("(line ")[1].split(")")[0]))
        for e in found
    )
    assert got == sorted(_row_by_row(rows), key=lambda f: f[0])
