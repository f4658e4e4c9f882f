"""Rule `own-voice`: the dataset's own columns do not use the conflict's loaded vocabulary outside quotation marks.

The columns a schema lists under ``x-own-voice`` (names, titles, descriptions, summaries, notes, explanations,
date bases) are written by the curators and must speak neutrally. A loaded word may stand there only inside
quotation marks, as the source's word ('the "separatist regime"', 'the label "anti-terrorist operation"'), or
inside backticks, as part of an id. Everything else is checked against the lexicon.

The lexicon is data, not code: ``own_voice_lexicon.csv`` beside this module holds one row per term with the
neutral wording to use, why the term is loaded and which practice the choice follows, so that a reviewer can
extend it without touching the rule. Terms match as whole words, ignoring case. It ships inside the package,
never read from the folder being validated, so that a pull request cannot weaken the rule by editing its data.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from ..context import Context, TableData
from ..errors import Code, Finding
from ..masks import value_codes

RULE = "own-voice"
CODES = (Code(RULE, "the dataset's own columns use no loaded term of the lexicon outside quotation marks"),)
NEEDS = ()
LEXICON = "own_voice_lexicon.csv"

# Quoted spans: curly double and single quotes, straight double quotes, backticks, and straight single quotes
# that open after a non-letter and close before one (so that "Baku's" is an apostrophe, not a quotation).
_QUOTED = re.compile(r"“[^”]*”|‘[^’]*’|\"[^\"]*\"|`[^`]*`|(?<![\w])'.*?'(?![\w])", re.DOTALL)


@dataclass(frozen=True)
class Term:
    term: str
    neutral: str
    why: str
    practice: str


@cache
def lexicon() -> tuple[Term, ...]:
    """The shipped lexicon, in file order."""
    # read beside this module, as stock_profiles.json is: importlib.resources costs 0.02 s of imports
    text = (Path(__file__).parent / LEXICON).read_text(encoding="utf-8")
    return tuple(Term(**row) for row in csv.DictReader(text.splitlines()))


@cache
def _pattern() -> re.Pattern[str]:
    terms = sorted((t.term for t in lexicon()), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, terms)) + r")(?![\w-])", re.IGNORECASE)


def unquoted(text: str) -> str:
    """The text with every quoted span (and every id in backticks) blanked out."""
    return _QUOTED.sub(" ", text)


def loaded_term(text: str) -> Term | None:
    """The first lexicon term the text uses outside quotation marks, if any."""
    match = _pattern().search(unquoted(text))
    if match is None:
        return None
    word = match.group(1).lower()
    return next(t for t in lexicon() if t.term.lower() == word)


def _check_table(data: TableData) -> list[Finding]:
    errors: list[Finding] = []
    for column in data.schema.own_voice:
        if column not in data.text:
            continue
        # each distinct cell is looked at once (the cell as written, whatever its type), and its verdict given
        # to its rows with numpy
        codes, distinct = value_codes(data.text[column])
        terms = [loaded_term(v) for v in distinct.to_pylist()]
        hits: dict[str, np.ndarray] = {}
        for word in dict.fromkeys(t.term for t in terms if t is not None):
            uses = np.array([t is not None and t.term == word for t in terms] + [False])  # [-1]: an empty cell
            hits[word] = np.flatnonzero(uses[codes])
        for word, rows in hits.items():
            term = next(t for t in lexicon() if t.term == word)
            errors.extend(
                data.findings_at(
                    rows,
                    RULE,
                    column,
                    f"'{term.term}' outside quotation marks in the dataset's own words: write {term.neutral} "
                    f"({term.why}), or quote the source's word",
                )
            )
    errors.sort(key=lambda e: (e.line or 0, e.column))
    return errors


def check(ctx: Context) -> list[Finding]:
    return [e for data in ctx.tables.values() if data.schema.own_voice for e in _check_table(data)]
