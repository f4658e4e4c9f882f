"""Everything that runs at the same time during a validation, and the contract it keeps.

What runs in parallel:

* **per-item work** (each table read and typed; a rule's per-table or per-source work): :func:`each`, on one
  process-wide pool of ``min(cpus, 4)`` threads. The pool is created on first use and lives as long as the
  process (its idle threads cost nothing between validations; Python joins them at exit). Called from inside
  the pool, :func:`each` runs serially on the calling thread, so nested use can never wait on itself.
* **independent tasks** (the rules; the descriptor checks that need no table, while tables are read; the
  site's charts drawn while its pages render, and its files written): :func:`tasks`, an executor made for
  one validation or build and joined before it returns. Each task mostly waits (on per-item work, on the
  file system), so it has a thread of its own instead of taking a pool worker.

Threads pay because Arrow's and numpy's kernels, hashing and file reads release the GIL.

What may be shared: the package model and every :class:`~caucasus_data.context.TableData` are read-only once
the tables are read. A result several rules need is computed once through
:meth:`~caucasus_data.context.Context.shared`, which holds a lock per key. Rules change nothing they are
given; each returns its own list of findings.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")
WORKERS = min(os.cpu_count() or 1, 4)
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_in_pool = threading.local()


def _shared_pool() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="caucasus-data")
        return _pool


def each(func: Callable[[T], R], items: Iterable[T]) -> list[R]:
    """``func`` over ``items`` on the shared pool, results in order; serial when called from inside the pool.

    >>> each(len, ["a", "bb", "ccc"])
    [1, 2, 3]
    """
    items = list(items)
    if len(items) < 2 or WORKERS < 2 or getattr(_in_pool, "active", False):
        return [func(item) for item in items]

    def run(item: T) -> R:
        _in_pool.active = True
        try:
            return func(item)
        finally:
            _in_pool.active = False

    return list(_shared_pool().map(run, items))


def tasks(count: int, name: str) -> ThreadPoolExecutor:
    """An executor for ``count`` independent tasks of one validation; use it in a ``with`` block, which joins it.

    >>> with tasks(2, "example") as run:
    ...     sorted(run.map(abs, [-1, 2]))
    [1, 2]
    """
    return ThreadPoolExecutor(max_workers=max(count, 1), thread_name_prefix=f"caucasus-data-{name}")
