"""Inter-coder agreement between the shipped tables and a blind second coding of two sources.

The second coder coded the 2021 news article and the 2025 ARVAK Center comment from the raw text, the coding
manual and the codebook alone (``reliability/second-coder/``). This script aligns the two codings unit by unit
and field by field and computes Krippendorff's alpha (the ``krippendorff`` package) per table and field, with the
number of units. ``docs/RELIABILITY.md`` holds its output between markers; ``--write`` regenerates them, and a
test checks that the committed figures are what the script gives.

Units are aligned in three steps, so that different ids for the same thing still meet:
1. records with evidence: the same id, else the best overlap of their evidence quotes (one quote inside the other
   counts fully, otherwise the share of words in common), one to one, greedily from the best pair, above 0.5;
2. tables that point at records (participants, claim relations, aliases, positions, provisions) are aligned on
   the records they point at, mapped through step 1;
3. citations and errata on their own quotes.
Every field is compared as a nominal code with an empty cell as a code of its own (leaving a cell empty is a
coding decision); reference columns are compared after mapping the second coder's ids through the alignment.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import cache
from pathlib import Path

import krippendorff
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
FIRST = ROOT / "reliability" / "first-coder"  # the first coding as compared (before reconciliation)
CURRENT = ROOT / "curated"  # the shipped tables now (after reconciliation)
SECOND = ROOT / "reliability" / "second-coder"
RESOLUTIONS = ROOT / "reliability" / "resolutions.csv"
REPORT = ROOT / "docs" / "RELIABILITY.md"
SOURCES = ("news-2021-07-27-military-ties", "arvak-2025-02-06-quid-pro-quo")
THRESHOLD = 0.5
EMPTY = "∅"

KEYS = {
    "claims": "claim_id",
    "events": "event_id",
    "agreements": "agreement_id",
    "exercises": "exercise_id",
    "officials": "official_id",
    "organisations": "organisation_id",
    "places": "place_id",
    "positions": "position_id",
    "aliases": "alias_id",
    "provisions": "provision_id",
    "participants": "participant_id",
    "claim_relations": "relation_id",
    "citations": "citation_id",
    "errata": "erratum_id",
}
EVIDENCED = ["places", "organisations", "officials", "agreements", "exercises", "events", "claims"]
QUOTED = ["positions", "provisions"]  # evidence-backed too, aligned after what they point at
# field -> table its value points at (mapped through the alignment before comparing)
REFERENCES = {
    "claims": {
        "claimant_official_id": "officials",
        "claimant_organisation_id": "organisations",
        "citation_id": "citations",
    },
    "events": {
        "place_id": "places",
        "agreement_id": "agreements",
        "exercise_id": "exercises",
        "parent_event_id": "events",
    },
    "agreements": {"place_id": "places"},
    "exercises": {"place_id": "places"},
    "organisations": {"parent_organisation_id": "organisations"},
    "positions": {"official_id": "officials", "organisation_id": "organisations"},
    "provisions": {"agreement_id": "agreements"},
}
FIELDS = {
    "claims": [
        "claimant_type",
        "claimant_official_id",
        "claimant_organisation_id",
        "claimant_country",
        "claimant_as_printed",
        "cue",
        "claim_type",
        "date_start",
        "date_end",
        "date_precision",
        "citation_id",
        "about_table",
        "about_id",
    ],
    "events": [
        "event_type",
        "date_start",
        "date_end",
        "date_precision",
        "place_id",
        "status",
        "agreement_id",
        "exercise_id",
        "parent_event_id",
    ],
    "agreements": [
        "agreement_type",
        "scope",
        "status",
        "date_start",
        "date_end",
        "date_precision",
        "place_id",
        "defense",
        "offense",
        "neutral",
        "nonagg",
        "consul",
        "milcon",
        "milaid",
        "base",
        "intcom",
    ],
    "exercises": [
        "host_country",
        "place_id",
        "date_start",
        "date_end",
        "date_precision",
        "status",
        "air",
        "land",
        "sea",
        "special_forces",
        "focus",
    ],
    "officials": ["country", "person_type"],
    "organisations": ["organisation_type", "country", "parent_organisation_id"],
    "places": ["place_type", "country"],
    "positions": ["organisation_id", "country", "tense", "date_start", "date_end", "date_precision"],
    "aliases": ["alias_type", "used_by"],
    "provisions": ["obligation"],
    "participants": ["role"],
    "claim_relations": ["relation"],
    "citations": ["marker", "date_start", "date_end", "date_precision"],
    "errata": ["erratum_type", "record_table"],
}
ORDER = [
    "claims",
    "events",
    "agreements",
    "exercises",
    "officials",
    "organisations",
    "places",
    "positions",
    "aliases",
    "provisions",
    "participants",
    "claim_relations",
    "citations",
    "errata",
]


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


def read(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass
class Coding:
    """One coder's rows of the two sources, by table and id, with the evidence quotes of each record."""

    tables: dict[str, dict[str, dict[str, str]]] = field(default_factory=dict)
    quotes: dict[tuple[str, str], list[str]] = field(default_factory=dict)


