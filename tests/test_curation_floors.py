"""Curation floors: the shipped tables may grow, never shrink.

A curation loss (a dropped row, a source whose records vanished from a table, a record that lost its evidence, an
anchor record whose key values drifted) fails here. The floors are the counts of the curated data when they were set;
raise them when rows are added, never lower them without saying why in the changelog.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pandas as pd
import pytest

import caucasus_data as cd

# ---------------------------------------------------------------------------------------------- floors
# Rows per table (exact counts when the floors were set; claims, claim_relations and citations were still being
# curated then, so theirs may only have grown since).
ROW_FLOORS = {
    "sources": 5,
    "places": 32,
    "organisations": 75,
    "officials": 32,
    "positions": 34,
    "aliases": 72,
    "agreements": 19,
    "provisions": 24,
    "exercises": 12,
    "events": 81,
    "participants": 234,
    "claims": 194,
    "claim_relations": 171,
    "citations": 71,
    "evidence": 981,
    "errata": 38,
    "countries": 249,  # every ISO 3166-1 country in the pinned countrycode list
    "type_crosswalk": 25,  # one row per event type and claim type
}

# Distinct records with at least one evidence row, per source and table (evidence grouped by source_id, record_table).
EVIDENCE_FLOORS = {
    "arvak-2025-02-06-quid-pro-quo": {
        "agreements": 1,
        "aliases": 13,
        "claims": 40,
        "events": 9,
        "officials": 7,
        "organisations": 15,
        "participants": 19,
        "places": 7,
        "positions": 7,
        "provisions": 1,
    },
    "edm-v20-i151-karabakh-operation": {
        "agreements": 2,
        "aliases": 7,
        "claims": 37,
        "events": 17,
        "exercises": 3,
        "officials": 5,
        "organisations": 9,
        "participants": 46,
        "places": 8,
        "positions": 6,
    },
    "mdc-turkeyscope-2023-veliyev": {
        "agreements": 15,
        "aliases": 30,
        "claims": 49,
        "events": 30,
        "exercises": 2,
        "officials": 15,
        "organisations": 37,
        "participants": 70,
        "places": 8,
        "positions": 11,
        "provisions": 19,
    },
    "news-2021-07-27-military-ties": {
        "agreements": 4,
        "aliases": 6,
        "claims": 33,
        "events": 12,
        "exercises": 5,
        "officials": 7,
        "organisations": 13,
        "participants": 40,
        "places": 7,
        "positions": 6,
        "provisions": 2,
    },
    "untitled-2021-lachin-exercises": {
        "agreements": 2,
        "aliases": 14,
        "claims": 31,
        "events": 15,
        "exercises": 3,
        "officials": 3,
        "organisations": 14,
        "participants": 38,
        "places": 6,
        "positions": 3,
        "provisions": 3,
    },
}

# Evidence rows of the entity/fact tables (not claims) that name the source's own reference (`citation_id`).
CITATION_LINK_FLOOR = 155

# Tables whose every row must be backed by evidence (the schemas' `x-evidence-required`).
EVIDENCE_REQUIRED = ["officials", "positions", "agreements", "provisions", "exercises", "events", "claims"]

PRIMARY_KEYS = {
    "sources": "source_id",
    "places": "place_id",
    "organisations": "organisation_id",
    "officials": "official_id",
    "positions": "position_id",
    "aliases": "alias_id",
    "agreements": "agreement_id",
    "provisions": "provision_id",
    "exercises": "exercise_id",
    "events": "event_id",
    "participants": "participant_id",
    "claims": "claim_id",
    "claim_relations": "relation_id",
    "citations": "citation_id",
    "evidence": "evidence_id",
    "errata": "erratum_id",
}


@cache
def table(name: str) -> pd.DataFrame:
    return cd.load(name, validate=False)


def row(name: str, key: str) -> pd.Series:
    frame = table(name)
    hits = frame[frame[PRIMARY_KEYS[name]] == key]
    assert len(hits) == 1, f"{name}/{key}: expected one row, found {len(hits)}"
    return hits.iloc[0]


def value(series: pd.Series, column: str):
    """A cell as a plain Python value: None for missing, str for categoricals and strings."""
    v = series[column]
    if v is None or v is pd.NA or (isinstance(v, float) and pd.isna(v)):
        return None
    if isinstance(v, dt.date):
        return v
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    return str(v)


D = dt.date.fromisoformat


# ---------------------------------------------------------------------------------------------- row floors
@pytest.mark.parametrize("name", sorted(ROW_FLOORS))
def test_row_count_floor(name):
    assert len(table(name)) >= ROW_FLOORS[name], f"{name} lost rows: {len(table(name))} < {ROW_FLOORS[name]}"


def test_every_table_has_a_floor():
    assert set(cd.tables()) == set(ROW_FLOORS)


# ---------------------------------------------------------------------------------------------- per source
@cache
def _backed() -> dict[tuple[str, str], int]:
    ev = table("evidence")
    grouped = ev.groupby([ev["source_id"].astype(str), ev["record_table"].astype(str)])["record_id"].nunique()
    return {key: int(n) for key, n in grouped.items()}


@pytest.mark.parametrize(
    ("source_id", "record_table"),
    [(s, t) for s, tables in sorted(EVIDENCE_FLOORS.items()) for t in sorted(tables)],
)
def test_evidence_backed_records_per_source_floor(source_id, record_table):
    floor = EVIDENCE_FLOORS[source_id][record_table]
    got = _backed().get((source_id, record_table), 0)
    assert got >= floor, f"{source_id}: {record_table} backed by {got} records, floor {floor}"


def test_every_source_supports_its_tables():
    """Each source keeps at least one evidence-backed record in every table it supported when the floors were set."""
    backed = _backed()
    sources = set(table("sources")["source_id"].astype(str))
    assert sources == set(EVIDENCE_FLOORS), "a source was added or dropped: set its floors"
    missing = [(s, t) for s, tables in EVIDENCE_FLOORS.items() for t in tables if backed.get((s, t), 0) < 1]
    assert not missing, f"sources without any record in a table they support: {missing}"


# ---------------------------------------------------------------------------------------------- evidence
def test_bundled_package_is_valid():
    """The validator's own rules, including 'every evidence-required record has evidence', pass on the bundled data."""
    report = cd.validate()
    assert report.ok, "\n".join(map(str, report.errors[:20]))


