"""What each entry point imports: nothing heavy that it does not use.

Start-up is most of the time a pre-commit hook or a notebook waits for on a package of this size
(docs/benchmarks.md), and pandas, pandera and frictionless are the heaviest imports there are. Each check
runs in a fresh interpreter, so nothing imported by another test counts.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT

HEAVY = ("pandas", "pandera", "frictionless")
VALIDATE = (
    "from pathlib import Path\nfrom caucasus_data.validator import validate_folder\n"
    "assert {verdict}validate_folder(Path({root!r}))"
)


def imported_after(code: str, env: dict[str, str] | None = None) -> set[str]:
    probe = (
        f"import sys, json\n{code}\nprint(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {HEAVY!r})))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
    return {m.split(".")[0] for m in json.loads(done.stdout.splitlines()[-1])}


def test_import_caucasus_data_imports_none_of_pandas_pandera_frictionless():
    assert imported_after("import caucasus_data") == set()


def test_the_version_and_the_help_need_none_of_them():
    code = "import caucasus_data as cd\nfrom caucasus_data.cli import main\nprint(cd.__version__)\nmain(['--help'])"
    assert imported_after(code) == set()


def test_validating_the_shipped_package_imports_neither_pandas_nor_pandera(tmp_path):
    """The constraint checks run as Arrow kernels, and nothing on the way converts through pandas."""
    code = VALIDATE.format(root=str(ROOT), verdict="")
    env = {**os.environ, "CAUCASUS_DATA_CACHE": str(tmp_path)}
    assert not imported_after(code, env) & {"pandas", "pandera"}


def test_validating_the_shipped_package_skips_numpy_ma_and_importlib_resources_readers(tmp_path):
    """Each is 0.02 to 0.03 s of a cold validation of about half a second of work: ``np.unique`` and
    ``np.isin`` import ``numpy.ma``, and ``importlib.resources.files`` its readers."""
    avoided = ("numpy.ma", "importlib.readers")
    code = (
        VALIDATE.format(root=str(ROOT), verdict="")
        + f"\nimport sys\nprint([m for m in {avoided!r} if m in sys.modules])"
    )
    env = {**os.environ, "CAUCASUS_DATA_CACHE": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert done.stdout.splitlines()[-1] == "[]"


def test_validating_a_broken_package_imports_neither(pkg, tmp_path):
    """Error records are built without pandas too: a required cell emptied, a bad code, a bad id, a bad date."""
    pkg.add_event(event_id="Zz_Bad", title="", status="happened", date_start="2021-02-30")
    code = VALIDATE.format(root=str(pkg.root), verdict="not ")
    env = {**os.environ, "CAUCASUS_DATA_CACHE": str(tmp_path)}
    assert not imported_after(code, env) & {"pandas", "pandera"}


@pytest.mark.parametrize("name", ["pandera_schema", "load"])
def test_the_names_that_need_pandas_still_work_after_a_lazy_import(name):
    import caucasus_data as cd

    assert callable(getattr(cd, name))
    assert cd.load.__module__ == "caucasus_data.load"  # the function, not the submodule of the same name


def test_the_command_line_checks_the_profiles_in_a_child_with_the_same_findings(pkg, tmp_path):
    """`profiles_apart` (what `caucasus-data validate` asks for) leaves frictionless out of this process,
    and a descriptor the stock profile refuses is reported exactly as when the check runs in process."""
    descriptor = pkg.root / "datapackage.json"
    data = json.loads(descriptor.read_text(encoding="utf-8"))
    data["licenses"] = [{"title": "only a title"}]  # the stock Data Package profile wants a name or a path
    descriptor.write_text(json.dumps(data, indent=2), encoding="utf-8")
    code = (
        "import json\nfrom pathlib import Path\nfrom caucasus_data.validator import validate_folder\n"
        f"r = validate_folder(Path({str(pkg.root)!r}), profiles_apart={{apart}})\n"
        "print(json.dumps(sorted([e.path, e.message] for e in r.errors if e.rule == 'datapackage')))\n"
    )
    found = {}
    for apart in (True, False):
        env = {**os.environ, "CAUCASUS_DATA_CACHE": str(tmp_path / f"cache-{apart}")}
        probe = code.format(apart=apart) + "import sys\nprint(json.dumps('frictionless' in sys.modules))"
        done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env)
        findings, imported = done.stdout.splitlines()[-2:]
        found[apart] = json.loads(findings)
        assert json.loads(imported) is not apart
    assert found[True] == found[False]
    assert any("Data Package profile" in message for _, message in found[True])


@pytest.mark.parametrize("apart", [True, False])
def test_validating_the_shipped_package_needs_no_frictionless_in_any_process(apart, tmp_path):
    """Its descriptors are of the shapes caucasus_data.profiles_clean knows frictionless passes, so a cold
    validation (empty cache) neither imports frictionless nor starts the interpreter that would."""
    code = (
        "import subprocess\nstarted = []\nreal = subprocess.Popen\n"
        "subprocess.Popen = lambda *a, **k: started.append(a) or real(*a, **k)\n"
        "from pathlib import Path\nfrom caucasus_data.validator import validate_folder\n"
        f"assert validate_folder(Path({str(ROOT)!r}), profiles_apart={apart}).ok\n"
        "assert started == [], started\n"
    )
    env = {**os.environ, "CAUCASUS_DATA_CACHE": str(tmp_path)}
    assert imported_after(code, env) == set()
