"""The codebook: every table and field, generated from the Table Schemas so that it cannot drift from them.

It holds only what the schemas say (no row counts), so it changes when a schema changes, not with every
curated row; ``docs/codebook.md`` is this text, and a test keeps the two equal.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Package, Table, TableField, read_package_or_fail

EXTENSIONS = {
    "x-dates": (
        "Two date columns bounding one fact: the earliest and the latest day it can fall on (UCDP GED "
        "`date_start`/`date_end`), with the column giving how precisely the source states it. The validator "
        "checks that the start is not after the end. Marked `window`, the range is also under the "
        "publication-window rule: a fact cannot start after the latest publication day of a source that reports it. "
        "The rule `precision-span` checks that the precision matches the width of the range; marked `spans`, an exact "
        "printed span of several days may be `day`; a `days` column lists separate printed days."
    ),
    "x-window-exempt": (
        "Rows whose value in the named column is one of the listed codes (planned, forecast, draft...) are "
        "exempt from the publication-window rule: a source may announce what has not happened yet."
    ),
    "x-evidence-required": (
        "Every row must be backed by at least one row of `evidence` (`record_table` = this table, `record_id` = "
        "the row's id) holding a quote copied verbatim from a source."
    ),
    "x-references": (
        "A polymorphic reference: a column naming a table and a column holding an id; the pair must point at an "
        "existing row of the named table. Frictionless foreign keys cannot express this, so the validator checks it."
    ),
    "x-exactly-one": "Alternative columns of which exactly one is filled on every row.",
    "x-verbatim": (
        "Columns that hold words copied from the source (the claimant and the reporting verb): the rule "
        "`verbatim-attribution` checks that they occur in the paragraph of the row's source that its evidence "
        "quotes come from, unless written wholly in square brackets as the curator's description of an unnamed source."
    ),
    "x-own-voice": (
        "The dataset's own columns, written by the curators: the rule `own-voice` checks that they use no loaded "
        "term of the package's lexicon outside quotation marks."
    ),
}

TYPES = {
    "string": "text (UTF-8)",
    "date": "calendar day, written `YYYY-MM-DD` (ISO 8601); Arrow/Parquet `date32`",
    "boolean": "`true` or `false`",
    "integer": "whole number (64-bit)",
    "number": "decimal number with a dot as separator (64-bit float)",
}


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _codes(values: list[str], last: str = ",") -> str:
    codes = [f"`{v}`" for v in values]
    return codes[0] if len(codes) == 1 else f"{', '.join(codes[:-1])}{last} {codes[-1]}"


def _constraints(field: TableField, table: Table) -> str:
    c = field.constraints
    parts = []
    if c.unique or table.schema_.primaryKey == [field.name]:
        parts.append("unique")
    if c.enum is not None:
        parts.append(f"one of {_codes(c.enum)}")
    if c.pattern is not None:
        parts.append(f"pattern `{c.pattern}`")
    bounds = (
        (c.minLength, "at least {} characters"),
        (c.maxLength, "at most {} characters"),
        (c.minimum, "≥ {:g}"),
        (c.maximum, "≤ {:g}"),
    )
    parts += [shown.format(bound) for bound, shown in bounds if bound is not None]
    return _cell("; ".join(parts))


def _keys(table: Table) -> list[str]:
    schema = table.schema_
    lines = [f"- Primary key: {', '.join(f'`{k}`' for k in schema.primaryKey)}"]
    for fk in schema.foreignKeys:
        target = fk.reference.resource or table.name
        pairs = ", ".join(f"`{a}` → `{target}.{b}`" for a, b in zip(fk.fields, fk.reference.fields, strict=True))
        lines.append(f"- Foreign key: {pairs}")
    for d in schema.dates:
        text = f"- Date range (`x-dates`): `{d.start}` to `{d.end}`"
        text += f", precision in `{d.precision}`" if d.precision else ""
        text += "; under the publication-window rule" if d.window else ""
        text += "; an exact span of days may be precision `day` (`spans`)" if d.spans else ""
        text += f"; separate printed days listed in `{d.days}`" if d.days else ""
        lines.append(text)
    if schema.window_exempt:
        exempt = schema.window_exempt
        lines.append(
            f"- Exempt from the publication-window rule (`x-window-exempt`): rows whose `{exempt.field}` is "
            f"{_codes(exempt.values, last=' or')}"
        )
    if schema.evidence_required:
        lines.append("- Evidence required (`x-evidence-required`): every row is backed by a row of `evidence`")
    for ref in schema.references:
        lines.append(f"- Polymorphic reference (`x-references`): `{ref.table}` names a table, `{ref.id}` a row of it")
    if schema.exactly_one:
        lines.append(f"- Exactly one of (`x-exactly-one`): {', '.join(f'`{c}`' for c in schema.exactly_one)}")
    if schema.verbatim:
        lines.append(f"- Copied from the source (`x-verbatim`): {', '.join(f'`{c}`' for c in schema.verbatim)}")
    if schema.own_voice:
        lines.append(f"- The dataset's own words (`x-own-voice`): {', '.join(f'`{c}`' for c in schema.own_voice)}")
    return lines


def _table(table: Table) -> list[str]:
    schema = table.schema_
    lines = [f"## `{table.name}`", "", _cell(schema.description), "", *_keys(table), ""]
    lines += ["| field | type | required | description | constraints |", "| --- | --- | --- | --- | --- |"]
    for f in schema.fields:
        required = "yes" if f.required else ""
        lines.append(f"| `{f.name}` | {f.type} | {required} | {_cell(f.description)} | {_constraints(f, table)} |")
    return [*lines, ""]


def _stata(package: Package) -> list[str]:
    """What the Stata files of a release change: labels cut to Stata's limit, codes numbered."""
    from .stata import LABEL_LIMIT, variable_label

    fields = [f for t in package.tables.values() for f in t.schema_.fields]
    cut = sum(variable_label(f.description) != " ".join(f.description.split()) for f in fields)
    return [
        "## In Stata",
        "",
        f"- Variable labels in `stata/<table>.dta` are the descriptions below, cut to Stata's limit of {LABEL_LIMIT}",
        f"  characters at the last space and ended with `…`: {cut} of the {len(fields)} descriptions are cut, so read",
        "  the full text here. The dataset label is the table's description, cut the same way.",
        "- A coded field is numbered `1`…`n` in the order of its codes below, with a value label of the same name",
        "  giving each number its code's label (the code itself where the schema gives no label); booleans are",
        "  `0`/`1` labelled `false`/`true`; dates are `%td`.",
        '- Stata has no missing text: an empty text cell is `""`. Text longer than 2,045 bytes is `strL`.',
        "",
    ]


