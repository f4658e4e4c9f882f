"""Wheel build hook: record the sha256 of every bundled data file (``caucasus_data/_data/SHIPPED-SHA256.json``).

``load()`` compares what it reads from an installed wheel with this record (``caucasus_data.shipped``), so the
data the wheel shipped needs no validation at load time, and a bundled file edited after installation is no
longer trusted. Editable installs read the checkout, which has no record and is always validated. The record
is made by ``caucasus_data/shipped.py`` itself, loaded on its own (the build needs none of the package's
dependencies).
"""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ShippedDataHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        spec = importlib.util.spec_from_file_location("_shipped", root / "src" / "caucasus_data" / "shipped.py")
        assert spec is not None and spec.loader is not None
        shipped = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(shipped)
        record = Path(tempfile.mkdtemp(prefix="caucasus-data-build-")) / shipped.RECORD
        record.write_text(shipped.record_of(root, shipped.data_files(root)), encoding="utf-8")
        build_data["force_include"][str(record)] = f"caucasus_data/_data/{shipped.RECORD}"
