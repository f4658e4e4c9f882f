"""The fast profile answer is sound: whenever ``profiles_clean.certainly_clean`` says the descriptors are clean,
frictionless' own checks (``profiles.check``, what ``caucasus-data validate`` otherwise runs) find nothing.

The fast answer exists so that a validation does not import frictionless; a wrong True would let a broken
descriptor through without a word, and no other test would notice, because nothing else looks at what
frictionless would have said. So the descriptors here start from the shipped ones and are mutated the way a
pull request could break them: wrong JSON types at every level, keys removed, unknown or legacy keys added,
field types and constraints that do not go together, broken keys, missing values, formats, profiles and
``$schema`` values, names under Data Package v1, unsafe paths, dates, licenses, e-mail addresses, and
arbitrary JSON anywhere. Whatever comes out, a True must agree with frictionless. A False is always allowed
(frictionless then decides), so the fast answer must also be taken often enough to be worth having: the
shipped package, a set of harmless edits and a share of seeded mutations must be certainly clean.

``profiles.check`` checks each file on its own, so an example checks the package and each schema it changed;
the unchanged ones are the shipped ones, checked once in ``test_the_shipped_descriptors_are_certainly_clean``.
A standard profile URL given as ``profile`` makes frictionless try to download it: ``no_network`` refuses
that (frictionless then reports it), and every other profile URL used here is one ``profiles.check`` removes
before frictionless sees it.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import random
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st

from caucasus_data import profiles, strictjson
from caucasus_data.profiles_clean import certainly_clean, certainly_clean_texts

SHIPPED: dict = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
SCHEMA_PATHS = [r["schema"] for r in SHIPPED["resources"]]
SHIPPED_SCHEMAS: dict[str, dict] = {p: json.loads((ROOT / p).read_text(encoding="utf-8")) for p in SCHEMA_PATHS}
SHIPPED_TEXTS = {p: json.dumps(s) for p, s in SHIPPED_SCHEMAS.items()}
RESOURCE_NAMES = [r["name"] for r in SHIPPED["resources"]]

PROPERTY = settings(
    max_examples=250,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _deep(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


# --- values a mutation puts in place -------------------------------------------------------------------------

ODD = [None, 0, 1, -1, 1.0, 0.5, -0.0, 10**30, True, False, "", "x", "Two Words", "integer", "bogus"]
ODD += [[], {}, [""], ["x"], [1], [None], [[]], [{}], [["x"]], {"x": 1}, {"name": "x"}, {"value": ""}]
TEXTS = ["A plain sentence.", "", "ünïcødé – text", "x" * 300, "line\nbreak", 'with "quotes"', "$HOME %X% ../"]
TEXTS += ["https://example.invalid/x", "\u0000", " padded "]
STANDARD_URLS = [
    f"https://datapackage.org/profiles/{version}/{name}.json"
    for version in ("1.0", "2.0")
    for name in ("datapackage", "dataresource", "tableschema")
]
PROFILE_NAMES = ["data-package", "tabular-data-package", "data-resource", "tabular-data-resource", "table-schema"]
PROFILE_NAMES += ["tableschema"]
#: Profiles frictionless never sees: ``profiles.check`` reports and removes them (checked below).
CUSTOM_PROFILES = [
    "fiscal-data-package",
    "https://example.invalid/profile.json",
    "http://example.invalid/p.json",
    "https://datapackage.org/profiles/2.1/datapackage.json",
    "https://datapackage.org/profiles/1.0/tabledialect.json",
    "https://datapackage.org/profiles/2.0/datapackage.json/",
    "HTTPS://DATAPACKAGE.ORG/profiles/2.0/datapackage.json",
    "https://datapackage.org/profiles/2.0/datapackage.json\n",
    "profiles/local.json",
    "../x.json",
    "/abs/profile.json",
    "file:///etc/passwd",
    "Data-Package",
    "",
]
PROFILE_VALUES = STANDARD_URLS + PROFILE_NAMES + CUSTOM_PROFILES + [None, 3, True, [], ["data-package"], {}]
SCHEMA_VALUES = STANDARD_URLS + PROFILE_NAMES + CUSTOM_PROFILES + [None, 3, [], [STANDARD_URLS[3]], {}]
PATHS = [
    "curated/sources.csv", "curated/ok.csv", "ok.csv", "a..b/c.csv", "a.b..c", "curated/x.csv.gz", "curated",
    "datapackage.json", "../up.csv", "/abs.csv", "~x", "~/x.csv", "$HOME/x", "a$HOME", "a$NOT_SET_ANYWHERE_X",
    "${HOME}/x", "%X%", "a%X%b", "file:///etc/passwd", "FILE:///etc/passwd", "file:x.csv", "a../b.csv",
    "a/../b.csv", "a/..", "./x.csv", "curated//x.csv", "curated/", "https://example.invalid/x.csv",
    "s3://bucket/x.csv", "C:\\x.csv", "curated\\x.csv", "", " ", "x.csv\n", "curated/x y.csv", "curated/ç.csv",
    "-x.csv", ".hidden", "curated/*.csv", ["curated/a.csv", "curated/b.csv"], ["../a.csv"], [], 3, None, {},
]  # fmt: skip
NAMES = ["sources", "places", "caucasus-data", "Caucasus-Data", "two words", "", "a/b", "x.y_z-1", "ünïcode"]
NAMES += ["sources\n", "\nsources", "SOURCES", " sources", "ſources", 3, None, ["sources"]]
CREATED = [
    "2026-11-21T21:38:57Z", "2024-02-29T00:00:00Z", "2026-02-29T00:00:00Z", "2026-13-45T00:00:00Z",
    "2026-11-21T24:00:00Z", "2026-11-21T23:59:60Z", "2026-11-21", "2026-11-21T21:38:57", "2026-11-21T21:38Z",
    "2026-11-21T21:38:57.5Z", "2026-11-21T21:38:57+04:00", "2026-11-21 21:38:57Z", "2026-11-21t21:38:57z",
    "0001-01-01T00:00:00Z", "0000-01-01T00:00:00Z", "x", "not a date", "", " ", 5, 0, None, True, [], {},
    "２０２６-11-21T21:38:57Z", "2026-11-21T21:38:5７Z", "٢٠٢٦-١١-٢١T٢١:٣٨:٥٧Z", "2026-11-21T21:38:57Z\n",
]  # fmt: skip
LICENSES = [
    [], [{"name": "CC-BY-4.0"}], [{"path": "https://creativecommons.org/licenses/by/4.0/"}], [{"title": "a title"}],
    [{}], [{"name": ""}], [{"name": "", "path": ""}], [{"name": 3}], [{"name": "x", "extra": [1]}], ["CC-BY-4.0"],
    "CC-BY-4.0", {}, None, [None],
]  # fmt: skip
CONTRIBUTORS = [
    [], [{"title": "someone"}], [{"title": "a", "email": "a@example.org"}], [{"title": "a", "email": "not an email"}],
    [{"title": "a", "email": ""}], [{"email": "a@b"}], [{"title": "a", "email": 3}], [{"title": "a", "role": "author"}],
    [{"title": "a", "roles": [1, None]}], [{"title": 3}], ["someone"], "someone", None, [None], {},
]  # fmt: skip
KEYWORDS = [[], ["x"], ["x", "x"], [""], [1], [None], [["x"]], "x", None, {}]
TYPES = ["string", "integer", "number", "boolean", "date", "datetime", "time", "year", "yearmonth", "duration"]
TYPES += ["any", "array", "object", "list", "geopoint", "geojson", "bogus", "String", "string\n", "", 3, None, []]
CONSTRAINT_KEYS = ["required", "unique", "pattern", "enum", "minLength", "maxLength", "minimum", "maximum"]
CONSTRAINT_KEYS += ["exclusiveMinimum", "exclusiveMaximum", "jsonSchema", "bogus", "Required", "x-note"]
CONSTRAINT_VALUES = [True, False, None, 0, 1, -1, 1.0, 2.5, 10**30, "", "x", "^[a-z]+$", "([a-z", "2020-01-01"]
CONSTRAINT_VALUES += ["2026-13-45", [], ["a"], [1, "a"], [True], [None], [{}], {}, {"x": 1}]
FORMATS = ["default", "any", "fmt:%Y", "fmt:%Y-%m-%d", "%Y-%m-%d", "%Y", "%d/%m/%Y", "%Q", "email", "uri", "uuid"]
FORMATS += ["binary", "wkt", "topojson", "bogus", "", 3, None]
EXAMPLES = ["x", "", "2021-06-15", "2021-02-30", "1", "1.5", "true", "yes", 1, 1.5, True, None, [], {}]
CATEGORIES = [[], [{"value": "a", "label": "A"}], [{"value": 1, "label": "one"}], [{"value": "a"}], ["a"], "x"]
CATEGORIES += [[{"value": "a", "label": "A", "x": 1}], [{"value": "a", "label": 3}], {}, None, [None]]
MISSING = [[""], ["NA"], ["", "NA"], ["", ""], [], [{"value": ""}], [{"value": "", "label": "empty"}]]
MISSING += [[{"value": "", "label": "a"}, {"value": "NA", "label": "a"}], [{"value": ""}, {"value": ""}]]
MISSING += [[{"label": "x"}], ["", {"value": "NA"}], [{"value": 1}], "x", "", None, [1], [None], {}]
BOOLEAN_VALUES = [["yes"], [], [1], ["true", "true"], [""], "yes", None, {}]
#: Keys a descriptor object may gain: legacy, frictionless-only, misplaced, extension and made-up ones.
UNKNOWN_KEYS = [
    "x-note", "x-", "x-meta", "$frictionless", "profiles", "profile", "$schema", "url", "bytes", "hash", "stats",
    "layout", "dialect", "data", "type", "id", "image", "sources", "fields", "missingValues", "schema", "path",
    "name", "title", "required", "format", "example", "rdfType", "fieldsMatch", "uniqueKeys", "extrapaths",
    "scheme", "compression", "innerpath", "encoding", "bareNumber", "groupChar", "trueValues", "", "X-Note",
]  # fmt: skip
INTERESTING_KEYS = [*UNKNOWN_KEYS, "resources", "constraints", "primaryKey", "foreignKeys", "reference", "created"]
INTERESTING_KEYS += ["licenses", "contributors", "keywords", "email", "value", "label", "enum", "pattern"]

JSON_LEAVES = (
    st.none()
    | st.booleans()
    | st.integers(-(10**30), 10**30)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8)
    | st.sampled_from(ODD[:15] + PATHS[:20] + CREATED[:6] + TYPES[:12] + STANDARD_URLS + PROFILE_NAMES)
)
#: Objects holding a profile key where nothing else looks: ``profiles.check`` reports each one, at any depth.
PROFILE_BEARING = [{"profile": v} for v in CUSTOM_PROFILES[:4]] + [{"$schema": 3}, {"profiles": ["../p.json"]}]
PROFILE_BEARING += [[{"profile": None}], {"x": {"$schema": "https://example.invalid/p.json"}}]
#: JSON the validator reads only as strict JSON (``caucasus_data.strictjson``) and so reports itself.
BEYOND_STRICT_JSON = [10**45, -(10**41), _deep(40), {"x": _deep(33)}]
FREE = ODD + PROFILE_BEARING + BEYOND_STRICT_JSON
JSON_KEYS = st.sampled_from(INTERESTING_KEYS) | st.sampled_from(strictjson.PROFILE_KEYS) | st.text(max_size=6)
JSON = st.recursive(
    JSON_LEAVES,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(JSON_KEYS, inner, max_size=4),
    max_leaves=12,
)
#: Any JSON value at all, for the robustness tests (deep nesting and huge numbers included).
ANY_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(JSON_KEYS, inner, max_size=5),
    max_leaves=40,
)


# --- choosing: shrinkable draws from hypothesis, or a seeded random.Random -----------------------------------


class Draws:
    """What a mutation chooses with. Hypothesis draws shrink towards the first option of each choice."""

    def __init__(self, data: Any = None, rng: random.Random | None = None) -> None:
        self._data, self._rng = data, rng

    def below(self, n: int) -> int:
        if self._data is not None:
            return self._data.draw(st.integers(0, n - 1))
        assert self._rng is not None
        return self._rng.randrange(n)

    def pick(self, options: Sequence[Any]) -> Any:
        """One of ``options``, copied, so that a value put in a descriptor is never shared with another."""
        return copy.deepcopy(options[self.below(len(options))])

    def json(self) -> Any:
        if self._data is not None:
            return self._data.draw(JSON)
        assert self._rng is not None
        return _random_json(self._rng, 3)

    def value(self, options: Sequence[Any]) -> Any:
        """Mostly one of ``options``, else an odd value of any type or arbitrary JSON."""
        which = self.below(8)
        return self.pick(options) if which < 5 else self.pick(ODD) if which < 7 else self.json()


def _random_json(rng: random.Random, depth: int) -> Any:
    kind = rng.randrange(8 if depth else 5)
    if kind < 5:
        return copy.deepcopy(rng.choice([*ODD[:15], *PATHS[:20], *STANDARD_URLS, *PROFILE_NAMES, rng.random()]))
    if kind == 5:
        return [_random_json(rng, depth - 1) for _ in range(rng.randrange(4))]
    keys = [*INTERESTING_KEYS, *strictjson.PROFILE_KEYS]
    return {rng.choice(keys): _random_json(rng, depth - 1) for _ in range(rng.randrange(4))}


# --- mutations, anywhere in the tree -------------------------------------------------------------------------


def _children(node: Any) -> list:
    return list(node) if isinstance(node, dict) else list(range(len(node))) if isinstance(node, list) else []


def _locate(draws: Draws, root: Any) -> tuple[Any, Any] | None:
    """A (container, key) anywhere below ``root``: walking down, stopping or going deeper at each level."""
    node, found = root, None
    while _children(node):
        keys = _children(node)
        key = keys[draws.below(len(keys))]
        found = (node, key)
        if not _children(node[key]) or draws.below(3) == 0:
            break
        node = node[key]
    return found


def _containers(root: Any, kind: type) -> list:
    found, stack = [], [root]
    while stack:
        node = stack.pop()
        if isinstance(node, kind):
            found.append(node)
        stack.extend(node[k] for k in _children(node) if isinstance(node[k], dict | list))
    return found


def _tweaked(draws: Draws, value: Any) -> Any:
    """A near miss of ``value``: the same kind of value, spelled slightly differently, or a type next to it."""
    if isinstance(value, bool):
        return draws.pick([not value, int(value), float(value), str(value).lower(), [value]])
    if isinstance(value, int | float):
        return draws.pick([float(value), -value, value + 1, bool(value), str(value), [value], int(value) + 0.5])
    if isinstance(value, str) and value and draws.below(3) == 0:
        return _one_character_off(draws, value)
    if isinstance(value, str):
        digits = str.maketrans("0123456789", "０１２３４５６７８９")
        arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
        return draws.pick(
            [
                value + "\n", " " + value, value.upper(), value.title(), value.translate(digits),
                value.translate(arabic), value[:-1], value + "\u0000", "../" + value, "/" + value, "~" + value,
                "$HOME/" + value, "%X%" + value, "file://" + value, value.replace("/", "\\"), value + "../",
                value.replace("a", "а"), "fmt:" + value, value.replace("-", "_"), value + " x", "", [value],
            ]
        )  # fmt: skip
    if isinstance(value, list):
        return draws.pick([value[:1], value + value, [value], value[::-1], value[1:], {"x": value}, value[:0]])
    if isinstance(value, dict):
        return draws.pick([[value], {}, dict(reversed(list(value.items()))), {k: None for k in value}, str(value)])
    return draws.pick(ODD)


LOOK_ALIKES = {
    **{d: [chr(0xFF10 + int(d)), chr(0x0660 + int(d)), chr(0x0966 + int(d)), "x"] for d in "0123456789"},
    "a": ["а", "A", "á"], "e": ["е", "E"], "o": ["о", "0"], "s": ["ſ", "S"], "-": ["‐", "_", " "], "/": ["\\", "//"],
    ":": ["：", "."], "T": ["t", " "], "Z": ["z", "+00:00"], ".": ["..", "/."], "_": ["-", " "],
}  # fmt: skip


def _one_character_off(draws: Draws, value: str) -> str:
    """``value`` with one character replaced by a look-alike (a digit of another script, a Cyrillic letter, ...),
    removed, doubled, or followed by a newline: the near misses a regular expression lets through."""
    if not value:
        return draws.pick(["\n", " ", "x"])
    i = draws.below(len(value))
    char = value[i]
    options = [*LOOK_ALIKES.get(char, [char.upper(), char + char]), "", char + "\n", "\n" + char]
    return value[:i] + draws.pick(options) + value[i + 1 :]


def replace_anywhere(draws: Draws, root: Any) -> None:
    if (at := _locate(draws, root)) is not None:
        at[0][at[1]] = draws.pick(ODD) if draws.below(2) else draws.json()


def tweak_anywhere(draws: Draws, root: Any) -> None:
    if (at := _locate(draws, root)) is not None:
        at[0][at[1]] = _tweaked(draws, at[0][at[1]])


def delete_anywhere(draws: Draws, root: Any) -> None:
    if (at := _locate(draws, root)) is not None:
        del at[0][at[1]]


def add_key_anywhere(draws: Draws, root: Any) -> None:
    dicts = _containers(root, dict)
    dicts[draws.below(len(dicts))][draws.pick(UNKNOWN_KEYS)] = draws.pick(ODD) if draws.below(2) else draws.json()


def duplicate_anywhere(draws: Draws, root: Any) -> None:
    lists = [node for node in _containers(root, list) if node]
    if lists:
        node = lists[draws.below(len(lists))]
        node.insert(draws.below(len(node) + 1), copy.deepcopy(node[draws.below(len(node))]))


GENERIC = [replace_anywhere, tweak_anywhere, delete_anywhere, add_key_anywhere, duplicate_anywhere]


def _set(draws: Draws, target: dict, choices: dict[str, Sequence[Any]]) -> None:
    """Give one key of ``target`` one of its values (sometimes an odd one), or remove that key."""
    key = draws.pick(list(choices))
    if key in target and draws.below(5) == 0:
        del target[key]
    else:
        target[key] = draws.value(choices[key])


# --- mutations of the package descriptor ---------------------------------------------------------------------

PACKAGE_KEYS: dict[str, Sequence[Any]] = {
    "name": NAMES, "$schema": SCHEMA_VALUES, "profile": PROFILE_VALUES, "created": CREATED, "licenses": LICENSES,
    "contributors": CONTRIBUTORS, "keywords": KEYWORDS, "title": TEXTS, "description": TEXTS, "homepage": TEXTS,
    "version": ["0.2.0", "", "1", "v2"], "id": TEXTS, "image": PATHS, "sources": CONTRIBUTORS,
    "profiles": [[p] for p in PROFILE_VALUES], "$frictionless": ["package/v2", "x", 3],
    "resources": [[], [{}], [None], ["curated/sources.csv"], "x", {}], "type": ["package", "bogus", 3],
    "x-note": TEXTS, "fields": [[]], "missingValues": MISSING,
}  # fmt: skip
RESOURCE_KEYS: dict[str, Sequence[Any]] = {
    "name": NAMES, "path": PATHS, "schema": PATHS, "profile": PROFILE_VALUES, "$schema": SCHEMA_VALUES,
    "type": ["table", "file", "text", "json", "bogus", "Table", 3], "format": ["csv", "json", "zip", "xlsx", ""],
    "mediatype": ["text/csv", "", "x"], "encoding": ["utf-8", "UTF-8", "latin-1", "bogus", ""],
    "dialect": [{}, {"delimiter": ";"}, {"header": 3}, {"header": False}, "dialect.json", "../dialect.json"],
    "data": [[], [["a"]], {}, "x"], "bytes": [1, -1, 1.0, "1"], "hash": ["md5:x", "", 3],
    "stats": [{}, {"bytes": 1}], "layout": [{"header": False}, {}, 3], "extrapaths": [["a.csv"], ["../a.csv"], [3]],
    "missingValues": MISSING, "fields": [[]], "licenses": LICENSES, "sources": CONTRIBUTORS,
    "contributors": CONTRIBUTORS, "title": TEXTS, "description": TEXTS, "homepage": TEXTS,
    "scheme": ["file", "https", ""], "compression": ["gz", "no", ""], "innerpath": ["x.csv"], "x-note": TEXTS,
}  # fmt: skip


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _resources(d: dict) -> list[dict]:
    """The resources that are objects, whatever the mutations before made of the list."""
    return [r for r in _list(d.get("resources")) if isinstance(r, dict)]


def set_package_key(draws: Draws, d: dict, schemas: dict) -> None:
    _set(draws, d, PACKAGE_KEYS)


def set_resource_key(draws: Draws, d: dict, schemas: dict) -> None:
    if resources := _resources(d):
        _set(draws, resources[draws.below(len(resources))], RESOURCE_KEYS)


def reshape_resources(draws: Draws, d: dict, schemas: dict) -> None:
    """Resources duplicated, renamed onto each other, added, removed, given an inline schema, or replaced."""
    resources = d.get("resources")
    if not isinstance(resources, list) or not resources or not all(isinstance(r, dict) for r in resources):
        return
    i = draws.below(len(resources))
    op = draws.below(7)
    if op == 0:
        resources.append(copy.deepcopy(resources[i]))
    elif op == 1:
        resources[i]["name"] = draws.pick(RESOURCE_NAMES)
    elif op == 2:
        resources.append({"name": draws.pick(NAMES), "path": draws.pick(PATHS)})
    elif op == 3:
        del resources[i]
    elif op == 4:
        inline = copy.deepcopy(SHIPPED_SCHEMAS[draws.pick(SCHEMA_PATHS)])
        if draws.below(2):
            mutate_schema(draws, inline)
        resources[i]["schema"] = inline
    elif op == 5:
        resources[i] = draws.pick(ODD)
    else:
        draws.pick(GENERIC)(draws, resources[i])


def _near(draws: Draws, options: Sequence[Any], valid: str) -> Any:
    """One of ``options``, or ``valid`` with one character off."""
    return draws.pick(options) if draws.below(2) else _one_character_off(draws, valid)


def set_created(draws: Draws, d: dict, schemas: dict) -> None:
    d["created"] = _near(draws, CREATED, draws.pick(CREATED[:2]))


def set_name_under_a_version(draws: Draws, d: dict, schemas: dict) -> None:
    """A name of the package or of a resource, under Data Package v1 (no ``$schema``, or its URL) or v2."""
    version = draws.below(4)
    if version == 0:
        d.pop("$schema", None)
    elif version < 3:
        d["$schema"] = STANDARD_URLS[0 if version == 1 else 3]
    else:
        d["$schema"] = _one_character_off(draws, STANDARD_URLS[draws.pick([0, 3])])
    resources = _resources(d)
    target = resources[draws.below(len(resources))] if resources and draws.below(2) else d
    target["name"] = _near(draws, NAMES, str(target.get("name", "caucasus-data")))


def set_resource_path(draws: Draws, d: dict, schemas: dict) -> None:
    if resources := _resources(d):
        resource = resources[draws.below(len(resources))]
        key = draws.pick(["path", "schema", "path"])
        valid = str(resource.get(key, "curated/x.csv"))
        resource[key] = draws.pick(PATHS) if draws.below(3) else _one_character_off(draws, valid)


def _free_value(draws: Draws) -> Any:
    which = draws.below(4)
    return (
        draws.pick(FREE)
        if which == 0
        else draws.pick(PROFILE_BEARING + BEYOND_STRICT_JSON)
        if which == 1
        else draws.json()
    )


def set_package_lists(draws: Draws, d: dict, schemas: dict) -> None:
    """The lists of the package whose items frictionless checks one by one: licenses, contributors, keywords."""
    key, options = draws.pick([("licenses", LICENSES), ("contributors", CONTRIBUTORS), ("keywords", KEYWORDS)])
    d[key] = draws.pick(options)


def set_profiles(draws: Draws, d: dict, schemas: dict) -> None:
    """The package's or a resource's ``profile``, and what the tabular ones ask for (every resource tabular, each
    with a schema)."""
    resources = _resources(d)
    op = draws.below(4)
    if op == 0 or not resources:
        d["profile"] = draws.pick(PROFILE_VALUES)
    elif op == 1:
        resources[draws.below(len(resources))]["profile"] = draws.pick(PROFILE_VALUES)
    elif op == 2:
        resources[draws.below(len(resources))].pop(draws.pick(["schema", "profile"]), None)
    else:
        d["profile"] = "tabular-data-package"
        resource = resources[draws.below(len(resources))]
        resource["profile"] = draws.pick(["tabular-data-resource", "data-resource", "Tabular-Data-Resource"])


def set_free_package_value(draws: Draws, d: dict, schemas: dict) -> None:
    """Where frictionless looks at nothing (an ``id``, a license's or a contributor's own keys): any JSON."""
    value = _free_value(draws)
    op = draws.below(3)
    items = d.get("licenses" if op == 1 else "contributors")
    if op == 0:
        d["id"] = value
    elif isinstance(items, list) and items and isinstance(items[0], dict):
        items[draws.below(len(items))][draws.pick(["roles", "x-note", "organization", "profile", "path"])] = value


def benign_package_edit(draws: Draws, d: dict, schemas: dict) -> None:
    """An edit frictionless takes without a word (usually): a new text, an optional key removed or added."""
    op = draws.below(6)
    targets = [d, *_resources(d)]
    target = targets[draws.below(len(targets))]
    if op == 0:
        target[draws.pick(["title", "description"])] = draws.pick(TEXTS)
    elif op == 1:
        target.pop(draws.pick(["title", "description", "homepage", "keywords", "contributors", "profile"]), None)
    elif op == 2:
        d["keywords"] = [*_list(d.get("keywords")), draws.pick(TEXTS)]
    elif op == 3:
        d["created"] = draws.pick(CREATED[:2])
    elif op == 4:
        d["licenses"] = [*_list(d.get("licenses")), draws.pick([{"name": "ODbL-1.0"}, {"path": "LICENSE"}])]
    else:
        extra = {"name": f"extra-{draws.below(3)}", "path": "curated/extra.csv", "schema": "x.json"}
        d["resources"] = [*_list(d.get("resources")), extra]


PACKAGE_MUTATIONS: list[Callable[[Draws, dict, dict], None]] = [
    set_package_key,
    set_resource_key,
    set_resource_key,
    reshape_resources,
    set_created,
    set_name_under_a_version,
    set_resource_path,
    set_resource_path,
    set_package_lists,
    set_profiles,
    set_free_package_value,
    set_free_package_value,
    benign_package_edit,
    benign_package_edit,
    *(lambda draws, d, schemas, m=m: m(draws, d) for m in GENERIC),
]


# --- mutations of Table Schemas ------------------------------------------------------------------------------

FIELD_KEYS: dict[str, Sequence[Any]] = {
    "type": TYPES, "format": FORMATS, "example": EXAMPLES, "categories": CATEGORIES, "trueValues": BOOLEAN_VALUES,
    "falseValues": BOOLEAN_VALUES, "missingValues": MISSING, "name": NAMES, "title": TEXTS, "description": TEXTS,
    "rdfType": ["https://schema.org/Thing", ""], "required": [True, False], "bareNumber": [True, False],
    "groupChar": [",", ""], "decimalChar": [",", "."], "constraints": [{}, [], "x", {"bogus": 1}],
    "profile": PROFILE_VALUES, "$schema": SCHEMA_VALUES, "x-note": TEXTS, "categoriesOrdered": [True, "x"],
}  # fmt: skip
SCHEMA_KEYS: dict[str, Sequence[Any]] = {
    "$schema": SCHEMA_VALUES, "profile": PROFILE_VALUES, "fieldsMatch": ["exact", "subset", "bogus", 3],
    "uniqueKeys": [[["a"]], "x"], "name": NAMES, "title": TEXTS, "description": TEXTS, "missingValues": MISSING,
    "fields": [[], "x", {}, [None], [{}], [{"name": "a"}], [{"type": "string"}]], "x-note": TEXTS,
    "x-meta": [{"note": "x"}, [1, 2], "x"], "$frictionless": ["schema/v2"], "type": ["schema", "bogus"],
    "primaryKey": [[], ["nope"], "nope", 3, {}, [3], [[]]], "foreignKeys": [[], "bad", [None], [[]], {}, ["x"]],
}  # fmt: skip


def _fields(s: dict) -> list[dict]:
    fields = s.get("fields")
    return [f for f in fields if isinstance(f, dict)] if isinstance(fields, list) else []


def _field_names(s: dict) -> list:
    return [f.get("name") for f in _fields(s) if isinstance(f.get("name"), str)] or ["nope"]


def set_field_key(draws: Draws, s: dict) -> None:
    if fields := _fields(s):
        _set(draws, fields[draws.below(len(fields))], FIELD_KEYS)


def set_constraint(draws: Draws, s: dict) -> None:
    """A constraint the field's type may not support, or of a value of the wrong type, or one removed."""
    if fields := _fields(s):
        field = fields[draws.below(len(fields))]
        constraints = field.setdefault("constraints", {})
        if not isinstance(constraints, dict):
            return
        key = draws.pick(CONSTRAINT_KEYS)
        if key in constraints and draws.below(4) == 0:
            del constraints[key]
        else:
            constraints[key] = draws.value(CONSTRAINT_VALUES)


