"""One block of a table file, read with numpy: its quoting, blank lines and records.

A block starts at the start of a record. Its commas, line breaks and double quotes are found in one pass;
under RFC 4180 the n-th double quote opens or closes a value by the parity of n (a doubled quote inside a
value counts twice), so a line break with an even number of quotes before it ends a record, and a quoted
value needs its quotes only if a comma, a line break or a quote lies between them. Nothing is decoded.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

QUOTE, COMMA, NEWLINE = 0x22, 0x2C, 0x0A
_FIX = 'put the whole value in double quotes and write each " inside it as ""'
_BOUNDARY = np.zeros(256, dtype=bool)
_BOUNDARY[[COMMA, NEWLINE]] = True
#: Bytes compared at a time when locating one byte value: a temporary that stays in cache. Comparing a whole
#: 16 MB block at once took three to five times as long, in page faults and memory traffic for its 16 MB mask.
_STEP = 1 << 20


def positions_of(arr: np.ndarray, byte: int) -> np.ndarray:
    """Offsets in ``arr`` holding ``byte``, ascending."""
    if len(arr) <= _STEP:
        return np.flatnonzero(arr == byte)
    return np.concatenate([np.flatnonzero(arr[i : i + _STEP] == byte) + i for i in range(0, len(arr), _STEP)])


@dataclass
class Block:
    """What one block shows; positions are byte offsets in the block."""

    newlines: int = 0  # line breaks in the block, inside values or not
    records: int = 0  # records ended by a line break in this block (blank lines not counted)
    malformed: tuple[int, str] | None = None
    overquoted: int | None = None
    blank: int | None = None


def classify(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of every comma, line break and double quote; their bytes; whether each ends a field."""
    found = arr == QUOTE
    found |= arr == COMMA
    found |= arr == NEWLINE
    where = np.flatnonzero(found)
    kinds = arr[where]
    is_quote = kinds == QUOTE
    outside = (np.cumsum(is_quote) - is_quote) % 2 == 0
    return where, kinds, outside & ~is_quote


def _roles(quotes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which double quotes open a value and which close one (the others are doubled pairs inside)."""
    odd = np.arange(len(quotes)) % 2 == 1
    doubled_first = np.zeros(len(quotes), dtype=bool)
    doubled_first[:-1] = odd[:-1] & (quotes[1:] == quotes[:-1] + 1)
    doubled_second = np.zeros(len(quotes), dtype=bool)
    doubled_second[1:] = doubled_first[:-1]
    return ~odd & ~doubled_second, odd & ~doubled_first


def _quoting(arr: np.ndarray, quotes: np.ndarray, opening: np.ndarray, closing: np.ndarray):
    """The first place where the double quotes break RFC 4180, with why."""
    after, before = quotes + 1, quotes - 1
    ends = np.ones(len(quotes), dtype=bool)
    ends[after < len(arr)] = _BOUNDARY[arr[after[after < len(arr)]]]
    starts = np.ones(len(quotes), dtype=bool)
    starts[before >= 0] = _BOUNDARY[arr[before[before >= 0]]]
    problems = []
    if (closing & ~ends).any():
        at = quotes[(closing & ~ends).argmax()]
        problems.append((int(at), f"text follows the double quote that closes a value: {_FIX}"))
    if (opening & ~starts).any():
        at = quotes[(opening & ~starts).argmax()]
        problems.append((int(at), f"a double quote inside a value that does not start with one: {_FIX}"))
    if len(quotes) % 2:
        at = quotes[np.flatnonzero(opening)[-1]]
        problems.append((int(at), "a double quote opens a value that is never closed: add the closing double quote"))
    return min(problems) if problems else None


def analyse(arr: np.ndarray, single_column: bool, classified=None) -> Block:
    """``arr`` starts at the start of a record; ``classified`` is :func:`classify` of it, if already known."""
    where, kinds, delimiter = classify(arr) if classified is None else classified
    found = Block(newlines=int(np.count_nonzero(kinds == NEWLINE)))
    quotes = where[kinds == QUOTE]
    opening, closing = _roles(quotes)
    found.malformed = _quoting(arr, quotes, opening, closing)
    if found.malformed is not None:
        return found
    ends = where[delimiter & (kinds == NEWLINE)]
    blank = np.zeros(len(ends), dtype=bool)
    blank[1:] = ends[1:] == ends[:-1] + 1
    if len(ends):
        blank[0] = ends[0] == 0  # the block follows a line break, or is the start of the file
    found.blank = int(ends[blank.argmax()]) if blank.any() else None
    found.records = int(len(ends) - blank.sum())
    opens, closes = quotes[opening], quotes[closing]
    between = np.searchsorted(where, closes) - np.searchsorted(where, opens, side="right")
    found.overquoted = _needless(opens, closes, between > 0, single_column)
    return found


def _needless(opens: np.ndarray, closes: np.ndarray, holds: np.ndarray, single_column: bool) -> int | None:
    """Position of the first pair of quotes around a value holding no comma, line break or quote."""
    needless = ~holds & ~((closes == opens + 1) & single_column)
    return int(opens[needless.argmax()]) if needless.any() else None


def analyse_lines(arr: np.ndarray, single_column: bool) -> Block:
    """The quick reading of a block in which every line break ends a record (no value spans lines)."""
    found = quoting_on_lines(arr, single_column)
    found.newlines = found.records = int(np.count_nonzero(arr == NEWLINE))
    return found


def quoting_on_lines(arr: np.ndarray, single_column: bool) -> Block:
    """:func:`analyse_lines` without the counts, for callers that know them already.

    Only the double quotes are located; commas are looked for only inside quoted values."""
    quotes = positions_of(arr, QUOTE)
    found = Block()
    opening, closing = _roles(quotes)
    found.malformed = _quoting(arr, quotes, opening, closing)
    if found.malformed is not None or not len(quotes):
        return found
    opens, closes = quotes[opening], quotes[closing]
    holds = np.flatnonzero(closing) - np.flatnonzero(opening) > 1  # a doubled quote inside
    plain = np.flatnonzero(~holds & (closes > opens + 1))
    if plain.size:
        bounds = np.empty(2 * plain.size, dtype=np.int64)
        bounds[0::2], bounds[1::2] = opens[plain] + 1, closes[plain]
        holds[plain] = np.logical_or.reduceat(arr == COMMA, bounds)[0::2]
    found.overquoted = _needless(opens, closes, holds, single_column)
    return found
