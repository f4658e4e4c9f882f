"""Commands given no folder check the package in the current folder when it has one, else the installed data,
and say which on stderr, leaving the standard output (validate's text, json and github forms) as it was."""

from __future__ import annotations

import json

from caucasus_data.cli import main
from caucasus_data.paths import bundled_root


def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_validate_inside_a_broken_clone_checks_the_clone(capsys, pkg, monkeypatch):
    line = pkg.add_event(date_start="2021-02-30")
    monkeypatch.chdir(pkg.root)
    code, out, err = cli(capsys, "validate")
    assert code == 1
    assert f"curated/events.csv:{line}: [type] date_start:" in out
    assert err == f"caucasus-data: checking the package in the current folder ({pkg.root})\n"


def test_validate_json_stays_json_and_names_the_folder_it_checked(capsys, pkg, monkeypatch):
    pkg.add_event(date_start="2021-02-30")
    monkeypatch.chdir(pkg.root)
    code, out, err = cli(capsys, "validate", "--format", "json")
    report = json.loads(out)  # stdout is the JSON document alone: the note is on stderr
    assert code == 1 and report["root"] == "." and not report["valid"]
    assert "the package in the current folder" in err


def test_outside_a_package_the_installed_data_is_checked(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "validate")
    assert code == 0 and out == f"valid: {bundled_root()}\n"
    assert err.startswith(f"caucasus-data: checking the data installed with caucasus-data ({bundled_root()})")


def test_a_folder_given_is_checked_without_a_note(capsys, pkg, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "validate", str(pkg.root))
    assert (code, out, err) == (0, f"valid: {pkg.root}\n", "")


def test_fmt_check_inside_a_clone_checks_the_clone(capsys, pkg, monkeypatch):
    events = pkg.root / "curated" / "events.csv"
    events.write_bytes(events.read_bytes().replace(b"\n", b"\r\n"))
    monkeypatch.chdir(pkg.root)
    code, out, err = cli(capsys, "fmt", "--check")
    assert code == 1 and "curated/events.csv: would be reformatted" in out
    assert err.startswith("caucasus-data: checking the package in the current folder")


def test_fmt_outside_a_package_does_not_rewrite_the_installed_data(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "fmt")
    assert (code, out) == (2, "") and "not rewriting the data installed with caucasus-data" in err
    code, out, err = cli(capsys, "fmt", "--check")
    assert code == 0 and out.startswith("all ") and "checking the data installed" in err


def test_build_inside_a_clone_builds_the_clone(capsys, pkg, tmp_path, monkeypatch):
    pkg.add_event(date_start="2021-02-30")
    monkeypatch.chdir(pkg.root)
    code, out, err = cli(capsys, "build", "--out", str(tmp_path / "release"))
    assert code == 1 and "[type] date_start" in out
    assert "caucasus-data: building the package in the current folder" in err
    assert not (tmp_path / "release").exists()