@pytest.mark.parametrize("name", EVIDENCE_REQUIRED)
def test_every_evidence_required_record_has_evidence(name):
    ev = table("evidence")
    backed = set(ev.loc[ev["record_table"].astype(str) == name, "record_id"].astype(str))
    ids = set(table(name)[PRIMARY_KEYS[name]].astype(str))
    assert not ids - backed, f"{name} without evidence: {sorted(ids - backed)[:10]}"


def test_citation_links_on_fact_evidence_floor():
    ev = table("evidence")
    linked = ev[(ev["record_table"].astype(str) != "claims") & ev["citation_id"].notna()]
    assert len(linked) >= CITATION_LINK_FLOOR


@pytest.mark.parametrize(
    ("evidence_id", "citation_id"),
    [
        ("exercise-lachin-special-forces-exercise-2021-09-6", "lachin-2021-haqqin-az-2021-09-07"),
        ("exercise-turkey-azerbaijan-exercises-2021-09-1", "lachin-2021-mod-gov-az-2021-09-07-10-11"),
        ("event-azerbaijan-mod-letters-to-russia-2021-09-12-2", "lachin-2021-mod-gov-az-2021-09-12"),
        ("agreement-shusha-declaration-2021-5", "mdc-2023-fn-19"),
        ("event-mirzoyev-meeting-guler-bayraktaroglu-2025-01-24-1", "arvak-2025-fn-5"),
        ("event-kelbajar-commando-brigade-opening-2022-06-27-2", "mdc-2023-fn-22b"),
    ],
)
def test_evidence_citation_link_anchor(evidence_id, citation_id):
    assert value(row("evidence", evidence_id), "citation_id") == citation_id


