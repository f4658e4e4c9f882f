"""This installation's descriptors read without pydantic: the same reading as the models, and only of recorded bytes.

An installation is simulated in-process by pointing :data:`caucasus_data.shipped.INSTALLED` at a copy of the
package that holds a record made the way the wheel's build makes it (``tests/test_wheel.py`` does the same
with a real wheel, in a fresh environment).
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_package, forget_passes
from hypothesis import given, settings
from hypothesis import strategies as st

import caucasus_data as cd
from caucasus_data import model, shipped, shipped_schema, validator
from caucasus_data.model import TableSchema, UnreadablePackage
from caucasus_data.schema_spec import FieldSpec, SchemaSpec
from caucasus_data.snapshot import Snapshot

FIELD_ATTRIBUTES = sorted(n for n, v in vars(FieldSpec).items() if isinstance(v, property))
SCHEMA_ATTRIBUTES = sorted(n for n, v in vars(SchemaSpec).items() if isinstance(v, property) and n != "fields")
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


def record(folder: Path) -> None:
    (folder / shipped.RECORD).write_text(shipped.record_of(folder, shipped.data_files(folder)), encoding="utf-8")


@pytest.fixture
def installed(tmp_path, monkeypatch) -> Path:
    """A copy of the package with a record, taken for this installation's data folder."""
    folder = copy_package(tmp_path / "installed").resolve()
    record(folder)
    monkeypatch.setattr(shipped, "INSTALLED", folder)
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path / "cache"))
    forget_passes()
    yield folder
    forget_passes()


def refuse(*_args, **_kwargs):
    raise AssertionError("the recorded descriptors were read with the models, or validated")


def assert_read_alike(data: dict) -> None:
    """Every attribute reading and converting a table use is the same in both readings of ``data``."""
    models, plain = TableSchema.model_validate(data), shipped_schema.ShippedSchema(data)
    for name in SCHEMA_ATTRIBUTES:
        assert getattr(plain, name) == getattr(models, name), name
    assert len(plain.fields) == len(models.fields)
    for ours, theirs in zip(plain.fields, models.fields, strict=True):
        for name in FIELD_ATTRIBUTES:
            assert getattr(ours, name) == getattr(theirs, name), (theirs.name, name)


def test_the_protocols_name_what_the_readers_use():
    """A protocol emptied by mistake would make the comparisons below compare nothing."""
    assert {"name", "type", "description", "required", "enum", "trueValues", "falseValues"} <= set(FIELD_ATTRIBUTES)
    assert {"description", "primaryKey"} <= set(SCHEMA_ATTRIBUTES)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_shipped_schema_reads_as_the_models_read_it(path):
    assert_read_alike(json.loads(path.read_text(encoding="utf-8")))


NAMES = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
TEXT = st.text(min_size=1, max_size=12)


@st.composite
def fields(draw, name: str) -> dict:
    """A field as a schema may write it: each key the models default left out or given."""
    kind = draw(st.sampled_from(["string", "date", "boolean", "integer", "number"]))
    field: dict = {"name": name, "type": kind, "description": draw(TEXT)}
    constraints = {}
    if draw(st.booleans()):
        constraints["required"] = draw(st.booleans())
    if kind == "string" and draw(st.booleans()):
        constraints["enum"] = draw(st.lists(TEXT, min_size=1, max_size=4, unique=True))
    if constraints or draw(st.booleans()):
        field["constraints"] = constraints
    if kind == "boolean":
        for key in ("trueValues", "falseValues"):
            if draw(st.booleans()):
                field[key] = draw(st.lists(TEXT, min_size=1, max_size=3))
    return field


@st.composite
def schemas(draw) -> dict:
    names = draw(st.lists(NAMES, min_size=1, max_size=6, unique=True))
    schema: dict = {"fields": [draw(fields(n)) for n in names], "primaryKey": [names[0]]}
    if draw(st.booleans()):
        schema["description"] = draw(st.text(max_size=12))
    return schema


@settings(max_examples=150, deadline=None)
@given(schemas())
def test_a_schema_with_any_default_left_out_reads_as_the_models_read_it(data):
    assert_read_alike(data)