def change_field_type(draws: Draws, s: dict) -> None:
    if fields := _fields(s):
        field = fields[draws.below(len(fields))]
        if draws.below(6) == 0:
            field.pop("type", None)
        else:
            field["type"] = draws.pick(TYPES)


def reshape_fields(draws: Draws, s: dict) -> None:
    """Fields duplicated (as they are, or the name under another type), removed, renamed onto each other."""
    fields = s.get("fields")
    if not isinstance(fields, list) or not fields:
        return
    i = draws.below(len(fields))
    op = draws.below(5)
    if op == 0:
        fields.insert(draws.below(len(fields) + 1), copy.deepcopy(fields[i]))
    elif op == 1 and isinstance(fields[i], dict):
        fields.append({"name": fields[i].get("name"), "type": draws.pick(TYPES[:6])})
    elif op == 2:
        del fields[i]
    elif op == 3 and isinstance(fields[i], dict):
        fields[i]["name"] = draws.pick(_field_names(s))
    else:
        fields[i] = draws.pick(ODD)


def set_primary_key(draws: Draws, s: dict) -> None:
    names = _field_names(s)
    a, b = draws.pick(names), draws.pick(names)
    s["primaryKey"] = draws.value([[a], a, [a, b], [a, a], [a, "nope"], ["nope"], [], [[a]], [a.upper()]])


