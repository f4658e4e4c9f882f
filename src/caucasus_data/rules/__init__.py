"""The contract's rules beyond each schema's types. One module per rule family; each exposes ``check(ctx)``.

A new rule is one new module added to ``RULES`` below; the validator runs them in this order.
"""

from . import (
    canonical,
    claim_relations,
    constraints,
    dates,
    evidence,
    keys,
    own_voice,
    precision_span,
    quotes,
    raw_integrity,
    safety,
    verbatim_attribution,
    window,
)

RULES = [
    constraints,
    keys,
    evidence,
    raw_integrity,
    quotes,
    dates,
    precision_span,
    window,
    safety,
    verbatim_attribution,
    own_voice,
    claim_relations,
    canonical,
]
