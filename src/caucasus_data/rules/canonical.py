"""Rule `format`: every table file is in the canonical form that `caucasus-data fmt` writes.

A file that differs gets one error saying what differs first and how to fix it; a byte-order mark and
carriage returns are reported while reading (``csvread``), so they are not reported again here. Quoting
that RFC 4180 forbids (a value that goes on after its closing quote, a quote inside an unquoted value) is
reported on its line, because `fmt` will not guess what was meant. The checks read columns and bytes with
Arrow and numpy (see :mod:`caucasus_data.fmt.diagnose`): no table is written out to compare, and no file is
read again, the bytes having been looked at while the validator read them (:mod:`caucasus_data.fmt.layout`).
"""

from __future__ import annotations

import os
import shlex
from pathlib import Path

from ..context import Context
from ..errors import ValidationError
from ..fmt.diagnose import diagnose

RULE = "format"


def fix_command(root: Path) -> str:
    """The command that formats this package, as the person validating it would type it."""
    try:
        here = Path(root).resolve() == Path(os.getcwd()).resolve()
    except OSError:
        here = False
    return "caucasus-data fmt" if here else f"caucasus-data fmt {shlex.quote(str(root))}"


def check(ctx: Context) -> list[ValidationError]:
    errors: list[ValidationError] = []
    for data in ctx.tables.values():
        if data.layout is None:
            continue  # not read from a file
        found = diagnose(data.layout, data.schema, data.header, data.text, data.lines)
        if found.malformed is not None:
            line, why = found.malformed
            errors.append(
                ValidationError(data.path, RULE, f"{why} (a fix by hand: `caucasus-data fmt` does not guess)", line)
            )
        elif found.reasons:
            errors.append(
                ValidationError(
                    data.path,
                    RULE,
                    f"not in canonical form ({'; '.join(found.reasons)}); run `{fix_command(ctx.root)}` to fix",
                )
            )
    return errors