def set_foreign_keys(draws: Draws, s: dict) -> None:
    """Foreign keys with strings for lists, a reference missing or not an object, lengths or names that differ."""
    names = _field_names(s)
    a, b = draws.pick(names), draws.pick(names)
    target = draws.pick([*RESOURCE_NAMES, "", "nope"])

    def ref(fields: Any, resource: Any = target) -> dict:
        return {"resource": resource, "fields": fields}

    link = draws.value(
        [
            {"fields": [a], "reference": ref(["id"])}, {"fields": a, "reference": ref("id")},
            {"fields": [a], "reference": ref(["id", "x"])}, {"fields": [a, b], "reference": ref(["id"])},
            {"fields": ["nope"], "reference": ref(["id"])}, {"fields": [a]}, {"fields": [a], "reference": "places"},
            {"fields": [a], "reference": {"fields": ["id"]}}, {"fields": [a], "reference": {"resource": target}},
            {"fields": [], "reference": ref([])}, {"fields": [a], "reference": ref([a], 3)}, {"reference": ref([])},
            {"fields": [a], "reference": ref(["id"]), "x": 1}, {"fields": [3], "reference": ref([None])},
            {"fields": [a], "reference": [ref(["id"])]}, {"fields": [a], "reference": ref(["id"]) | {"x-": 1}},
        ]
    )  # fmt: skip
    keys = s.get("foreignKeys")
    if isinstance(keys, list) and keys and draws.below(2):
        keys[draws.below(len(keys))] = link
    else:
        s["foreignKeys"] = [link] if draws.below(4) else link


