"""At scale, with 1% of rows broken, the validator reports exactly the injected errors: speed loses none.

The package is the shipped one scaled by ``benchmarks/scale.py`` (new ids, references rewritten, quotes kept)
and broken by ``benchmarks/corrupt.py``, the same code the benchmark times: impossible dates, duplicated ids,
dangling references, ends before starts and dates after every reporting source's publication window.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import caucasus_data as cd
from caucasus_data.cli import main
from caucasus_data.reporters import TEXT_CAP

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from scale import KINDS, build

ROWS = 20_000  # rows of the largest table: 1% is 200 broken rows, 40 of each kind


def found(report) -> set[tuple[str, int, str]]:
    return {(e.path, e.line, e.rule) for e in report.errors}


@pytest.fixture(scope="module")
def corrupted(root, tmp_path_factory):
    return build(root, tmp_path_factory.mktemp("scaled") / "package", ROWS, corrupt=True)


def test_the_scaled_package_is_valid_before_it_is_broken(root, tmp_path):
    scaled = build(root, tmp_path / "package", ROWS)
    assert max(scaled.rows.values()) >= ROWS
    report = cd.validate(scaled.root)
    assert report.ok, "\n".join(map(str, report.errors[:10]))


def test_every_kind_of_error_is_injected_into_one_percent_of_rows(corrupted):
    counts = Counter(rule for _, _, rule in corrupted.injected)
    assert set(counts) == set(KINDS)
    assert sum(counts.values()) == round(0.01 * max(corrupted.rows.values()))


def test_exactly_the_injected_errors_are_reported(corrupted):
    report = cd.validate(corrupted.root)
    assert len(report.errors) == len(corrupted.injected)
    assert found(report) == corrupted.injected


@pytest.mark.parametrize("peer", ["duckdb", "polars"])
def test_the_benchmark_peers_count_what_the_validator_finds_with_the_same_checks(corrupted, peer):
    """A peer that crashed, or counted otherwise, would time something else than the work it is set beside."""
    import subprocess

    from peers import SAME_CHECKS

    from caucasus_data.validator import validate_folder

    argv = [sys.executable, str(Path(__file__).resolve().parents[1] / "benchmarks" / "peers.py"), peer]
    done = subprocess.run([*argv, str(corrupted.root)], capture_output=True, text=True, check=True)
    report = validate_folder(corrupted.root, select=SAME_CHECKS)
    assert json.loads(done.stdout)["failing"] == len(report.errors) > 0


def test_mapped_files_give_the_same_report(corrupted, monkeypatch):
    """Large files are read through a memory map: forced on every file, the report is the same error for error."""
    from caucasus_data import filebytes

    unmapped = cd.validate(corrupted.root)
    monkeypatch.setattr(filebytes, "MAPPED_FROM", 1)
    mapped = cd.validate(corrupted.root)
    assert [e.to_dict() for e in mapped.errors] == [e.to_dict() for e in unmapped.errors]
    assert found(mapped) == corrupted.injected


def test_json_lists_every_error_uncapped(corrupted, capsys):
    assert main(["validate", str(corrupted.root), "--format", "json"]) == 1
    errors = json.loads(capsys.readouterr().out)["errors"]
    assert {(e["path"], e["line"], e["rule"]) for e in errors} == corrupted.injected
    assert len(errors) == len(corrupted.injected)


def test_text_caps_each_rule_per_file_and_counts_the_rest(corrupted, capsys):
    assert main(["validate", str(corrupted.root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    per_file = Counter((path, rule) for path, _, rule in corrupted.injected)
    for (path, rule), total in per_file.items():
        listed = [ln for ln in lines if re.match(rf"{re.escape(path)}:\d+: \[{rule}\]", ln)]
        assert len(listed) == min(total, TEXT_CAP)
        if total > TEXT_CAP:
            assert f"{path}: [{rule}] ... and {total - TEXT_CAP} more {rule} errors in this file" in "\n".join(lines)
    assert lines[-1].startswith(f"{len(corrupted.injected)} errors (")


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32 - 1))
def test_any_choice_of_broken_rows_is_reported_exactly(root, tmp_path_factory, seed):
    scaled = build(root, tmp_path_factory.mktemp("seeded") / "package", 3_000, corrupt=True, seed=seed)
    assert found(cd.validate(scaled.root)) == scaled.injected