def coding(folder: Path) -> Coding:
    c = Coding()
    evidence = [r for r in read(folder, "evidence") if r["source_id"] in SOURCES]
    for r in evidence:
        c.quotes.setdefault((r["record_table"], r["record_id"]), []).append(norm(r["quote"]))
    for table in ORDER:
        rows = read(folder, table)
        key = KEYS[table]
        if table in EVIDENCED:
            rows = [r for r in rows if (table, r[key]) in c.quotes]
        elif table in ("citations", "errata"):
            rows = [r for r in rows if r["source_id"] in SOURCES]
        c.tables[table] = {r[key]: r for r in rows}
    claims = c.tables["claims"]
    c.tables["claims"] = {k: r for k, r in claims.items() if r["source_id"] in SOURCES}
    return c


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def quote_overlap(a: list[str], b: list[str]) -> float:
    """The longest stretch two quotes share, as a share of the shorter one (1.0: one quote inside the other)."""
    best = 0.0
    for qa in a:
        for qb in b:
            if not qa or not qb:
                continue
            if qa in qb or qb in qa:
                return 1.0
            match = SequenceMatcher(None, qa, qb, autojunk=False).find_longest_match(0, len(qa), 0, len(qb))
            best = max(best, match.size / min(len(qa), len(qb)))
    return best


def greedy(scores: list[tuple[float, str, str]]) -> dict[str, str]:
    """One-to-one pairs (second coder's id -> first coder's id) from the best score down, above the threshold."""
    taken_a, taken_b, pairs = set(), set(), {}
    for score, a, b in sorted(scores, key=lambda s: (-s[0], s[1], s[2])):
        if score < THRESHOLD or a in taken_a or b in taken_b:
            continue
        taken_a.add(a)
        taken_b.add(b)
        pairs[b] = a
    return pairs


def tie_break(ra: dict[str, str], rb: dict[str, str], a: str, b: str) -> float:
    """A small bonus for the same claimant and shared id words, so that a quote backing two claims is split right."""
    bonus = len(words(a.replace("-", " ")) & words(b.replace("-", " "))) / 100
    for column in ("claimant_type", "claimant_official_id", "claimant_organisation_id", "claimant_country"):
        if column in ra and ra[column] == rb.get(column) and ra[column]:
            bonus += 0.05
    return bonus


def align_evidenced(first: Coding, second: Coding, table: str) -> dict[str, str]:
    a_rows, b_rows = first.tables[table], second.tables[table]
    pairs = {b: b for b in b_rows if b in a_rows}
    scores = []
    for a in a_rows:
        if a in pairs.values():
            continue
        for b in b_rows:
            if b in pairs:
                continue
            score = quote_overlap(first.quotes.get((table, a), []), second.quotes.get((table, b), []))
            if score:
                scores.append((score + tie_break(a_rows[a], b_rows[b], a, b), a, b))
    pairs.update(greedy(scores))
    return pairs


def align_on_quote(first: Coding, second: Coding, table: str) -> dict[str, str]:
    a_rows, b_rows = first.tables[table], second.tables[table]
    scores = []
    for a, ra in a_rows.items():
        for b, rb in b_rows.items():
            score = quote_overlap([norm(ra["quote"])], [norm(rb["quote"])])
            if table == "errata" and score and norm(ra["value_as_printed"]) == norm(rb["value_as_printed"]):
                score += 0.5
            if table == "citations" and ra.get("cited_publisher") == rb.get("cited_publisher"):
                score += 0.1
            scores.append((score, a, b))
    return greedy(scores)


@dataclass
class Alignment:
    maps: dict[str, dict[str, str]]  # table -> second id -> first id

    def mapped(self, table: str, value: str) -> str:
        if not value:
            return ""
        return self.maps.get(table, {}).get(value, f"(second coder's {value})")


def party(row: dict[str, str], alignment: Alignment | None = None) -> str:
    """The party of a participant row; the second coder's ids mapped through the alignment when one is given."""
    if row.get("country"):
        return row["country"]
    table, column = ("organisations", "organisation_id") if row.get("organisation_id") else ("officials", "official_id")
    return alignment.mapped(table, row.get(column, "")) if alignment else row.get(column, "")