# ---------------------------------------------------------------------------------------------- anchors
@pytest.mark.parametrize(
    ("name", "key", "expected"),
    [
        (
            "agreements",
            "shusha-declaration-2021",
            {
                "date_start": D("2021-06-15"),
                "date_end": D("2021-06-15"),
                "date_precision": "day",
                "agreement_type": "declaration",
                "scope": "alliance",
                "place_id": "shusha",
            },
        ),
        (
            "agreements",
            "trilateral-statement-2020-11-10",
            {
                "date_start": D("2020-11-10"),
                "date_end": D("2020-11-10"),
                "date_precision": "day",
                "agreement_type": "joint_statement",
                "scope": "ceasefire",
            },
        ),
        (
            "agreements",
            "military-training-cooperation-agreement-1992",
            {
                "date_start": D("1992-08-11"),
                "date_end": D("1992-08-11"),
                "date_precision": "day",
                "place_id": "ankara",
                "status": "in_force",
            },
        ),
        (
            "agreements",
            "strategic-partnership-mutual-assistance-agreement-2010",
            {"date_start": D("2010-08-16"), "date_end": D("2010-08-16"), "scope": "alliance", "defense": True},
        ),
        (
            "agreements",
            "turkey-qatar-defence-agreements",
            {"date_start": None, "date_end": D("2021-07-27"), "date_precision": "unknown"},
        ),
        (
            "agreements",
            "five-item-peace-proposal",
            {
                "agreement_type": "proposal",
                "status": "proposed",
                "date_start": D("2020-11-10"),
                "date_end": D("2022-03-14"),
            },
        ),
        (
            "exercises",
            "lachin-special-forces-exercise-2021-09",
            {
                "date_start": D("2021-09-06"),
                "date_end": D("2021-09-10"),
                "date_precision": "day",
                "place_id": "lachin",
                "special_forces": True,
                "status": "held",
            },
        ),
        (
            "exercises",
            "anatolian-eagle-2021",
            {
                "date_start": D("2021-06-01"),
                "date_end": D("2021-06-30"),
                "date_precision": "month",
                "place_id": "konya",
                "air": True,
            },
        ),
        (
            "exercises",
            "baku-joint-exercise-2019-05-03",
            {"date_start": D("2019-05-03"), "date_end": D("2019-05-03"), "date_precision": "day", "place_id": "baku"},
        ),
        (
            "exercises",
            "turkiye-azerbaijan-joint-exercises-2022",
            {"date_start": D("2022-01-01"), "date_end": D("2022-12-31"), "date_precision": "year", "status": "series"},
        ),
        (
            "exercises",
            "armenia-us-joint-drills",
            {"date_start": None, "date_end": D("2023-12-31"), "date_precision": "unknown"},
        ),
        (
            "events",
            "second-karabakh-war-2020",
            {
                "date_start": D("2020-09-27"),
                "date_end": D("2020-11-09"),
                "date_precision": "day",
                "event_type": "armed_conflict",
            },
        ),
        (
            "events",
            "shusha-visit-2021-06-15",
            {"date_start": D("2021-06-15"), "date_end": D("2021-06-15"), "place_id": "shusha"},
        ),
        (
            "events",
            "shusha-declaration-signing-2021-06-15",
            {"agreement_id": "shusha-declaration-2021", "parent_event_id": "shusha-visit-2021-06-15"},
        ),
        (
            "events",
            "yevlakh-talks-2023-09-21",
            {"date_start": D("2023-09-21"), "date_end": D("2023-09-21"), "place_id": "yevlakh"},
        ),
        ("events", "azal-passenger-liner-crash", {"date_start": D("2024-02-25"), "date_precision": "day"}),
        (
            "events",
            "tb2-delivery-to-ukrainian-navy",
            {"date_start": None, "date_end": D("2021-07-27"), "date_precision": "unknown"},
        ),
        (
            "events",
            "military-academy-graduation-ceremony-2001",
            {"date_start": D("2001-08-26"), "date_end": D("2001-08-26")},
        ),
        ("places", "shusha", {"country": "AZE"}),
        ("officials", "heydar-aliyev", {"name": "Heydar Aliyev"}),
        ("officials", "d-bahceli", {"name": "D. Bahceli"}),
        ("positions", "hulusi-akar-former-chief-of-general-staff", {"tense": "former"}),
        ("aliases", "shusha-shushi", {"alias": "Shushi", "used_by": "Armenians"}),
        (
            "errata",
            "erratum-arvak-azal-crash-date",
            {"record_table": "events", "record_id": "azal-passenger-liner-crash", "field": "date_start"},
        ),
        (
            "errata",
            "erratum-mdc-sam-name",
            {"record_table": "organisations", "record_id": "center-for-strategic-studies-sam"},
        ),
        ("errata", "erratum-lachin-air-center-name", {"record_table": "organisations", "record_id": "air-center"}),
    ],
)
def test_anchor_record(name, key, expected):
    r = row(name, key)
    got = {column: value(r, column) for column in expected}
    assert got == expected


