"""`caucasus-data validate`: exit codes, the three output forms, and a folder left exactly as it was."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import tree_digest

import caucasus_data as cd
from caucasus_data.cli import main

ROW = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+): \[(?P<rule>[a-z-]+)\] (?:(?P<column>\w+): )?(?P<message>.+)$")
WHOLE_FILE = re.compile(r"^(?P<path>[^:\s]+): \[(?P<rule>[a-z-]+)\] (?P<message>.+)$")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def break_copy(pkg) -> dict[str, int]:
    """A copy with a few errors a contributor makes: a ragged row, a bad date, an empty table."""
    lines = {
        "ragged": pkg.append_raw("places", "zz-place,Somewhere,settlement\n"),
        "date": pkg.add_event(date_start="2021-02-30"),
    }
    pkg.write("claim_relations", "")
    return lines


def test_exit_0_on_the_bundled_data(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no datapackage.json here: the installed data is checked, and it says so
    code, out, err = run(capsys, "validate")
    assert code == 0
    assert err.startswith("caucasus-data: checking the data installed with caucasus-data (")
    assert out.startswith("valid: ")


def test_exit_0_on_a_valid_copy(pkg, capsys):
    code, out, err = run(capsys, "validate", str(pkg.root))
    assert (code, out, err) == (0, f"valid: {pkg.root}\n", "")


def test_exit_1_and_every_error_in_the_text_form(pkg, capsys):
    lines = break_copy(pkg)
    code, out, err = run(capsys, "validate", str(pkg.root))
    assert (code, err) == (1, "")
    *errors, summary = out.rstrip("\n").split("\n")
    assert re.fullmatch(r"\d+ errors \(.+\)", summary)
    assert f"curated/places.csv:{lines['ragged']}: [structure] row has 3 cells but the header has 5" in out
    assert f"curated/events.csv:{lines['date']}: [type] date_start: not a date written YYYY-MM-DD" in out
    assert "\ncurated/claim_relations.csv: [structure] file is empty" in out
    for line in errors:
        assert ROW.match(line) or WHOLE_FILE.match(line), line
    assert "(2021-02-30)" in out  # the offending value closes the line


def test_paths_are_relative_to_the_folder_whatever_the_working_directory(pkg, capsys, monkeypatch, tmp_path):
    lines = break_copy(pkg)
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", str(pkg.root.relative_to(tmp_path)))
    assert code == 1 and f"\ncurated/events.csv:{lines['date']}: [type]" in "\n" + out


def test_json_form_lists_every_error_with_its_fields(pkg, capsys):
    lines = break_copy(pkg)
    code, out, err = run(capsys, "validate", str(pkg.root), "--format", "json")
    assert (code, err) == (1, "")
    doc = json.loads(out)
    assert doc["valid"] is False and doc["error_count"] == len(doc["errors"]) == len(cd.validate(pkg.root).errors)
    for error in doc["errors"]:
        assert {"path", "line", "column", "rule", "message", "value"} <= set(error)
    found = {(e["path"], e["line"], e["rule"], e["column"], e["value"]) for e in doc["errors"]}
    assert ("curated/events.csv", lines["date"], "type", "date_start", "2021-02-30") in found
    assert ("curated/claim_relations.csv", None, "structure", "", None) in found


def test_json_form_on_valid_data(pkg, capsys):
    code, out, _ = run(capsys, "validate", str(pkg.root), "--format", "json")
    assert code == 0 and json.loads(out) == {"valid": True, "root": str(pkg.root), "error_count": 0, "errors": []}


def test_github_form_annotates_the_offending_line(pkg, capsys):
    lines = break_copy(pkg)
    code, out, _ = run(capsys, "validate", str(pkg.root), "--format", "github")
    assert code == 1
    annotations = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(annotations) == len(cd.validate(pkg.root).errors)
    assert any(
        a.startswith(f"::error file=curated/events.csv,line={lines['date']},title=[type] date_start::not a date")
        for a in annotations
    )
    assert any(a.startswith("::error file=curated/claim_relations.csv,title=[structure]::") for a in annotations)


def test_text_form_caps_a_flood_and_points_to_json(pkg, capsys):
    for n in range(60):
        pkg.append("places", place_id=f"zz-place-{n:02d}", name="X", place_type="village")
    code, out, _ = run(capsys, "validate", str(pkg.root))
    assert code == 1
    assert out.count("[enum] place_type:") == 50
    assert "curated/places.csv: [enum] ... and 10 more enum errors in this file; run with --format json" in out
    _, out, _ = run(capsys, "validate", str(pkg.root), "--format", "json")
    assert sum(e["rule"] == "enum" for e in json.loads(out)["errors"]) == 60


@pytest.mark.parametrize("form", ["text", "json", "github"])
def test_validation_never_writes_into_the_folder(pkg, capsys, form):
    break_copy(pkg)
    (pkg.root / f"raw/{next((pkg.root / 'raw').iterdir()).name}").write_bytes(b"changed")
    before = tree_digest(pkg.root)
    assert run(capsys, "validate", str(pkg.root), "--format", form)[0] == 1
    cd.validate(pkg.root)
    assert tree_digest(pkg.root) == before
    assert sorted(p.name for p in pkg.root.iterdir()) == ["curated", "datapackage.json", "raw", "schemas"]


def test_valid_data_is_not_rewritten_either(pkg, capsys):
    before = tree_digest(pkg.root)
    assert run(capsys, "validate", str(pkg.root))[0] == 0
    assert tree_digest(pkg.root) == before


def test_missing_folder_exit_2_with_one_line(capsys, tmp_path):
    code, out, err = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "nowhere" in err and "no such folder" in err


def test_a_file_instead_of_a_folder_exit_2(capsys, tmp_path):
    (tmp_path / "datapackage.json").write_text("{}")
    code, out, err = run(capsys, "validate", str(tmp_path / "datapackage.json"))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "folder" in err


@pytest.mark.parametrize(
    "argv",
    [[], ["validate", "--format", "xml"], ["validate", "a", "b"], ["frobnicate"], ["validate", "--bogus"]],
    ids=["no-command", "bad-format", "two-folders", "unknown-command", "unknown-option"],
)
def test_bad_usage_exit_2_with_one_line(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("caucasus-data: ") and "--help" in err


def test_help_and_version(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "validate" in out
    code, out, _ = run(capsys, "--version")
    assert (code, out) == (0, f"caucasus-data {cd.__version__}\n")


def test_the_installed_command_and_python_m(pkg):
    """The entry point as a user runs it, in a process of its own."""
    break_copy(pkg)
    for command in (
        [str(Path(sys.executable).with_name("caucasus-data")), "validate", str(pkg.root)],
        [sys.executable, "-m", "caucasus_data", "validate", str(pkg.root)],
    ):
        done = subprocess.run(command, capture_output=True, text=True, timeout=300)
        assert (done.returncode, done.stderr) == (1, ""), done.stderr
        assert "[structure]" in done.stdout and "Traceback" not in done.stdout


def _installed_command(body: str, tmp_path: Path, prelude: str = "") -> subprocess.CompletedProcess:
    """Run the console entry point (`cli.run`) in a fresh interpreter, with ``main`` replaced by ``body``;
    ``prelude`` runs first, before the package is imported."""
    script = tmp_path / "entry.py"
    script.write_text(
        prelude + "import atexit\nimport caucasus_data.cli as cli\n\n"
        f"def fake_main(argv=None):\n{body}\n\n"
        "cli.main = fake_main\ncli.run()\n",
        encoding="utf-8",
    )
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)


def test_the_installed_command_ends_with_the_command_exit_code_after_its_exit_functions(tmp_path):
    marker = tmp_path / "exit-function-ran"
    body = (
        f"    atexit.register(lambda: open({str(marker)!r}, 'w').close())\n"
        "    print('result', flush=False)\n"
        "    return 1"
    )
    done = _installed_command(body, tmp_path)
    assert done.returncode == 1
    assert done.stdout == "result\n"  # buffered output is flushed before the process ends
    assert marker.exists()  # exit functions registered while the command ran still run
    assert done.stderr == ""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="transparent huge pages are a Linux setting")
def test_the_installed_command_runs_without_transparent_huge_pages_and_python_callers_keep_theirs(tmp_path):
    # Each child first clears the setting it may have inherited (PR_SET_THP_DISABLE, 41, with 0), then reads it
    # back with PR_GET_THP_DISABLE (42): 1 once the process has asked for no huge pages (docs/benchmarks.md).
    clear = "import ctypes\nctypes.CDLL(None).prctl(41, 0, 0, 0, 0)\n"
    body = "    import ctypes\n    print(ctypes.CDLL(None).prctl(42, 0, 0, 0, 0))\n    return 0"
    done = _installed_command(body, tmp_path, prelude=clear)
    assert (done.returncode, done.stdout, done.stderr) == (0, "1\n", "")
    library = clear + "import caucasus_data as cd\ncd.load('events')\nprint(ctypes.CDLL(None).prctl(42, 0, 0, 0, 0))"
    used = subprocess.run([sys.executable, "-c", library], capture_output=True, text=True, timeout=120)
    assert (used.returncode, used.stdout) == (0, "0\n"), used.stderr


def test_the_command_runs_on_a_python_without_ctypes(tmp_path):
    body = "    print('main ran')\n    return 0"
    without_ctypes = "import sys\nsys.modules['ctypes'] = None  # as on a Python built without _ctypes\n"
    done = _installed_command(body, tmp_path, prelude=without_ctypes)
    assert (done.returncode, done.stdout, done.stderr) == (0, "main ran\n", "")


def test_the_installed_command_is_the_entry_point_that_skips_native_destructors():
    import tomllib

    scripts = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8"))
    assert scripts["project"]["scripts"]["caucasus-data"] == "caucasus_data.cli:run"
    done = subprocess.run(
        [sys.executable, "-m", "caucasus_data", "validate", str(Path(__file__).resolve().parents[1])],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