def set_missing_values(draws: Draws, s: dict) -> None:
    s["missingValues"] = draws.value(MISSING)


def set_schema_key(draws: Draws, s: dict) -> None:
    _set(draws, s, SCHEMA_KEYS)


def set_schema_version(draws: Draws, s: dict) -> None:
    """``$schema`` removed (v1), a standard one, or one character off; sometimes with something only v2 allows."""
    version = draws.below(4)
    if version == 0:
        s.pop("$schema", None)
    elif version < 3:
        s["$schema"] = STANDARD_URLS[2 if version == 1 else 5]
    else:
        s["$schema"] = _one_character_off(draws, STANDARD_URLS[draws.pick([2, 5])])
    fields = [f for f in _fields(s) if f.get("type") in ("integer", "date", "number")]
    extra = draws.below(3)
    if extra == 0 and fields:
        field = fields[draws.below(len(fields))]
        if isinstance(field.setdefault("constraints", {}), dict):
            field["constraints"][draws.pick(["exclusiveMinimum", "exclusiveMaximum"])] = draws.pick(
                [0, 1, "2020-01-01"]
            )
    elif extra == 1:
        s["missingValues"] = draws.pick(MISSING)


def near_miss_in_a_field(draws: Draws, s: dict) -> None:
    """A field's type, format or name one character off."""
    if fields := _fields(s):
        field = fields[draws.below(len(fields))]
        key = draws.pick(["type", "format", "name"])
        field[key] = _one_character_off(draws, str(field.get(key) or "default"))


