"""How to cite: CITATION.cff against the CFF 1.2.0 schema, .zenodo.json, BibTeX, the text form and one row.

The CFF schema is the one the cffconvert package ships (tests/data/citation-file-format-1.2.0.schema.json,
copied from cffconvert 2.0.0), so the check needs no network.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from caucasus_data import citation
from caucasus_data.cli import main

ROOT = Path(__file__).resolve().parents[1]
CFF_SCHEMA = Path(__file__).parent / "data" / "citation-file-format-1.2.0.schema.json"


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_citation_cff_is_valid_citation_file_format_1_2_0():
    record = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    schema = json.loads(CFF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(record, schema)  # raises on any violation
    assert record["cff-version"] == "1.2.0" and record["type"] == "dataset"


def test_committed_citation_files_are_what_the_descriptor_gives(capsys):
    """Edit datapackage.json, then regenerate: `caucasus-data cite --format cff > CITATION.cff`, same for zenodo."""
    data = citation.dataset(ROOT)
    assert (ROOT / "CITATION.cff").read_text(encoding="utf-8") == citation.cff(data)
    assert (ROOT / ".zenodo.json").read_text(encoding="utf-8") == citation.zenodo(data)
    code, out, _ = cli(capsys, "cite", "--format", "cff", "--dir", str(ROOT))
    assert (code, out) == (0, citation.cff(data))


def test_every_form_names_the_version_the_authors_the_title_the_url_and_the_date():
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    data = citation.dataset(ROOT)
    assert data.version == descriptor["version"]
    assert data.authors == [c["title"] for c in descriptor["contributors"]]
    assert data.date == descriptor["created"][:10]
    cff = yaml.safe_load(citation.cff(data))
    assert (cff["version"], cff["title"], cff["url"], cff["date-released"]) == (
        data.version,
        descriptor["title"],
        descriptor["homepage"],
        data.date,
    )
    assert [a["name"] for a in cff["authors"]] == data.authors
    zenodo = json.loads(citation.zenodo(data))
    assert (zenodo["version"], zenodo["publication_date"], zenodo["upload_type"]) == (
        data.version,
        data.date,
        "dataset",
    )
    text = citation.text(data)
    assert data.version in text and data.url in text and data.authors[0] in text and f"({data.year})" in text


def test_bibtex_entry_has_authors_title_version_url_and_date():
    data = citation.dataset(ROOT)
    entry = citation.bibtex(data)
    fields = dict(re.findall(r"^  (\w+)\s+= \{(.*)\},?$", entry, re.M))
    assert entry.startswith(f"@misc{{caucasus_data_{data.version.replace('.', '_')},")
    assert fields["author"] == "{caucasus-data contributors}"  # braced: an organisation, not a family name
    assert fields["title"] == 'caucasus-data: the Azerbaijan--T{\\"u}rkiye military relationship in the South Caucasus'
    assert (fields["version"], fields["url"], fields["date"], fields["year"]) == (
        data.version,
        data.url,
        data.date,
        data.year,
    )
    assert entry.count("{") == entry.count("}")  # balanced, so BibTeX reads it


def test_a_row_is_cited_by_dataset_version_table_and_id_with_its_sources(capsys):
    code, out, err = cli(capsys, "cite", "events/shusha-visit-2021-06-15", "--dir", str(ROOT))
    assert (code, err) == (0, "")
    first, *sources = out.rstrip("\n").split("\n")
    assert "version " + citation.dataset(ROOT).version in first
    assert "Table events, row shusha-visit-2021-06-15, from source news-2021-07-27-military-ties." in first
    assert sources and sources[0].startswith("  news-2021-07-27-military-ties: ")
    assert "published 2021-07-27" in sources[0]


def test_a_row_in_bibtex_has_a_key_of_its_own(capsys):
    code, out, _ = cli(capsys, "cite", "events/shusha-visit-2021-06-15", "--format", "bibtex", "--dir", str(ROOT))
    assert code == 0
    assert out.startswith(
        "@misc{caucasus_data_0_1_0_events_shusha_visit_2021_06_15,".replace(
            "0_1_0", "_".join(citation.dataset(ROOT).version.split("."))
        )
    )
    assert "Table events, row shusha-visit-2021-06-15" in out


@pytest.mark.parametrize(
    ("address", "says"),
    [
        ("events", "is not TABLE/ID"),
        ("event/shusha-visit-2021-06-15", "no table 'event'; the tables are: sources"),
        ("events/no-such-event", "no row of events has event_id 'no-such-event'"),
    ],
)
def test_a_row_that_does_not_exist_is_refused_with_exit_2(capsys, address, says):
    code, out, err = cli(capsys, "cite", address, "--dir", str(ROOT))
    assert (code, out) == (2, "")
    assert says in err and "Traceback" not in err


def test_a_source_row_is_cited_with_its_own_title_and_window(capsys):
    code, out, _ = cli(capsys, "cite", "sources/arvak-2025-02-06-quid-pro-quo", "--dir", str(ROOT))
    assert code == 0
    assert "  arvak-2025-02-06-quid-pro-quo: Quid pro quo in Turkish-Azerbaijani relations" in out
    assert "published 2025-02-06" in out


def test_cff_of_a_row_is_refused(capsys):
    code, _, err = cli(capsys, "cite", "events/shusha-visit-2021-06-15", "--format", "cff", "--dir", str(ROOT))
    assert code == 2 and "as a whole" in err
