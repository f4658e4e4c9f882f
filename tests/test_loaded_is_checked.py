"""What 0.1 got wrong, each a test that fails on it: a loaded table is exactly what was checked, and a
descriptor typo is an error, not a rule switched off in silence.

Only the public API and the module of one rule are used here, so that the same tests run against 0.1.
"""

from __future__ import annotations

import json

import pytest
from conftest import forget_passes, swap_first_event_dates

import caucasus_data as cd


def test_a_file_edited_after_a_first_load_is_validated_again(copy):
    cd.load("events", path=copy)
    swap_first_event_dates(copy)
    with pytest.raises(cd.InvalidDataError, match="date-order"):
        cd.load("events", path=copy)
    assert not cd.validate(copy)


def test_bytes_swapped_after_validation_are_not_loaded(copy, monkeypatch):
    """A file rewritten while the package is validated: the frame holds the bytes that passed, not the new ones."""
    from caucasus_data.rules import dates

    before = cd.load("events", validate=False, path=copy)
    real = dates.check

    def check_then_swap(ctx):
        found = real(ctx)
        swap_first_event_dates(copy)
        return found

    monkeypatch.setattr(dates, "check", check_then_swap)
    loaded = cd.load("events", path=copy)
    assert loaded["date_start"].tolist() == before["date_start"].tolist()
    monkeypatch.undo()
    forget_passes()
    with pytest.raises(cd.InvalidDataError):  # the swapped bytes, read now, are checked and refused
        cd.load("events", path=copy)


def test_a_typo_inside_a_project_extension_is_a_descriptor_error(copy):
    path = copy / "schemas" / "events.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema["x-dates"][0]["windw"] = schema["x-dates"][0].pop("window")
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    found = [e for e in cd.validate(copy).errors if e.rule == "datapackage"]
    assert [e.path for e in found] == ["schemas/events.schema.json"]
    assert "x-dates[0].windw: is not a key this project knows" in found[0].message
