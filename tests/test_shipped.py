"""The shipped package passes every rule, through the API and through the command line."""

from __future__ import annotations

import caucasus_data as cd
from caucasus_data.cli import main


def test_shipped_package_is_valid(root):
    report = cd.validate(root)
    assert report.ok, "\n".join(map(str, report.errors[:20]))


def test_cli_exit_zero_on_shipped_package(root, capsys):
    assert main(["validate", str(root)]) == 0
    assert capsys.readouterr().out.strip().endswith(f"valid: {root}")


def test_every_contract_table_is_there():
    assert {"sources", "agreements", "exercises", "officials", "events", "claims"} <= set(cd.tables())