def align(first: Coding, second: Coding) -> Alignment:
    alignment = Alignment({})
    for table in EVIDENCED:
        alignment.maps[table] = align_evidenced(first, second, table)
    for table in ("citations", "errata"):
        alignment.maps[table] = align_on_quote(first, second, table)
    # tables that point at records: aligned on what they point at
    for table in QUOTED:
        alignment.maps[table] = align_evidenced(first, second, table)
    # participants only for records both coders have; aliases by the record named and the alias text
    a_part = {(r["record_table"], r["record_id"], party(r)): k for k, r in first.tables["participants"].items()}
    pairs = {}
    for b, rb in second.tables["participants"].items():
        record = alignment.mapped(rb["record_table"], rb["record_id"])
        key = (rb["record_table"], record, party(rb, alignment))
        candidates = [k for (t, rid, p), k in a_part.items() if (t, rid, p) == key and k not in pairs.values()]
        if candidates:
            same_role = [k for k in candidates if first.tables["participants"][k]["role"] == rb["role"]]
            pairs[b] = (same_role or candidates)[0]
    alignment.maps["participants"] = pairs
    a_alias = {(r["record_table"], r["record_id"], norm(r["alias"])): k for k, r in first.tables["aliases"].items()}
    alignment.maps["aliases"] = {
        b: a_alias[key]
        for b, rb in second.tables["aliases"].items()
        if (key := (rb["record_table"], alignment.mapped(rb["record_table"], rb["record_id"]), norm(rb["alias"])))
        in a_alias
    }
    a_rel: dict[frozenset, list[str]] = defaultdict(list)
    for k, r in first.tables["claim_relations"].items():
        a_rel[frozenset((r["claim_id"], r["related_claim_id"]))].append(k)
    rel_pairs = {}
    for b, rb in sorted(second.tables["claim_relations"].items()):
        key = frozenset(
            (alignment.mapped("claims", rb["claim_id"]), alignment.mapped("claims", rb["related_claim_id"]))
        )
        free = [k for k in a_rel.get(key, []) if k not in rel_pairs.values()]
        same = [k for k in free if first.tables["claim_relations"][k]["relation"] == rb["relation"]]
        if free:
            rel_pairs[b] = (same or free)[0]
    alignment.maps["claim_relations"] = rel_pairs
    return alignment


def restrict(c: Coding) -> None:
    """Units of the pointing tables: those about the two sources' records, as each coder has them.

    Claim relations count when both claims are of the two sources (the second coder saw no other source);
    participants and positions when what they point at is backed by the two sources; aliases when printed there.
    """
    claims = c.tables["claims"]
    c.tables["claim_relations"] = {
        k: r
        for k, r in c.tables["claim_relations"].items()
        if r["claim_id"] in claims and r["related_claim_id"] in claims
    }
    c.tables["participants"] = {
        k: r for k, r in c.tables["participants"].items() if r["record_id"] in c.tables.get(r["record_table"], {})
    }
    c.tables["aliases"] = {k: r for k, r in c.tables["aliases"].items() if r["source_id"] in SOURCES}
    for table in ("positions", "provisions"):
        c.tables[table] = {k: r for k, r in c.tables[table].items() if (table, k) in c.quotes}


def value(table: str, column: str, row: dict[str, str], alignment: Alignment | None) -> str:
    raw = row.get(column, "")
    if alignment is not None:
        target = REFERENCES.get(table, {}).get(column)
        if column == "about_id" and row.get("about_table"):
            target = row["about_table"]
        if target:
            raw = alignment.mapped(target, raw)
    return norm(raw) if raw else EMPTY


@dataclass
class FieldResult:
    table: str
    column: str
    units: int
    agree: int
    alpha: float | None


@dataclass
class Result:
    units: dict[str, tuple[int, int, int]]  # table -> (first, second, matched)
    fields: list[FieldResult]
    disagreements: list[tuple[str, str, str, str, str, str]]  # table, first id, second id, field, first, second
    unmatched: list[tuple[str, str, str]]  # table, coder, id


def alpha(first: list[str], second: list[str]) -> float | None:
    codes = {v: i for i, v in enumerate(sorted(set(first) | set(second)))}
    if len(codes) < 2:
        return None
    data = np.array([[codes[v] for v in first], [codes[v] for v in second]], dtype=float)
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))


