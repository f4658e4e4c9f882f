"""Time validation and loading at scale, against stock tools, in one run on one machine.

    python benchmarks/run.py --rows 10000 100000 1000000 [--corrupt] [--repeat N] [--json FILE]

For each size the shipped package is scaled (see ``scale.py``) into a temporary folder, and every measurement
is a cold process, run in turn so that a busy machine slows all of them alike: our ``validate`` and ``build``,
``load_all`` (import and validated load), stock ``frictionless validate``, ``pyarrow.csv.read_csv`` and
``pandas.read_csv`` of the same CSVs, and the constraint checks written directly in DuckDB, polars and pandera
(``peers.py``). Peak memory is the child's maximum resident set (``wait4``); Linux counts
in it the parent's resident memory at the fork, so this process stays small (the scaler runs in its own). With
``--corrupt`` a second copy has 1% of the largest tables' rows broken, and its ``--format json`` report is
checked against the injected errors: a lost error fails the run. Targets are ratios, printed with the medians.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from peers import SAME_CHECKS  # this folder, first on the path when run as a script

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
FRICTIONLESS = str(Path(PY).with_name("frictionless"))
AT_SCALE = 1_000_000  # the validation targets are set for a largest table of this many rows
TARGETS = {  # label -> (numerator, denominator, comparison, bound, applies to: "scale" or "shipped")
    "validate / pyarrow read_csv": ("validate", "pyarrow", "<=", 2.0, "scale"),
    "frictionless / validate": ("frictionless", "validate", ">=", 20.0, "scale"),
    "validate corrupted / clean": ("validate_corrupt", "validate", "<=", 1.3, "scale"),
    "DuckDB checks / validate": ("duckdb_checks", "validate", ">=", 1.0, "scale"),
    "polars checks / validate": ("polars_checks", "validate", ">=", 1.0, "scale"),
    "pandera directly / validate": ("pandera_checks", "validate", ">=", 1.0, "scale"),
    # the peers' checks only (peers.SAME_CHECKS), with file:line for every failure as always
    "DuckDB checks / validate, same checks": ("duckdb_checks", "validate_same_checks", ">=", 1.0, "scale"),
    "polars checks / validate, same checks": ("polars_checks", "validate_same_checks", ">=", 1.0, "scale"),
    "pandera directly / validate, same checks": ("pandera_checks", "validate_same_checks", ">=", 1.0, "scale"),
    "load (stamp) / pandas read_csv": ("load_stamp", "pandas", "<=", 2.0, "shipped"),
}
MEMORY_TARGET = 2.5  # peak resident memory of validate, as a multiple of the CSV bytes


@dataclass
class Sample:
    seconds: float
    peak_mb: float
    code: int


@dataclass
class Result:
    rows: int
    largest: str
    factor: int
    table_rows: dict[str, int]
    csv_mb: float
    samples: dict[str, list[Sample]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def median(self, name: str) -> float | None:
        got = [s.seconds for s in self.samples.get(name, [])]
        return statistics.median(got) if got else None

    def peak(self, name: str) -> float | None:
        got = [s.peak_mb for s in self.samples.get(name, [])]
        return max(got) if got else None


def timed(
    argv: list[str], env: dict[str, str] | None = None, capture: bool = False, exits: tuple[int, ...] = (0, 1)
) -> tuple[Sample, bytes]:
    """Wall time and the child's own peak resident memory (ru_maxrss is in KiB on Linux).

    ``exits``: the exit codes that mean the command did its job. A validator exits 1 when it finds errors; a
    peer exits 0 after printing its counts, so a peer's 1 is a crash, and timing a crash would flatter it.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out if capture else subprocess.DEVNULL, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        out.seek(0)
        err.seek(0)
        body, stderr = out.read(), err.read()
    if code not in exits:
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {stderr.decode(errors='replace')[-2000:]}")
    return Sample(seconds, usage.ru_maxrss / 1024, code), body


def csv_files(root: Path) -> list[str]:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return [str(root / r["path"]) for r in descriptor["resources"]]


def commands(clean: Path, corrupt: Path | None, cache: Path, out: Path, has_build: bool) -> dict[str, tuple]:
    """name -> (argv, env, captures stdout). The stamp cache is emptied before every `load_first`."""
    env = dict(os.environ, CAUCASUS_DATA_CACHE=str(cache))
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled byte code, as an installed package has (see shipped.py)
    files = csv_files(clean)
    load = f"import caucasus_data as cd; cd.load_all(path={str(clean)!r})"
    found = {
        "validate": ([PY, "-m", "caucasus_data", "validate", str(clean)], env, False),
        "load_first": ([PY, "-c", load], env, False),
        "load_stamp": ([PY, "-c", load], env, False),
        "pyarrow": ([PY, "-c", f"import pyarrow.csv as c\nfor f in {files!r}: c.read_csv(f)"], env, False),
        "pandas": ([PY, "-c", f"import pandas as pd\nfor f in {files!r}: pd.read_csv(f)"], env, False),
    }
    same = [PY, "-m", "caucasus_data", "validate", str(clean), "--select", ",".join(SAME_CHECKS)]
    found["validate_same_checks"] = (same, env, False)
    for peer in ("duckdb", "polars", "pandera"):  # the constraint checks written in each (peers.py)
        found[f"{peer}_checks"] = ([PY, str(HERE / "peers.py"), peer, str(clean)], env, False)
    if has_build:
        found["build"] = ([PY, "-m", "caucasus_data", "build", str(clean), "--out", str(out)], env, False)
    if corrupt is not None:
        argv = [PY, "-m", "caucasus_data", "validate", str(corrupt), "--format", "json"]
        found["validate_corrupt"] = (argv, env, True)
    return found


