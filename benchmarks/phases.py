"""Where validation spends its time: each phase run on its own, one after the other, with wall and CPU seconds.

    python benchmarks/phases.py DIR

The command line runs these phases overlapped (the stock profile checks while the tables are read, the rules
side by side); here they run in turn so that each one's cost can be read off, in a process set up as the
command's is (no transparent huge pages). The `format` rule's scan of each file's bytes is part of reading
(it is made while the reader holds them), not of the rule.
"""

from __future__ import annotations

import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
_started = time.perf_counter()


def cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def phase(label: str, run: Callable[[], T], wall: float | None = None, used: float | None = None) -> T:
    wall, used = (time.perf_counter(), cpu()) if wall is None else (wall, used)
    result = run()
    print(f"| {label} | {time.perf_counter() - wall:.2f} | {cpu() - used:.2f} |", flush=True)
    return result


def main(root: Path) -> None:
    print("| phase | wall s | CPU s |\n| --- | --- | --- |")
    wall, used = _started, 0.0
    from caucasus_data.cli import small_pages

    small_pages()  # as the command runs: without transparent huge pages (see caucasus_data.cli)
    from caucasus_data import validator
    from caucasus_data.context import Context
    from caucasus_data.model import read_package
    from caucasus_data.rules import discover
    from caucasus_data.snapshot import Snapshot

    phase("start-up and imports", lambda: None, wall, used)
    files = Snapshot(root)
    package, _ = phase("descriptors", lambda: read_package(files))
    rules = discover()
    phase("rules' preparation", lambda: [r.prepare(package) for r in rules if r.prepare])
    # known clean without frictionless when profiles_clean can tell (the shipped package), else frictionless' checks
    phase("stock profile checks", lambda: validator._Profiles(files, package, False).run())
    scans = [(r.name, r.scan) for r in rules if r.scan is not None]
    tables, _ = phase("read, type and scan every table", lambda: validator.read_tables(files, package, scans))
    ctx = Context(files, package, tables)
    for rule in rules:
        phase(f"rule {rule.name.rsplit('.', 1)[-1]}", lambda rule=rule: rule.check(ctx))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory {peak:.0f} MB; total {time.perf_counter() - _started:.2f} s wall, {cpu():.2f} s CPU")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
