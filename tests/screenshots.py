"""Regenerate the site's screenshots in docs/: ``python tests/screenshots.py``.

Builds the site of the checkout, opens three pages in Chromium and saves a PNG of each, and writes
``docs/screenshots.json`` with the sha256 of the built page each PNG was taken from. Pixels depend on the
fonts of the machine, so the test that the screenshots are current compares those page digests, not pixels.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from browser import chromium  # noqa: E402

DOCS = ROOT / "docs"
MANIFEST = DOCS / "screenshots.json"
# (picture, page of the site, element to photograph)
SHOTS = [
    ("site-source.png", "sources/news-2021-07-27-military-ties.html", "#raw"),
    ("site-timeline.png", "timeline.html", "#timeline"),
    ("site-graph.png", "graph.html", "#graph"),
]


def digests(site: Path) -> dict[str, str]:
    return {picture: hashlib.sha256((site / page).read_bytes()).hexdigest() for picture, page, _ in SHOTS}


def take(site: Path, docs: Path = DOCS) -> dict[str, str]:
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1100, "height": 900})  # type: ignore[attr-defined]
        for picture, rel, selector in SHOTS:
            page.goto((site / rel).as_uri())
            element = page.locator(selector)
            box = element.bounding_box()
            clip = {"x": box["x"], "y": box["y"], "width": min(box["width"], 1100), "height": min(box["height"], 900)}
            page.screenshot(path=str(docs / picture), clip=clip, full_page=True)
    found = digests(site)
    MANIFEST.write_text(json.dumps(found, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return found


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from caucasus_data.site import build_site

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build_site(ROOT, site)
        for picture, digest in take(site).items():
            print(f"docs/{picture}  (page sha256 {digest[:12]})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
