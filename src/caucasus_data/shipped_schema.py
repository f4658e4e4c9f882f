"""The installed wheel's own descriptors, read without pydantic, because their bytes are the ones its build recorded.

``load('events')`` on an installed wheel spent about 0.15 s of its 0.85 s importing pydantic and building the
descriptor models (``python -X importtime``), only to find one table's fields. This installation's descriptors
need no checking when their bytes are the recorded ones (:mod:`caucasus_data.shipped`), so :func:`read` reads
them as plain JSON into objects with just the attributes that reading and converting a table use
(:mod:`caucasus_data.schema_spec`), taking the defaults from there.

:func:`read` returns None, and the caller reads the descriptors with the models
(:func:`caucasus_data.model.read_package_or_fail`), when:

- the folder is not this installation's data folder;
- ``datapackage.json`` or any schema it names is missing from the record, or differs from it;
- they lack a key these objects read, or hold a value of the wrong kind there.

The last can only happen to a wheel built from a package that does not pass, and the models then say why.

``tests/test_shipped_schema.py`` holds every attribute equal to the models' reading, on every shipped schema
and on generated ones.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .schema_spec import DESCRIPTOR, FALSE_VALUES, TRUE_VALUES, FieldType
from .shipped import recorded

if TYPE_CHECKING:
    from .snapshot import Snapshot


class ShippedField:
    """A field of a verified schema: the attributes of :class:`caucasus_data.schema_spec.FieldSpec`."""

    __slots__ = ("description", "enum", "falseValues", "name", "required", "trueValues", "type")

    def __init__(self, field: dict[str, Any]) -> None:
        constraints = field.get("constraints", {})
        self.name: str = field["name"]
        self.type: FieldType = field["type"]
        self.description: str = field["description"]
        self.required: bool = constraints.get("required", False)
        self.enum: list[str] | None = constraints.get("enum")
        self.trueValues: list[str] = field.get("trueValues", list(TRUE_VALUES))
        self.falseValues: list[str] = field.get("falseValues", list(FALSE_VALUES))


class ShippedSchema:
    """A verified Table Schema: the attributes of :class:`caucasus_data.schema_spec.SchemaSpec`."""

    __slots__ = ("description", "fields", "primaryKey")

    def __init__(self, schema: dict[str, Any]) -> None:
        self.fields = [ShippedField(f) for f in schema["fields"]]
        self.description: str = schema.get("description", "")
        self.primaryKey: list[str] = schema["primaryKey"]


class ShippedTable:
    """A resource of the verified ``datapackage.json`` and its schema (a :class:`caucasus_data.reading.TableSpec`)."""

    __slots__ = ("name", "path", "schema_", "schema_path")

    def __init__(self, name: str, path: str, schema_path: str, schema: ShippedSchema) -> None:
        self.name, self.path, self.schema_path, self.schema_ = name, path, schema_path, schema


class ShippedPackage:
    """The verified descriptors: the tables by name, in the order of ``datapackage.json``, and the data version."""

    __slots__ = ("root", "tables", "version")

    def __init__(self, root: Path, version: str, tables: dict[str, ShippedTable]) -> None:
        self.root, self.version, self.tables = root, version, tables


def _verified(files: Snapshot, expected: dict[str, str], rel: str) -> Any:
    """The JSON of descriptor ``rel`` when its bytes are the recorded ones; None otherwise."""
    if not isinstance(rel, str) or rel not in expected:
        return None
    try:
        text = files.read_text(rel)
    except (OSError, UnicodeDecodeError):
        return None
    return json.loads(text) if files.sha256(rel) == expected[rel] else None


def read(files: Snapshot) -> ShippedPackage | None:
    """The descriptors of this installation's data, read from ``files`` when their bytes are the recorded ones."""
    expected = recorded(files.root)
    if expected is None:
        return None
    try:
        descriptor = _verified(files, expected, DESCRIPTOR)
        if not isinstance(descriptor, dict):
            return None
        tables: dict[str, ShippedTable] = {}
        for resource in descriptor["resources"]:
            schema = _verified(files, expected, resource["schema"])
            if not isinstance(schema, dict) or resource["name"] in tables:
                return None
            name = resource["name"]
            tables[name] = ShippedTable(name, resource["path"], resource["schema"], ShippedSchema(schema))
        return ShippedPackage(files.root, descriptor["version"], tables)
    except (KeyError, TypeError, ValueError, AttributeError):  # not what the models accept: they say why
        return None
