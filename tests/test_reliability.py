"""docs/RELIABILITY.md reports what reliability/compare.py computes, and every difference has a resolution."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "reliability"))

import compare  # noqa: E402


@pytest.fixture(scope="module")
def before():
    return compare.compare()


@pytest.fixture(scope="module")
def after():
    return compare.compare(compare.CURRENT)


def test_the_committed_report_is_what_the_script_gives():
    committed = compare.REPORT.read_text(encoding="utf-8")
    assert committed == compare.report_text(), "run: python reliability/compare.py --write"


def test_every_difference_has_a_resolution(before):
    _, listing = compare.render(before)
    unresolved = [line for line in listing.splitlines() if "UNRESOLVED" in line]
    assert not unresolved, unresolved[:5]


def test_every_resolution_says_where_it_was_resolved():
    for rule in compare.resolutions():
        assert rule["where"] in {"data", "manual", "data and manual"}, rule
        assert rule["resolution"].strip(), rule


def test_units_are_aligned_one_to_one(before):
    for table, (first, second, matched) in before.units.items():
        assert matched <= min(first, second), table
    assert before.units["claims"][2] >= 70


def test_alpha_is_krippendorffs_on_a_known_case():
    """Two coders, four units, one difference: D_o = 2/8, D_e = (64 - 22)/56 = 3/4, so alpha = 1 - (1/4)/(3/4) = 2/3."""
    assert compare.alpha(["a", "b", "c", "a"], ["a", "b", "c", "b"]) == pytest.approx(2 / 3)
    assert compare.alpha(["a", "a"], ["a", "a"]) is None


def test_reconciliation_leaves_fewer_differences(before, after):
    """The changes the comparison led to move the shipped data towards the second coding, never further from it."""
    assert len(after.disagreements) < len(before.disagreements)
    assert len(after.unmatched) <= len(before.unmatched)
