"""countries: COW, Gleditsch–Ward and ISO numeric codes beside every ISO alpha-3 value, derived, never typed.

Regenerating the table from the pinned ``countrycode`` code list must give the committed bytes, and every
column of the package holding an ISO 3166-1 alpha-3 code must be a foreign key into it.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import caucasus_data as cd

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("derive_countries", ROOT / "scripts" / "derive_countries.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(module)
    return module


def test_regenerating_from_the_code_list_gives_the_committed_table():
    committed = (ROOT / "curated" / "countries.csv").read_text(encoding="utf-8")
    assert _script().render() == committed, "run python scripts/derive_countries.py"


def test_the_pinned_countrycode_is_the_one_installed():
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert f'"countrycode=={_script().countrycode_version()}"' in pyproject


def alpha3_columns() -> list[tuple[str, str]]:
    found = []
    for name in cd.tables():
        schema = json.loads((ROOT / f"schemas/{name}.schema.json").read_text(encoding="utf-8"))
        found += [(name, f["name"]) for f in schema["fields"] if "ISO 3166-1 alpha-3" in f["description"]]
    return found


def test_every_alpha3_column_points_into_countries():
    columns = [c for c in alpha3_columns() if c[0] != "countries"]
    assert len(columns) >= 7
    for table, column in columns:
        schema = json.loads((ROOT / f"schemas/{table}.schema.json").read_text(encoding="utf-8"))
        reference = {"fields": [column], "reference": {"resource": "countries", "fields": ["iso3c"]}}
        assert reference in schema["foreignKeys"], (table, column)


def test_the_codes_beside_the_countries_the_data_names():
    countries = cd.load("countries").set_index("iso3c")
    used = set()
    for table, column in alpha3_columns():
        if table != "countries":
            used |= set(cd.load(table)[column].dropna())
    assert used and used <= set(countries.index)
    azerbaijan, turkey = countries.loc["AZE"], countries.loc["TUR"]
    assert (azerbaijan["iso_numeric"], azerbaijan["cow_code"], azerbaijan["gw_code"]) == ("031", "373", "373")
    assert (turkey["iso_numeric"], turkey["cow_code"], turkey["gw_code"]) == ("792", "640", "640")
    germany = countries.loc["DEU"]  # where the two state lists differ, each keeps its own number
    assert (germany["cow_code"], germany["gw_code"], germany["cow_abbreviation"]) == ("255", "260", "GMY")


def test_a_code_that_is_not_a_country_is_a_foreign_key_error(pkg):
    line = pkg.add_event()
    row = pkg.append(
        "participants",
        participant_id="zz-visit-trk-participant",
        record_table="events",
        record_id="zz-visit",
        country="TRK",
        role="participant",
    )
    assert ("curated/participants.csv", row, "foreign-key", "country") in pkg.new(allow=frozenset({"evidence"}))
    assert line
