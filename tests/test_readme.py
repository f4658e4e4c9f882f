"""README.md cannot drift: every example in it is run and its output compared with what the README shows.

``scripts/readme_examples.py`` runs each ``>>>`` session and each ``$`` shell session of the README in a copy of
the package (with the broken copy made by ``scripts/make_broken_copy.py`` and a release built beside it) and
writes what they print back; here it runs with ``--check``. After changing the data or the code, run
``python scripts/readme_examples.py`` and review the README's diff.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_every_readme_example_prints_what_the_readme_shows():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "readme_examples.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (
        "README.md shows output the code no longer gives; run `python scripts/readme_examples.py`:\n"
        + result.stdout[-6000:]
        + result.stderr[-2000:]
    )


def test_the_readme_runs_examples_of_every_kind():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for shown in ("$ caucasus-data validate broken", "$ caucasus-data show events", "$ caucasus-data cite", ">>> "):
        assert shown in readme


def test_the_broken_copy_has_the_four_mistakes_the_readme_names(tmp_path):
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_broken_copy.py"), str(tmp_path / "broken")], check=True
    )
    from caucasus_data.validator import validate_folder

    report = validate_folder(tmp_path / "broken")
    assert report.by_rule() == {"structure": 1, "type": 2, "publication-window": 1, "quote": 1}
    assert {e.path for e in report.errors} == {"curated/places.csv", "curated/events.csv", "curated/evidence.csv"}
