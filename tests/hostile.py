"""What the hostile-input tests share: a network that refuses every connection, a run of the command line in a
child process bounded in time and memory (so that a hang or an endless read fails the test instead of the
machine), and small editors of a package copy's descriptors."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
from pathlib import Path

import pytest

MEMORY_LIMIT = 3 << 30  # address space of a child run: /dev/zero read to the end fails here, not the machine
SRC = Path(__file__).resolve().parents[1] / "src"


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    """Every connection and name look-up attempted is recorded and refused."""
    attempts: list[object] = []

    def refuse(*args, **kwargs):
        attempts.append(args[1:] if args and isinstance(args[0], socket.socket) else args)
        raise NetworkUsed(f"network use attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(*args: str, timeout: float = 90, cwd: Path | None = None, env: dict | None = None):
    """``caucasus-data ARGS`` in a child process; a run over ``timeout`` seconds fails the test."""
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), environment.get("PYTHONPATH", "")) if p)
    try:
        return subprocess.run(
            [sys.executable, "-m", "caucasus_data", *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            preexec_fn=_limits,
            cwd=cwd,
            env=environment,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"caucasus-data {' '.join(args)} still running after {timeout} s")


def edit_json(path: Path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def resource_of(root: Path, name: str) -> dict:
    data = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return next(r for r in data["resources"] if r["name"] == name)


def set_resource(root: Path, name: str, **values) -> None:
    def edit(data):
        next(r for r in data["resources"] if r["name"] == name).update(values)

    edit_json(root / "datapackage.json", edit)


FIRST_RAW = "raw/arvak-2025-02-06-quid-pro-quo.txt"


def set_raw_path(root: Path, raw_path: str) -> None:
    """The first source's raw_path replaced (its sha256 left as it is)."""
    path = root / "curated/sources.csv"
    quoted = '"' + raw_path.replace('"', '""') + '"' if any(c in raw_path for c in ',"\r\n') else raw_path
    path.write_text(path.read_text(encoding="utf-8").replace(f",{FIRST_RAW},", f",{quoted},", 1), encoding="utf-8")
