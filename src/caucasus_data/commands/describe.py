"""`caucasus-data describe TABLE`: the codebook entry of one table, from its Table Schema."""

from __future__ import annotations

import argparse
import sys
import textwrap

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_VALID

NAME = "describe"
HELP = "show a table's codebook: fields, types, constraints, descriptions, codes and keys"
EXAMPLES = """examples:
  caucasus-data describe events                   every field of events, with its codes
  caucasus-data describe events --format json     the same, for tools
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("table", help="table name (see `caucasus-data tables`)")
    parser.add_argument("--format", choices=["text", "json"], default="text", help="default: text")
    parser.add_argument("--dir", help="package folder (default: the current folder if it holds one, else installed)")


def _type(field) -> str:
    flags = [field.type]
    if field.required:
        flags.append("required")
    if field.constraints.unique:
        flags.append("unique")
    if field.constraints.pattern:
        flags.append(f"pattern {field.constraints.pattern}")
    return ", ".join(flags)


def field_record(field) -> dict:
    labels = {c.value: c.label for c in field.categories or []}
    return {
        "name": field.name,
        "type": field.type,
        "required": field.required,
        "unique": field.constraints.unique,
        "pattern": field.constraints.pattern,
        "description": field.description,
        "codes": [{"code": code, "label": labels.get(code, "")} for code in field.enum or []],
    }


def render_text(name: str, schema) -> str:
    from ..display import escape

    wrap = textwrap.TextWrapper(width=100, initial_indent="    ", subsequent_indent="    ")
    lines = [f"{name}: {escape(schema.description)}", "", f"primary key: {', '.join(schema.primaryKey)}"]
    for fk in schema.foreignKeys:
        target = f"{fk.reference.resource}.{', '.join(fk.reference.fields)}"
        lines.append(f"foreign key: {', '.join(fk.fields)} -> {target}")
    for ref in schema.references:
        lines.append(f"reference: ({ref.table}, {ref.id}) -> the row of the table named in {ref.table}")
    for field in schema.fields:
        lines += ["", f"{field.name}  ({_type(field)})", wrap.fill(escape(field.description))]
        if field.enum:
            labels = {c.value: c.label for c in field.categories or []}
            width = max(len(code) for code in field.enum)
            lines.append("    codes:")
            lines += [f"      {code:<{width}}  {escape(labels.get(code, ''))}".rstrip() for code in field.enum]
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    from ..display import json_text
    from ..load import schema
    from ..target import chosen_root

    root = chosen_root(args.dir, "describing")
    try:
        found = schema(args.table, root)
    except KeyError as exc:
        print(f"caucasus-data: {exc.args[0]}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    if args.format == "json":
        record = {
            "table": args.table,
            "description": found.description,
            "primary_key": found.primaryKey,
            "foreign_keys": [fk.model_dump() for fk in found.foreignKeys],
            "fields": [field_record(f) for f in found.fields],
        }
        print(json_text(record))
    else:
        print(render_text(args.table, found))
    return EXIT_VALID
