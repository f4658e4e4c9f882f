"""Rule `evidence`: every record of a table marked ``x-evidence-required`` is backed by an evidence row.

A record is backed when some evidence row's reference lands on it; where the references land is shared with
the `reference` rule (:meth:`caucasus_data.context.Context.landing`). A table whose key repeats a value is
looked up by value instead, so that every row holding a backed id counts as backed.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from ..arrow_values import FALSE, scalar, take
from ..context import Context, TableData
from ..errors import Code, Finding
from ..masks import has_value, mask_rows
from ..provenance import EVIDENCE

CODES = (Code("evidence", "every record that needs provenance has at least one evidence row"),)
NEEDS = (EVIDENCE,)


def _unbacked(ctx: Context, evidence: TableData, data: TableData) -> np.ndarray:
    ids = data.typed[data.schema.primaryKey[0]]
    if data.key_is_unique:
        landing = ctx.landing(evidence, "record_table", "record_id", data.name)
        backed = np.zeros(data.num_rows, dtype=bool)
        backed[landing.position[landing.position >= 0]] = True
        present = has_value(ids)
        return np.flatnonzero(present & ~backed)
    mask = pc.fill_null(pc.equal(evidence.typed["record_table"], scalar(data.name, pa.string())), FALSE)
    backed_ids = pc.unique(pc.drop_null(pc.filter(evidence.typed["record_id"], mask)))
    return mask_rows(pc.and_(pc.is_valid(ids), pc.invert(pc.is_in(ids, value_set=backed_ids))))


def check(ctx: Context) -> list[Finding]:
    evidence = ctx.table(EVIDENCE)
    errors: list[Finding] = []
    for data in ctx.tables.values():
        key = data.schema.primaryKey
        if not data.schema.evidence_required or len(key) != 1 or not data.has(key[0]):
            continue
        rows = _unbacked(ctx, evidence, data)
        message = (
            f"no evidence backs this record: add a row to {evidence.path} with record_table={data.name}, "
            f"record_id=<this id>, a source_id and a quote copied verbatim from that source"
        )
        values = take(data.typed[key[0]], rows).to_pylist()
        errors.extend(data.findings_at(rows, "evidence", key[0], message, values))
    return errors
