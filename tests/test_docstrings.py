"""The examples in the public docstrings run, and say what they show (doctest)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import caucasus_data

MODULES = sorted(
    ["caucasus_data"]
    + [
        m.name
        for m in pkgutil.walk_packages(caucasus_data.__path__, "caucasus_data.")
        if not m.name.endswith("__main__")
    ]
)


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_in_the_docstrings_run(name, tmp_path, monkeypatch):
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path / "cache"))
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed"


def test_the_public_api_is_documented_with_examples():
    for name in ("tables", "load", "load_all", "validate"):
        doc = getattr(caucasus_data, name).__doc__ or ""
        assert ">>>" in doc, name
