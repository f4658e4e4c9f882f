"""Knowing, without importing frictionless, that its profile checks will find nothing in the descriptors.

The stock checks (:mod:`caucasus_data.profiles`) cost a cold validation of the shipped package about as much
CPU as everything else it does: importing frictionless (0.45 s here) and running its checks of 17 descriptors.
Their answer can be known for less. Frictionless' ``validate_descriptor`` does two things, class by class down
the descriptor (package, resources, schema, fields): a JSON Schema check against the class's merged profile,
and Python-level checks written in its classes. The profiles are extracted into ``stock_profiles.json`` by
``scripts/extract_stock_profiles.py`` and run here with fastjsonschema (0.1 CPU s for the shipped package,
compiled when first needed). The Python-level checks that can apply to a descriptor of the shapes this
module knows are restated below, each next to the one it restates.

The answer is one-sided on purpose: :func:`certainly_clean` says True only when every key and value of every
descriptor is of a shape modelled here and all the checks pass. Anything else (a key it does not know, a field
type, a ``profile`` or ``$schema`` other than the standard ones, an e-mail address, an ``example``, a path it
cannot prove safe, another installed frictionless version) answers False, and the validator then runs
frictionless' own checks, so a finding is always frictionless' own message. tests/test_profiles_clean.py
holds the implication "certainly clean ⇒ frictionless finds nothing" on mutated descriptors, and the shipped
package certainly clean, so that the fast answer is the one taken.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

#: The standard profiles a ``$schema`` may name, and the Data Package version each one sets.
_VERSIONS = {
    "https://datapackage.org/profiles/1.0/datapackage.json": "v1",
    "https://datapackage.org/profiles/2.0/datapackage.json": "v2",
    "https://datapackage.org/profiles/1.0/tableschema.json": "v1",
    "https://datapackage.org/profiles/2.0/tableschema.json": "v2",
}
_PACKAGE_KEYS = {
    "$schema", "name", "id", "title", "description", "version", "created", "homepage", "keywords",
    "licenses", "contributors", "resources", "profile",
}  # fmt: skip
_RESOURCE_KEYS = {"name", "path", "schema", "title", "description", "format", "mediatype", "encoding", "profile"}
_SCHEMA_KEYS = {"$schema", "title", "description", "fields", "missingValues", "primaryKey", "foreignKeys"}
_FIELD_KEYS = {"name", "type", "title", "description", "format", "constraints", "categories"}
_BOOLEAN_KEYS = {"trueValues", "falseValues"}
#: A path of plain names: frictionless' ``is_safe_path`` accepts every one (no root, ``~``, ``$``, ``%``,
#: ``..`` or scheme can be spelled in it); any other path is left to frictionless.
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(/[A-Za-z0-9_][A-Za-z0-9_.-]*)*\Z")
#: ``created`` as a UTC timestamp, which frictionless' datetime reading accepts when the calendar does.
_CREATED = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")

Validator = Callable[[Any], Any]


@cache
def _profiles() -> dict[str, Any]:
    return json.loads((Path(__file__).parent / "stock_profiles.json").read_text(encoding="utf-8"))


@cache
def _validator(*where: str) -> Validator:
    import fastjsonschema

    profile: Any = _profiles()
    for key in where:
        profile = profile[key]
    return fastjsonschema.compile(profile, use_default=False)


def _passes(data: Any, *where: str) -> bool:
    import fastjsonschema

    try:
        _validator(*where)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def _frictionless_is(version: str) -> bool:
    """Whether the frictionless installed is ``version``: the one folder of its metadata beside it says so.

    Cheaper than ``importlib.metadata.version``, which parses the metadata file (0.01 s here). An installation
    laid out otherwise (an editable one, two metadata folders) is not known to be that version.
    """
    from importlib.util import find_spec

    spec = find_spec("frictionless")
    if spec is None or spec.origin is None:
        return False
    found = list(Path(spec.origin).parents[1].glob("frictionless-*.dist-info"))
    return [path.name for path in found] == [f"frictionless-{version}.dist-info"]


def _only(data: dict, keys: set[str], extensions: bool = False) -> bool:
    return all(key in keys or (extensions and key.startswith("x-")) for key in data)


def _plain_path(value: Any) -> bool:
    return isinstance(value, str) and bool(_PLAIN_PATH.match(value)) and "../" not in value


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _created(value: Any) -> bool:
    if not value:  # frictionless reads an empty or absent value as no date
        return True
    if not isinstance(value, str) or not _CREATED.match(value):
        return False
    try:
        datetime.fromisoformat(value.removesuffix("Z"))  # the calendar and the clock, without _strptime
    except ValueError:
        return False
    return True


def _version(data: dict, profile: str) -> str | None:
    """The Data Package version a descriptor's own ``$schema`` sets (none: v1), if it names a standard profile."""
    if "$schema" not in data:
        return "v1"
    url = data["$schema"]
    return _VERSIONS.get(url) if isinstance(url, str) and url.endswith("/" + profile) else None


