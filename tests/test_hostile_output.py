"""No cell becomes a workflow command, a terminal escape or the end of a Markdown code block; a closed pipe is quiet.

GitHub Actions runs any line of a step's output that starts with ``::`` as a workflow command (``::error``,
``::add-mask::``, ``::stop-commands::``), so a cell holding a line break followed by ``::`` would give a pull
request's author a say in the run. Every test here puts such a payload where a table or descriptor can carry
it and checks the lines of every output form.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import NEWS, Package
from hostile import SRC

from caucasus_data.cli import main
from caucasus_data.reporters import printable

PAYLOAD = "x\n::error file=README.md,line=1::owned\r\n::add-mask::secret\u2028\x1b[2Jend"


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("CAUCASUS_DATA_CACHE", str(tmp_path / "cache"))


def no_command_lines(text: str, allowed_prefix: str | None = None) -> None:
    for line in text.split("\n"):
        if allowed_prefix and line.startswith(allowed_prefix):
            continue
        assert not line.lstrip().startswith("::"), f"a line GitHub would run as a command: {line!r}"
        assert "\r" not in line and "\x1b" not in line and "\u2028" not in line, repr(line)


def broken(pkg: Package) -> None:
    """The payload in a cell that breaks rules (so it is quoted back), in a column name and a raw_path."""
    pkg.add_event(event_id="zz-" + PAYLOAD, title="=" + PAYLOAD)
    text = pkg.text("places")
    header, rest = text.split("\n", 1)
    pkg.write("places", header + ',"' + PAYLOAD + '"\n' + rest)


@pytest.mark.parametrize("form", ["text", "github", "json"])
def test_no_cell_becomes_a_workflow_command_in_validate(pkg, capsys, form):
    broken(pkg)
    assert main(["validate", str(pkg.root), "--format", form]) == 1
    out = capsys.readouterr().out
    if form == "json":
        assert "\u2028" not in out
        report = json.loads(out)
        assert any(PAYLOAD in (e["value"] or "") for e in report["errors"])  # escaped, not lost
        return
    if form == "github":
        lines = out.rstrip("\n").split("\n")
        assert all(line.startswith("::error file=") for line in lines[:-1]), lines
        assert lines[-1].endswith("errors")
        no_command_lines(out, allowed_prefix="::error file=curated/")
        assert all("::add-mask::" not in line.split("::", 2)[1] for line in lines[:-1])  # in the message, escaped
        return
    no_command_lines(out)
    assert printable(PAYLOAD) in out


def test_every_error_is_one_line_of_text(pkg, capsys):
    broken(pkg)
    report = pkg.validate()
    assert main(["validate", str(pkg.root)]) == 1
    lines = capsys.readouterr().out.rstrip("\n").split("\n")
    assert len(lines) == len(report.errors) + 1


def test_fmt_check_output_has_no_command_lines(pkg, capsys):
    pkg.append_raw("places", '"' + PAYLOAD + '",a,b\n')  # a ragged row: fmt refuses it and quotes it back
    pkg.add_event(event_id="zz-late", title=PAYLOAD)
    assert main(["fmt", "--check", str(pkg.root)]) == 1
    out = capsys.readouterr().out
    assert "owned" in out
    no_command_lines(out)


def test_a_key_cell_cannot_close_the_diff_code_block(tmp_path, capsys):
    from conftest import copy_package

    old = copy_package(tmp_path / "old")
    new = Package(copy_package(tmp_path / "new"))
    fence_breaker = "zz\n```\n::error::owned\n````````\n# heading"
    new.add_event(event_id=fence_breaker, source=NEWS)
    assert main(["diff", str(old), str(new.root), "--format", "markdown"]) == 0
    out = capsys.readouterr().out.rstrip("\n")
    lines = out.split("\n")
    fence = lines[0].removesuffix("text")
    assert set(fence) == {"`"} and len(fence) >= 3
    closing = [i for i, line in enumerate(lines) if line.strip().startswith(fence) and i > 0]
    assert closing == [len(lines) - 1], "the code block closes before its end"
    assert "owned" in out
    no_command_lines("\n".join(lines[1:-1]))
    assert main(["diff", str(old), str(new.root)]) == 0
    no_command_lines(capsys.readouterr().out)


def test_the_pull_request_workflow_writes_the_diff_through_the_markdown_form(root):
    text = (root / ".github/workflows/validate.yml").read_text(encoding="utf-8")
    assert '--format markdown; } >> "$GITHUB_STEP_SUMMARY"' in text
    assert "echo '```" not in text


@pytest.mark.parametrize(("valid", "code"), [(False, 1), (True, 0)])
def test_a_closed_pipe_ends_quietly_with_the_results_exit_code(pkg, valid, code):
    """`caucasus-data validate | head -1`: the reader goes away after one line."""
    if not valid:
        for i in range(3000):
            pkg.append_raw("places", f"zz-ragged-{i:05d},only,three,cells,{'x' * 40},more,and,more\n")
    args = [sys.executable, "-m", "caucasus_data", "validate", str(pkg.root), "--format", "json"]
    env = {"PYTHONPATH": str(SRC), "CAUCASUS_DATA_CACHE": str(pkg.root.parent / "cache")}
    import os

    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **env}) as child:
        assert child.stdout is not None and child.stderr is not None
        child.stdout.readline()
        child.stdout.close()  # as `head -1` does once it has its line
        err = child.stderr.read().decode()
        returned = child.wait(timeout=120)
    assert (returned, err) == (code, "")