@pytest.mark.parametrize(
    ("name", "ids"),
    [
        (
            "officials",
            [
                "recep-tayyip-erdogan",
                "ilham-aliyev",
                "heydar-aliyev",
                "nikol-pashinyan",
                "hulusi-akar",
                "cavid-veliyev",
                "ismail-demir",
                "emily-hawthorne",
                "ali-bakir",
                "hikmet-mirzoyev",
                "yasar-guler",
                "selcuk-bayraktaroglu",
                "d-bahceli",
                "h-fidan",
                "josep-borrell",
                "dmitry-medvedev",
                "mevlut-cavusoglu",
                "hikmet-hajiyev",
                "farid-shafiyev",
                "elman-mammadov",
                "mirzoyan",
            ],
        ),
        (
            "organisations",
            [
                "azerbaijan-ministry-of-defence",
                "turkiye-ministry-of-national-defence",
                "turkish-armed-forces",
                "azerbaijani-armed-forces",
                "turkish-general-staff",
                "ssb",
                "arvak-center",
                "air-center",
                "moshe-dayan-center",
                "jamestown-foundation",
                "stratfor",
                "haqqin-az",
                "azerbaijan-ministry-of-foreign-affairs",
                "armenia-ministry-of-foreign-affairs",
                "russian-peacekeeping-contingent",
                "russian-security-council",
                "us-state-department",
                "nationalist-movement-party",
                "azerbaijan-operational-group",
                "russian-ministry-of-defence",
            ],
        ),
        (
            "places",
            [
                "shusha",
                "lachin",
                "lachin-corridor",
                "karabakh",
                "khankendi",
                "kelbajar",
                "hadrut",
                "aghdam",
                "ankara",
                "baku",
                "konya",
                "ganja-international-airport",
                "yevlakh",
                "nakhchivan",
                "zangezur-corridor",
                "abkhazia",
                "jabrayil",
            ],
        ),
        (
            "agreements",
            [
                "military-training-cooperation-agreement-1992",
                "military-education-technical-scientific-cooperation-agreement-1996",
                "air-force-academy-agreement-2008",
                "strategic-partnership-mutual-assistance-agreement-2010",
                "shusha-declaration-2021",
                "trilateral-statement-2020-11-10",
                "gendarmerie-training-protocol-1997",
                "russian-draft-peacekeeping-mandate",
                "turkish-russian-monitoring-centre-agreement",
                "karabakh-ceasefire-2023-09-20",
            ],
        ),
        (
            "exercises",
            [
                "russian-peacekeepers-lachin-corridor-drills-2021-08",
                "iran-border-exercises-2022-12",
                "turkiye-azerbaijan-exercise-2020-08",
                "turkey-azerbaijan-exercises-2021-09",
            ],
        ),
        (
            "events",
            [
                "capture-of-shusha-2020",
                "goris-kafan-road-incident-2021",
                "azerbaijan-karabakh-operation-2023-09-19",
                "mirzoyev-visit-turkey-2025-01-24",
            ],
        ),
    ],
)
def test_anchor_ids_exist(name, ids):
    present = set(table(name)[PRIMARY_KEYS[name]].astype(str))
    assert not set(ids) - present, f"{name} lost: {sorted(set(ids) - present)}"


@pytest.mark.parametrize(
    ("record_id", "party", "role"),
    [
        ("shusha-declaration-2021", "AZE", "party"),
        ("shusha-declaration-2021", "TUR", "party"),
        ("shusha-declaration-2021", "recep-tayyip-erdogan", "signatory"),
        ("trilateral-statement-2020-11-10", "RUS", "mediator"),
        ("lachin-special-forces-exercise-2021-09", "TUR", "participant"),
        ("turkey-azerbaijan-exercises-2021-09", "PAK", "participant"),
        ("turkish-arms-exports-to-azerbaijan-2020", "TUR", "supplier"),
        ("turkish-arms-exports-to-azerbaijan-2020", "AZE", "recipient"),
        ("five-item-peace-proposal", "AZE", "proposer"),
        ("five-item-peace-proposal", "ARM", "addressee"),
        ("russian-draft-peacekeeping-mandate", "RUS", "proposer"),
        ("azerbaijan-mod-letters-to-russia-2021-09-12", "russian-ministry-of-defence", "addressee"),
    ],
)
def test_anchor_participant(record_id, party, role):
    assert (record_id, party, role) in _participations(), f"{record_id}: no {role} {party}"


