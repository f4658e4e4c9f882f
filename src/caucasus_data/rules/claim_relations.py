"""Rule `claim-relations`: a relation links two different claims, and each link is stored once.

In `claim_relations` no claim is related to itself, and no pair of claims carries the same relation twice,
whether in the same direction or the other ('A supports B' and 'B supports A' are one link told twice; for
`contradicts` the direction never mattered). A pair may carry two different relations when both hold (a reply
that also contradicts), as the coding manual says. The later row is reported, naming the line of the earlier.
"""

from __future__ import annotations

import numpy as np

from ..context import Context
from ..errors import Code, Finding
from ..provenance import CLAIM_RELATIONS

RULE = "claim-relations"
CODES = (Code(RULE, "no claim is related to itself and no link between two claims is stored twice"),)
NEEDS = (CLAIM_RELATIONS,)
COLUMNS = ("claim_id", "related_claim_id", "relation")


def check(ctx: Context) -> list[Finding]:
    data = ctx.table(CLAIM_RELATIONS)
    first, second, relation = (data.typed[c].to_pylist() for c in COLUMNS)
    errors: list[Finding] = []
    selves = [row for row, (a, b) in enumerate(zip(first, second, strict=True)) if a is not None and a == b]
    errors.extend(
        data.findings_at(
            np.array(selves, dtype=np.int64),
            RULE,
            "related_claim_id",
            "a claim is related to itself: point related_claim_id at the other claim",
        )
    )
    seen: dict[tuple[frozenset, str], int] = {}
    for row, (a, b, kind) in enumerate(zip(first, second, relation, strict=True)):
        if a is None or b is None or kind is None or a == b:
            continue
        key = (frozenset((a, b)), kind)
        if key in seen:
            line = int(data.lines[seen[key]])
            errors.extend(
                data.findings_at(
                    np.array([row], dtype=np.int64),
                    RULE,
                    "related_claim_id",
                    f"this pair of claims already carries `{kind}` (line {line}): keep one row per link, "
                    "in one direction",
                    [f"{a} {kind} {b}"],
                )
            )
        else:
            seen[key] = row
    return errors