def set_free_schema_value(draws: Draws, s: dict) -> None:
    """Where frictionless looks at nothing (an extension key, an enum's items, a bound's value): any JSON."""
    value = _free_value(draws)
    fields = [f for f in _fields(s) if isinstance(f.get("constraints", {}), dict)]
    where = draws.below(3)
    if where == 0 or not fields:
        s[draws.pick(["x-meta", "x-", "x-note"])] = value
    else:
        constraints = fields[draws.below(len(fields))].setdefault("constraints", {})
        if where == 1:
            enum = constraints.get("enum")
            constraints["enum"] = [*enum, value] if isinstance(enum, list) and draws.below(2) else [value]
        else:
            constraints[draws.pick(["minimum", "maximum"])] = value


def benign_schema_edit(draws: Draws, s: dict) -> None:
    """An edit frictionless takes without a word (usually): a text, an extension key, a unique or enum constraint."""
    fields = _fields(s)
    op = draws.below(5)
    if op == 0 and fields:
        fields[draws.below(len(fields))][draws.pick(["description", "title"])] = draws.pick(TEXTS)
    elif op == 1 and fields:
        fields[draws.below(len(fields))].pop("description", None)
    elif op == 2:
        s[draws.pick(["x-note", "x-checked", "description"])] = draws.pick(TEXTS)
    elif op == 3 and fields:
        field = fields[draws.below(len(fields))]
        if field.get("type") == "string" and isinstance(field.setdefault("constraints", {}), dict):
            field["constraints"][draws.pick(["unique", "required"])] = draws.pick([True, False])
    elif op == 4 and fields:
        field = fields[draws.below(len(fields))]
        if field.get("type") == "string" and isinstance(field.setdefault("constraints", {}), dict):
            field["constraints"]["enum"] = draws.pick([["a", "b"], ["x"]])


