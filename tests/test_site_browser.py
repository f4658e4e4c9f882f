"""The built site in a real browser (Debian's Chromium): marks, links, charts, search, and no request elsewhere."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser import chromium, serve

ROOT = Path(__file__).resolve().parents[1]
SOURCE = "news-2021-07-27-military-ties"


@pytest.fixture(scope="module")
def site(built_site) -> Path:
    return built_site


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as base:
        yield base


class Watched:
    """A page with every request it makes and every console error or page error it reports recorded."""

    def __init__(self, browser, base: str) -> None:
        self.page = browser.new_page(viewport={"width": 1000, "height": 800})
        self.base, self.requests, self.errors = base, [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def open(self, rel: str) -> None:
        self.page.goto(self.base + rel)
        self.page.wait_for_load_state("load")

    def elsewhere(self) -> list[str]:
        return [u for u in self.requests if not (u.startswith("file://") or urlparse(u).hostname == "127.0.0.1")]


@pytest.fixture
def watched(browser, server):
    w = Watched(browser, server)
    yield w
    assert w.elsewhere() == [], f"requests left the site: {w.elsewhere()}"
    w.page.close()


def _evidence_of(source_id: str) -> set[str]:
    with (ROOT / "curated" / "evidence.csv").open(encoding="utf-8", newline="") as f:
        return {r["evidence_id"] for r in csv.DictReader(f) if r["source_id"] == source_id}


def test_source_page_marks_every_evidence_quote(watched):
    watched.open(f"sources/{SOURCE}.html")
    ids = watched.page.eval_on_selector_all("mark[id^='evidence-']", "els => els.map(e => e.id.slice(9))")
    assert sorted(ids) == sorted(_evidence_of(SOURCE))
    assert watched.errors == []


def test_clicking_a_mark_reaches_its_record(watched):
    watched.open(f"sources/{SOURCE}.html")
    # a mark with no other mark inside or around it leads straight to its record
    target = watched.page.evaluate(
        """() => [...document.querySelectorAll("mark[id^='evidence-']")]
            .find(m => !m.querySelector('mark') && !m.parentElement.closest('mark')
                       && !document.querySelector(`mark[data-evidence='${m.id.slice(9)}']`)).id"""
    )
    record = watched.page.get_attribute(f"#{target}", "data-record")
    watched.page.click(f"#{target}")
    watched.page.wait_for_url(re.compile(re.escape(record[3:]) + "#" + target + "$"))
    assert watched.page.locator(f"li#{target}").count() == 1
    assert watched.errors == []


def test_overlapping_marks_list_every_record(watched):
    watched.open(f"sources/{SOURCE}.html")
    inner = watched.page.locator("mark mark").first
    inner.focus()
    watched.page.keyboard.press("Enter")
    links = watched.page.locator("#mark-menu a")
    assert links.count() >= 2
    assert watched.page.evaluate("document.activeElement.closest('#mark-menu') !== null")


def test_timeline_renders_and_filters_with_no_console_error(watched):
    watched.open("timeline.html")
    assert watched.page.locator("#timeline svg a").count() > 100
    total = watched.page.locator("#timeline-list li:not([hidden])").count()
    watched.page.select_option("#filter-kind", index=1)
    shown = watched.page.locator("#timeline-list li:not([hidden])").count()
    assert 0 < shown < total
    assert watched.page.locator("#timeline svg a.faded").count() > 0
    assert watched.errors == []


def test_graph_renders_and_nodes_link_to_claims(watched):
    watched.open("graph.html")
    hrefs = watched.page.eval_on_selector_all("#graph svg a", "els => els.map(a => a.getAttribute('xlink:href'))")
    claims = [h for h in hrefs if h.startswith("claims/")]
    assert len(claims) == len(list((ROOT / "curated" / "claims.csv").read_text(encoding="utf-8").splitlines())) - 1
    watched.page.locator(f"#graph svg a[*|href='{claims[0]}']").first.click()
    watched.page.wait_for_url(re.compile(re.escape(claims[0]) + "$"))
    assert watched.errors == []


def test_search_finds_a_quote(watched):
    watched.open("search.html")
    watched.page.fill("#q", "expand their close military ties")
    first = watched.page.locator("#results li a[href*='#evidence-']").first
    first.wait_for()
    first.click()
    watched.page.wait_for_load_state("load")
    assert watched.page.url.split("#")[0].endswith(f"sources/{SOURCE}.html")
    assert watched.errors == []


def test_shusha_from_the_index_in_two_clicks_or_fewer(watched):
    watched.open("index.html")
    watched.page.click("a[href='agreements/shusha-declaration-2021.html']")
    watched.page.wait_for_load_state("load")
    assert watched.page.locator("#evidence ~ ol.quotes li").count() >= 2
    assert watched.page.locator("#claims ~ ul.claims li").count() >= 1
    assert watched.page.locator("#relations ~ ul.relations li").count() >= 1


def test_keyboard_reaches_content_first_and_pages_fit_a_phone(watched):
    watched.page.set_viewport_size({"width": 375, "height": 700})
    for rel in ("index.html", f"sources/{SOURCE}.html", "agreements/shusha-declaration-2021.html", "search.html"):
        watched.open(rel)
        watched.page.keyboard.press("Tab")
        assert watched.page.evaluate("document.activeElement.className") == "skip"
        overflow = watched.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{rel} is {overflow}px wider than a phone"
    assert watched.errors == []


def test_file_url_works_without_a_server(browser, site):
    page = browser.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto((site / "search.html").as_uri())
    page.fill("#q", "Shusha")
    page.locator("#results li").first.wait_for()
    assert errors == []
    assert all(u.startswith("file://") for u in requests)
    page.close()
