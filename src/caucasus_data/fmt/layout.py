"""A whole table file's layout, read block by block so that the temporary arrays stay small.

Each block starts at the start of a record and is read on its own (:mod:`.fields`). The file is analysed
where it is already in memory: the validator's reader hands over its bytes before releasing them, so the
`format` rule never opens a file again. The usual file has one record per line, which the reader has
already established (its rows start on consecutive lines): then any line break ends a block, the blocks are
numpy views of the bytes, never copies, the counts of line breaks and records are the reader's, and only
double quotes are looked at (a file without one needs nothing more). Otherwise blocks are cut after a line
break with an even number of double quotes before it. A byte-order mark is dropped and carriage returns
become line breaks first, piece by piece: the reader reports those two itself. White space and NFC are
checked on the cells the reader produced (:mod:`.cells`), where the values' boundaries are known already.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from ..csvread import BOM, NEWLINE, ParsedCsv, count_byte
from ..filebytes import Bytes, ends, has, starts
from . import fields

BLOCK_BYTES = 1 << 24


@dataclass
class Layout:
    """Lines are physical lines of the file (the header is line 1)."""

    malformed: tuple[int, str] | None = None  # quoting RFC 4180 forbids: (line, why)
    records: int = 0  # the header and the rows; blank lines do not count
    overquoted: int | None = None  # line of the first value in double quotes that needs none
    blank: int | None = None
    final_newline: bool = True
    bom: bool = False
    carriage_returns: bool = False


class _Totals:
    def __init__(self) -> None:
        self.layout = Layout()
        self.lines_before = 0

    def add(self, block: fields.Block, arr: np.ndarray) -> None:
        def line(position: int) -> int:
            return self.lines_before + int(np.count_nonzero(arr[:position] == fields.NEWLINE)) + 1

        found = self.layout
        found.records += block.records
        if found.malformed is None and block.malformed is not None:
            found.malformed = (line(block.malformed[0]), block.malformed[1])
        for name in ("overquoted", "blank"):
            if getattr(found, name) is None and getattr(block, name) is not None:
                setattr(found, name, line(getattr(block, name)))
        self.lines_before += block.newlines


def _pieces(read: Callable[[int], bytes], found: Layout) -> Iterator[bytes]:
    """What ``read`` returns, without a byte-order mark and with ``\\n`` for every carriage return."""
    held = b""
    first = True
    while True:
        piece = read(BLOCK_BYTES)
        if first:
            found.bom, first = piece.startswith(BOM), False
            piece = piece[len(BOM) :] if found.bom else piece
        if held or b"\r" in piece:
            found.carriage_returns = True
            piece = held + piece
            held = b"\r" if piece.endswith(b"\r") and len(piece) > 1 else b""  # its \n may open the next piece
            piece = (piece[:-1] if held else piece).replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        if not piece and not held:
            return
        yield piece


def clean_bytes(raw: bytes) -> bytes:
    """The file without a byte-order mark and with ``\\n`` line breaks (what the encoding rules report)."""
    return b"".join(_pieces(io.BytesIO(raw).read, Layout()))


def _line_blocks(pieces: Iterator[bytes]) -> Iterator[np.ndarray]:
    """Blocks that end with a line break (the last one may not): views of each piece, plus the seams."""
    carry = b""
    for piece in pieces:
        first, last = piece.find(b"\n"), piece.rfind(b"\n")
        if last < 0:
            carry += piece
            continue
        yield np.frombuffer(carry + piece[: first + 1], dtype=np.uint8)
        if last > first:
            yield np.frombuffer(piece, dtype=np.uint8, count=last - first, offset=first + 1)
        carry = piece[last + 1 :]
    if carry:
        yield np.frombuffer(carry, dtype=np.uint8)


def _record_blocks(pieces: Iterator[bytes]) -> Iterator[tuple[np.ndarray, tuple | None]]:
    """Blocks cut after record-ending line breaks, each with its :func:`fields.classify` when known."""
    pending = b""
    for piece in pieces:
        data = pending + piece
        arr = np.frombuffer(data, dtype=np.uint8)
        where, kinds, delimiter = fields.classify(arr)
        ends = where[delimiter & (kinds == fields.NEWLINE)]
        if not ends.size:
            pending = data
            continue
        end = int(ends[-1]) + 1
        keep = int(np.searchsorted(where, end))
        yield arr[:end], (where[:keep], kinds[:keep], delimiter[:keep])
        pending = data[end:]
    if pending:
        yield np.frombuffer(pending, dtype=np.uint8), None


def scan(read: Callable[[int], bytes], single_column: bool = False, one_line_records: bool = False) -> Layout:
    """The layout of the bytes that ``read(n)`` returns piece by piece (a binary file's ``read``).

    ``one_line_records``: read quickly, taking every line break as the end of a record. Only the counts are
    then sure to be right; callers check ``records`` against the rows they know and read again if they differ.
    """
    totals = _Totals()
    found = totals.layout
    last = b""
    pieces = _pieces(read, found)
    if one_line_records:
        for arr in _line_blocks(pieces):
            totals.add(fields.analyse_lines(arr, single_column), arr)
            last = arr[-1:].tobytes()
    else:
        for arr, classified in _record_blocks(pieces):
            totals.add(fields.analyse(arr, single_column, classified), arr)
            last = arr[-1:].tobytes()
    found.final_newline = last in (b"", b"\n")
    found.records += 0 if found.final_newline else 1  # the last record, with no line break after it
    return found


def one_row_per_line(lines: np.ndarray) -> int | None:
    """The row count, if the reader found every row on a line of its own right after the header."""
    return len(lines) if len(lines) == 0 or (lines[0] == 2 and lines[-1] == len(lines) + 1) else None


def _quick_or_full(reader: Callable[[], Callable[[int], bytes]], single_column: bool, rows: int | None) -> Layout:
    if rows is not None:
        found = scan(reader(), single_column, one_line_records=True)
        if found.records == rows + 1 and found.final_newline and found.blank is None:
            return found
    return scan(reader(), single_column)


def _line_spans(body: Bytes) -> Iterator[tuple[int, int]]:
    """The blocks :func:`_line_blocks` cuts when ``body`` is read piece by piece, as offsets into ``body``."""
    carry = 0
    for start in range(0, len(body), BLOCK_BYTES):
        end = min(start + BLOCK_BYTES, len(body))
        last = body.rfind(b"\n", start, end)
        if last < 0:
            continue
        first = body.find(b"\n", start, end)
        yield carry, first + 1
        if last > first:
            yield first + 1, last + 1
        carry = last + 1
    if carry < len(body):
        yield carry, len(body)


def _line_of(body: Bytes, position: int) -> int:
    return count_byte(memoryview(body)[:position], NEWLINE) + 1


def _one_line_records(body: Bytes, single_column: bool, newlines: int) -> Layout:
    """The quick reading of a file with neither byte-order mark nor carriage return, which ends with a line
    break: the blocks are views of ``body`` and only quoting is looked for, the counts being known."""
    found = Layout(records=newlines)
    if not has(body, b'"'):
        return found  # nothing is quoted: nothing can be quoted wrongly
    for start, end in _line_spans(body):
        block = fields.quoting_on_lines(np.frombuffer(body, np.uint8, end - start, start), single_column)
        if found.malformed is None and block.malformed is not None:
            found.malformed = (_line_of(body, start + block.malformed[0]), block.malformed[1])
        if found.overquoted is None and block.overquoted is not None:
            found.overquoted = _line_of(body, start + block.overquoted)
        if found.malformed is not None and found.overquoted is not None:
            break
    return found


def _memory_reader(body: Bytes) -> Callable[[int], bytes]:
    position = 0

    def read(size: int) -> bytes:
        nonlocal position
        piece = body[position : position + size]
        position += size
        return piece

    return read


def analyse(body: Bytes, single_column: bool = False, rows: int | None = None, newlines: int | None = None) -> Layout:
    """The layout of a whole file held in memory.

    ``rows``: the reader's row count, if it read one row per line (see :func:`one_row_per_line`); the file is
    then read the quick way when its line breaks match. ``newlines``: the number of ``\\n`` bytes in ``body``,
    if the caller counted them already."""
    if rows is None or starts(body, BOM) or has(body, b"\r"):
        return _quick_or_full(lambda: _memory_reader(body), single_column, rows)
    newlines = count_byte(body, NEWLINE) if newlines is None else newlines
    if newlines == rows + 1 and ends(body, b"\n"):
        return _one_line_records(body, single_column, newlines)
    return scan(_memory_reader(body), single_column)  # what the quick reading would find it cannot use


def from_reader(raw: Bytes, parsed: ParsedCsv, single_column: bool) -> Layout:
    """The layout of the bytes the project's reader has just read into ``parsed``, with what it counted."""
    return analyse(raw, single_column, one_row_per_line(parsed.lines), parsed.newlines)