SCHEMA_MUTATIONS: list[Callable[[Draws, dict], None]] = [
    set_field_key, set_field_key, set_constraint, set_constraint, change_field_type, reshape_fields,
    set_primary_key, set_foreign_keys, set_missing_values, set_schema_key, set_schema_version, near_miss_in_a_field,
    set_free_schema_value, set_free_schema_value, set_free_schema_value, benign_schema_edit, benign_schema_edit,
    *GENERIC,
]  # fmt: skip


#: Mutations per descriptor: most often one, so that a single unsound answer is not hidden behind another
#: mutation frictionless reports anyway; sometimes more, for the ones that only matter together.
HOW_MANY = [1, 1, 2, 3]


def mutate_schema(draws: Draws, s: dict) -> None:
    for _ in range(draws.pick(HOW_MANY)):
        draws.pick(SCHEMA_MUTATIONS)(draws, s)


def mutated_package(draws: Draws) -> dict:
    d = copy.deepcopy(SHIPPED)
    for _ in range(draws.pick(HOW_MANY)):
        draws.pick(PACKAGE_MUTATIONS)(draws, d, SHIPPED_SCHEMAS)
    return d


def mutated_schemas(draws: Draws) -> dict[str, Any]:
    """The shipped schemas with one or two of them mutated (the others are the shipped objects themselves)."""
    schemas: dict[str, Any] = dict(SHIPPED_SCHEMAS)
    for _ in range(1 + (draws.below(4) == 0)):
        path = draws.pick(SCHEMA_PATHS)
        schema = copy.deepcopy(schemas[path])
        mutate_schema(draws, schema)
        schemas[path] = schema
    return schemas


def reshape_schema_map(draws: Draws, schemas: dict[str, Any]) -> None:
    """The mapping itself: a schema left out, or one more under an odd path, or one that is not an object."""
    op = draws.below(3)
    if op == 0:
        del schemas[draws.pick(SCHEMA_PATHS)]
    elif op == 1:
        extra = copy.deepcopy(SHIPPED_SCHEMAS[draws.pick(SCHEMA_PATHS)])
        mutate_schema(draws, extra)
        schemas[draws.pick(["schemas/extra.schema.json", "../x.json", "", "/abs.json"])] = extra
    else:
        schemas[draws.pick(SCHEMA_PATHS)] = draws.pick([None, 3, True, [], [{}], {}, {"fields": []}, {"fields": {}}])


# --- the oracle ----------------------------------------------------------------------------------------------


def frictionless_findings(descriptor: Any, schemas: dict[str, Any]) -> list:
    """What ``profiles.check`` reports for the package and for each schema that differs from the shipped one.

    A check that raises is a finding too: frictionless does not pass such a descriptor.
    """
    changed = {p: text for p, s in schemas.items() if (text := json.dumps(s)) != SHIPPED_TEXTS.get(p)}
    try:
        return profiles.check(json.dumps(descriptor), changed)
    except Exception as exc:  # stock frictionless crashes on some descriptors
        return [("(raised)", f"{type(exc).__name__}: {exc}")]


def fast_answer(descriptor: Any, schemas: Any) -> bool:
    """``certainly_clean``, checked to leave its arguments exactly as they were (types and key order included)."""
    before = json.dumps([descriptor, schemas])
    answer = certainly_clean(descriptor, schemas)
    assert json.dumps([descriptor, schemas]) == before, "certainly_clean changed its arguments"
    assert isinstance(answer, bool)
    return answer


def text_answer(descriptor: Any, schemas: dict[str, Any]) -> bool:
    """``certainly_clean_texts``, what the validator asks with the files' text, of the same descriptors."""
    return certainly_clean_texts(json.dumps(descriptor), {p: json.dumps(s) for p, s in schemas.items()})


def assert_sound(descriptor: Any, schemas: dict[str, Any]) -> bool:
    clean = fast_answer(descriptor, schemas)
    event("certainly clean" if clean else "left to frictionless")
    if clean:
        found = frictionless_findings(descriptor, schemas)
        if found:
            note(f"datapackage.json: {json.dumps(descriptor, ensure_ascii=False)}")
            for path, schema in schemas.items():
                if json.dumps(schema) != SHIPPED_TEXTS.get(path):
                    note(f"{path}: {json.dumps(schema, ensure_ascii=False)}")
        assert found == [], f"certainly_clean said True, but frictionless reports {found}"
    return clean


# --- the properties ------------------------------------------------------------------------------------------


@settings(PROPERTY, max_examples=300)
@given(st.data())
def test_a_mutated_package_descriptor_is_certainly_clean_only_when_frictionless_passes_it(no_network, data):
    """One to three mutations of datapackage.json: its keys, its resources, free values; the schemas as shipped."""
    assert_sound(mutated_package(Draws(data)), SHIPPED_SCHEMAS)


@settings(PROPERTY, max_examples=350)
@given(st.data())
def test_a_mutated_table_schema_is_certainly_clean_only_when_frictionless_passes_it(no_network, data):
    """One or two shipped schemas mutated (fields, types, constraints, keys, missing values, ``$schema``)."""
    assert_sound(SHIPPED, mutated_schemas(Draws(data)))


@settings(PROPERTY, max_examples=120)
@given(st.data())
def test_package_and_schemas_mutated_together_are_certainly_clean_only_when_frictionless_passes_them(no_network, data):
    """Both at once, and the mapping of schemas itself: one left out, one more, one that is not an object."""
    draws = Draws(data)
    schemas = mutated_schemas(draws)
    if draws.below(2):
        reshape_schema_map(draws, schemas)
    assert_sound(mutated_package(draws), schemas)


def test_seeded_mutations_are_sound_and_often_take_the_fast_path(no_network):
    """The same mutations from a fixed seed, each also checked by frictionless: no True that frictionless
    contradicts, and the fast path taken for a fair share of them and of those frictionless passes, so that
    the properties above do not hold only because the answer is nearly always False."""
    rng = random.Random(20261121)
    outcomes = []
    for i in range(160):
        draws = Draws(rng=rng)
        if i % 2:
            descriptor, schemas = mutated_package(draws), SHIPPED_SCHEMAS
        else:
            descriptor, schemas = SHIPPED, mutated_schemas(draws)
        outcomes.append((fast_answer(descriptor, schemas), frictionless_findings(descriptor, schemas), i))
    wrong = [(i, found) for clean, found, i in outcomes if clean and found]
    assert wrong == [], f"certainly clean, yet frictionless reports: {wrong[:3]}"
    fast = sum(clean for clean, _, _ in outcomes)
    passed = sum(not found for _, found, _ in outcomes)
    assert fast >= len(outcomes) // 10, f"only {fast} of {len(outcomes)} mutated descriptors took the fast path"
    assert fast >= passed // 3, f"only {fast} of the {passed} descriptors frictionless passes took the fast path"


