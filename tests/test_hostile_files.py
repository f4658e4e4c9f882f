"""Nothing outside the package is read or fetched, and nothing that is not a regular file within its size limit.

Each test names what a pull request could put in the package to make the tools fetch a URL, print a file from
elsewhere on the machine, hang on a FIFO or read ``/dev/zero`` until memory runs out.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hostile import FIRST_RAW, edit_json, run_cli, set_raw_path, set_resource

import caucasus_data as cd
from caucasus_data import filebytes
from caucasus_data.cli import main
from caucasus_data.load import InvalidDataError

SECRET = "TOP-SECRET-VALUE-8d41"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path / "cache"))


@pytest.fixture
def outside(tmp_path) -> Path:
    """A file outside the package whose value would show in an error message if it were read."""
    path = tmp_path / "elsewhere" / "secret.json"
    path.parent.mkdir()
    path.write_text(json.dumps({"fields": SECRET, "primaryKey": SECRET}), encoding="utf-8")
    return path


def validate_json(root: Path, capsys) -> tuple[int, dict, str]:
    code = main(["validate", str(root), "--format", "json"])
    out, err = capsys.readouterr()
    return code, json.loads(out), err


# -- remote profiles: reported, never requested ----------------------------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["package", "resource", "package-legacy-list", "schema", "package-$schema", "fiscal"],
)
def test_a_remote_profile_is_a_datapackage_error_and_is_never_requested(package_copy, capsys, no_network, where):
    url = "http://127.0.0.1:9/profile.json"
    if where == "package":
        edit_json(package_copy / "datapackage.json", lambda d: d.update(profile=url))
    elif where == "resource":
        edit_json(package_copy / "datapackage.json", lambda d: d["resources"][0].update(profile=url))
    elif where == "package-legacy-list":
        edit_json(package_copy / "datapackage.json", lambda d: d.update(profiles=[url]))
    elif where == "package-$schema":
        edit_json(package_copy / "datapackage.json", lambda d: d.update({"$schema": url}))
    elif where == "fiscal":  # a named profile that frictionless downloads from its own site
        edit_json(package_copy / "datapackage.json", lambda d: d.update(profile="fiscal-data-package"))
    else:
        edit_json(package_copy / "schemas/events.schema.json", lambda d: d.update(profile=url))
    code, report, err = validate_json(package_copy, capsys)
    assert no_network == [], "validate tried to use the network"
    assert (code, err) == (1, "")
    profile_errors = [e for e in report["errors"] if e["rule"] == "datapackage" and "profile" in e["message"]]
    assert profile_errors, report["errors"]
    # Reported as a remote profile, or (where the descriptor models know no such key) as an unknown key.
    assert all("never downloaded" in e["message"] or "not a key" in e["message"] for e in profile_errors)


def test_the_standard_profiles_are_accepted_without_a_request(package_copy, capsys, no_network):
    edit_json(package_copy / "datapackage.json", lambda d: d.update(profile="tabular-data-package"))
    edit_json(package_copy / "datapackage.json", lambda d: d["resources"][0].update(profile="tabular-data-resource"))
    code, report, _ = validate_json(package_copy, capsys)
    assert (code, report["errors"], no_network) == (0, [], [])


@pytest.mark.parametrize("command", ["fmt", "build", "diff", "load"])
def test_no_other_command_uses_the_network_on_urls_in_the_descriptor(package_copy, tmp_path, no_network, command):
    url = "http://127.0.0.1:9/x.json"
    edit_json(package_copy / "datapackage.json", lambda d: d.update(profile=url))
    set_resource(package_copy, "places", path=url, schema=url)
    if command == "load":
        with pytest.raises(ValueError):
            cd.load("events", path=package_copy)
    elif command == "diff":
        main(["diff", str(package_copy), str(package_copy)])
    elif command == "build":
        assert main(["build", str(package_copy), "--out", str(tmp_path / "release")]) == 1
    else:
        assert main(["fmt", "--check", str(package_copy)]) == 1
    assert no_network == []


# -- schema, table and raw paths outside the package -----------------------------------------------------------


def _schema_leaving(root: Path, outside: Path, how: str) -> str:
    if how == "absolute":
        return str(outside)
    if how == "dotdot":
        return os.path.relpath(outside, root)
    link = root / "schemas" / "linked.schema.json"
    link.symlink_to(outside)
    return "schemas/linked.schema.json"


@pytest.mark.parametrize("how", ["absolute", "dotdot", "symlink"])
def test_a_schema_outside_the_package_is_not_read(package_copy, outside, capsys, how):
    set_resource(package_copy, "events", schema=_schema_leaving(package_copy, outside, how))
    code, report, err = validate_json(package_copy, capsys)
    assert (code, err) == (1, "")
    assert SECRET not in json.dumps(report)
    assert any("outside the package" in e["message"] or "absolute" in e["message"] for e in report["errors"])


@pytest.mark.parametrize("command", ["fmt", "diff", "build", "load"])
def test_no_command_reads_a_schema_outside_the_package(package_copy, outside, tmp_path, capfd, command):
    set_resource(package_copy, "events", schema=_schema_leaving(package_copy, outside, "symlink"))
    if command == "load":
        with pytest.raises(ValueError) as raised:
            cd.load("places", path=package_copy, validate=False)
        assert SECRET not in str(raised.value)
    elif command == "diff":
        assert main(["diff", str(package_copy), str(package_copy)]) == 2
    elif command == "build":
        assert main(["build", str(package_copy), "--out", str(tmp_path / "release")]) == 1
    else:
        assert main(["fmt", "--check", str(package_copy)]) == 1
    out, err = capfd.readouterr()
    assert SECRET not in out + err


@pytest.mark.parametrize(
    "raw_path", ["/dev/zero", "raw/../../../../../../../dev/zero", "raw/zero-link"], ids=["absolute", "dotdot", "link"]
)
def test_a_raw_path_leading_to_dev_zero_is_an_error_not_a_hang(package_copy, raw_path):
    (package_copy / "raw/zero-link").symlink_to("/dev/zero")
    set_raw_path(package_copy, raw_path)
    result = run_cli("validate", str(package_copy), timeout=60)
    assert result.returncode == 1, result.stderr
    assert "[raw-integrity] raw_path" in result.stdout and result.stderr == ""


def test_load_refuses_dev_zero_as_raw_path_before_hashing_it(package_copy):
    """load() fingerprints the files it would validate; that must not read /dev/zero either."""
    set_raw_path(package_copy, "/dev/zero")
    code = (
        "import caucasus_data as cd, sys\n"
        "try:\n    cd.load('events', path=sys.argv[1])\n"
        "except cd.InvalidDataError as exc:\n    print(exc); sys.exit(1)\n"
    )
    import subprocess
    import sys

    from hostile import SRC, _limits

    result = subprocess.run(
        [sys.executable, "-c", code, str(package_copy)],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_limits,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert result.returncode == 1, result.stderr[-2000:]
    assert "raw_path is an absolute path" in result.stdout


@pytest.mark.parametrize("target", ["/dev/zero", "link"])
def test_a_table_path_of_dev_zero_is_an_error(package_copy, tmp_path, target):
    if target == "link":
        (package_copy / "curated/zero.csv").symlink_to("/dev/zero")
        target = "curated/zero.csv"
    set_resource(package_copy, "places", path=target)
    for args in (["validate", str(package_copy)], ["build", str(package_copy), "--out", str(tmp_path / "out")]):
        result = run_cli(*args, timeout=60)
        assert result.returncode == 1, result.stderr
        assert "places" in result.stdout or "zero" in result.stdout


# -- things that are not regular files, and files over the limit -----------------------------------------------


@pytest.mark.parametrize(
    ("what", "command"),
    [
        ("table", "validate"),
        ("schema", "validate"),
        ("raw", "validate"),
        ("table", "fmt"),
        ("table", "diff"),
        ("raw", "build"),
        ("schema", "fmt"),
    ],
)
def test_a_fifo_is_refused_without_waiting_for_a_writer(package_copy, tmp_path, what, command):
    path = {
        "table": package_copy / "curated/places.csv",
        "schema": package_copy / "schemas/places.schema.json",
        "raw": package_copy / FIRST_RAW,
    }[what]
    path.unlink()
    os.mkfifo(path)
    args = {
        "validate": ["validate", str(package_copy)],
        "fmt": ["fmt", "--check", str(package_copy)],
        "diff": ["diff", str(package_copy), str(package_copy)],
        "build": ["build", str(package_copy), "--out", str(tmp_path / "out")],
    }[command]
    result = run_cli(*args, timeout=45)
    if command == "fmt" and what == "raw":
        assert result.returncode in (0, 1)  # fmt reads no raw document
        return
    if command == "diff":
        assert result.returncode in (0, 2) and "Traceback" not in result.stderr
        return
    assert result.returncode == 1, result.stderr
    assert "FIFO" in result.stdout, result.stdout[-2000:]


def _sparse(path: Path, size: int) -> None:
    path.unlink(missing_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


@pytest.mark.parametrize(
    ("what", "limit", "shown"),
    [
        ("curated/places.csv", "TABLE_LIMIT", "1 GiB"),
        ("schemas/places.schema.json", "DESCRIPTOR_LIMIT", "1 MiB"),
        (FIRST_RAW, "RAW_LIMIT", "64 MiB"),
    ],
)
def test_a_file_over_its_size_limit_is_an_error_naming_the_limit(package_copy, what, limit, shown):
    _sparse(package_copy / what, getattr(filebytes, limit) + 1)
    result = run_cli("validate", str(package_copy), "--format", "json", timeout=60)
    assert result.returncode == 1, result.stderr
    messages = [e["message"] for e in json.loads(result.stdout)["errors"]]
    assert any(f"larger than the {shown} limit" in m for m in messages), messages


def test_a_file_growing_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    """The limit holds for what is read, not only for the size the file had when it was opened."""
    path = tmp_path / "t.csv"
    path.write_bytes(b"a\n" * 10)
    monkeypatch.setattr(filebytes, "TABLE_LIMIT", 25)
    real_fstat = os.fstat

    def shrunk(fd):  # the file reports itself smaller than it is, as one still being written would
        info = real_fstat(fd)
        return os.stat_result((*info[:6], 4, *info[7:]))

    monkeypatch.setattr(os, "fstat", shrunk)
    assert filebytes.read(path) == b"a\n" * 10
    path.write_bytes(b"a\n" * 20)
    with pytest.raises(filebytes.RefusedFile, match="limit"):
        filebytes.read(path)


def test_limits_are_documented_in_security_md(root):
    text = (root / "SECURITY.md").read_text(encoding="utf-8")
    for limit in (filebytes.TABLE_LIMIT, filebytes.DESCRIPTOR_LIMIT, filebytes.RAW_LIMIT):
        assert filebytes.size_text(limit) in text


# -- a NUL in a path is data that breaks a rule ----------------------------------------------------------------


@pytest.mark.parametrize("field", ["path", "schema"])
def test_a_nul_in_a_descriptor_path_is_exit_1(package_copy, capsys, field):
    set_resource(package_copy, "places", **{field: "curated/pla\u0000ces.csv"})
    code, report, err = validate_json(package_copy, capsys)
    assert (code, err) == (1, "")
    assert any("NUL" in e["message"] for e in report["errors"])


def test_a_nul_in_a_raw_path_is_exit_1(package_copy, capsys):
    set_raw_path(package_copy, "raw/a\x00b.txt")
    code, report, err = validate_json(package_copy, capsys)
    assert (code, err) == (1, "")
    assert any(e["rule"] == "raw-integrity" and e["column"] == "raw_path" for e in report["errors"])


def test_load_with_validation_reports_a_nul_raw_path(package_copy):
    set_raw_path(package_copy, "raw/a\x00b.txt")
    with pytest.raises(InvalidDataError):
        cd.load("events", path=package_copy)
