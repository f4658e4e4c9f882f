"""Rule `format`: every table file is in the canonical form that `caucasus-data fmt` writes.

A file that differs gets one finding saying what differs first and how to fix it; a byte-order mark and
carriage returns are reported while reading (``csvread``, under this rule's code for carriage returns), so
they are not reported again here. Quoting that RFC 4180 forbids (a value that goes on after its closing
quote, a quote inside an unquoted value) is reported on its line, because `fmt` will not guess what was
meant. The checks read columns and bytes with Arrow and numpy (see :mod:`caucasus_data.fmt.diagnose`): no
table is written out to compare, and no file is read again: :func:`scan` finds each file's layout
(:mod:`caucasus_data.fmt.layout`) while the validator has its bytes in memory.
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from ..context import Context
from ..csvread import ParsedCsv
from ..errors import Code, Finding
from ..filebytes import Bytes
from ..fmt.diagnose import diagnose
from ..fmt.layout import Layout, from_reader
from ..model import Table

RULE = "format"
CODES = (Code(RULE, "tables are in the canonical CSV form `caucasus-data fmt` writes (run it to fix)"),)
NEEDS = ()


def fix_command(root: Path) -> str:
    """The command that formats this package, as the person validating it would type it."""
    try:
        here = Path(root).resolve() == Path(os.getcwd()).resolve()
    except OSError:
        here = False
    return "caucasus-data fmt" if here else f"caucasus-data fmt {shlex.quote(str(root))}"


def scan(raw: Bytes, parsed: ParsedCsv, table: Table) -> Layout:
    """The file's quoting and lines, from the bytes the reader has just read into ``parsed``."""
    return from_reader(raw, parsed, len(table.schema_.fields) == 1)


def check(ctx: Context) -> list[Finding]:
    errors: list[Finding] = []
    for data in ctx.tables.values():
        layout = data.scans.get(__name__)
        if layout is None:
            continue  # not read from a file
        found = diagnose(layout, data.schema, data.header, data.text, data.lines)
        if found.malformed is not None:
            line, why = found.malformed
            message = f"{why} (a fix by hand: `caucasus-data fmt` does not guess)"
            errors.append(Finding(path=data.path, rule=RULE, message=message, line=line))
        elif found.reasons:
            message = f"not in canonical form ({'; '.join(found.reasons)}); run `{fix_command(ctx.root)}` to fix"
            errors.append(Finding(path=data.path, rule=RULE, message=message))
    return errors