@pytest.mark.parametrize("backend", ["pandas", "pyarrow", "polars"])
def test_the_recorded_descriptors_give_the_frames_the_models_give(installed, monkeypatch, backend):
    expected, names = cd.load_all(path=ROOT, backend=backend), cd.tables(ROOT)
    monkeypatch.setattr(model, "read_package_or_fail", refuse)
    monkeypatch.setattr(validator, "check_snapshot", refuse)
    loaded = cd.load_all(path=installed, backend=backend)
    assert list(loaded) == list(expected)
    for name, frame in loaded.items():
        if backend == "pandas":
            assert frame.equals(expected[name]) and frame.attrs == expected[name].attrs, name
            assert list(frame.dtypes) == list(expected[name].dtypes), name
        elif backend == "pyarrow":
            assert frame.equals(expected[name], check_metadata=True), name
        else:
            assert frame.equals(expected[name]) and frame.schema == expected[name].schema, name
    assert cd.tables(installed) == names


def test_loading_the_recorded_data_imports_neither_pydantic_nor_the_models(installed):
    import subprocess
    import sys

    code = (
        "import sys\nfrom pathlib import Path\nfrom caucasus_data import shipped\n"
        f"shipped.INSTALLED = Path({str(installed)!r})\n"
        "import caucasus_data as cd\n"
        f"print(len(cd.load('events', path={str(installed)!r})))\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic' or m in "
        "('caucasus_data.model', 'caucasus_data.validator')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rows, imported = done.stdout.splitlines()
    assert int(rows) == len(cd.load("events")) and imported == "[]"


def break_first_event(folder: Path) -> None:
    """A cell that would start a spreadsheet formula: a `structure` or safety finding, not a crash."""
    events = folder / "curated" / "events.csv"
    header, first, rest = events.read_bytes().split(b"\n", 2)
    events.write_bytes(b"\n".join([header, first.replace(b",", b",=1+1,", 1), rest]))


def test_a_record_outside_this_installation_vouches_for_nothing(tmp_path, monkeypatch):
    """A record is only a list of hashes: one written into a folder for its own broken bytes is not believed."""
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path / "cache"))
    forged = copy_package(tmp_path / "forged")
    break_first_event(forged)
    record(forged)
    assert shipped.recorded(forged) is None and shipped_schema.read(Snapshot(forged.resolve())) is None
    with pytest.raises(cd.InvalidDataError, match=r"is not valid"):
        cd.load("events", path=forged)


def test_an_installed_file_that_differs_from_the_record_is_validated(installed):
    break_first_event(installed)
    with pytest.raises(cd.InvalidDataError, match=r"curated/events\.csv"):
        cd.load("events", path=installed)


def test_a_schema_that_differs_from_the_record_is_read_with_the_models(installed):
    path = installed / "schemas" / "events.schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["fields"][0]["type"] = "text"  # not a type: the models say so, the plain reading would not
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    assert shipped_schema.read(Snapshot(installed)) is None
    with pytest.raises(UnreadablePackage, match=r"schemas/events\.schema\.json: fields\[0\]"):
        cd.load("events", path=installed)


def test_recorded_descriptors_the_plain_reading_cannot_take_go_to_the_models(installed):
    """A wheel built from a package that does not pass: its record vouches for the bytes, the models refuse them."""
    path = installed / "schemas" / "events.schema.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    del data["primaryKey"]
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    record(installed)
    assert shipped_schema.read(Snapshot(installed)) is None
    with pytest.raises(UnreadablePackage, match=r"primaryKey"):
        cd.load("events", path=installed)


def test_a_descriptor_missing_from_the_record_is_read_with_the_models(installed):
    """The record vouches for the new datapackage.json, not for the schema it now names: the models read both."""
    shutil.copy(installed / "schemas" / "events.schema.json", installed / "schemas" / "copy.schema.json")
    descriptor = json.loads((installed / "datapackage.json").read_text(encoding="utf-8"))
    (events,) = (r for r in descriptor["resources"] if r["name"] == "events")
    events["schema"] = "schemas/copy.schema.json"
    (installed / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    files = json.loads((installed / shipped.RECORD).read_text(encoding="utf-8"))["files"]
    files["datapackage.json"] = hashlib.sha256((installed / "datapackage.json").read_bytes()).hexdigest()
    (installed / shipped.RECORD).write_text(json.dumps({"files": files}), encoding="utf-8")
    assert shipped_schema.read(Snapshot(installed)) is None
    assert cd.load("events", path=installed).equals(cd.load("events", path=ROOT))
