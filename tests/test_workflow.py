"""The pull-request workflow and the pre-commit hooks, run here with their exact command lines.

Every check step of ``.github/workflows/validate.yml`` is executed as written (with bash, as on GitHub),
on the shipped package and, for the data checks, on a broken copy whose errors must come out as
annotations on the offending lines. The ``pytest`` step is the suite this test belongs to, so it is only
checked to be there.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "validate.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
DATA_CHECKS = ("caucasus-data validate", "frictionless validate", "caucasus-data fmt")


def steps() -> list[dict]:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"]["validate"]["steps"]


def commands() -> list[str]:
    return [step["run"].strip() for step in steps() if "run" in step]


def run(command: str, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    """A step's command as GitHub runs it: bash, with the installed tools on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"
    return subprocess.run(
        ["bash", "-e", "-c", command],
        cwd=cwd,
        env={**os.environ, "PATH": path, **env},
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_the_workflow_checks_pull_requests_with_python_311_and_the_test_extra():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "pull_request" in triggers
    setup = next(s for s in steps() if s.get("uses", "").startswith("actions/setup-python"))
    assert setup["with"]["python-version"] == "3.11"
    assert any(re.search(r"pip install .*\.\[test\]", c) for c in commands())
    for needed in ("caucasus-data validate --format github .", "frictionless validate datapackage.json"):
        assert needed in commands()
    assert {"ruff check", "mypy", "pytest"} <= set(commands())


@pytest.mark.parametrize(
    "command", [c for c in commands() if c.startswith(("caucasus-data", "frictionless", "ruff", "mypy"))]
)
def test_each_check_passes_on_the_shipped_package(command):
    result = run(command, ROOT)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_the_data_diff_step_writes_the_step_summary(tmp_path):
    step = next(s for s in steps() if "caucasus-data diff" in s.get("run", ""))
    summary = tmp_path / "summary.md"
    result = run(step["run"], ROOT, BASE="HEAD", GITHUB_STEP_SUMMARY=str(summary))
    assert result.returncode == 0, result.stderr
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("```text\ncaucasus-data diff HEAD (") and text.rstrip().endswith("```")


def break_events(package: Path) -> tuple[int, int]:
    """A date in the wrong format on one row, and a stray quote on another; returns their lines."""
    path = package / "curated" / "events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    assert len(lines) > 3, "the shipped events table has rows to break"
    cells = lines[1].split(",")
    position = header.index("event_id")
    cells[position] = cells[position] + 'x"y'
    lines[1] = ",".join(cells)
    row = 2 if '"' not in lines[2] else next(i for i, line in enumerate(lines) if i > 1 and '"' not in line)
    cells = lines[row].split(",")
    cells[header.index("date_start")] = "15/06/2021"
    lines[row] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    return 2, row + 1


def test_on_a_broken_copy_the_errors_are_annotated_on_their_lines(package_copy):
    quote_line, date_line = break_events(package_copy)
    result = run("caucasus-data validate --format github .", package_copy)
    assert result.returncode == 1
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert f"::error file=curated/events.csv,line={date_line},title=[type] date_start::" in "\n".join(annotations)
    assert any(a.startswith(f"::error file=curated/events.csv,line={quote_line},title=[format]") for a in annotations)
    for annotation in annotations:
        path = re.match(r"::error file=([^,]+)", annotation)[1]
        assert (package_copy / path).is_file(), f"{path} is relative to the repository root"
    assert run("frictionless validate datapackage.json", package_copy).returncode != 0
    assert run("caucasus-data fmt --check .", package_copy).returncode == 1


def hooks() -> list[dict]:
    return yaml.safe_load(HOOKS.read_text(encoding="utf-8"))


def test_pre_commit_hooks_run_the_same_checks_on_the_data_files():
    by_id = {hook["id"]: hook for hook in hooks()}
    assert set(by_id) == {"caucasus-data-validate", "caucasus-data-fmt"}
    assert by_id["caucasus-data-validate"]["entry"] == "caucasus-data validate ."
    assert by_id["caucasus-data-fmt"]["entry"] == "caucasus-data fmt --check ."
    for hook in by_id.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        files = re.compile(hook["files"])
        for path in ("curated/events.csv", "schemas/events.schema.json", "raw/a.txt", "datapackage.json"):
            assert files.search(path), path
        for path in ("src/caucasus_data/cli.py", "README.md", "tests/curated/x.csv", "datapackage.json.bak"):
            assert not files.search(path), path


@pytest.mark.parametrize("hook", hooks(), ids=lambda hook: hook["id"])
def test_each_hook_passes_on_the_shipped_package_and_fails_on_a_broken_copy(hook, package_copy):
    assert run(hook["entry"], ROOT).returncode == 0
    break_events(package_copy)
    assert run(hook["entry"], package_copy).returncode == 1
    assert shlex.split(hook["entry"])[0] == "caucasus-data"
