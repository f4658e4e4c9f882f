"""Rule `claim-relations`: a relation links two different claims, and each link is stored once.

In `claim_relations` no claim is related to itself, and no pair of claims carries the same relation twice,
whether in the same direction or the other ('A supports B' and 'B supports A' are one link told twice; for
`contradicts` the direction never mattered). A pair may carry two different relations when both hold (a reply
that also contradicts), as the coding manual says. The later row is reported, naming the line of the earlier.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from ..context import Context
from ..errors import Code, Finding
from ..masks import combinations, repeated, value_codes
from ..provenance import CLAIM_RELATIONS

RULE = "claim-relations"
CODES = (Code(RULE, "no claim is related to itself and no link between two claims is stored twice"),)
NEEDS = (CLAIM_RELATIONS,)
COLUMNS = ("claim_id", "related_claim_id", "relation")


def check(ctx: Context) -> list[Finding]:
    data = ctx.table(CLAIM_RELATIONS)
    first, second, relation = (data.typed[c] for c in COLUMNS)
    # both claim columns numbered against one list of ids, so that equal ids get equal codes
    both, claims = value_codes(pa.chunked_array([*first.chunks, *second.chunks], first.type))
    a, b = both[: len(first)], both[len(first) :]
    kind, kinds = value_codes(relation)
    errors = data.findings_at(
        np.flatnonzero((a >= 0) & (a == b)),
        RULE,
        "related_claim_id",
        "a claim is related to itself: point related_claim_id at the other claim",
    )
    links = np.flatnonzero((a >= 0) & (b >= 0) & (kind >= 0) & (a != b))
    link, _ = combinations(np.minimum(a, b)[links], np.maximum(a, b)[links], kind[links])  # the pair, unordered
    again, earlier = (links[at] for at in repeated(link))
    if not len(again):
        return errors
    names = kinds.to_pylist()
    ids = claims.to_pylist()
    errors += data.findings_at(
        again,
        RULE,
        "related_claim_id",
        [
            f"this pair of claims already carries `{names[kind[row]]}` (line {int(data.lines[before])}): keep one "
            "row per link, in one direction"
            for row, before in zip(again.tolist(), earlier.tolist(), strict=True)
        ],
        [f"{ids[a[row]]} {names[kind[row]]} {ids[b[row]]}" for row in again.tolist()],
    )
    return errors