@cache
def _participations() -> set[tuple[str, str, str]]:
    p = table("participants")
    party = p["country"].astype("string").fillna(p["organisation_id"]).fillna(p["official_id"])
    return set(zip(p["record_id"].astype(str), party.astype(str), p["role"].astype(str), strict=True))


# ---------------------------------------------------------------------------------------------- date coding
@pytest.mark.parametrize("name", ["agreements", "exercises", "events", "claims"])
def test_open_lower_bound_goes_with_precision_unknown(name):
    """An empty date_start (no lower bound in the sources) is coded with precision `unknown`, and only then."""
    frame = table(name)
    open_start = frame["date_start"].isna()
    unknown = frame["date_precision"].astype(str) == "unknown"
    bad = frame.loc[open_start != unknown, PRIMARY_KEYS[name]].tolist()
    assert not bad, f"{name}: date_start/precision mismatch in {bad}"
    assert frame.loc[open_start, "date_basis"].notna().all(), f"{name}: an open lower bound needs a date_basis"


@pytest.mark.parametrize("name", ["agreements", "exercises", "events"])
def test_no_as_of_point_dates(name):
    """A fact known only to have happened by a report's day is not dated as that day: no 'As of' bases remain."""
    basis = table(name)["date_basis"].astype("string").fillna("")
    assert not basis.str.startswith("As of").any()


# ---------------------------------------------------------------------------------------------- model distinctions
def test_claims_without_a_date_have_an_open_lower_bound():
    """An undated statement is not coded as made on its report's day: interviews ('told me'), present-tense claims."""
    claims = table("claims")
    undated = claims[claims["date_start"].isna()]
    assert len(undated) >= 45
    assert undated["date_basis"].astype(str).str.startswith("No lower bound").all()
    told = claims[claims["cue"].astype("string").fillna("").str.contains("told me")]
    assert len(told) >= 3 and told["date_start"].isna().all()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("news-2021-hawthorne-azerbaijan-gains-modernization", (None, D("2021-07-27"), "unknown")),
        ("news-2021-ilham-aliyev-smaller-version-of-turkish-army", (None, D("2021-07-27"), "unknown")),
        ("mdc-2023-ilham-aliyev-turkiye-message-do-not-interfere", (None, D("2021-09-28"), "unknown")),
        ("arvak-2025-experts-ankara-involvement-explains-success", (None, D("2025-02-04"), "unknown")),
        ("arvak-2025-arvak-turkey-already-demanding-repayment", (D("2025-02-04"), D("2025-02-06"), "week")),
        ("lachin-2021-hajiyev-mandate-discussions-ongoing", (D("2020-11-10"), D("2021-09-06"), "year")),
        ("edm-2023-edm-allies-quick-to-applaud", (D("2023-10-02"), D("2023-12-31"), "season")),
    ],
)
def test_claim_dates(key, expected):
    r = row("claims", key)
    assert (value(r, "date_start"), value(r, "date_end"), value(r, "date_precision")) == expected


def test_alleged_events_name_the_claim_that_asserts_them():
    events = table("events")
    alleged = events["attestation"].astype(str) == "alleged"
    assert alleged.sum() >= 3
    assert events.loc[alleged, "claim_id"].notna().all()
    assert events.loc[~alleged, "claim_id"].isna().all()
    for key in ["karabakh-armenian-authorities-establishment-1991-09", "azerbaijan-arms-imports-from-turkey-increase"]:
        assert value(row("events", key), "attestation") == "alleged"


@pytest.mark.parametrize(
    ("participant_id", "claim_id"),
    [
        ("second-karabakh-war-2020-tur-participant", "arvak-2025-arvak-turkey-took-active-part-2020"),
        (
            "turkish-campaign-against-sdf-planned-azerbaijani-special-forces-participant",
            "arvak-2025-middle-eastern-sources-azerbaijani-special-forces-syria",
        ),
    ],
)
def test_claimed_participation_points_to_its_claim(participant_id, claim_id):
    assert value(row("participants", participant_id), "claim_id") == claim_id


