"""The static site: quotes found in the raw text, overlapping marks nested, dates in words, a reproducible build."""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from pathlib import Path

import pytest
from conftest import copy_package, tree_digest
from hypothesis import given
from hypothesis import strategies as st
from screenshots import MANIFEST, digests

from caucasus_data.cli import main
from caucasus_data.site import InvalidPackageError, SiteError, build_site
from caucasus_data.site.dates import bounds_words
from caucasus_data.site.highlight import Span, render
from caucasus_data.site.offsets import FoldedText
from caucasus_data.text import normalise

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


def evidence_rows() -> list[dict[str, str]]:
    with (ROOT / "curated" / "evidence.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


# Offsets: a quote compared normalised, marked on the raw characters


def test_quote_found_across_folded_space_and_nbsp():
    raw = "Before.\n\nThe  Shusha\u00a0Declaration\nwas signed."
    start, end = FoldedText.of(raw).find("The Shusha Declaration was")
    assert raw[start:end] == "The  Shusha\u00a0Declaration\nwas"


def test_quote_found_when_raw_text_is_decomposed():
    raw = "Prime Minister Pashinya\u0301n said"  # á as a + combining acute
    quote = unicodedata.normalize("NFC", "Pashinyán said")
    start, end = FoldedText.of(raw).find(quote)
    assert raw[start:end] == "Pashinya\u0301n said"


words = st.text(alphabet=["a", "b", "e", "\u0301", "é", " ", "\u00a0", "\n", "c", "\u0327", "\u0323"], max_size=40)


def test_a_quote_of_one_base_character_marks_its_whole_combining_sequence():
    raw = "e\u0323\u0301\u0301\u0301 x"  # e, dot below, three acutes: NFC keeps three marks after one character
    folded = FoldedText.of(raw)
    start, end = folded.find(folded.text[0])
    assert raw[start:end] == "e\u0323\u0301\u0301\u0301"


@given(words, st.integers(0, 40), st.integers(1, 20))
def test_every_found_span_normalises_to_the_quote(raw, at, size):
    folded = FoldedText.of(raw)
    assert folded.text.strip() == normalise(raw)
    quote = normalise(folded.text[at : at + size])
    if not quote:
        return
    span = folded.find(quote)
    assert span is not None
    marked = normalise(raw[span[0] : span[1]])
    # Whole raw characters: a quote that starts or ends inside a combining sequence marks all of it, and nothing
    # more. What the mark holds beyond the quote is the rest of the sequences at its two ends: at the end only
    # combining marks; at the start, a base character and its marks, and only when the quote starts on a mark.
    assert any(_extends_by_sequences(marked, quote, i) for i in _occurrences(marked, quote))


def _occurrences(text: str, part: str) -> list[int]:
    return [i for i in range(len(text) - len(part) + 1) if text.startswith(part, i)]


def _extends_by_sequences(marked: str, quote: str, at: int) -> bool:
    before, after = marked[:at], marked[at + len(quote) :]
    if not all(unicodedata.combining(ch) for ch in after):
        return False
    if not before:
        return True
    return bool(unicodedata.combining(quote[0])) and all(unicodedata.combining(ch) for ch in before[1:])


# Highlighting: overlapping spans as nested HTML that loses no text


def _strip(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")


def test_overlapping_quotes_nest_and_keep_one_id_each():
    raw = "one two three four five"
    spans = [
        Span(0, 13, "mark", (("id", "evidence-a"),), (("data-evidence", "a"),)),
        Span(8, 23, "mark", (("id", "evidence-b"),), (("data-evidence", "b"),)),
    ]
    html = str(render(raw, spans))
    assert _strip(html) == raw
    assert html.count('id="evidence-a"') == 1 and html.count('id="evidence-b"') == 1
    assert html == (
        '<mark id="evidence-a">one two <mark id="evidence-b">three</mark></mark>'
        '<mark data-evidence="b"> four five</mark>'
    )


spans_strategy = st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=8)


@given(st.text(alphabet="ab<&> \n", max_size=30), spans_strategy)
def test_any_spans_render_balanced_and_lossless(raw, pairs):
    spans = [
        Span(min(a, b), max(a, b), "mark", (("id", f"e{i}"),), (("data-e", str(i)),)) for i, (a, b) in enumerate(pairs)
    ]
    html = str(render(raw, spans))
    assert _strip(html) == raw
    depth = 0
    for tag in re.findall(r"</?mark", html):
        depth += -1 if tag.startswith("</") else 1
        assert depth >= 0
    assert depth == 0
    for i, s in enumerate(spans):
        if 0 <= s.start < s.end <= len(raw):
            assert html.count(f'id="e{i}"') == 1


# Dates in words


def test_dates_in_words():
    import datetime as dt

    assert bounds_words(dt.date(2020, 11, 10), dt.date(2021, 4, 16), "month") == (
        "some day between 10 Nov 2020 and 16 Apr 2021; stated to the month"
    )
    assert bounds_words(dt.date(2021, 6, 15), dt.date(2021, 6, 15), "day") == "on 15 Jun 2021; stated to the day"
    open_lower = bounds_words(None, dt.date(2023, 12, 31), "unknown")
    assert open_lower.startswith("some day on or before 31 Dec 2023 (open lower bound")


# The built site


def test_every_evidence_row_is_marked_once_in_its_source_page(site):
    by_source: dict[str, set[str]] = {}
    for row in evidence_rows():
        by_source.setdefault(row["source_id"], set()).add(row["evidence_id"])
    for source_id, ids in by_source.items():
        html = (site / "sources" / f"{source_id}.html").read_text(encoding="utf-8")
        marked = re.findall(r'<mark id="evidence-([a-z0-9-]+)"', html)
        assert sorted(marked) == sorted(ids)


def test_a_page_for_every_row_of_every_table(site):
    from caucasus_data.site.dataset import Dataset

    data = Dataset.read(ROOT)
    for table in data.paged_tables:
        for key in data.by_id[table]:
            assert (site / table / f"{key}.html").is_file(), f"{table}/{key}.html"


def test_shusha_record_shows_quotes_in_two_sources_claims_and_relations(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="agreements/shusha-declaration-2021.html"' in index
    html = (site / "agreements" / "shusha-declaration-2021.html").read_text(encoding="utf-8")
    linked_sources = set(re.findall(r'href="\.\./sources/([a-z0-9-]+)\.html#evidence-', html))
    assert len(linked_sources) >= 2
    assert 'id="claims"' in html and 'id="relations"' in html
    assert "Table agreements, row shusha-declaration-2021." in html


def test_record_page_shows_every_field_with_its_schema_description(site):
    schema = json.loads((ROOT / "schemas" / "exercises.schema.json").read_text(encoding="utf-8"))
    html = (site / "exercises" / "armenia-us-joint-drills.html").read_text(encoding="utf-8")
    from markupsafe import escape

    for field in schema["fields"]:
        assert f"<code>{field['name']}</code>" in html
        assert str(escape(field["description"])) in html
    assert "open lower bound" in html


def test_every_chart_has_alt_text_and_no_remote_reference(site):
    for page in ("timeline.html", "graph.html"):
        html = (site / page).read_text(encoding="utf-8")
        assert re.search(r'role="img" aria-label="[^"]{40,}"', html)
    for path in site.rglob("*"):
        if path.is_file():  # a link a reader may follow is fine; nothing may load from another host
            text = path.read_text(encoding="utf-8")
            assert not re.findall(r'<(?:script|link|img|iframe|image|use)\b[^>]+(?:src|href)="(?:[a-z]+:)?//', text), (
                path
            )
            assert "url(" not in text or path.suffix != ".css"


def test_rebuild_gives_the_same_bytes(site, tmp_path):
    again = tmp_path / "again"
    build_site(ROOT, again)
    assert tree_digest(again) == tree_digest(site)


def test_invalid_package_writes_nothing(tmp_path, capsys):
    package = copy_package(tmp_path / "pkg")
    events = package / "curated" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8").replace(",day,", ",fortnight,", 1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["site", str(package), "--out", str(out)]) == 1
    assert "[enum]" in capsys.readouterr().out
    assert not out.exists()
    with pytest.raises(InvalidPackageError):
        build_site(package, out)


def test_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path):
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(SiteError):
        build_site(ROOT, out)
    assert (out / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_screenshots_are_current(site):
    committed = json.loads(MANIFEST.read_text(encoding="utf-8"))
    assert committed == digests(site), "docs/site-*.png are out of date: run `python tests/screenshots.py`"
    for picture in committed:
        assert (ROOT / "docs" / picture).is_file()


def test_readme_site_command_output(site, tmp_path, capsys, monkeypatch):
    """The README's site section shows this command and the lines it prints."""
    monkeypatch.chdir(ROOT)
    assert main(["site", "--out", str(tmp_path / "site")]) == 0
    captured = capsys.readouterr()
    assert "building the site of the package in the current folder" in captured.err
    printed = captured.out.splitlines()
    assert re.fullmatch(r"wrote \d+ pages \([\d,]+ bytes\) to .* in [\d.]+ s", printed[0])
    assert printed[1].startswith("open file://") and printed[1].endswith("/index.html")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("$ caucasus-data site --out site\n", 1)[1].split("```", 1)[0].splitlines()

    def shape(line: str) -> str:  # numbers, times and paths differ from machine to machine
        line = re.sub(r"\(/[^)]*\)", "(PATH)", re.sub(r"(to|open) \S+", r"\1 PATH", line))
        return re.sub(r"\d[\d,.]*", "N", line)

    produced = [captured.err.splitlines()[0], *printed]
    assert [shape(line) for line in block] == [shape(line) for line in produced]


def test_chart_specs_are_valid_vega_lite_and_draw_an_open_bound_open():
    from caucasus_data.site import claimgraph, timeline
    from caucasus_data.site.dataset import Dataset

    data = Dataset.read(ROOT)
    found = timeline.items(data)
    spec = timeline.spec(found, validate=True)  # altair checks it against the Vega-Lite schema
    claimgraph.spec(data, validate=True)
    rows = {r["href"]: r for r in spec["data"]["values"]} if "data" in spec else {}
    if not rows:
        rows = {r["href"]: r for layer in spec["layer"] for r in layer.get("data", {}).get("values", [])}
    drills = rows["exercises/armenia-us-joint-drills.html"]
    assert drills["shape"] == "open" and drills["edge_shape"] == "triangle-left"
    left = min(r["start"] for r in rows.values())
    assert drills["start"] == left  # drawn from the chart's edge, not from a day the record does not give


def test_a_hostile_cell_is_text_on_every_page(pkg, tmp_path):
    """A cell is data, never markup: script tags and attribute breakouts in a pull request stay inert text."""
    hostile = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    pkg.add_event(title=hostile, description=f"x {hostile}")
    assert pkg.validate().ok
    out = tmp_path / "site"
    build_site(pkg.root, out)
    for page in [out / "events" / "zz-visit.html", out / "tables" / "events.html", out / "timeline.html"]:
        html = page.read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, page
        assert "<script>alert" not in html and "<img src=x" not in html, page
    index = (out / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert json.loads(index.split("=", 1)[1].rstrip().rstrip(";"))  # the index is JSON: a string cannot end it
