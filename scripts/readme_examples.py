"""Run every example in README.md and write what it prints back under it, so the README cannot drift.

Two kinds of example are run, each in a fresh copy of this repository's package (so a README example sees
the data as committed) named ``caucasus-data``, with ``broken/`` beside its tables made by
``scripts/make_broken_copy.py`` and the Parquet release built into ``release/``:

- a ``python`` block holding ``>>>`` prompts is run as a doctest session (one namespace per block) and the
  output under each prompt is replaced by what the statement printed;
- a ``text`` block whose first line starts with ``$ `` is a shell session: each ``$`` line is run with bash
  in the package copy, and the lines under it up to the next ``$`` are replaced by its standard output and
  standard error (printed first: what a command says about which folder it reads comes before its output).
  ``$ echo $?`` prints the exit code of the command before it. Where the README shows
  only the first lines of a long output, ending the shown part with a line ``...`` (or indented ``...``),
  as many lines are kept.

The copy's absolute path is written ``~/caucasus-data`` in the output, and the user cache is a temporary
folder. ``python scripts/readme_examples.py`` rewrites README.md; ``--check`` writes nothing and exits 1
if the README differs (tests/test_readme.py runs the check).
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_PARTS = ("datapackage.json", "schemas", "curated", "raw")
SHOWN_AS = "~/caucasus-data"
FENCE = re.compile(r"^```(?P<lang>[a-z]*)\n(?P<body>.*?)^```$", re.MULTILINE | re.DOTALL)
ELLIPSIS_LINE = re.compile(r"^\s*\.\.\.\s*$")


def prepare(work: Path) -> Path:
    """The package copy the examples run in, with ``broken/`` and ``release/`` beside its tables."""
    package = work / "caucasus-data"
    package.mkdir()
    for part in PACKAGE_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, package / part, copy_function=shutil.copy)
        else:
            shutil.copy(source, package / part)
    for path in package.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_broken_copy.py"), "broken"],
        cwd=package,
        check=True,
        capture_output=True,
    )
    build = [str(Path(sys.executable).parent / "caucasus-data"), "build", ".", "--out", "release"]
    subprocess.run(build, cwd=package, check=True, capture_output=True)
    return package


def cache_release(package: Path, cache: Path) -> None:
    """The built release as the cache holds a fetched one, so ``load(..., source="release")`` needs no network."""
    import json

    version = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))["version"]
    shutil.copytree(package / "release", cache / f"v{version}")


def _shown(text: str, package: Path) -> str:
    return text.replace(str(package.resolve()), SHOWN_AS).replace(str(package), SHOWN_AS)


def _keep(expected: list[str], got: list[str]) -> list[str]:
    """``got``, cut as the README cut ``expected`` (its lines up to a ``...`` line, then that line)."""
    for i, line in enumerate(expected):
        if ELLIPSIS_LINE.match(line):
            return [*got[:i], line] if len(got) > i else got
    return got


def run_shell(body: str, package: Path, env: dict[str, str]) -> str:
    out: list[str] = []
    lines = body.rstrip("\n").split("\n")
    last_code = 0
    i = 0
    while i < len(lines):
        command = lines[i]
        j = i + 1
        while j < len(lines) and not lines[j].startswith("$ "):
            j += 1
        expected = lines[i + 1 : j]
        shell = command[2:]
        if shell.strip() == "echo $?":
            got = [str(last_code)]
        else:
            result = subprocess.run(
                ["bash", "-c", shell], cwd=package, env=env, capture_output=True, text=True, timeout=600
            )
            last_code = result.returncode
            got = _shown(result.stderr + result.stdout, package).rstrip("\n").split("\n")  # the note comes first
            got = [] if got == [""] else got
        out += [command, *_keep(expected, got)]
        i = j
    return "\n".join(out) + "\n"


def run_python(body: str, package: Path) -> str:
    examples = doctest.DocTestParser().get_examples(body)
    namespace: dict[str, object] = {"__name__": "__readme__"}
    out: list[str] = []
    for example in examples:
        source = example.source.rstrip("\n").split("\n")
        out += [f">>> {source[0]}", *[f"... {line}" for line in source[1:]]]
        captured = io.StringIO()
        cwd = Path.cwd()
        os.chdir(package)
        try:
            with contextlib.redirect_stdout(captured):
                exec(compile(example.source, "<README>", "single"), namespace)  # as doctest runs an example
        except Exception:
            captured.write(traceback.format_exc(limit=0))
        finally:
            os.chdir(cwd)
        text = _shown(captured.getvalue(), package)
        text = text[:-1] if text.endswith("\n") else text
        got = [line or "<BLANKLINE>" for line in text.split("\n")] if text else []  # as doctest writes them
        out += _keep(example.want.rstrip("\n").split("\n"), got) if got else []
    return "\n".join(out) + "\n"


def render(readme: str) -> str:
    with tempfile.TemporaryDirectory(prefix="caucasus-data-readme-") as work:
        package = prepare(Path(work))
        path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"  # this caucasus-data
        env = {**os.environ, "PATH": path, "CAUCASUS_DATA_CACHE": str(Path(work) / "cache"), "COLUMNS": "120"}
        os.environ["CAUCASUS_DATA_CACHE"] = env["CAUCASUS_DATA_CACHE"]
        cache_release(package, Path(work) / "cache")

        def replace(match: re.Match) -> str:
            lang, body = match["lang"], match["body"]
            # A fetched release is checked against the manifest hash the installed package pins, which a
            # release built here does not have: those sessions are left as written.
            if lang == "python" and ">>>" in body and 'source="release"' not in body:
                body = run_python(body, package)
            elif lang == "text" and body.startswith("$ "):
                body = run_shell(body, package, env)
            return f"```{lang}\n{body}```"

        return FENCE.sub(replace, readme)


def main(argv: list[str]) -> int:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = render(text)
    if "--check" in argv:
        if new != text:
            import difflib

            sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), new.splitlines(True), "README.md", "ran"))
            return 1
        return 0
    readme.write_text(new, encoding="utf-8", newline="\n")
    print("README.md written" if new != text else "README.md unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
