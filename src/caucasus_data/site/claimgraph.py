"""The claim graph: every claim a node, grouped in one band per claimant, joined by its relations.

Nodes are laid out here, not by a force simulation: one band per claimant (ordered by the source they first
appear in, then by name), claims left to right by date within the band, wrapping after ``PER_ROW``. A fixed
grid is stable from build to build (so the SVG, and the site, are byte-identical), and a claimant's claims
stay together as the issue asks. Vega-Lite draws it: edges as rules coloured and dashed by relation, an arrow
near the related claim, nodes as links to the claim's record page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from .dataset import Dataset, Row

PER_ROW = 18
STEP_X = 32
STEP_Y = 26
LABEL_WIDTH = 230
RELATION_DASH = {"supports": [1, 0], "contradicts": [6, 3], "qualifies": [2, 2], "responds_to": [8, 2, 2, 2]}


@dataclass(frozen=True)
class Claimant:
    key: tuple[str, ...]
    label: str


def claimant(data: Dataset, claim: Row) -> Claimant:
    """Who makes a claim: the official, organisation or state it names, else the words printed in its source."""
    for column, target in data.links_from("claims", claim).items():
        if target[0] in ("officials", "organisations") and column.startswith("claimant"):
            return Claimant(target, data.label_of(target))
    if claim.get("claimant_country"):
        return Claimant(("country", str(claim["claimant_country"])), str(claim["claimant_country"]))
    source = data.label_of(("sources", str(claim["source_id"])))
    printed = str(claim.get("claimant_as_printed") or "not named")
    return Claimant(("printed", printed, str(claim["source_id"])), f"{printed} (in “{source}”)")


def _groups(data: Dataset) -> list[tuple[Claimant, list[Row]]]:
    groups: dict[tuple[str, ...], tuple[Claimant, list[Row]]] = {}
    for claim in data.rows.get("claims", []):
        who = claimant(data, claim)
        groups.setdefault(who.key, (who, []))[1].append(claim)
    for _, claims in groups.values():
        claims.sort(key=lambda c: (c.get("date_start") or c.get("date_end"), c["claim_id"]))
    return sorted(groups.values(), key=lambda g: (min(str(c["source_id"]) for c in g[1]), g[0].label.casefold()))


def layout(data: Dataset) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes, band labels and edges, with pixel positions."""
    nodes, labels = [], []
    at: dict[str, tuple[float, float]] = {}
    row = 0
    for who, claims in _groups(data):
        labels.append({"x": LABEL_WIDTH - 12, "y": row * STEP_Y + STEP_Y / 2, "label": who.label[:44]})
        for i, claim in enumerate(claims):
            x = LABEL_WIDTH + (i % PER_ROW) * STEP_X + STEP_X / 2
            y = (row + i // PER_ROW) * STEP_Y + STEP_Y / 2
            at[claim["claim_id"]] = (x, y)
            nodes.append(
                {
                    "x": x,
                    "y": y,
                    "claim_type": claim.get("claim_type") or "",
                    "href": f"claims/{claim['claim_id']}.html",
                    "description": f"{who.label}: {claim.get('summary') or claim['claim_id']}",
                }
            )
        row += math.ceil(len(claims) / PER_ROW)
    edges = []
    for relation in data.rows.get("claim_relations", []):
        a, b = at.get(relation["claim_id"]), at.get(relation["related_claim_id"])
        if a is None or b is None:
            continue
        angle = math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))
        edges.append(
            {
                "x": a[0],
                "y": a[1],
                "x2": b[0],
                "y2": b[1],
                "tip_x": a[0] + (b[0] - a[0]) * 0.8,
                "tip_y": a[1] + (b[1] - a[1]) * 0.8,
                "angle": (angle + 90) % 360,  # a triangle-up points north at angle 0
                "relation": relation["relation"],
                "href": f"claim_relations/{relation['relation_id']}.html",
                "description": (
                    f"{data.label_of(('claims', relation['claim_id']))} {str(relation['relation']).replace('_', ' ')} "
                    f"{data.label_of(('claims', relation['related_claim_id']))}"
                ),
            }
        )
    return nodes, labels, edges


def spec(data: Dataset, validate: bool = False) -> dict[str, Any]:
    import altair as alt

    nodes, labels, edges = layout(data)
    height = max([n["y"] for n in nodes] + [0]) + STEP_Y
    width = LABEL_WIDTH + PER_ROW * STEP_X
    relations = list(RELATION_DASH)
    color = alt.Color("relation:N", title="relation", scale=alt.Scale(domain=relations, scheme="set1"))
    tip_color = alt.Color("relation:N", scale=alt.Scale(domain=relations, scheme="set1"), legend=None)
    dash = alt.StrokeDash(
        "relation:N", scale=alt.Scale(domain=relations, range=list(RELATION_DASH.values())), legend=None
    )
    edge_data = alt.Data(values=edges)
    lines = (
        alt.Chart(edge_data)
        .mark_rule(strokeWidth=1.5, opacity=0.7)
        .encode(
            x=alt.X("x:Q", scale=None, axis=None),
            y=alt.Y("y:Q", scale=None, axis=None),
            x2="x2:Q",
            y2="y2:Q",
            color=color,
            strokeDash=dash,
            href="href:N",
            description="description:N",
        )
    )
    tips = (
        alt.Chart(edge_data)
        .mark_point(shape="triangle-up", filled=True, size=45)
        .encode(
            x=alt.X("tip_x:Q", scale=None),
            y=alt.Y("tip_y:Q", scale=None),
            angle=alt.Angle("angle:Q", scale=None),
            color=tip_color,
            href="href:N",
            description="description:N",
        )
    )
    dots = (
        alt.Chart(alt.Data(values=nodes))
        .mark_circle(size=90, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x=alt.X("x:Q", scale=None),
            y=alt.Y("y:Q", scale=None),
            fill=alt.Fill("claim_type:N", title="claim type", scale=alt.Scale(scheme="dark2")),
            href="href:N",
            description="description:N",
        )
    )
    names = (
        alt.Chart(alt.Data(values=labels))
        .mark_text(align="right", baseline="middle", fontSize=10)
        .encode(x=alt.X("x:Q", scale=None), y=alt.Y("y:Q", scale=None), text="label:N")
    )
    chart = alt.layer(lines, tips, dots, names).properties(width=width, height=height, description=alt_text(data))
    chart = chart.resolve_scale(color="independent")
    return chart.configure_view(stroke=None).configure_legend(orient="bottom").to_dict(validate=validate)


def alt_text(data: Dataset) -> str:
    claims = data.rows.get("claims", [])
    relations = data.rows.get("claim_relations", [])
    counts: dict[str, int] = {}
    for r in relations:
        counts[str(r["relation"])] = counts.get(str(r["relation"]), 0) + 1
    said = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(counts.items()))
    return (
        f"Graph of {len(claims)} claims, one dot each, in one band per claimant ({len(_groups(data))} claimants), "
        f"joined by {len(relations)} relations ({said}); an arrow points at the claim related to. "
        "The list below the chart gives every relation in words."
    )
