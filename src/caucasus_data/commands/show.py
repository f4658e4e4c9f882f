"""`caucasus-data show TABLE [--where COL=VALUE] [--limit N] [--format table|csv|json]`: rows of a table.

The rows are read as :func:`caucasus_data.load` reads them, without validating first (so a working copy being
edited can be looked at; `caucasus-data validate` says what is wrong with it), through the pyarrow backend,
which spares pandas' import. ``--where`` compares with a cell as the CSV writes it: dates ``YYYY-MM-DD``,
booleans ``true``/``false``, empty for a missing value.
"""

from __future__ import annotations

import argparse
import sys

from ..exit_codes import EXIT_CANNOT_RUN, EXIT_VALID

NAME = "show"
HELP = "print rows of a table, optionally only those where a column has a value"
EXAMPLES = """examples:
  caucasus-data show events --where event_type=visit
  caucasus-data show events --where event_type=visit --columns event_id,date_start,title
  caucasus-data show claims --where claimant_country=TUR --limit 5 --format json
  caucasus-data show evidence --where record_id=shusha-visit-2021-06-15 --format csv > shusha.csv
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("table", help="table name (see `caucasus-data tables`)")
    parser.add_argument(
        "--where", action="append", default=[], metavar="COL=VALUE", help="keep rows whose COL is VALUE (repeatable)"
    )
    parser.add_argument("--limit", type=int, metavar="N", help="at most N rows")
    parser.add_argument("--columns", metavar="A,B,...", help="only these columns, in this order")
    parser.add_argument("--format", choices=["table", "csv", "json"], default="table", help="default: table")
    parser.add_argument("--width", type=int, default=40, help="table format: cut cells at this width (0: never)")
    parser.add_argument("--dir", help="package folder (default: the current folder if it holds one, else installed)")


class Refused(Exception):
    pass


def cell(value: object) -> str:
    """A value as the curated CSV writes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _conditions(where: list[str], columns: list[str], enums: dict[str, list[str]]) -> list[tuple[str, str]]:
    conditions = []
    for item in where:
        column, sep, value = item.partition("=")
        if not sep:
            raise Refused(f"--where {item!r} is not COL=VALUE, e.g. --where event_type=visit")
        if column not in columns:
            raise Refused(f"--where: the table has no column {column!r}; its columns are: {', '.join(columns)}")
        if column in enums and value not in enums[column]:
            raise Refused(f"--where: {value!r} is not a code of {column}; its codes are: {', '.join(enums[column])}")
        conditions.append((column, value))
    return conditions


def select(records: list[dict], args: argparse.Namespace, columns: list[str], enums: dict) -> tuple[list[str], list]:
    conditions = _conditions(args.where, columns, enums)
    chosen = columns
    if args.columns:
        chosen = [c.strip() for c in args.columns.split(",") if c.strip()]
        unknown = [c for c in chosen if c not in columns]
        if unknown:
            raise Refused(
                f"--columns: no column {', '.join(map(repr, unknown))}; the columns are: {', '.join(columns)}"
            )
    if args.limit is not None and args.limit < 0:
        raise Refused("--limit must be 0 or more")
    kept = [r for r in records if all(cell(r[c]) == v for c, v in conditions)]
    return chosen, kept[: args.limit] if args.limit is not None else kept


def render(chosen: list[str], rows: list[dict], total: int, fmt: str, width: int) -> str:
    from ..display import json_text, table

    if fmt == "json":
        return json_text(
            [{c: r[c] if not hasattr(r[c], "isoformat") else r[c].isoformat() for c in chosen} for r in rows]
        )
    if fmt == "csv":
        import csv
        import io

        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(chosen)
        writer.writerows([cell(r[c]) for c in chosen] for r in rows)
        return out.getvalue().rstrip("\n")
    body = table(chosen, [[cell(r[c]) for c in chosen] for r in rows], width=width or None)
    return f"{body}\n({len(rows)} of {total} rows)"


def run(args: argparse.Namespace) -> int:
    from ..load import load, schema
    from ..target import chosen_root

    root = chosen_root(args.dir, "reading")
    try:
        found = schema(args.table, root)
        data = load(args.table, validate=False, path=root, backend="pyarrow")
        enums = {f.name: f.enum for f in found.fields if f.enum}
        chosen, rows = select(data.to_pylist(), args, found.field_names, enums)
    except KeyError as exc:
        print(f"caucasus-data: {exc.args[0]}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    except Refused as exc:
        print(f"caucasus-data: {exc}", file=sys.stderr)
        return EXIT_CANNOT_RUN
    print(render(chosen, rows, data.num_rows, args.format, args.width))
    return EXIT_VALID
