"""The contract's rules beyond each schema's types. One module per rule family; each exposes ``check(ctx)``.

A new rule is one new module added to ``RULES`` below; the validator runs them in this order.
"""

from . import canonical, constraints, crosswalk, dates, evidence, keys, quotes, raw_integrity, safety, window

RULES = [constraints, keys, evidence, raw_integrity, quotes, dates, window, safety, crosswalk, canonical]