# --- non-vacuity: the fast path is taken -------------------------------------------------------------------


def test_the_shipped_descriptors_are_certainly_clean(no_network):
    """The shipped package is what every validation checks: it must not need frictionless (and it passes it)."""
    assert profiles.check(json.dumps(SHIPPED), {p: json.dumps(s) for p, s in SHIPPED_SCHEMAS.items()}) == []
    assert fast_answer(SHIPPED, SHIPPED_SCHEMAS) is True


def _field_of(schema: dict, kind: str) -> dict:
    return next(f for f in schema["fields"] if f["type"] == kind)


def _edit_events(edit: Callable[[dict], None]) -> Callable[[dict, dict], None]:
    def edited(d: dict, schemas: dict) -> None:
        edit(schemas["schemas/events.schema.json"])

    return edited


BENIGN: dict[str, Callable[[dict, dict], None]] = {
    "package description": lambda d, s: d.update(description="Another description."),
    "package title removed": lambda d, s: d.pop("title"),
    "package keywords changed": lambda d, s: d.update(keywords=["Azerbaijan", "Türkiye"]),
    "package created later": lambda d, s: d.update(created="2027-01-02T03:04:05Z"),
    "package version": lambda d, s: d.update(version="0.3.0"),
    "resource without profile": lambda d, s: d["resources"][0].pop("profile"),
    "resource description": lambda d, s: d["resources"][1].update(description="What the places are."),
    "one more resource": lambda d, s: d["resources"].append(
        {"name": "extra", "path": "curated/extra.csv", "schema": "schemas/extra.schema.json"}
    ),
    "one more license": lambda d, s: d["licenses"].append({"name": "ODbL-1.0"}),
    "field description": _edit_events(lambda e: e["fields"][1].update(description="Kind of event.")),
    "field title removed": _edit_events(lambda e: e["fields"][2].pop("title", None)),
    "unique string": _edit_events(lambda e: _field_of(e, "string")["constraints"].update(unique=True)),
    "enum on a string": _edit_events(lambda e: e["fields"][2].setdefault("constraints", {}).update(enum=["a"])),
    "minimum on an integer": _edit_events(lambda e: _field_of(e, "integer")["constraints"].update(minimum=1)),
    "schema extension key": _edit_events(lambda e: e.update({"x-reviewed": "2026-11-21"})),
    "schema description": _edit_events(lambda e: e.update(description="Events.")),
    "missing values NA too": _edit_events(lambda e: e.update(missingValues=["", "NA"])),
}


@pytest.mark.parametrize("edit", BENIGN.values(), ids=BENIGN.keys())
def test_a_harmless_edit_is_still_certainly_clean(no_network, edit):
    """Everyday edits keep the fast path: an answer of False for everything would be sound and useless."""
    d, schemas = copy.deepcopy(SHIPPED), copy.deepcopy(SHIPPED_SCHEMAS)
    edit(d, schemas)
    assert frictionless_findings(d, schemas) == []
    assert fast_answer(d, schemas) is True
    assert text_answer(d, schemas) is True


# --- robustness ----------------------------------------------------------------------------------------------


@settings(PROPERTY, max_examples=100)
@given(ANY_JSON)
def test_any_json_as_the_package_descriptor_gives_an_answer_and_is_left_alone(value):
    """A descriptor is whatever JSON the file holds: an answer, never an exception, and only an object is clean."""
    assert fast_answer(value, {}) is False or isinstance(value, dict)
    fast_answer(value, SHIPPED_SCHEMAS)


@settings(PROPERTY, max_examples=100)
@given(ANY_JSON, st.sampled_from([*SCHEMA_PATHS, "schemas/x.schema.json", ""]))
def test_any_json_as_a_table_schema_gives_an_answer_and_is_left_alone(value, path):
    """The same for a schema, among the shipped ones (so the answer does not stop at the package)."""
    assert fast_answer(SHIPPED, {**SHIPPED_SCHEMAS, path: value}) is False or isinstance(value, dict)


@settings(PROPERTY, max_examples=60)
@given(ANY_JSON)
def test_any_json_as_the_mapping_of_schemas_gives_an_answer_and_is_left_alone(value):
    """The mapping is a dict by contract; anything else must still not raise."""
    fast_answer(SHIPPED, value)


@settings(PROPERTY, max_examples=80)
@given(st.data())
def test_json_spliced_into_the_shipped_descriptors_gives_an_answer_and_is_left_alone(data):
    """Arbitrary JSON deep inside otherwise well-formed descriptors reaches the checks past the first ``isinstance``."""
    draws = Draws(data)
    d, schema = copy.deepcopy(SHIPPED), copy.deepcopy(SHIPPED_SCHEMAS["schemas/events.schema.json"])
    for root in (d, schema):
        if (at := _locate(draws, root)) is not None:
            at[0][at[1]] = data.draw(ANY_JSON)
    fast_answer(d, {**SHIPPED_SCHEMAS, "schemas/events.schema.json": schema})


# --- known-dirty descriptors: frictionless reports them, and the fast answer leaves them to it ---------------


def _package(edit: Callable[[dict], Any]) -> Callable[[dict, dict], None]:
    return lambda d, s: edit(d)


def _resource(**values: Any) -> Callable[[dict, dict], None]:
    return lambda d, s: d["resources"][0].update(values)