def _preamble(package: Package) -> list[str]:
    d = package.descriptor
    licenses = "; ".join(f"{x.name or ''}: {x.title or ''}" for x in d.licenses)
    lines = [
        f"# {d.title or d.name}",
        "",
        f"Codebook of data version {d.version}. Generated from the Table Schemas by `caucasus-data build`;",
        "edit the schemas, not this file.",
        "",
        _cell(d.description or ""),
        "",
    ]
    if licenses:
        lines += [f"License: {licenses}.", ""]
    lines += ["## Conventions", ""]
    lines += [f"- `{name}`: {text}" for name, text in TYPES.items()]
    lines += [
        "- An empty cell is a missing value; a *required* field is never empty.",
        "- Ids are lowercase slugs (`^[a-z0-9]+(-[a-z0-9]+)*$`) and never change once released.",
        "- Coded fields (`one of ...`) are categoricals in pandas and dictionary-encoded in Parquet.",
        "",
        *_stata(package),
        "## Schema extensions",
        "",
        "Keys starting with `x-` are this package's additions to the Frictionless Table Schema. Stock Frictionless",
        "tools ignore them; `caucasus-data validate` enforces them.",
        "",
    ]
    lines += [f"- `{key}`: {text}" for key, text in EXTENSIONS.items()]
    lines += ["", "## Tables", "", "| table | primary key | fields |", "| --- | --- | --- |"]
    for t in package.tables.values():
        key = ", ".join(f"`{k}`" for k in t.schema_.primaryKey)
        lines.append(f"| [`{t.name}`](#{t.name}) | {key} | {len(t.schema_.fields)} |")
    return [*lines, ""]


def render(package: Package) -> str:
    lines = _preamble(package)
    for table in package.tables.values():
        lines += _table(table)
    return "\n".join(lines).rstrip("\n") + "\n"


def codebook(root: Path) -> str:
    """The codebook of the package in ``root`` as Markdown."""
    return render(read_package_or_fail(root))
