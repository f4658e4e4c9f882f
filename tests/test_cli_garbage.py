"""Whatever the folder holds, `caucasus-data validate` answers with errors and exit 1, never a traceback."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from caucasus_data.cli import main

JUNK = bytes(random.Random(7).randrange(256) for _ in range(2048))


def write(path: Path, data: bytes | str) -> None:
    if path.is_dir():
        path.rmdir() if not any(path.iterdir()) else None
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.unlink(missing_ok=True)
    path.write_bytes(data)


def replace_with_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()
    (path / "inside.txt").write_text("a folder where a file should be")


def symlink_loop(path: Path) -> None:
    """A file that cannot be read, whoever runs the test (permissions do not stop the superuser)."""
    path.unlink()
    os.symlink(path.name, path)


def descriptor(root: Path, edit) -> None:
    data = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    edit(data)
    write(root / "datapackage.json", json.dumps(data))


def first_raw(root: Path) -> Path:
    return sorted((root / "raw").iterdir())[0]


BREAKERS = {
    "descriptor-binary-junk": lambda r: write(r / "datapackage.json", JUNK),
    "descriptor-empty": lambda r: write(r / "datapackage.json", b""),
    "descriptor-null": lambda r: write(r / "datapackage.json", "null"),
    "descriptor-list": lambda r: write(r / "datapackage.json", "[{}]"),
    "descriptor-utf16": lambda r: write(
        r / "datapackage.json", (r / "datapackage.json").read_text(encoding="utf-8").encode("utf-16")
    ),
    "descriptor-is-a-folder": lambda r: replace_with_folder(r / "datapackage.json"),
    "descriptor-unreadable": lambda r: symlink_loop(r / "datapackage.json"),
    "resources-not-a-list": lambda r: descriptor(r, lambda d: d.update(resources="curated/events.csv")),
    "resource-not-an-object": lambda r: descriptor(r, lambda d: d["resources"].append(42)),
    "resource-inline-schema": lambda r: descriptor(r, lambda d: d["resources"][0].update(schema={"fields": []})),
    "resource-absolute-path": lambda r: descriptor(r, lambda d: d["resources"][0].update(path="/etc/hostname")),
    "resource-named-twice": lambda r: descriptor(r, lambda d: d["resources"].append(d["resources"][0])),
    "resource-path-is-a-folder": lambda r: descriptor(r, lambda d: d["resources"][0].update(path="curated")),
    "schema-binary-junk": lambda r: write(r / "schemas/events.schema.json", JUNK),
    "schema-json-list": lambda r: write(r / "schemas/events.schema.json", "[1, 2, 3]"),
    "schema-fields-not-a-list": lambda r: write(r / "schemas/events.schema.json", '{"fields": {"a": 1}}'),
    "schema-field-without-name": lambda r: write(
        r / "schemas/events.schema.json", '{"fields": [{"type": "string"}], "primaryKey": "a"}'
    ),
    "schema-is-a-folder": lambda r: replace_with_folder(r / "schemas/events.schema.json"),
    "schema-unreadable": lambda r: symlink_loop(r / "schemas/events.schema.json"),
    "csv-binary-junk": lambda r: write(r / "curated/events.csv", JUNK),
    "csv-is-a-folder": lambda r: replace_with_folder(r / "curated/events.csv"),
    "csv-unreadable": lambda r: symlink_loop(r / "curated/events.csv"),
    "csv-nul-bytes": lambda r: write(r / "curated/events.csv", (r / "curated/events.csv").read_bytes() + b"a\x00b\n"),
    "csv-latin1-and-ragged": lambda r: write(
        r / "curated/evidence.csv",
        (r / "curated/evidence.csv").read_text(encoding="utf-8").encode("latin-1", "replace") + b"\xfc,\xfc\n",
    ),
    "csv-utf16": lambda r: write(
        r / "curated/places.csv", (r / "curated/places.csv").read_text(encoding="utf-8").encode("utf-16")
    ),
    "csv-only-quotes": lambda r: write(r / "curated/places.csv", '"' * 1001),
    "csv-unclosed-quote": lambda r: write(
        r / "curated/places.csv", (r / "curated/places.csv").read_text(encoding="utf-8") + 'zz,"open,settlement,,\n'
    ),
    "csv-huge-cell-and-ragged": lambda r: write(
        r / "curated/places.csv",
        (r / "curated/places.csv").read_text(encoding="utf-8") + f'zz,"{"x" * 200_000}",settlement,,\nzz-b\n',
    ),
    "csv-header-only-commas": lambda r: write(r / "curated/places.csv", ",,,,\n,,,,\n"),
    "csv-old-mac-line-endings": lambda r: write(
        r / "curated/places.csv", (r / "curated/places.csv").read_bytes().replace(b"\n", b"\r")
    ),
    "raw-file-is-a-folder": lambda r: replace_with_folder(first_raw(r)),
    "raw-file-unreadable": lambda r: symlink_loop(first_raw(r)),
    "raw-file-binary-junk": lambda r: write(first_raw(r), JUNK),
}


# A traceback that a library prints from a callback ("Exception ignored in ...") reaches the user's terminal
# too; pytest turns it into this warning, which fails the test.
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("breaker", BREAKERS.values(), ids=BREAKERS.keys())
def test_garbage_gives_errors_never_a_traceback(package_copy, capfd, breaker):
    breaker(package_copy)
    code = main(["validate", str(package_copy), "--format", "json"])  # the other forms render the same report
    out, err = capfd.readouterr()
    assert (code, err) == (1, ""), err
    assert json.loads(out)["error_count"] > 0


def test_every_message_names_a_file(package_copy, capfd):
    """Across a folder broken in many ways at once, each error line starts with a path inside the folder."""
    for name in ("csv-latin1-and-ragged", "csv-unclosed-quote", "schema-json-list", "raw-file-binary-junk"):
        BREAKERS[name](package_copy)
    assert main(["validate", str(package_copy), "--format", "json"]) == 1
    errors = json.loads(capfd.readouterr().out)["errors"]
    assert errors
    for error in errors:
        assert (package_copy / error["path"]).exists() or error["path"] == "datapackage.json", error
        assert error["message"] and error["rule"]
