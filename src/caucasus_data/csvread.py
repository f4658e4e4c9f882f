"""Read a CSV into text columns plus the physical line on which each record starts.

Line numbers are what make an error actionable, and pandas, pyarrow and frictionless either drop them or
compute them slowly. The fast path lets pyarrow parse the bytes as they are (it checks UTF-8 itself, so the
file is never decoded in Python) and derives lines from newline bytes: when the file holds no carriage return
and exactly one line per record, record ``i`` starts on line ``i + 2``; otherwise the positions of newline
bytes are used, which is exact when no quoted value spans lines and no row is ragged. For anything else (and
any input pyarrow refuses) the file is decoded and re-read with the ``csv`` module, which reports lines and
bad bytes itself. All paths give the same table and the same lines; ``tests/test_csvread.py`` checks that
they agree on arbitrary input.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from . import filebytes
from .arrow_values import scalar, strings
from .errors import Finding
from .filebytes import Bytes

EMPTY = scalar("", pa.string())

BOM = b"\xef\xbb\xbf"
BLOCK_SIZE = 1 << 20  # bytes per pyarrow parsing block (its default; larger blocks parse slower)
COUNT_BLOCK = 1 << 22  # bytes compared at a time when counting newlines: a small, cache-sized temporary
NEWLINE, CARRIAGE_RETURN = 0x0A, 0x0D


@dataclass
class ParsedCsv:
    path: str
    header: list[str]
    columns: dict[str, pa.ChunkedArray]  # header name -> text values (first occurrence of a name)
    lines: np.ndarray  # int64, the line each record starts on
    errors: list[Finding] = field(default_factory=list)
    newlines: int | None = None  # ``\n`` bytes in the bytes given, when the reader counted them

    @property
    def num_rows(self) -> int:
        return len(self.lines)


def _bad_utf8_lines(data: bytes) -> list[tuple[int, str]]:
    """Lines holding bytes that are not UTF-8, with the first offending bytes shown as hex."""
    found = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            found.append((number, raw[exc.start : exc.start + 4].hex(" ")))
    return found


def count_byte(data: Bytes | memoryview, byte: int) -> int:
    """Occurrences of one byte value, counted with numpy a block at a time (faster than ``bytes.count``)."""
    view = np.frombuffer(data, dtype=np.uint8)
    return sum(int(np.count_nonzero(view[i : i + COUNT_BLOCK] == byte)) for i in range(0, len(view), COUNT_BLOCK))


def _line_starts(data: Bytes) -> tuple[np.ndarray, np.ndarray, bool]:
    """Start and end offsets of every physical line, and whether a quoted value spans a newline."""
    arr = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], newlines + 1))
    ends = np.concatenate((newlines, [len(data)]))
    if starts[-1] == len(data):  # the file ends with a newline: there is no line after it
        starts, ends = starts[:-1], ends[:-1]
    quotes = np.flatnonzero(arr == 34)
    spans = bool(quotes.size) and bool((np.searchsorted(quotes, newlines) % 2).any())
    return starts, ends, spans


def _header(first_line: bytes) -> list[str]:
    text = first_line.decode("utf-8", errors="replace").rstrip("\r")
    # Read as the slow path reads the whole file, so that a stray carriage return cannot raise.
    return next(csv.reader(io.StringIO(text, newline=""), strict=False), [])


def _arrow(data: Bytes, ncols: int) -> pa.Table | None:
    """All columns as text, empty cells as null; None if pyarrow refuses the bytes or finds a ragged row."""
    names = [f"c{i}" for i in range(ncols)]
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=BLOCK_SIZE, use_threads=len(data) > BLOCK_SIZE
            ),
            # No invalid_row_handler: pyarrow raises on a ragged row (caught below), whereas a handler is
            # handed the row as text and fails, printing a traceback, when the row is not UTF-8.
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
                null_values=[""],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException):
        return None
    return table


def _fast(
    path: str, data: Bytes, ncols: int, has_cr: bool = True
) -> tuple[list[pa.ChunkedArray], np.ndarray, int] | None:
    """The columns, the line each record starts on, and the number of newline bytes."""
    table = _arrow(data, ncols) if ncols else None  # no names: pyarrow would take the next row as the header
    if table is None:
        return None
    newlines = count_byte(data, NEWLINE)
    physical = newlines + (0 if filebytes.ends(data, b"\n") else 1)
    if physical == table.num_rows + 1 and not has_cr:  # every line, header included, is one record
        return table.columns, np.arange(2, table.num_rows + 2, dtype=np.int64), newlines
    starts, ends, spans = _line_starts(data)
    if spans or len(starts) == 0:
        return None
    widths = ends - starts
    cr_only = np.zeros(len(starts), dtype=bool)
    has_width = widths > 0
    if has_width.any():
        last = np.frombuffer(data, dtype=np.uint8)[(ends[has_width] - 1)]
        cr_only[has_width] = (widths[has_width] == 1) & (last == 13)
    content = (widths > 0) & ~cr_only
    lines = np.flatnonzero(content) + 1
    lines = lines[lines > 1]
    if len(lines) != table.num_rows:
        return None
    return table.columns, lines.astype(np.int64), newlines


def _slow(path: str, text: str, ncols: int, errors: list[Finding]):
    values: list[list[str | None]] = [[] for _ in range(ncols)]
    lines: list[int] = []
    piece_lines: list[int] = []  # the physical line each piece the csv module reads starts on

    def pieces():
        # The csv module also breaks lines at a lone carriage return; physical lines are counted by \n alone,
        # so that a carriage return inside a quoted value does not shift the lines after it.
        line = 1
        for piece in io.StringIO(text, newline=""):
            piece_lines.append(line)
            line += piece.endswith("\n")
            yield piece

    reader = csv.reader(pieces(), strict=False)
    previous_end = 0
    try:
        for row in reader:
            start = piece_lines[previous_end]
            header, previous_end = previous_end == 0, reader.line_num
            if header:
                continue
            if not row:
                continue  # a blank line holds no record
            if len(row) != ncols:
                errors.append(
                    Finding(
                        path=path,
                        rule="structure",
                        message=f"row has {len(row)} cells but the header has {ncols}; "
                        + (
                            "a comma inside a value needs double quotes around the value"
                            if len(row) > ncols
                            else "add the missing cells (an empty cell still needs its comma)"
                        ),
                        line=start,
                        value=",".join(row)[:120],
                    )
                )
                continue
            for i, cell in enumerate(row):
                values[i].append(cell or None)
            lines.append(start)
    except csv.Error as exc:
        line = piece_lines[previous_end] if previous_end < len(piece_lines) else 1
        message = f"unreadable from this line on ({exc}): look for a double quote that opens a value but never closes"
        errors.append(Finding(path=path, rule="structure", message=message, line=line))
    return [pa.chunked_array([strings(v)]) for v in values], np.asarray(lines, dtype=np.int64)


def _quick(path: str, data: Bytes) -> ParsedCsv | None:
    """The common case, without decoding the file in Python: valid UTF-8, no BOM, no NUL, and pyarrow reads it."""
    if filebytes.starts(data, BOM) or filebytes.has(data, b"\x00") or filebytes.blank(data):
        return None
    end = data.find(b"\n")
    first = data[:] if end < 0 else data[:end]
    try:
        first.decode("utf-8")
    except UnicodeDecodeError:
        return None
    header = _header(first)
    has_cr = filebytes.has(data, b"\r")
    fast = _fast(path, data, len(header), has_cr) if header else None
    if fast is None:
        return None
    errors = []
    if has_cr:
        errors.append(_carriage_returns(path, data))
    columns, lines, newlines = fast
    parsed = _parsed(path, header, columns, lines, errors)
    parsed.newlines = newlines  # of ``data`` as given: the quick path changes nothing in it
    return parsed


def _carriage_returns(path: str, data: Bytes) -> Finding:
    found = count_byte(data, CARRIAGE_RETURN)
    message = (
        f"file uses carriage returns ({found} found); lines must end with \\n alone: run `caucasus-data fmt` to fix"
    )
    return Finding(path=path, rule="format", message=message)


def _parsed(path: str, header: list[str], arrays, lines: np.ndarray, errors: list[Finding]) -> ParsedCsv:
    columns: dict[str, pa.ChunkedArray] = {}
    for name, array in zip(header, arrays, strict=True):
        columns.setdefault(name, array)
    return ParsedCsv(path, header, columns, lines, errors)


def read_csv(path: str, data: Bytes, empty_as_null: bool = False) -> ParsedCsv:
    """Parse CSV bytes; problems with encoding and shape become findings, never exceptions.

    An empty cell is "" unless ``empty_as_null`` (then null, which the reader gives without copying a column).

    >>> parsed = read_csv("t.csv", b"a,b\\n1,\\n", empty_as_null=True)
    >>> parsed.header, parsed.columns["b"].to_pylist(), parsed.lines.tolist()
    (['a', 'b'], [None], [2])
    """
    parsed = _quick(path, data) or _careful(path, data)
    if not empty_as_null:
        parsed.columns = {k: pc.fill_null(v, EMPTY) if v.null_count else v for k, v in parsed.columns.items()}
    return parsed


def _careful(path: str, data: Bytes) -> ParsedCsv:
    errors: list[Finding] = []
    data = filebytes.as_bytes(data)
    if not data or data.isspace():
        errors.append(Finding(path=path, rule="structure", message="file is empty: it needs at least the header row"))
        return ParsedCsv(path, [], {}, np.zeros(0, dtype=np.int64), errors)
    if data.startswith(BOM):
        errors.append(
            Finding(
                path=path,
                rule="encoding",
                message="file starts with a UTF-8 byte-order mark (as spreadsheet programs save it); "
                "run `caucasus-data fmt` to remove it",
            )
        )
        data = data[len(BOM) :]
    if b"\r" in data:
        errors.append(_carriage_returns(path, data))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # every line would be garbled: one error says why
            message = 'file is UTF-16 (what spreadsheets call "Unicode text"), not UTF-8: save it as "CSV UTF-8"'
            errors.append(Finding(path=path, rule="encoding", message=message))
            return ParsedCsv(path, [], {}, np.zeros(0, dtype=np.int64), errors)
        for line, shown in _bad_utf8_lines(data):
            message = "bytes that are not UTF-8; re-save the file as UTF-8"
            errors.append(Finding(path=path, rule="encoding", message=message, line=line, value=shown))
        text = data.decode("utf-8", errors="replace")
        data = text.encode("utf-8")
    header = _header(data.split(b"\n", 1)[0])
    if not header:
        message = "line 1 is blank: the first line must be the header row"
        errors.append(Finding(path=path, rule="structure", message=message, line=1))
    fast = None if b"\x00" in data else _fast(path, data, len(header))
    arrays, lines = fast[:2] if fast is not None else _slow(path, text, len(header), errors)
    return _parsed(path, header, arrays, lines, errors)
