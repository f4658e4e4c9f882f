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


def test_stock_frictionless_validation_passes(root):
    """The contract promises that `frictionless validate datapackage.json` passes on the shipped data."""
    from frictionless import validate

    report = validate(root / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_contract_tables_have_the_contract_keys():
    keys = {
        "sources": "source_id",
        "agreements": "agreement_id",
        "exercises": "exercise_id",
        "officials": "official_id",
        "events": "event_id",
        "claims": "claim_id",
    }
    for table, key in keys.items():
        assert cd.load(table).attrs["primary_key"] == [key]
    assert {"date_start", "date_end", "date_precision"} <= set(cd.load("events").columns)
    sources = cd.load("sources")
    assert {"title", "author", "publisher", "language", "raw_path", "sha256"} <= set(sources.columns)
    assert {"published_earliest", "published_latest"} <= set(sources.columns)


def test_every_raw_document_is_a_source(root):
    assert sorted(cd.load("sources")["raw_path"]) == sorted(f"raw/{p.name}" for p in (root / "raw").iterdir())
