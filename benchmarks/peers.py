"""The constraint checks written directly in a peer tool, for timing beside ``caucasus-data validate``.

    python benchmarks/peers.py duckdb|polars|pandera DIR

Each peer reads every table of the package in DIR from its Table Schema (read with ``json``) and checks what
the schemas state: every cell of a date, integer, number or boolean column parses, required cells are
filled, unique columns and primary keys hold no repeat, codes are in their enum, cells match their pattern,
and every single-column foreign key lands on a row. It prints the number of failing cells per check. That is
fewer rules than the validator runs (no quotes against raw text, publication windows, polymorphic references,
canonical form, spreadsheet safety, and no file:line per error), so a peer that takes longer than the
validator takes longer for less. ``SAME_CHECKS`` names those checks in the validator's codes, so that
``validate --select`` can be timed on the same work (benchmarks/run.py: ``validate_same_checks``).
``pandera`` is pandera used directly: its pandas backend reading the CSVs
with pandas, coercing to the schema's types.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

#: The validator's codes for what every peer here checks: ``validate --select`` with these runs the same checks.
SAME_CHECKS = ("type", "required", "unique", "enum", "pattern", "primary-key", "foreign-key")
INTEGER = r"^[+-]?[0-9]+$"
NUMBER = r"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$"


def tables(root: Path) -> list[tuple[str, Path, dict]]:
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    return [
        (r["name"], root / r["path"], json.loads((root / r["schema"]).read_text(encoding="utf-8")))
        for r in descriptor["resources"]
    ]


def anchored(pattern: str) -> str:
    return pattern if pattern.startswith("^") else f"^{pattern}"


def duckdb_checks(root: Path) -> dict[str, int]:
    import duckdb

    con = duckdb.connect()
    found: dict[str, int] = {}
    listed = tables(root)
    for name, path, _ in listed:  # the dialect stated: sniffing 20,480 rows with no quote in them finds none
        con.execute(
            f"CREATE TABLE \"{name}\" AS SELECT * FROM read_csv('{path}', all_varchar=true, header=true, "
            "delim=',', quote='\"', escape='\"')"
        )
    for name, _, schema in listed:
        for f in schema["fields"]:
            col, c = f'"{f["name"]}"', f.get("constraints", {})
            checks = {}
            if f["type"] == "date":
                checks["type"] = f"{col} IS NOT NULL AND try_strptime({col}, '%Y-%m-%d') IS NULL"
            elif f["type"] in ("integer", "number"):
                number = INTEGER if f["type"] == "integer" else NUMBER
                checks["type"] = f"{col} IS NOT NULL AND NOT regexp_full_match({col}, '{number}')"
            elif f["type"] == "boolean":
                checks["type"] = f"{col} IS NOT NULL AND {col} NOT IN ('true', 'false')"
            if c.get("required"):
                checks["required"] = f"{col} IS NULL"
            if c.get("enum"):
                codes = ", ".join("'" + v.replace("'", "''") + "'" for v in c["enum"])
                checks["enum"] = f"{col} IS NOT NULL AND {col} NOT IN ({codes})"
            if c.get("pattern"):
                checks["pattern"] = f"{col} IS NOT NULL AND NOT regexp_matches({col}, '{anchored(c['pattern'])}')"
            for check, where in checks.items():
                found[f"{name}.{f['name']}.{check}"] = con.execute(
                    f'SELECT count(*) FROM "{name}" WHERE {where}'
                ).fetchone()[0]
            if c.get("unique") or schema.get("primaryKey") == [f["name"]]:
                sql = (
                    f'SELECT count(*) FROM (SELECT {col} FROM "{name}" WHERE {col} IS NOT NULL '
                    f"GROUP BY {col} HAVING count(*) > 1)"
                )
                found[f"{name}.{f['name']}.unique"] = con.execute(sql).fetchone()[0]
        for fk in schema.get("foreignKeys", []):
            if len(fk["fields"]) != 1:
                continue
            col, target = fk["fields"][0], fk["reference"]["resource"] or name
            key = fk["reference"]["fields"][0]
            sql = (
                f'SELECT count(*) FROM "{name}" a WHERE a."{col}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM "{target}" b WHERE b."{key}" = a."{col}")'
            )
            found[f"{name}.{col}.foreign-key"] = con.execute(sql).fetchone()[0]
    return found


def polars_checks(root: Path) -> dict[str, int]:
    import polars as pl

    listed = tables(root)
    frames = {name: pl.read_csv(path, infer_schema=False) for name, path, _ in listed}
    found: dict[str, int] = {}
    for name, _, schema in listed:
        frame = frames[name]
        for f in schema["fields"]:
            col, c = pl.col(f["name"]), f.get("constraints", {})
            checks = {}
            if f["type"] == "date":
                checks["type"] = col.is_not_null() & col.str.to_date("%Y-%m-%d", strict=False).is_null()
            elif f["type"] in ("integer", "number"):
                checks["type"] = col.is_not_null() & ~col.str.contains(INTEGER if f["type"] == "integer" else NUMBER)
            elif f["type"] == "boolean":
                checks["type"] = col.is_not_null() & ~col.is_in(["true", "false"])
            if c.get("required"):
                checks["required"] = col.is_null()
            if c.get("enum"):
                checks["enum"] = col.is_not_null() & ~col.is_in(c["enum"])
            if c.get("pattern"):
                checks["pattern"] = col.is_not_null() & ~col.str.contains(anchored(c["pattern"]))
            if c.get("unique") or schema.get("primaryKey") == [f["name"]]:
                checks["unique"] = col.is_not_null() & ~col.is_first_distinct()  # each repeat after the first
            if checks:
                counts = frame.select([e.sum().alias(k) for k, e in checks.items()]).row(0, named=True)
                found.update({f"{name}.{f['name']}.{k}": v for k, v in counts.items()})
        for fk in schema.get("foreignKeys", []):
            if len(fk["fields"]) != 1:
                continue
            col, target = fk["fields"][0], fk["reference"]["resource"] or name
            keys = frames[target][fk["reference"]["fields"][0]]
            outside = pl.col(col).is_not_null() & ~pl.col(col).is_in(keys.implode())
            found[f"{name}.{col}.foreign-key"] = frame.filter(outside).height
    return found


def pandera_checks(root: Path) -> dict[str, int]:
    import pandas as pd
    import pandera.pandas as pa
    from pandera.errors import SchemaErrors

    found: dict[str, int] = {}
    for name, path, schema in tables(root):
        columns = {}
        for f in schema["fields"]:
            c = f.get("constraints", {})
            checks = []
            if c.get("enum"):
                checks.append(pa.Check.isin(c["enum"]))
            if c.get("pattern"):
                checks.append(pa.Check.str_matches(anchored(c["pattern"])))
            dtype = {"date": "datetime64[ns]", "integer": "Int64", "number": "Float64", "boolean": "boolean"}
            columns[f["name"]] = pa.Column(
                dtype.get(f["type"], "string"),
                checks=checks,
                nullable=not c.get("required", False),
                unique=bool(c.get("unique")) or schema.get("primaryKey") == [f["name"]],
                coerce=True,
            )
        frame = pd.read_csv(path, dtype=str, keep_default_na=False).replace("", None)
        for f in schema["fields"]:  # pandera cannot coerce the text "true" to a boolean
            if f["type"] == "boolean" and f["name"] in frame:
                frame[f["name"]] = frame[f["name"]].map({"true": True, "false": False, None: None})
        try:
            pa.DataFrameSchema(columns).validate(frame, lazy=True)
            found[name] = 0
        except SchemaErrors as exc:
            found[name] = len(exc.failure_cases)
    return found


PEERS = {"duckdb": duckdb_checks, "polars": polars_checks, "pandera": pandera_checks}

if __name__ == "__main__":
    counts = PEERS[sys.argv[1]](Path(sys.argv[2]))
    print(json.dumps({"checks": len(counts), "failing": sum(counts.values())}))
