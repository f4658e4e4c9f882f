"""Time the package at the size people use it: the shipped data, cold processes, peers alternated in one run.

    python benchmarks/shipped.py [--repeat 7] [--json FILE]

Each round runs every command once, in turn, each in a fresh process with an empty cache of its own (no kept
profile checks, no stamps), so a busy machine slows all of them alike; the targets are ratios of medians:

- ``caucasus-data validate DIR`` against stock ``frictionless validate datapackage.json`` in DIR;
- on the installed wheel (built here, installed into a folder of its own and put first on ``PYTHONPATH``),
  ``import caucasus_data as cd; cd.load('events')`` against ``import pandas; pandas.read_csv(...)`` of the
  wheel's own ``events.csv`` (polars' and pyarrow's readers of the same file beside them);
- ``caucasus-data --help`` and ``caucasus-data tables``, in seconds.

Every process's CPU seconds (its own and its children's) are shown too. Every process reads compiled byte code
(the checkout's modules are compiled first, and ``PYTHONDONTWRITEBYTECODE`` is dropped), as from an
installed package.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
TARGETS = {  # label -> (numerator, denominator or None for seconds, bound)
    "validate / stock frictionless": ("validate", "frictionless", 0.6),
    "load('events') on the wheel / pandas.read_csv": ("load_events", "pandas_events", 1.3),
    "caucasus-data --help (s)": ("help", None, 0.3),
    "caucasus-data tables (s)": ("tables", None, 0.3),
}


def timed(argv: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system, the child's children included) of one cold process."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    code = os.waitstatus_to_exitcode(status)
    if code != 0:  # the shipped package is valid, and every command here should succeed on it
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {err[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def install_wheel(work: Path) -> Path:
    """Build this checkout's wheel and install it, without dependencies, into a folder of its own."""
    dist, target = work / "dist", work / "site"
    subprocess.run([PY, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)], check=True, capture_output=True)
    wheel = next(dist.glob("*.whl"))
    subprocess.run([PY, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], check=True)
    return target


def commands(site: Path, outside: Path) -> dict[str, tuple[list[str], Path, dict[str, str]]]:
    """name -> (argv, working folder, environment). ``outside`` holds no package, so the wheel's data is used."""
    base = dict(os.environ)
    base.pop("PYTHONPATH", None)
    # Every process reads compiled byte code, as an installed package (and frictionless beside it) does: with
    # this set, the checkout's modules would be compiled again in every run (0.2 s of a validation here).
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    wheel = {**base, "PYTHONPATH": str(site)}
    events = site / "caucasus_data" / "_data" / "curated" / "events.csv"
    cli = [PY, "-m", "caucasus_data"]
    return {
        "validate": ([*cli, "validate", str(ROOT)], ROOT, base),
        "frictionless": ([str(Path(PY).with_name("frictionless")), "validate", "datapackage.json"], ROOT, base),
        "load_events": ([PY, "-c", "import caucasus_data as cd; cd.load('events')"], outside, wheel),
        "pandas_events": ([PY, "-c", f"import pandas; pandas.read_csv({str(events)!r})"], outside, base),
        "polars_events": ([PY, "-c", f"import polars; polars.read_csv({str(events)!r})"], outside, base),
        "pyarrow_events": ([PY, "-c", f"import pyarrow.csv; pyarrow.csv.read_csv({str(events)!r})"], outside, base),
        "help": ([*cli, "--help"], outside, wheel),
        "tables": ([*cli, "tables"], outside, wheel),
    }


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {"python": sys.version.split()[0], "nproc": str(os.cpu_count())}
    for name in ("caucasus-data", "pyarrow", "pandas", "pandera", "frictionless", "polars", "pydantic", "numpy"):
        found[name] = version(name)
    found["load average at start"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7, help="rounds; each runs every command once (default 7)")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    args = parser.parse_args(argv)
    info = versions()
    print("# " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    samples: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="caucasus-shipped-") as tmp:
        work = Path(tmp)
        site, outside, cache = install_wheel(work), work / "elsewhere", work / "cache"
        outside.mkdir()
        runs = commands(site, outside)
        subprocess.run([PY, "-m", "compileall", "-q", str(ROOT / "src")], check=True)
        for _ in range(args.repeat):
            for name, (command, cwd, env) in runs.items():
                shutil.rmtree(cache, ignore_errors=True)  # nothing kept from an earlier run
                sample = timed(command, cwd, {**env, "CAUCASUS_DATA_CACHE": str(cache)})
                samples.setdefault(name, []).append(sample)
                print(f"  {name:<16} {sample[0]:6.2f} s wall {sample[1]:6.2f} s CPU", flush=True)
    info["load average at end"] = " ".join(f"{x:.1f}" for x in os.getloadavg())
    wall, cpu = medians(samples)
    print("\n| command | wall s (median) | CPU s (median) |\n| --- | --- | --- |")
    for name in samples:
        print(f"| {name} | {wall[name]:.2f} | {cpu[name]:.2f} |")
    print("\n| target | wall | CPU | bound | met in wall time | met in CPU time |")
    print("| --- | --- | --- | --- | --- | --- |")
    found = verdicts(samples)
    for label, ratio, by_cpu, bound in found:
        shown = ["met" if value <= bound else "**not met**" for value in (ratio, by_cpu)]
        print(f"| {label} | {ratio:.2f} | {by_cpu:.2f} | ≤ {bound} | {shown[0]} | {shown[1]} |")
    if args.json:
        met = {label: {"wall": ratio <= bound, "cpu": by_cpu <= bound} for label, ratio, by_cpu, bound in found}
        args.json.write_text(json.dumps({"machine": info, "samples": samples, "met": met}, indent=1))
    return 0


def medians(samples: dict[str, list[tuple[float, float]]]) -> tuple[dict[str, float], dict[str, float]]:
    """Each command's median wall seconds and median CPU seconds."""
    wall = {name: statistics.median(s[0] for s in got) for name, got in samples.items()}
    cpu = {name: statistics.median(s[1] for s in got) for name, got in samples.items()}
    return wall, cpu


def verdicts(samples: dict[str, list[tuple[float, float]]]) -> list[tuple[str, float, float, float]]:
    """(target, ratio of wall-time medians, ratio of CPU-time medians, bound) per target; seconds where the
    target is a time, not a ratio."""
    wall, cpu = medians(samples)
    return [
        (label, wall[num] / wall[den] if den else wall[num], cpu[num] / cpu[den] if den else cpu[num], bound)
        for label, (num, den, bound) in TARGETS.items()
    ]


if __name__ == "__main__":
    sys.exit(main())
