"""Rule `evidence`: every record of a table marked ``x-evidence-required`` is backed by an evidence row."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..context import Context
from ..errors import ValidationError

EVIDENCE = "evidence"


def check(ctx: Context) -> list[ValidationError]:
    evidence = ctx.tables.get(EVIDENCE)
    if evidence is None or not evidence.has("record_table", "record_id"):
        return []
    errors: list[ValidationError] = []
    for data in ctx.tables.values():
        key = data.schema.primaryKey
        if not data.schema.evidence_required or len(key) != 1 or not data.has(key[0]):
            continue
        mask = pc.fill_null(pc.equal(evidence.typed["record_table"], data.name), False)
        backed = pc.unique(pc.drop_null(pc.filter(evidence.typed["record_id"], mask)))
        ids = data.typed[key[0]]
        unbacked = pc.and_(pc.is_valid(ids), pc.invert(pc.is_in(ids, value_set=backed)))
        rows = np.flatnonzero(np.asarray(pc.fill_null(unbacked, False).to_numpy(zero_copy_only=False)))
        message = (
            f"no evidence backs this record: add a row to {evidence.path} with record_table={data.name}, "
            f"record_id=<this id>, a source_id and a quote copied verbatim from that source"
        )
        errors.extend(data.errors_at(rows, "evidence", key[0], message, ids.take(pa.array(rows)).to_pylist()))
    return errors