COLUMNS = ("figure_best", "figure_low", "figure_high", "figure_unit")


@pytest.mark.parametrize(
    ("name", "key", "figure"),
    [
        ("claims", "lachin-2021-mammadov-deal-set-1960-peacekeepers", (1960, 1960, 1960, "peacekeepers")),
        ("claims", "lachin-2021-reports-contingent-7000-8000", (None, 7000, 8000, "personnel")),
        ("claims", "edm-2023-edm-over-20-joint-exercises-2022", (None, 21, None, "exercises")),
        ("claims", "arvak-2025-arvak-turkish-syrian-grouping-100-120-thousand", (None, 100000, None, "people")),
        ("events", "azerbaijan-operational-group-generals-appointment-2021", (4, 4, 4, "generals")),
    ],
)
def test_figure_bounds(name, key, figure):
    r = row(name, key)
    got = tuple(value(r, c) for c in COLUMNS)
    assert (
        tuple(None if v is None else (v if c == "figure_unit" else int(v)) for c, v in zip(COLUMNS, got, strict=True))
        == figure
    )


@pytest.mark.parametrize("name", ["claims", "events"])
def test_figures_are_ordered_and_carry_a_unit(name):
    frame = table(name)
    low, best, high = (frame[c].astype("Float64") for c in ("figure_low", "figure_best", "figure_high"))
    assert not ((low > best) | (best > high) | (low > high)).fillna(False).any()
    any_figure = low.notna() | best.notna() | high.notna()
    assert (any_figure == frame["figure_unit"].notna()).all()


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("cavid-veliyev-sam-staff", (D("2009-01-01"), D("2009-12-31"), "year", None, None, None)),
        (
            "cavid-veliyev-sam-head-foreign-policy-analysis",
            (D("2015-01-01"), D("2015-12-31"), "year", D("2019-01-01"), D("2019-12-31"), "year"),
        ),
        (
            "cavid-veliyev-caucasus-international-journal-editor",
            (D("2017-09-01"), D("2017-09-30"), "month", D("2019-01-01"), D("2019-01-31"), "month"),
        ),
    ],
)
def test_terms_of_office(key, expected):
    columns = ("held_from_earliest", "held_from_latest", "held_from_precision")
    columns += ("held_until_earliest", "held_until_latest", "held_until_precision")
    assert tuple(value(row("positions", key), c) for c in columns) == expected


def test_as_of_window_of_two_days_is_not_a_day():
    assert value(row("positions", "hulusi-akar-former-chief-of-general-staff"), "date_precision") == "week"


def test_place_of_signing_and_place_concerned():
    r = row("agreements", "turkish-russian-monitoring-centre-agreement")
    assert (value(r, "place_id"), value(r, "concerns_place_id")) == (None, "aghdam")
    assert value(row("agreements", "military-training-cooperation-agreement-1992"), "place_id") == "ankara"


def test_a_citation_of_two_days_lists_both():
    r = row("citations", "lachin-2021-mod-gov-az-2021-09-06-11")
    assert value(r, "cited_days") == "2021-09-06 2021-09-11"
    assert (value(r, "date_start"), value(r, "date_end"), value(r, "date_precision")) == (
        D("2021-09-06"),
        D("2021-09-11"),
        "day",
    )


def test_source_history():
    history = value(row("sources", "arvak-2025-02-06-quid-pro-quo"), "history")
    assert history is not None and "04.02.2025" in history


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("events", "mammadov-statement-peacekeepers-2021-09-10"),
        ("events", "india-arms-export-plan-armenia-2022-10-06"),
        ("events", "turkish-training-of-azerbaijani-commandos-2022-04-20"),
        ("claims", "mdc-2023-veliyev-normalization-priority-conditions"),
        ("organisations", "armenian-group-opposing-post-war-settlement"),
        ("organisations", "armenian-armed-formations-karabakh"),
        ("participants", "military-training-cooperation-agreement-1992-turkish-armed-forces-supplier"),
        (
            "participants",
            "military-education-technical-scientific-cooperation-agreement-1996-azerbaijani-armed-forces-recipient",
        ),
        ("errata", "erratum-edm-peace-talks-armenian-and-azerbaijan"),
        ("errata", "erratum-mdc-fn18-export-vs-sent"),
    ],
)
def test_second_pass_rows_exist(name, key):
    row(name, key)
