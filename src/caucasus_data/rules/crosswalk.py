"""Rule `crosswalk`: every event and claim type has exactly one row in `type_crosswalk`, which names its PLOVER
category (or says there is none).

A new code in ``events.event_type`` or ``claims.claim_type`` is an error until someone decides how it
corresponds to PLOVER and CAMEO, so the crosswalk cannot silently fall behind the schemas. A row must name a
code that exists, and its ``fidelity`` must agree with ``plover_event``: ``none`` exactly when it is empty.
"""

from __future__ import annotations

import numpy as np

from ..context import Context
from ..errors import Code, Finding
from ..provenance import Need

RULE = "crosswalk"
CODES = (Code(RULE, "every event and claim type has one row in type_crosswalk naming its PLOVER category, or none"),)
#: The type fields the crosswalk must cover: (table, field).
COVERED: tuple[tuple[str, str], ...] = (("events", "event_type"), ("claims", "claim_type"))
COLUMNS = ("table_name", "field_name", "code", "plover_event", "fidelity")
TYPE_CROSSWALK = Need(
    "type_crosswalk",
    COLUMNS,
    "one row per event and claim type, with its PLOVER category (or fidelity none) and CAMEO root",
)
NEEDS = (TYPE_CROSSWALK,)


def check(ctx: Context) -> list[Finding]:
    crosswalk = ctx.table(TYPE_CROSSWALK)
    package = ctx.package.tables
    if not crosswalk.has(*COLUMNS):
        return []
    cells = {c: crosswalk.typed[c].to_pylist() for c in COLUMNS}
    codes = {(t, f): package[t].schema_.field(f).enum or [] for t, f in COVERED if t in package}
    errors: list[Finding] = []
    seen: dict[tuple[str, str, str], int] = {}
    for row, (table, field, code, event, fidelity) in enumerate(zip(*(cells[c] for c in COLUMNS), strict=True)):
        where = np.array([row])
        if (table, field) in codes and code not in codes[(table, field)]:
            message = f"{table}.{field} has no code {code!r}: map one of its codes ({', '.join(codes[(table, field)])})"
            errors += crosswalk.findings_at(where, RULE, "code", message)
        elif (table, field, code) in seen:
            message = f"{table}.{field} code {code!r} is mapped twice (first on line {seen[(table, field, code)]})"
            errors += crosswalk.findings_at(where, RULE, "code", message)
        else:
            seen[(table, field, code)] = int(crosswalk.lines[row])
        if (fidelity == "none") != (event is None) and fidelity is not None:
            message = "fidelity is none exactly when plover_event is empty: name the PLOVER category, or say none"
            errors += crosswalk.findings_at(where, RULE, "plover_event", message, [event])
    for (table, field), enum in codes.items():
        for code in enum:
            if (table, field, code) not in seen:
                message = (
                    f"{table}.{field} code {code!r} has no row: add one saying which PLOVER category and CAMEO root "
                    f"it corresponds to, or fidelity=none when none does"
                )
                errors.append(Finding(path=crosswalk.path, rule=RULE, message=message, value=code))
    return errors
