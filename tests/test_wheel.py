"""The wheel, as a user gets it: built from a copy of the repository, installed into a fresh environment.

The new environment must not see the checkout. Its dependencies are taken from the environment running the
tests through a ``.pth`` file (``--system-site-packages`` would expose the base interpreter's packages, not
those of a virtual environment the tests run in), so nothing is downloaded; caucasus-data itself comes
only from the wheel, installed with ``--no-deps``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

import caucasus_data as cd

IGNORED = shutil.ignore_patterns(
    ".git", ".venv*", "__pycache__", ".hypothesis", ".pytest_cache", ".ruff_cache", "build", "dist", "release"
)


def run(command: list, cwd: Path, timeout: int = 600, **extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV"}} | extra
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    shutil.copytree(ROOT, work / "repo", ignore=IGNORED)
    run([sys.executable, "-m", "build", "--wheel", "--outdir", work / "dist", work / "repo"], cwd=work)
    (built,) = (work / "dist").glob("caucasus_data-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed; returns its bin folder."""
    env = tmp_path_factory.mktemp("env") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", env], cwd=env.parent)
    bindir = env / ("Scripts" if os.name == "nt" else "bin")
    python = bindir / "python"
    # The wheel first: with the dependencies' folder already visible, pip would find the caucasus-data
    # installed there (in CI, the one under test) and skip the wheel as "already satisfied".
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", wheel], cwd=env.parent)
    script = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    purelib = Path(run([python, "-c", script], cwd=env.parent).stdout.strip())
    assert (purelib / "caucasus_data").is_dir()
    (purelib / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return bindir


def test_the_wheel_carries_the_data_byte_for_byte(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        for folder in ("raw", "curated", "schemas"):
            for path in sorted((ROOT / folder).iterdir()):
                inside = f"caucasus_data/_data/{folder}/{path.name}"
                assert inside in names, inside
                assert archive.read(inside) == path.read_bytes(), inside
        assert archive.read("caucasus_data/_data/datapackage.json") == (ROOT / "datapackage.json").read_bytes()
        assert not any(n.startswith(("tests/", "caucasus_data/tests/")) for n in names)
        assert "caucasus_data/py.typed" in names  # type checkers read the package's own annotations


def test_load_from_an_unrelated_folder(installed, tmp_path):
    code = (
        "import caucasus_data as cd; print(cd.load('events')); "
        "print('FILE', cd.__file__); print('VERSION', cd.__version__); print('TABLES', len(cd.tables()))"
    )
    out = run([installed / "python", "-c", code], cwd=tmp_path).stdout
    assert "event_id" in out and "rows x" in out
    lines = dict(line.split(" ", 1) for line in out.splitlines() if line.startswith(("FILE", "VERSION", "TABLES")))
    assert Path(lines["FILE"]).is_relative_to(installed.parent)  # not the checkout
    assert lines["VERSION"] == cd.__version__ and int(lines["TABLES"]) == len(cd.tables())


def test_validate_the_bundled_data_with_the_installed_command(installed, tmp_path):
    out = run([installed / "caucasus-data", "validate"], cwd=tmp_path).stdout
    assert out.startswith("valid: ") and Path(out.split(" ", 1)[1].strip()).is_relative_to(installed.parent)


def test_installed_raw_files_are_byte_identical(installed, tmp_path):
    code = "from caucasus_data.paths import bundled_root; print(bundled_root())"
    bundled = Path(run([installed / "python", "-c", code], cwd=tmp_path).stdout.strip())
    assert bundled.is_relative_to(installed.parent)
    for path in sorted((ROOT / "raw").iterdir()):
        assert (bundled / "raw" / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_wheel_records_the_sha256_of_every_data_file_it_ships(wheel):
    import hashlib
    import json

    with zipfile.ZipFile(wheel) as archive:
        record = json.loads(archive.read("caucasus_data/_data/SHIPPED-SHA256.json"))["files"]
        shipped = {n.removeprefix("caucasus_data/_data/") for n in archive.namelist() if "/_data/" in n}
        assert set(record) == shipped - {"SHIPPED-SHA256.json"}
        for rel, sha in record.items():
            assert hashlib.sha256(archive.read(f"caucasus_data/_data/{rel}")).hexdigest() == sha, rel


def test_the_shipped_data_loads_without_the_validator_the_models_or_the_cache(installed, tmp_path):
    """Its bytes are the recorded ones: neither validated nor read with the pydantic models."""
    cache = tmp_path / "no-cache"
    code = (
        "import sys, caucasus_data as cd; frame = cd.load('events'); "
        "print(len(frame), 'caucasus_data.validator' in sys.modules, 'pandera' in sys.modules, "
        "'pydantic' in sys.modules)"
    )
    done = subprocess.run(
        [installed / "python", "-c", code], cwd=tmp_path, env={"CAUCASUS_DATA_CACHE": str(cache)}, capture_output=True
    )
    assert done.returncode == 0, done.stderr
    rows, validator, pandera, pydantic = done.stdout.decode().split()
    assert int(rows) == len(cd.load("events")) and (validator, pandera, pydantic) == ("False", "False", "False")
    assert not cache.exists()


def test_an_installed_data_file_edited_by_hand_is_no_longer_trusted(installed, tmp_path):
    code = "from caucasus_data.paths import bundled_root; print(bundled_root())"
    events = Path(run([installed / "python", "-c", code], cwd=tmp_path).stdout.strip()) / "curated" / "events.csv"
    original = events.read_bytes()
    header, first, rest = original.split(b"\n", 2)
    broken = b"\n".join([header, first.replace(b",", b",=1+1,", 1), rest])  # a cell that starts a formula
    events.write_bytes(broken)
    try:
        code = "import caucasus_data as cd\ntry:\n    cd.load('events')\nexcept cd.InvalidDataError as e:\n    print(e)"
        said = run([installed / "python", "-c", code], cwd=tmp_path, CAUCASUS_DATA_CACHE=str(tmp_path / "c")).stdout
        assert "is not valid" in said and "[structure]" in said
    finally:
        events.write_bytes(original)