def has_build_command() -> bool:
    done = subprocess.run([PY, "-m", "caucasus_data", "build", "--help"], capture_output=True)
    return done.returncode == 0


def check_report(body: bytes, injected: set[tuple[str, int, str]]) -> list[str]:
    """Every injected error must be reported, and nothing else."""
    report = json.loads(body)
    got = {(e["path"], e["line"], e["rule"]) for e in report["errors"]}
    problems = []
    if injected - got:
        problems.append(f"{len(injected - got)} injected errors not reported, e.g. {sorted(injected - got)[:3]}")
    if got - injected:
        problems.append(
            f"{len(got - injected)} errors reported that were not injected, e.g. {sorted(got - injected)[:3]}"
        )
    return problems


def scaled(args: argparse.Namespace, target: Path, rows: int, corrupt: bool) -> dict:
    """Run the scaler in a process of its own: a child's peak memory counts its parent's resident memory at
    the fork, so this process must never hold a scaled package."""
    summary = target.with_suffix(".json")
    argv = [PY, str(HERE / "scale.py"), str(args.source), str(target), "--rows", str(rows), "--summary", str(summary)]
    subprocess.run(argv + (["--corrupt"] if corrupt else []), check=True)
    return json.loads(summary.read_text(encoding="utf-8"))


def count_rows(root: Path) -> dict[str, int]:
    sizes = {}
    for path in csv_files(root):
        with open(path, encoding="utf-8", newline="") as handle:
            sizes[Path(path).stem] = sum(1 for _ in csv.reader(handle)) - 1
    return sizes