def _package(data: Any) -> bool:
    """Package.metadata_validate: profile, name under v1, profile values, resource names, created, licenses."""
    if not isinstance(data, dict) or not _only(data, _PACKAGE_KEYS) or not _passes(data, "package"):
        return False
    version = _version(data, "datapackage.json")
    if version is None:
        return False
    name = data.get("name")
    if name is not None and version == "v1" and not re.search(_profiles()["name_pattern_v1"], name):
        return False
    if data.get("profile") not in (None, "data-package", "tabular-data-package"):
        return False  # a custom profile is fetched and checked against by frictionless
    resources = data["resources"]
    if not all(isinstance(resource, dict) for resource in resources):
        return False
    if data.get("profile") == "tabular-data-package" and any(
        resource.get("profile") != "tabular-data-resource" for resource in resources
    ):
        return False
    names = [resource["name"] for resource in resources if "name" in resource]
    if len(names) != len(set(names)) or not _created(data.get("created")):
        return False
    if any(not item.get("path") and not item.get("name") for item in data.get("licenses", [])):
        return False
    if any(item.get("email") for item in data.get("contributors", [])):
        return False  # frictionless' e-mail check is not restated here
    return all(_resource(resource, version) for resource in resources)


def _resource(data: dict, version: str) -> bool:
    """Resource.metadata_validate, under the version the package sets."""
    if not _only(data, _RESOURCE_KEYS):
        return False
    profile = data.get("profile")
    if profile not in (None, "data-resource", "tabular-data-resource"):
        return False
    checked = dict(data, type="table") if profile == "tabular-data-resource" else data  # its transform
    if not _passes(checked, "table_resource" if "type" in checked else "resource"):
        return False
    if version == "v1" and not re.search(_profiles()["name_pattern_v1"], data["name"]):
        return False
    # path is required (this package has no inline data); schema is a file beside it, checked on its own
    return _plain_path(data.get("path")) and _plain_path(data.get("schema"))


def _schema(data: Any) -> bool:
    """Schema.metadata_validate, for a schema checked on its own (its own ``$schema`` sets the version)."""
    if not isinstance(data, dict) or not _only(data, _SCHEMA_KEYS, extensions=True):
        return False
    if _version(data, "tableschema.json") is None:
        return False
    keys = data.get("primaryKey", [])
    links = data.get("foreignKeys", [])
    if not _strings(keys) or not isinstance(links, list) or not all(_foreign_key(link) for link in links):
        return False  # the transforms that turn a string into a list are not restated: lists only
    if not _strings(data.get("missingValues", [])) or not _passes(data, "schema"):
        return False  # strings only: object entries have version gates and uniqueness notes
    fields = data["fields"]
    if not all(isinstance(field, dict) and _field(field) for field in fields):
        return False
    names = [field["name"] for field in fields]
    if len(names) != len(set(names)) or any(key not in names for key in keys):
        return False
    return all(
        all(name in names for name in link["fields"]) and len(link["fields"]) == len(link["reference"]["fields"])
        for link in links
    )


def _foreign_key(link: Any) -> bool:
    if not isinstance(link, dict) or set(link) != {"fields", "reference"} or not _strings(link["fields"]):
        return False
    reference = link["reference"]
    return (
        isinstance(reference, dict)
        and set(reference) == {"resource", "fields"}
        and isinstance(reference["resource"], str)
        and _strings(reference["fields"])
    )


def _field(data: dict) -> bool:
    """Field.metadata_validate for the field types this package uses: profile, supported constraints."""
    kind = data.get("type")
    if not isinstance(kind, str) or kind not in _profiles()["fields"]:
        return False
    if not _only(data, _FIELD_KEYS | (_BOOLEAN_KEYS if kind == "boolean" else set())):
        return False
    if isinstance(data.get("format"), str) and data["format"].startswith("fmt:"):
        return False  # rewritten by frictionless before its check
    if not isinstance(data.get("name"), str) or not _passes(data, "fields", kind, "profile"):
        return False
    constraints = data.get("constraints", {})
    supported = set(_profiles()["fields"][kind]["constraints"]) - {"exclusiveMinimum", "exclusiveMaximum"}
    if not all(name in supported for name in constraints):
        return False
    categories = data.get("categories", [])
    return isinstance(categories, list) and all(
        isinstance(item, dict) and set(item) == {"value", "label"} and all(isinstance(v, str) for v in item.values())
        for item in categories
    )


def certainly_clean(descriptor: object, schemas: dict[str, object]) -> bool:
    """True only if frictionless' profile checks of ``descriptor`` and each schema would find nothing.

    ``descriptor``: ``datapackage.json`` as parsed JSON; ``schemas``: each Table Schema as parsed JSON, by path.
    False means "not known": run frictionless' own checks. Never raises, never changes its arguments.
    """
    try:
        if not _frictionless_is(_profiles()["frictionless"]):
            return False
        from . import strictjson

        parts = [descriptor, *schemas.values()]
        if any(strictjson.remote_profiles(part) for part in parts):
            return False  # reported by caucasus_data.profiles before frictionless sees the rest
        for part in parts:  # what the validator reads only as strict JSON (no NaN, depth, digits), it reports
            strictjson.loads(json.dumps(part))
        return _package(descriptor) and all(_schema(schema) for schema in schemas.values())
    except Exception:  # a shape not foreseen above: not known to be clean, so frictionless decides
        return False


def certainly_clean_texts(descriptor: str, schemas: dict[str, str]) -> bool:
    """:func:`certainly_clean` of the descriptors' text, read as the validator reads them (strict JSON)."""
    from . import strictjson

    try:
        return certainly_clean(
            strictjson.loads(descriptor), {path: strictjson.loads(text) for path, text in schemas.items()}
        )
    except Exception:  # text the validator reports on its own: frictionless' checks see it too
        return False
