"""The README's release section, run: its layout is the built release's, and every example gives the output shown.

The examples are taken from README.md itself (not copied here), run from a folder holding ``release/`` (a
fresh build of the shipped data): the Python ones as doctests, the R one with ``Rscript``, the Stata one
by opening the file it names.
"""

from __future__ import annotations

import doctest
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from caucasus_data.release.manifest import MANIFEST, read_manifest

ROOT = Path(__file__).resolve().parents[1]
READ_HEADING = "### Read it in pandas, polars, DuckDB, Spark, R or Stata"


def _section(heading: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(heading)
    end = text.find("\n#", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def _after(text: str, block: str, language: str) -> str:
    """The first ``language`` block after ``block``: the output shown for it."""
    rest = text[text.index(block) + len(block) :]
    return blocks(rest, language)[0]


@pytest.fixture
def in_release_parent(shipped_release, tmp_path, monkeypatch) -> Path:
    (tmp_path / "release").symlink_to(shipped_release, target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


PYTHON = blocks(_section(READ_HEADING), "python")


def test_the_section_has_an_example_for_every_engine():
    section = _section(READ_HEADING)
    for needle in ("import pandas", "import polars", "import duckdb", "pyspark", "import pyreadstat"):
        assert sum(needle in b for b in PYTHON) == 1, needle
    assert len(blocks(section, "r")) == 1 and len(blocks(section, "stata")) == 1


@pytest.mark.parametrize("example", PYTHON, ids=[b.split("\n")[0].removeprefix(">>> ") for b in PYTHON])
def test_python_examples_print_what_the_readme_shows(example, in_release_parent, request):
    if "pyspark" in example:
        request.getfixturevalue("spark")  # the session's Spark, which the example's getOrCreate() returns
    test = doctest.DocTestParser().get_doctest(example, {}, "README", "README.md", 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)


def _rscript() -> str:
    found = shutil.which("Rscript")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("Rscript is not installed; .ci/run installs r-base-core and r-cran-jsonlite")
        pytest.skip("R is not installed here (apt-get install r-base-core r-cran-jsonlite); CI runs this test")
    return found


def run_r(code: str, cwd: Path) -> str:
    done = subprocess.run(
        [_rscript(), "--vanilla", "-e", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_r_example_prints_what_the_readme_shows(in_release_parent):
    section = _section(READ_HEADING)
    code = blocks(section, "r")[0]
    printed = "\n".join(line.rstrip() for line in run_r(code, in_release_parent).splitlines()) + "\n"
    assert printed == _after(section, code, "text")  # R pads columns with spaces that the README does not keep


def test_the_r_reader_of_the_readme_reads_every_table_as_the_csv_holds_it(in_release_parent, shipped_release):
    """The README's ``read_table`` on every table: its rows, classes and values, compared with the CSV."""
    from test_release_engines import csv_table

    code = blocks(_section(READ_HEADING), "r")[0]
    reader = code[: code.index("events <- read_table")]
    dump = reader + (
        "out <- lapply(setNames(nm = sapply(package$resources, `[[`, 'name')), function(name) {\n"
        "  t <- read_table(name)\n"
        "  list(classes = lapply(t, function(x) class(x)[1]), levels = lapply(Filter(is.factor, t), levels),\n"
        "       values = lapply(t, function(x) if (is.factor(x) || inherits(x, 'Date')) as.character(x) else x))\n"
        "})\n"
        "cat(toJSON(out, auto_unbox = FALSE, na = 'null', digits = NA))\n"
    )
    tables = json.loads(run_r(dump, in_release_parent))
    descriptor = json.loads((shipped_release / "csv" / "datapackage.json").read_text(encoding="utf-8"))
    classes = {"string": "character", "date": "Date", "integer": "integer", "number": "numeric", "boolean": "logical"}
    for resource in descriptor["resources"]:
        got = tables[resource["name"]]
        reference = csv_table(shipped_release, resource)
        for field in resource["schema"]["fields"]:
            name, enum = field["name"], field.get("constraints", {}).get("enum")
            assert got["classes"][name] == ["factor" if enum else classes[field["type"]]], (resource["name"], name)
            if enum:
                assert got["levels"][name] == enum
            want = reference.column(name).to_pylist()
            if field["type"] == "date":
                want = [None if v is None else v.isoformat() for v in want]
            assert got["values"][name] == want, (resource["name"], name)


def test_the_stata_example_opens_a_labelled_file(in_release_parent):
    import pyreadstat

    command = blocks(_section(READ_HEADING), "stata")[0]
    path = re.search(r'use "([^"]+)"', command).group(1)
    _, meta = pyreadstat.read_dta(str(in_release_parent / path), metadataonly=True)
    assert all(meta.column_labels) and meta.variable_value_labels


def test_the_layout_shown_is_the_layout_built(shipped_release):
    tree = blocks(_section("## Release\n"), "text")[0]
    manifest = read_manifest(shipped_release / MANIFEST)
    tables = [f.table for f in manifest.files if f.format == "parquet"]
    shown = set()
    for line in tree.splitlines()[1:]:
        entry = line.lstrip("├└─│ ").split()[0]
        for table in tables:
            shown.add(entry.replace("<table>", table).replace("<version>", manifest.version))
    built = {p.relative_to(shipped_release).as_posix() for p in shipped_release.rglob("*") if p.is_file()}
    assert built == shown
