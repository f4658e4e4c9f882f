"""Time `caucasus-data site` on the shipped data: ``python benchmarks/site.py [--repeat N]``.

Each run is a cold process (interpreter start, imports, validation, every page, both charts); prints the wall
and CPU seconds of each run and their median. The target is under 15 s of wall time.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def once(out: Path) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "caucasus_data", "site", str(ROOT), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.repeat):
            wall, cpu = once(Path(tmp) / f"site-{i}")  # a first build: no earlier site to replace
            walls.append(wall)
            cpus.append(cpu)
            print(f"run {i + 1}: {wall:.2f} s wall, {cpu:.2f} s CPU")
    print(f"median: {statistics.median(walls):.2f} s wall, {statistics.median(cpus):.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
