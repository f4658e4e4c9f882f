"""Shared fixtures: the shipped package, and throw-away copies of it that a test may corrupt."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture
def package_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped package (descriptor, schemas, curated tables, raw documents)."""
    target = tmp_path / "package"
    target.mkdir()
    for name in ("datapackage.json",):
        shutil.copy2(ROOT / name, target / name)
    for folder in ("schemas", "curated", "raw"):
        shutil.copytree(ROOT / folder, target / folder)
    return target