@cache  # the tables do not change while a process runs; the report and its test compare each coding once
def compare(first_folder: Path = FIRST) -> Result:
    first, second = coding(first_folder), coding(SECOND)
    restrict(first)
    restrict(second)
    alignment = align(first, second)
    units, fields, disagreements, unmatched = {}, [], [], []
    for table in ORDER:
        pairs = alignment.maps[table]
        pairs = {b: a for b, a in pairs.items() if a in first.tables[table] and b in second.tables[table]}
        units[table] = (len(first.tables[table]), len(second.tables[table]), len(pairs))
        unmatched += [(table, "first", a) for a in sorted(set(first.tables[table]) - set(pairs.values()))]
        unmatched += [(table, "second", b) for b in sorted(set(second.tables[table]) - set(pairs))]
        for column in FIELDS[table]:
            ours, theirs = [], []
            for b, a in sorted(pairs.items(), key=lambda p: p[1]):
                va = value(table, column, first.tables[table][a], None)
                vb = value(table, column, second.tables[table][b], alignment)
                ours.append(va)
                theirs.append(vb)
                if va != vb:
                    disagreements.append((table, a, b, column, va, vb))
            agree = sum(x == y for x, y in zip(ours, theirs, strict=True))
            fields.append(FieldResult(table, column, len(pairs), agree, alpha(ours, theirs) if pairs else None))
    return Result(units, fields, disagreements, unmatched)


def resolutions() -> list[dict[str, str]]:
    with RESOLUTIONS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def resolve(rules: list[dict[str, str]], table: str, unit: str, column: str, ours: str, theirs: str) -> dict | None:
    """The first resolution rule that covers a difference (each part a regular expression, matched in full)."""
    for rule in rules:
        parts = (rule["table"], rule["unit"], rule["field"], rule["first"], rule["second"])
        if all(
            re.fullmatch(p or ".*", v, re.DOTALL)
            for p, v in zip(parts, (table, unit, column, ours, theirs), strict=True)
        ):
            return rule
    return None


def _fmt(a: float | None) -> str:
    return "n/a" if a is None else f"{a:.3f}"


def _share(f: FieldResult) -> str:
    return f"{f.agree}/{f.units} ({100 * f.agree / f.units:.0f}%)" if f.units else "0/0"


def render(result: Result, after: Result | None = None) -> tuple[str, str]:
    """The figures (before reconciliation, and after it when given) and the list of differences with resolutions."""
    lines = ["| table | units, first coder | units, second coder | matched |", "| --- | ---: | ---: | ---: |"]
    for table in ORDER:
        a, b, m = result.units[table]
        lines.append(f"| `{table}` | {a} | {b} | {m} |")
    lines += [
        "",
        "| table | field | units | agreement | alpha | units after | agreement after | alpha after |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    later = {(f.table, f.column): f for f in after.fields} if after else {}
    for f in result.fields:
        row = f"| `{f.table}` | `{f.column}` | {f.units} | {_share(f)} | {_fmt(f.alpha)} |"
        g = later.get((f.table, f.column))
        row += f" {g.units} | {_share(g)} | {_fmt(g.alpha)} |" if g else " | | |"
        lines.append(row)
    figures = "\n".join(lines)
    rules = resolutions()
    out = [
        "| table | first coder | second coder | field | first coder's value | second coder's value | resolution |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    cell = lambda s: s.replace("|", "\\|").replace("\n", " ")  # noqa: E731
    for table, a, b, column, va, vb in result.disagreements:
        rule = resolve(rules, table, a, column, va, vb)
        text = f"{rule['where']}: {rule['resolution']}" if rule else "UNRESOLVED"
        out.append(f"| `{table}` | `{a}` | `{b}` | `{column}` | {cell(va)} | {cell(vb)} | {cell(text)} |")
    out += ["", "| table | coded only by | id | resolution |", "| --- | --- | --- | --- |"]
    for table, coder, unit in result.unmatched:
        rule = resolve(rules, table, unit, f"only-{coder}", "", "")
        text = f"{rule['where']}: {rule['resolution']}" if rule else "UNRESOLVED"
        out.append(f"| `{table}` | {coder} | `{unit}` | {cell(text)} |")
    return figures, "\n".join(out)


def replace_block(text: str, name: str, body: str) -> str:
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{body}\n{end}{tail}"


def report_text() -> str:
    figures, listing = render(compare(), compare(CURRENT))
    text = REPORT.read_text(encoding="utf-8")
    return replace_block(replace_block(text, "figures", figures), "disagreements", listing)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="rewrite the generated blocks of docs/RELIABILITY.md")
    args = parser.parse_args(argv)
    text = report_text()
    if args.write:
        REPORT.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(render(compare(), compare(CURRENT))[0] + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
