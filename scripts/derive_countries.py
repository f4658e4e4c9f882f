"""Write curated/countries.csv: every ISO 3166-1 country with the codes other datasets join on.

Nothing in that table is typed by hand: each row is read from the code list of the ``countrycode`` package
(the Python port of Arel-Bundock, Enevoldsen and Yetman's R package), whose version is pinned in
pyproject.toml's test extra. Run ``python scripts/derive_countries.py`` from the repository root after
changing that pin; tests/test_countries.py fails while the committed table differs from what this writes.
"""

from __future__ import annotations

import csv
import io
import sys
from importlib.metadata import version
from pathlib import Path

HEADER = ["iso3c", "name", "iso_numeric", "cow_code", "cow_abbreviation", "gw_code", "gw_abbreviation"]
#: countrycode's columns for each of ours (``iso.name.en``: the ISO 3166 English short name).
SOURCE = {
    "iso3c": "iso3c",
    "name": "iso.name.en",
    "iso_numeric": "iso3n",
    "cow_code": "cown",
    "cow_abbreviation": "cowc",
    "gw_code": "gwn",
    "gw_abbreviation": "gwc",
}


def _cell(column: str, value: object) -> str:
    if value is None or value != value:  # None or NaN: the list has no such code for this country
        return ""
    if column == "iso_numeric":
        return f"{int(value):03d}"  # ISO 3166-1 numeric codes are three digits: Azerbaijan is 031
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def rows() -> list[list[str]]:
    from countrycode import codelist

    count = len(codelist["iso3c"])
    table = [[_cell(c, codelist[SOURCE[c]][i]) for c in HEADER] for i in range(count) if codelist["iso3c"][i]]
    return sorted(table, key=lambda row: row[0])


def render() -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows())
    return out.getvalue()


def countrycode_version() -> str:
    return version("countrycode")


def main(root: Path) -> int:
    path = root / "curated" / "countries.csv"
    path.write_text(render(), encoding="utf-8", newline="")
    print(f"wrote {path} from countrycode {countrycode_version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")))
