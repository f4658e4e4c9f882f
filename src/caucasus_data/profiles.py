"""The stock Frictionless profile checks of the descriptors, in this process or in a child beside it.

``datapackage.json`` and every Table Schema are checked against the Data Package and Table Schema profiles
exactly as ``frictionless validate`` checks them (frictionless' own ``validate_descriptor``). Importing
frictionless and running those checks took 0.3 CPU seconds on this project's machine, as much as everything
else in a validation of the shipped package, and it is Python byte code under the GIL, so a thread cannot
overlap it with reading the tables. A command-line run therefore starts it in a child interpreter as soon as
the descriptors are read (:func:`start`), on the machine's other core, and collects it after the rules have
run. A long-lived process (a notebook, the tests) pays frictionless' import once, so there the check runs in
process. If a child cannot be started or fails, the check runs in process: the answer is the same either way.

Descriptors that :mod:`caucasus_data.profiles_clean` knows frictionless passes (the shipped package's) never
get here: the validator asks it first, and only what it cannot vouch for is checked by frictionless itself.

The child receives the descriptors' text on its standard input, so it checks exactly the bytes the
validator read, and writes its findings as JSON on its standard output; it reads and writes no file.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from . import strictjson

Found = list[tuple[str, str]]  # (path, message) of each profile error
DESCRIPTOR = "datapackage.json"
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[1])


def check(descriptor: str, schemas: dict[str, str]) -> Found:
    """Every profile error of the descriptor's text and of each schema's text (keyed by its path)."""
    from frictionless import Package, Schema

    found = []
    for path, text, kind, profile in [(DESCRIPTOR, descriptor, Package, "Data Package")] + [
        (path, text, Schema, "Table Schema") for path, text in schemas.items()
    ]:
        # A profile that is not a standard one is reported and removed from what frictionless sees: it would
        # download it (see caucasus_data.strictjson). The text was read and checked as strict JSON before.
        data = strictjson.loads(text)
        found += [(path, strictjson.profile_message(where, value)) for where, value in strictjson.remote_profiles(data)]
        for note in kind.validate_descriptor(strictjson.without_remote_profiles(data)).flatten(["note"]):
            found.append((path, f"{profile} profile: {note[0]}"))
    return found


class Pending:
    """A profile check under way in a child interpreter (or, failing that, to be run here when asked)."""

    def __init__(self, descriptor: str, schemas: dict[str, str], child: subprocess.Popen | None) -> None:
        self._descriptor, self._schemas, self._child = descriptor, schemas, child

    def result(self) -> Found:
        if self._child is not None:
            try:
                out = self._child.stdout.read() if self._child.stdout is not None else ""
                if self._child.wait() == 0:
                    return [(str(path), str(message)) for path, message in json.loads(out)]
            except (OSError, ValueError, TypeError):
                pass
        return check(self._descriptor, self._schemas)


def start(descriptor: str, schemas: dict[str, str]) -> Pending:
    """Begin the check in a child interpreter; its input is written at once, its answer read by ``result()``."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
    argv = [sys.executable, "-m", __name__]
    try:
        child = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
        )
    except (OSError, ValueError):
        return Pending(descriptor, schemas, None)
    try:
        if child.stdin is not None:
            child.stdin.write(json.dumps({"descriptor": descriptor, "schemas": schemas}))
            child.stdin.close()
    except OSError:  # the child is gone already: check here instead
        child.kill()
        child.wait()
        return Pending(descriptor, schemas, None)
    return Pending(descriptor, schemas, child)


def identity() -> str:
    """What names the installed frictionless for a cache key: where it is and when it was written.

    Cheaper than its version from ``importlib.metadata`` (whose import alone took 0.06 s here), and any
    reinstall or upgrade rewrites the file.
    """
    from importlib.util import find_spec

    spec = find_spec("frictionless")
    if spec is None or spec.origin is None:
        return "frictionless missing"
    stat = os.stat(spec.origin)
    return f"{spec.origin}:{stat.st_mtime_ns}:{stat.st_size}"


def main() -> None:
    request = json.loads(sys.stdin.read())
    json.dump(check(request["descriptor"], request["schemas"]), sys.stdout)


if __name__ == "__main__":
    main()
