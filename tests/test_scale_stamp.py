"""The validation stamp: a later process loads a package that passed without validating it again, and any
changed byte of any file the validation reads (descriptor, schema, table, raw document) means validating again.
The stock profile checks of the descriptors are kept the same way.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caucasus_data import InvalidDataError, cache, load_all, stamp
from caucasus_data.model import read_package_or_fail
from caucasus_data.snapshot import Snapshot

load_module = importlib.import_module("caucasus_data.load")  # the module, not the function it exports


@pytest.fixture
def cache_folder(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_VARIABLE, str(folder))
    load_module._passed.clear()
    yield folder
    load_module._passed.clear()


def reading(root: Path) -> Snapshot:
    """The package's files as ``load`` reads them before it decides whether to validate."""
    files = Snapshot(root, keep=True, digests=True)
    assert load_module._read_everything(files, read_package_or_fail(files))
    return files


def fingerprint(root: Path) -> str:
    """The key a pass of the package's bytes, as one reading of them finds them now, is stamped under."""
    return stamp.validated_key(reading(root), read_package_or_fail(root).version)


def key_of(root: Path, files: list[str]) -> str:
    """The key of a reading of ``files``, whether or not they still make a readable package."""
    snapshot = Snapshot(root, digests=True)
    for rel in files:
        snapshot.read(rel)
    return stamp.validated_key(snapshot, "0.1.0")


def stamps(cache: Path) -> list[str]:
    folder = cache / "validated"
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def files_read(root: Path) -> list[Path]:
    """Every file the validation reads: descriptor, schemas, tables and the raw documents."""
    found = [p for folder in ("schemas", "curated", "raw") for p in (root / folder).iterdir()]
    return sorted([*found, root / "datapackage.json"])


def test_a_pass_is_stamped_and_a_later_load_does_not_validate(package_copy, cache_folder, monkeypatch):
    load_all(path=package_copy)
    assert stamps(cache_folder) == [fingerprint(package_copy)]

    load_module._passed.clear()

    def must_not_run(files, *args, **kwargs):
        raise AssertionError("validated again although the bytes passed before")

    monkeypatch.setattr("caucasus_data.validator.check_snapshot", must_not_run)
    assert set(load_all(path=package_copy)) == set(load_module.tables(package_copy))


def test_a_second_process_skips_validation(package_copy, cache_folder):
    code = (
        "import sys, caucasus_data as cd\n"
        f"cd.load_all(path={str(package_copy)!r})\n"
        "print('validated' if 'caucasus_data.validator' in sys.modules else 'skipped')\n"
    )
    env = dict(os.environ, **{cache.CACHE_VARIABLE: str(cache_folder)})
    runs = [subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True) for _ in range(2)]
    assert [r.stdout.strip() for r in runs] == ["validated", "skipped"], runs[0].stderr + runs[1].stderr


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_changed_byte_changes_the_fingerprint(package_copy, data):
    read = reading(package_copy).files  # what load reads: every file the validation reads
    assert read == [p.relative_to(package_copy).as_posix() for p in files_read(package_copy)]
    before = key_of(package_copy, read)
    path = data.draw(st.sampled_from(files_read(package_copy)), label="file")
    original = path.read_bytes()
    at = data.draw(st.integers(0, len(original) - 1), label="offset")
    flipped = bytes([original[at] ^ data.draw(st.integers(1, 255), label="xor")])
    path.write_bytes(original[:at] + flipped + original[at + 1 :])
    try:
        assert key_of(package_copy, read) != before
    finally:
        path.write_bytes(original)
    assert key_of(package_copy, read) == before


def test_a_changed_file_is_validated_again(package_copy, cache_folder):
    load_all(path=package_copy)
    events = package_copy / "curated" / "events.csv"
    lines = events.read_text(encoding="utf-8").splitlines(keepends=True)
    first, *rest = lines[1].split(",")
    events.write_text(lines[0] + ",".join([first + "-renamed", *rest]) + "".join(lines[2:]), encoding="utf-8")
    with pytest.raises(InvalidDataError):  # evidence no longer backs the renamed event
        load_all(path=package_copy)
    assert len(stamps(cache_folder)) == 1  # only the earlier pass


def test_a_changed_validator_is_a_different_fingerprint(package_copy, monkeypatch):
    before = fingerprint(package_copy)
    monkeypatch.setattr(stamp, "_code_digest", lambda: "another validator")
    assert fingerprint(package_copy) != before


def test_an_unwritable_cache_only_means_no_stamp(package_copy, cache_folder):
    cache_folder.write_text("a file where the cache folder should be", encoding="utf-8")
    assert load_all(path=package_copy)
    assert cache_folder.is_file()


def test_profile_results_are_reused_only_for_the_same_descriptor_bytes(package_copy, cache_folder):
    descriptor = package_copy / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    licenses = data["licenses"]
    data["licenses"] = [{"title": "only a title"}]  # the stock Data Package profile wants a name or a path
    descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code = (
        "import sys, caucasus_data as cd\n"
        f"r = cd.validate({str(package_copy)!r})\n"
        "print(sorted(e.message for e in r.errors if 'profile' in e.message))\n"
        "print('frictionless' if 'frictionless' in sys.modules else 'no frictionless')\n"
    )
    env = dict(os.environ, **{cache.CACHE_VARIABLE: str(cache_folder)})

    def run() -> list[str]:
        done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
        return done.stdout.splitlines()

    first, second = run(), run()
    assert "license" in first[0]
    assert first == [first[0], "frictionless"]  # checked by frictionless itself
    assert second == [first[0], "no frictionless"]  # the same bytes: its result kept
    data["licenses"] = licenses
    descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")
    # other bytes: the kept finding is not reused, and these are known clean without frictionless
    assert run() == ["[]", "no frictionless"]