DIRTY: dict[str, Callable[[dict, dict], None]] = {
    "duplicate resource names": _package(lambda d: d["resources"][1].update(name=d["resources"][0]["name"])),
    "duplicate field names": _edit_events(lambda e: e["fields"].append(copy.deepcopy(e["fields"][1]))),
    "pattern on an integer": _edit_events(lambda e: _field_of(e, "integer")["constraints"].update(pattern="^1$")),
    "minimum on a string": _edit_events(lambda e: e["fields"][2].setdefault("constraints", {}).update(minimum=1)),
    "minLength on a boolean": lambda d, s: _field_of(s["schemas/agreements.schema.json"], "boolean").update(
        constraints={"minLength": 1}
    ),
    "exclusiveMinimum under v1": _edit_events(
        lambda e: (e.pop("$schema"), _field_of(e, "integer")["constraints"].update(exclusiveMinimum=0))
    ),
    "missing values as objects under v1": _edit_events(
        lambda e: (e.pop("$schema"), e.update(missingValues=[{"value": ""}]))
    ),
    "primary key naming an unknown field": _edit_events(lambda e: e.update(primaryKey=["no_such_field"])),
    "foreign key lengths differ": _edit_events(
        lambda e: e["foreignKeys"][0]["reference"].update(fields=[*e["foreignKeys"][0]["reference"]["fields"], "x"])
    ),
    "foreign key naming an unknown field": _edit_events(lambda e: e["foreignKeys"][0].update(fields=["nope"])),
    "unknown field type": _edit_events(lambda e: e["fields"][1].update(type="bogus")),
    "example not of the type": _edit_events(lambda e: _field_of(e, "integer").update(example="many")),
    "required outside constraints": _edit_events(lambda e: e["fields"][1].update(required=True)),
    "resource path ../x.csv": _resource(path="../x.csv"),
    "resource path /abs.csv": _resource(path="/abs.csv"),
    "resource path $HOME/x.csv": _resource(path="$HOME/x.csv"),
    "resource path file:///etc/passwd": _resource(path="file:///etc/passwd"),
    "tabular-data-resource without schema": lambda d, s: d["resources"][0].pop("schema"),
    "resource without path or data": lambda d, s: d["resources"][0].pop("path"),
    "missingValues on a resource": _resource(missingValues=[""]),
    "tabular-data-package with a data-resource": _package(
        lambda d: (d.update(profile="tabular-data-package"), d["resources"][0].update(profile="data-resource"))
    ),
    "created not a date": _package(lambda d: d.update(created="not a date")),
    "created a date only": _package(lambda d: d.update(created="2026-11-21")),
    "created out of the calendar": _package(lambda d: d.update(created="2026-13-45T00:00:00Z")),
    "created in full-width digits (year)": _package(lambda d: d.update(created="２０２６-11-21T21:38:57Z")),
    "created in full-width digits (seconds)": _package(lambda d: d.update(created="2026-11-21T21:38:5７Z")),
    "license with only a title": _package(lambda d: d.update(licenses=[{"title": "only a title"}])),
    "contributor e-mail not an address": _package(lambda d: d["contributors"][0].update(email="not an address")),
    "keyword not a string": _package(lambda d: d.update(keywords=["x", 3])),
    "v1 package name with an uppercase letter": _package(lambda d: (d.pop("$schema"), d.update(name="Caucasus-data"))),
    "v1 resource name with a space": _package(lambda d: (d.pop("$schema"), d["resources"][0].update(name="a b"))),
    "custom remote profile": _package(lambda d: d.update(profile="https://example.invalid/profile.json")),
    "standard profile URL as profile (fetched)": _package(lambda d: d.update(profile=STANDARD_URLS[0])),
    "profile nested in an extension key": _edit_events(
        lambda e: e.update({"x-meta": {"profile": "https://example.invalid/p.json"}})
    ),
    "$schema nested in a constraint value": _edit_events(
        lambda e: _field_of(e, "string")["constraints"].update(enum=[{"$schema": "https://example.invalid/p.json"}])
    ),
    "profile nested in a license": _package(
        lambda d: d["licenses"][0].update(profile="https://example.invalid/p.json")
    ),
    "profiles nested in a contributor": _package(lambda d: d["contributors"][0].update(profiles=["../p.json"])),
    "profile nested in the package id": _package(lambda d: d.update(id={"profile": "https://example.invalid/p"})),
    "an integer of 50 digits in an extension key": _edit_events(lambda e: e.update({"x-big": 10**50})),
    "nesting deeper than strict JSON allows": _edit_events(lambda e: e.update({"x-deep": _deep(40)})),
}


@pytest.mark.parametrize("edit", DIRTY.values(), ids=DIRTY.keys())
def test_a_descriptor_frictionless_reports_is_not_certainly_clean(no_network, edit):
    d, schemas = copy.deepcopy(SHIPPED), copy.deepcopy(SHIPPED_SCHEMAS)
    edit(d, schemas)
    assert frictionless_findings(d, schemas) != [], "the case is not dirty: frictionless passes it"
    assert fast_answer(d, schemas) is False
    assert text_answer(d, schemas) is False


def test_the_files_as_text_are_certainly_clean_and_text_strict_json_refuses_is_not(no_network):
    """The validator asks with the bytes it read: the shipped files as they are on disk take the fast path, and
    text that strict JSON refuses (a key given twice, NaN) is left to the checks, which report it."""
    descriptor = (ROOT / "datapackage.json").read_text(encoding="utf-8")
    schemas = {p: (ROOT / p).read_text(encoding="utf-8") for p in SCHEMA_PATHS}
    assert certainly_clean_texts(descriptor, schemas) is True
    twice = descriptor.replace("{", '{"resources": [], ', 1)  # the real list comes second
    not_a_number = descriptor.replace("{", '{"id": NaN, ', 1)
    for broken in (twice, not_a_number):
        with pytest.raises(strictjson.JsonProblem):
            profiles.check(broken, {})
        assert certainly_clean_texts(broken, schemas) is False


# --- the ground the fast answer stands on --------------------------------------------------------------------


def test_every_custom_profile_used_here_is_removed_before_frictionless_sees_it():
    """Frictionless downloads a profile it does not know; ``profiles.check`` reports and removes each such one,
    so the examples above never make frictionless fetch anything but the standard URLs (which no_network
    refuses)."""
    for value in CUSTOM_PROFILES:
        descriptor = {"profile": value, "resources": [{"profile": value, "schema": {"$schema": value}}]}
        assert len(strictjson.remote_profiles(descriptor)) == 3, value
        assert not strictjson.remote_profiles(strictjson.without_remote_profiles(descriptor))


def test_another_frictionless_version_is_never_certainly_clean(tmp_path):
    """The profiles were extracted from one frictionless version; under another, frictionless must decide.

    A stand-in frictionless 0.0.1 (a package and its metadata) comes first on the path of a child interpreter,
    so whatever way the version is looked up, it is not the one the profiles came from.
    """
    (tmp_path / "frictionless").mkdir()
    (tmp_path / "frictionless" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "frictionless-0.0.1.dist-info").mkdir()
    metadata = "Metadata-Version: 2.1\nName: frictionless\nVersion: 0.0.1\n"
    (tmp_path / "frictionless-0.0.1.dist-info" / "METADATA").write_text(metadata, encoding="utf-8")
    code = (
        "import json, sys\nfrom caucasus_data.profiles_clean import certainly_clean\n"
        "d, s = json.load(sys.stdin)\nprint(json.dumps(certainly_clean(d, s)))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT / "src")])}
    request = json.dumps([SHIPPED, SHIPPED_SCHEMAS])
    done = subprocess.run([sys.executable, "-c", code], input=request, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) is False
    assert fast_answer(SHIPPED, SHIPPED_SCHEMAS) is True  # and with the real one, the same input is clean


def test_the_extracted_profiles_are_those_of_the_installed_frictionless():
    """``stock_profiles.json`` is what the fast answer checks against; stale, it would model another frictionless."""
    spec = importlib.util.spec_from_file_location("extract_stock_profiles", ROOT / "scripts/extract_stock_profiles.py")
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main(["--check"]) == 0


@pytest.mark.parametrize("where", ["x-dates", "x-evidence-required", "x-own-voice"])
def test_a_remote_profile_inside_an_extension_key_is_not_certainly_clean(no_network, where):
    """Frictionless does not look inside ``x-`` keys, but caucasus_data.profiles reports a remote profile
    wherever it is, so the fast answer must see those keys too."""
    schemas = copy.deepcopy(SHIPPED_SCHEMAS)
    schemas[SCHEMA_PATHS[0]][where] = {"profile": "https://example.invalid/p.json"}
    assert frictionless_findings(SHIPPED, schemas) != []
    assert fast_answer(SHIPPED, schemas) is False
