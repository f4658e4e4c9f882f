"""Make the broken copy of the package that README.md validates: four mistakes a contributor might make.

``python scripts/make_broken_copy.py TARGET`` (run from the repository root) copies the package to TARGET
and then, in that copy only:

1. appends a row with cells missing to ``places`` (``tovuz,Tovuz,settlement``: three of its five cells);
2. dates the event ``mirzoyev-visit-turkey-2025-01-24`` to a day that does not exist (2021-02-30);
3. retypes the curly quotes of the evidence quote ``is seen after signing the “Shusha Declaration” ...``
   as straight ones;
4. dates the Shusha visit, which only the news article of 27 July 2021 reports, to 6 September 2021,
   after that article was published.

Rows are rewritten with the CSV form ``caucasus-data fmt`` writes, so nothing else in the files changes.
"""

from __future__ import annotations

import csv
import io
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PARTS = ("datapackage.json", "schemas", "curated", "raw")


def _edit(path: Path, key: str, **cells: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    hits = [row for row in rows[1:] if row[0] == key]
    assert len(hits) == 1, f"{path.name} has no single row {key!r}"
    for column, value in cells.items():
        hits[0][header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def _straighten_quote(path: Path, key: str) -> None:
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    quote = rows[0].index("quote")
    row = next(r for r in rows[1:] if r[0] == key)
    row[quote] = row[quote].replace("“", '"').replace("”", '"')
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8", newline="")


def make(target: Path, source: Path = ROOT) -> Path:
    target.mkdir(parents=True)
    for part in PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, copy_function=shutil.copy)
        else:
            shutil.copy(source / part, target / part)
    for path in target.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    curated = target / "curated"
    with (curated / "places.csv").open("a", encoding="utf-8", newline="") as places:
        places.write("tovuz,Tovuz,settlement\n")
    _edit(curated / "events.csv", "mirzoyev-visit-turkey-2025-01-24", date_start="2021-02-30", date_end="2021-02-30")
    _straighten_quote(curated / "evidence.csv", "agreement-shusha-declaration-2021-2")
    _edit(curated / "events.csv", "shusha-visit-2021-06-15", date_start="2021-09-06", date_end="2021-09-06")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/make_broken_copy.py TARGET")
    print(make(Path(sys.argv[1])))
