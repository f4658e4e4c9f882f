"""Rules `primary-key`, `foreign-key`, `reference`, `exactly-one` and `evidence`: how rows point at each other."""

from __future__ import annotations

import pyarrow as pa
from conftest import in_chunks
from hypothesis import given, settings
from hypothesis import strategies as st

from caucasus_data.masks import repeated_values

EVENTS = "curated/events.csv"
EVIDENCE = "curated/evidence.csv"
PARTICIPANTS = "curated/participants.csv"


def test_primary_key_repeated(pkg):
    first = pkg.add_event()
    again = pkg.append("events", **{**_event_cells(), "title": "The same id again"})
    assert pkg.new() == {(EVENTS, again, "primary-key", "event_id")}
    (error,) = pkg.new_errors()
    assert error.value == "zz-visit" and f"line {first}" in error.message


def _event_cells() -> dict[str, str]:
    return {
        "event_id": "zz-visit",
        "event_type": "visit",
        "title": "A visit",
        "description": "A visit.",
        "date_start": "2021-06-15",
        "date_end": "2021-06-15",
        "date_precision": "day",
        "status": "occurred",
        "attestation": "reported",
    }


def test_foreign_key_to_a_missing_row(pkg):
    line = pkg.add_event(place_id="zz-nowhere")
    assert pkg.new() == {(EVENTS, line, "foreign-key", "place_id")}
    (error,) = pkg.new_errors()
    assert error.value == "zz-nowhere" and "places" in error.message


def test_foreign_key_within_the_same_table(pkg):
    pkg.add_event()
    line = pkg.add_event("zz-visit-day-two", parent_event_id="zz-visit-day-one")
    assert pkg.new() == {(EVENTS, line, "foreign-key", "parent_event_id")}


def test_a_foreign_key_to_an_existing_row_passes(pkg):
    pkg.add_event()
    pkg.add_event("zz-visit-part", parent_event_id="zz-visit")
    assert pkg.new_errors() == []


def test_polymorphic_reference_to_a_missing_row(pkg):
    line = pkg.add_evidence("events", "zz-ghost")
    assert pkg.new() == {(EVIDENCE, line, "reference", "record_id")}
    (error,) = pkg.new_errors()
    assert error.value == "zz-ghost" and "events" in error.message


def test_polymorphic_reference_looks_in_the_table_it_names(pkg):
    """The id exists, but in events, not in the claims table the row names; and the event then lacks evidence."""
    event = pkg.add_event(source="")
    line = pkg.add_evidence("claims", "zz-visit")
    assert pkg.new() == {(EVIDENCE, line, "reference", "record_id"), (EVENTS, event, "evidence", "event_id")}


def test_exactly_one_party_per_participant(pkg):
    pkg.add_event()
    base = {"record_table": "events", "record_id": "zz-visit", "role": "participant"}
    two = pkg.append("participants", participant_id="zz-p1", country="AZE", official_id="ilham-aliyev", **base)
    none = pkg.append("participants", participant_id="zz-p2", **base)
    one = pkg.append("participants", participant_id="zz-p3", country="TUR", **base)
    assert one == none + 1
    assert pkg.new(allow=frozenset({"foreign-key"})) == {
        (PARTICIPANTS, two, "exactly-one", "country"),
        (PARTICIPANTS, none, "exactly-one", "country"),
    }
    messages = sorted(e.message for e in pkg.new_errors() if e.rule == "exactly-one")
    assert "has 0" in messages[0] and "has 2" in messages[1]


def test_record_without_evidence(pkg):
    line = pkg.add_event(source="")
    assert pkg.new() == {(EVENTS, line, "evidence", "event_id")}
    (error,) = pkg.new_errors()
    assert error.value == "zz-visit" and EVIDENCE in error.message and "quote" in error.message


def test_evidence_from_any_source_is_enough(pkg):
    pkg.add_event(source="")
    pkg.add_evidence(
        "events", "zz-visit", source="untitled-2021-lachin-exercises", quote="held joint special forces exercises"
    )
    assert pkg.new_errors() == []


def test_tables_without_x_evidence_required_need_no_evidence(pkg):
    pkg.append("places", place_id="zz-place", name="Somewhere", place_type="settlement")
    assert pkg.new_errors() == []


@given(st.lists(st.sampled_from(["events", "claims", "places", "elsewhere", None]), max_size=60))
def test_rows_naming_equals_one_comparison_per_name(cells):
    """The one look-up that groups a polymorphic reference's rows by table gives what comparing each name would."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    from caucasus_data.links import rows_naming

    values = pa.chunked_array([pa.array(cells[:7], pa.string()), pa.array(cells[7:], pa.string())])
    names = ["claims", "events", "places"]
    found = rows_naming(values, names)
    for name in names:
        expected = np.flatnonzero(np.asarray(pc.fill_null(pc.equal(values, name), False).to_numpy(), dtype=bool))
        assert found[name].tolist() == expected.tolist()


@settings(deadline=None)
@given(
    st.lists(st.one_of(st.none(), st.sampled_from(["a", "b", "c", "ab", "", "é"])), max_size=40),
    st.integers(1, 4),
    st.booleans(),
)
def test_repeated_keys_are_every_later_copy_with_its_first_row(cells, pieces, as_numbers):
    """The stable sort's reading of repeated keys, against its definition, in several chunks."""
    if as_numbers:
        cells = [None if c is None else len(c) for c in cells]
    column = in_chunks(cells, pieces, pa.int64() if as_numbers else pa.string())
    first: dict = {}
    expected = [(row, first.setdefault(c, row)) for row, c in enumerate(cells) if c is not None]
    expected = [(row, at) for row, at in expected if row != at]
    rows, earlier = repeated_values(column)
    assert list(zip(rows.tolist(), earlier.tolist(), strict=True)) == expected


def test_floating_point_keys_repeat_as_a_hash_look_up_says():
    """NaN repeats NaN and -0.0 is not 0.0, as the look-up of the column in itself always held."""
    assert [a.tolist() for a in repeated_values(pa.array([float("nan"), 1.0, float("nan")]))] == [[2], [0]]
    assert [a.tolist() for a in repeated_values(pa.array([0.0, -0.0]))] == [[], []]