def prepare(rows: int, args: argparse.Namespace, work: Path) -> tuple[Result, Path, Path | None, set]:
    """Scale the package (and a corrupted copy); rows=0 stands for the shipped package as it is."""
    if rows == 0:
        sizes = count_rows(args.source)
        largest = max(sizes, key=sizes.__getitem__)
        mb = sum(map(os.path.getsize, csv_files(args.source))) / 1e6
        return Result(0, largest, 1, sizes, mb, notes=["the shipped package, unscaled"]), args.source, None, set()
    clean, corrupt = work / f"clean-{rows}", work / f"corrupt-{rows}"
    started = time.perf_counter()
    done = scaled(args, clean, rows, corrupt=False)
    largest = max(done["rows"], key=done["rows"].__getitem__)
    mb = sum(map(os.path.getsize, csv_files(clean))) / 1e6
    result = Result(rows, largest, done["factor"], done["rows"], mb)
    injected: set = set()
    if args.corrupt:
        injected = {tuple(e) for e in scaled(args, corrupt, rows, corrupt=True)["injected"]}
    print(
        f"# {rows} rows: scaled x{result.factor} ({largest} {done['rows'][largest]} rows, {mb:.0f} MB of CSV) "
        f"in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return result, clean, corrupt if args.corrupt else None, injected


def measure(rows: int, args: argparse.Namespace, work: Path) -> Result:
    result, clean, corrupt, injected = prepare(rows, args, work)
    has_build = not args.skip_build and has_build_command()
    if not has_build:
        result.notes.append("`caucasus-data build` not timed")
    cache = work / f"cache-{rows}"
    runs = commands(clean, corrupt, cache, work / f"release-{rows}", has_build)
    for _ in range(args.repeat):
        for name, (argv, env, capture) in runs.items():
            if name == "load_first":
                shutil.rmtree(cache, ignore_errors=True)
            if name.startswith("validate"):  # no kept profile checks: every validation does all its work
                shutil.rmtree(cache / "profiles", ignore_errors=True)
            exits = (0, 1) if name.startswith("validate") else (0,)
            sample, body = timed(argv, env, capture, exits)
            result.samples.setdefault(name, []).append(sample)
            if name == "validate" and sample.code != 0:
                raise RuntimeError(f"the package of {rows} rows is not valid; is the shipped data valid?")
            if name == "validate_corrupt":
                result.notes += [p for p in check_report(body, injected) if p not in result.notes]
            print(f"  {name:<18} {sample.seconds:8.2f} s {sample.peak_mb:8.0f} MB", flush=True)
    if not args.skip_frictionless:
        sample, _ = timed([FRICTIONLESS, "validate", "--json", str(clean / "datapackage.json")])
        result.samples["frictionless"] = [sample]
        verdict = "valid" if sample.code == 0 else "invalid"
        result.notes.append(f"stock frictionless ran once and found the package {verdict}")
        print(f"  {'frictionless':<18} {sample.seconds:8.2f} s {sample.peak_mb:8.0f} MB ({verdict})", flush=True)
    return result


def applies(result: Result, scope: str) -> bool:
    return result.rows == 0 if scope == "shipped" else result.table_rows[result.largest] >= AT_SCALE


def verdicts(result: Result) -> list[tuple[str, float | None, str, float, bool | None]]:
    """(target, ratio, comparison, bound, met); met is None where the target is not set for this size."""
    rows = []
    for target, (num, den, op, bound, scope) in TARGETS.items():
        a, b = result.median(num), result.median(den)
        ratio = None if a is None or b is None else a / b
        met = None if ratio is None else (ratio <= bound if op == "<=" else ratio >= bound)
        rows.append((target, ratio, op, bound, met if applies(result, scope) else None))
    peaks = [p for p in (result.peak("validate"), result.peak("validate_corrupt")) if p is not None]
    ratio = max(peaks) / result.csv_mb if peaks else None
    met = None if ratio is None or not applies(result, "scale") else ratio <= MEMORY_TARGET
    rows.append(("validate peak memory / CSV size", ratio, "<=", MEMORY_TARGET, met))
    return rows


def label(result: Result) -> str:
    rows = result.table_rows[result.largest]
    return f"shipped ({result.largest} {rows:,})" if result.rows == 0 else f"{rows:,} ({result.largest})"


def render(results: list[Result]) -> str:
    names = ["validate", "validate_same_checks", "validate_corrupt", "load_first", "load_stamp", "build"]
    names += ["frictionless"]
    names += ["duckdb_checks", "polars_checks", "pandera_checks", "pyarrow", "pandas"]
    head = "| rows (largest table) | CSV MB | " + " | ".join(names) + " |"
    lines = [head, "|" + " --- |" * (len(names) + 2)]
    for r in results:
        cells = []
        for n in names:
            m, p = r.median(n), r.peak(n)
            cells.append("–" if m is None else f"{m:.2f} s / {p:.0f} MB")
        lines.append(f"| {label(r)} | {r.csv_mb:.1f} | " + " | ".join(cells) + " |")
    lines += ["", "| rows | target | ratio | bound | met |", "| --- | --- | --- | --- | --- |"]
    for r in results:
        for target, ratio, op, bound, met in verdicts(r):
            shown = "–" if ratio is None else f"{ratio:.2f}"
            verdict = "(set for another size)" if met is None else ("met" if met else "NOT met")
            lines.append(f"| {label(r)} | {target} | {shown} | {op} {bound} | {verdict} |")
    notes = sorted({f"{label(r)}: {n}" for r in results for n in r.notes})
    return "\n".join(lines + ([""] + [f"- {n}" for n in notes] if notes else []))


def machine() -> dict[str, str]:
    """The machine and the versions, read without importing anything large into this process."""
    from importlib.metadata import version

    cpu = next(
        (
            ln.split(":", 1)[1].strip()
            for ln in Path("/proc/cpuinfo").read_text().splitlines()
            if ln.startswith("model name")
        ),
        platform.processor(),
    )
    memory = next(
        (ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), "0"
    )
    found = {"nproc": str(os.cpu_count()), "memory": f"{int(memory) / 2**20:.1f} GiB", "cpu": cpu}
    found["python"] = platform.python_version()
    for name in ("pandas", "pyarrow", "pandera", "frictionless", "caucasus-data"):
        found[name] = version(name)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000], help="rows of the largest table")
    parser.add_argument("--corrupt", action="store_true", help="also time a copy with 1%% of rows broken")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement (frictionless runs once)")
    parser.add_argument("--source", type=Path, default=ROOT, help="package to scale (default: the shipped one)")
    parser.add_argument("--skip-frictionless", action="store_true", help="do not time stock frictionless")
    parser.add_argument("--skip-build", action="store_true", help="do not time caucasus-data build")
    parser.add_argument("--work", type=Path, help="folder for the scaled packages (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="also write every sample to this file")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="caucasus-bench-"))
    info = machine()
    print("# " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    results = []
    try:
        for rows in [0, *args.rows]:
            results.append(measure(rows, args, work))
            shutil.rmtree(work / f"clean-{rows}", ignore_errors=True)
            shutil.rmtree(work / f"corrupt-{rows}", ignore_errors=True)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(render(results))
    if args.json:
        args.json.write_text(json.dumps({"machine": info, "results": [asdict(r) for r in results]}, indent=1))
    lost = [n for r in results for n in r.notes if "not reported" in n or "not injected" in n]
    return 1 if lost else 0


if __name__ == "__main__":
    sys.exit(main())
