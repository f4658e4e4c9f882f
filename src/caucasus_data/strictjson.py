"""Descriptors read as strict JSON, so that no JSON trick switches a rule off or stops the validator.

The standard ``json`` module accepts things a descriptor must not hold, and each was a way for a pull request
to hide broken data or to turn "invalid" into "internal error":

- a key given twice in one object is resolved last-wins, so a second ``resources`` array could hide the
  first; here it is an error naming the key;
- nesting a few thousand levels deep raises ``RecursionError`` in the parser or in any later walk of the
  value (pydantic, frictionless' JSON Schema check); here more than :data:`MAX_DEPTH` levels is an error;
- an integer of thousands of digits raises ``ValueError`` (Python's limit on integer conversion) or
  becomes an infinite float; numbers longer than :data:`MAX_NUMBER_DIGITS` digits, ``NaN`` and
  ``Infinity`` are errors;
- a ``profile`` (or ``$schema``) given as a URL is fetched by frictionless: :func:`remote_profiles` finds
  every one that is not a standard profile, and :func:`without_remote_profiles` gives the copy of a
  descriptor that the stock checks may see.

The file itself is read through :func:`caucasus_data.filebytes.read_inside`: inside the package, a regular
file, at most :data:`caucasus_data.filebytes.DESCRIPTOR_LIMIT` bytes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from . import filebytes

MAX_DEPTH = 32  # a Data Package descriptor needs about 6 levels
MAX_NUMBER_DIGITS = 40  # digits in one JSON number: far beyond any limit a Table Schema states
PROFILE_KEYS = ("profile", "profiles", "$schema")
#: Profiles the stock checks know without a download: the Data Package standard's own names and URLs.
STANDARD_PROFILES = frozenset(
    {
        "data-package",
        "tabular-data-package",
        "data-resource",
        "tabular-data-resource",
        "table-schema",
        "tableschema",
        "https://datapackage.org/profiles/1.0/datapackage.json",
        "https://datapackage.org/profiles/2.0/datapackage.json",
        "https://datapackage.org/profiles/1.0/dataresource.json",
        "https://datapackage.org/profiles/2.0/dataresource.json",
        "https://datapackage.org/profiles/1.0/tableschema.json",
        "https://datapackage.org/profiles/2.0/tableschema.json",
    }
)


class JsonProblem(ValueError):
    """A file that is not strict JSON; ``line`` is where the parser stopped, when it knows."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message, self.line = message, line


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise JsonProblem(
                f"the key {key!r} appears twice in one object; JSON readers disagree on which one counts, "
                "so keep exactly one"
            )
        result[key] = value
    return result


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise JsonProblem(f"holds an integer of {len(text.lstrip('-'))} digits (at most {MAX_NUMBER_DIGITS})")
    return int(text)


def _float(text: str) -> float:
    if len(text) > MAX_NUMBER_DIGITS + 8:
        raise JsonProblem(f"holds a number written with {len(text)} characters (at most {MAX_NUMBER_DIGITS + 8})")
    value = float(text)
    if not math.isfinite(value):
        raise JsonProblem(f"holds the number {text}, too large to represent")
    return value


def _constant(name: str) -> None:
    raise JsonProblem(f"holds {name}, which is not JSON: write a number or null")


def _depth_problem(value: Any) -> str | None:
    """Walked without recursion, so that the check itself cannot overflow the stack."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            return f"is nested more than {MAX_DEPTH} levels deep; a descriptor needs far fewer"
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return None


def loads(text: str) -> Any:
    """The JSON value of ``text``; raises :class:`JsonProblem` for anything strict JSON does not allow."""
    try:
        value = json.loads(
            text, object_pairs_hook=_pairs, parse_int=_integer, parse_float=_float, parse_constant=_constant
        )
    except RecursionError:
        raise JsonProblem(f"is nested more than {MAX_DEPTH} levels deep; a descriptor needs far fewer") from None
    except ValueError as exc:
        if isinstance(exc, JsonProblem):
            raise
        if isinstance(exc, json.JSONDecodeError):
            raise
        raise JsonProblem(f"holds a value that cannot be read ({exc})") from None
    problem = _depth_problem(value)
    if problem:
        raise JsonProblem(problem)
    return value


def read_text(root: Path, rel: str) -> str:
    """The text of the descriptor file ``rel``: inside the package, a regular file, within the size limit."""
    return filebytes.as_bytes(filebytes.read_inside(root, rel, "descriptor")).decode("utf-8")


def remote_profiles(descriptor: Any, where: str = "") -> list[tuple[str, str]]:
    """``(location, value)`` of every profile or ``$schema`` that is not a standard profile, at any depth."""
    found: list[tuple[str, str]] = []
    stack: list[tuple[Any, str]] = [(descriptor, where)]
    while stack:
        node, at = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                here = f"{at}.{key}" if at else key
                if key in PROFILE_KEYS:
                    values = value if isinstance(value, list) else [value]
                    found += [(here, str(v)) for v in values if not (isinstance(v, str) and v in STANDARD_PROFILES)]
                elif isinstance(value, dict | list):
                    stack.append((value, here))
        elif isinstance(node, list):
            stack.extend((item, f"{at}[{i}]") for i, item in enumerate(node))
    return sorted(found)


def without_remote_profiles(descriptor: Any) -> Any:
    """A copy of ``descriptor`` without the profiles :func:`remote_profiles` reports, for the stock checks."""
    if isinstance(descriptor, dict):
        return {
            key: without_remote_profiles(value)
            for key, value in descriptor.items()
            if key not in PROFILE_KEYS or not remote_profiles({key: value})
        }
    if isinstance(descriptor, list):
        return [without_remote_profiles(item) for item in descriptor]
    return descriptor


def profile_message(location: str, value: str) -> str:
    shown = value if len(value) <= 120 else value[:117] + "..."
    return (
        f"{location} is {shown!r}, not a standard Data Package profile: a remote profile is never downloaded "
        "(validation makes no network request), so remove it or use a standard one such as 'tabular-data-package'"
    )
