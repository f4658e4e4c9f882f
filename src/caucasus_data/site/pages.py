"""Every page of the site, rendered from the Jinja2 templates in ``templates/``, as {relative path: text}.

Autoescaping is on for every template, so no cell of a table can become markup; the only markup passed in
unescaped is what :mod:`.highlight` and the chart renderer built (and escaped) themselves.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from .. import citation as cite
from ..concurrency import tasks
from . import charts, claimgraph, searchindex, timeline
from .dataset import Dataset
from .dates import bounds_words
from .records import anchor, cell_text, href, record
from .sourcepage import source_text

STATIC = ("site.css", "marks.js", "sort.js", "filter.js", "search.js")
FEATURED = 3


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("caucasus_data.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        auto_reload=False,  # templates are package data: checking each one's mtime per page cost seconds
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["bounds_words"] = bounds_words
    return env


def static_files() -> dict[str, str]:
    folder = resources.files("caucasus_data.site") / "static"
    return {f"assets/{name}": (folder / name).read_text(encoding="utf-8") for name in STATIC}


def _featured(data: Dataset) -> list[dict[str, Any]]:
    """The best-attested records: quoted in the most sources, then with the most claims about them."""
    ranked = []
    for item in timeline.items(data):
        ref = (item.table, item.id)
        sources = sorted({str(link.row["source_id"]) for link in data.about(ref, "evidence")})
        claims = data.about(ref, "claims")
        ranked.append((-len(sources), -len(claims), item.table, item.id, item, sources, claims))
    ranked.sort(key=lambda r: r[:4])
    return [
        {
            "page": href((item.table, item.id), ""),
            "label": item.label,
            "table": item.table,
            "dates": bounds_words(item.start, item.end, item.precision),
            "sources": [(f"sources/{s}.html", data.label_of(("sources", s))) for s in sources],
            "claims": len(claims),
        }
        for *_, item, sources, claims in ranked[:FEATURED]
    ]


def _table_rows(data: Dataset, table: str) -> list[list[str]]:
    """Every row of ``table`` as the text of its cells, in schema order."""
    names = data.schema(table).field_names
    return [[cell_text(row.get(name)) for name in names] for row in data.rows[table]]


class Site:
    def __init__(self, data: Dataset) -> None:
        self.data = data
        self.env = environment()
        self.common = {"title": data.title, "version": data.version, "name": data.package.descriptor.name}

    def page(self, template: str, root: str, **values: Any) -> str:
        return self.env.get_template(template).render(root=root, **self.common, **values)

    def index(self) -> str:
        data = self.data
        tables = [(t, len(data.rows[t]), data.schema(t).description) for t in data.package.tables]
        sources = [
            (s["source_id"], data.label("sources", s), len(data.rows_where("evidence", "source_id", s["source_id"])))
            for s in data.rows.get("sources", [])
        ]
        return self.page(
            "index.html", "", featured=_featured(data), tables=tables, sources=sources, cite=cite.text(data.citation)
        )

    def records(self) -> dict[str, str]:
        pages = {}
        for table in self.data.paged_tables:
            if table == "sources":
                continue
            for row in self.data.rows[table]:
                view = record(self.data, table, row)
                pages[f"{table}/{view.key}.html"] = self.page("record.html", "../", r=view)
        return pages

    def sources(self) -> dict[str, str]:
        pages = {}
        for row in self.data.rows.get("sources", []):
            source_id = str(row["source_id"])
            view = record(self.data, "sources", row)
            text = source_text(self.data, source_id) if source_id in self.data.raw else None
            marked = [
                (p, self.data.label_of((str(p.row["record_table"]), str(p.row["record_id"]))))
                for p in (text.evidence if text else [])
            ]
            pages[f"sources/{source_id}.html"] = self.page(
                "source.html", "../", r=view, text=text, marked=marked, anchor=anchor, href=href
            )
        return pages

    def tables(self) -> dict[str, str]:
        pages = {}
        for table in self.data.paged_tables:
            key = self.data.key(table)
            schema = self.data.schema(table)
            pages[f"tables/{table}.html"] = self.page(
                "table.html",
                "../",
                table=table,
                schema=schema,
                key=key,
                rows=_table_rows(self.data, table),
                key_index=schema.field_names.index(key),
            )
        return pages

    def timeline(self, drawn: Markup) -> str:
        found = timeline.items(self.data)
        kinds = sorted({i.kind for i in found})
        people = sorted({p for i in found for p in i.participants}, key=str.casefold)
        facets = {i.href: {"kind": i.kind, "participants": list(i.participants)} for i in found}
        return self.page(
            "timeline.html",
            "",
            svg=drawn,
            items=found,
            kinds=kinds,
            people=people,
            facets=Markup(json.dumps(facets, ensure_ascii=True, sort_keys=True).replace("</", "<\\/")),
            alt=timeline.alt_text(found),
        )

    def charts(self) -> tuple[Markup, Markup]:
        """The SVG of the timeline and of the graph (their specs are checked against Vega-Lite's schema in tests)."""
        return Markup(charts.svg(timeline.spec(timeline.items(self.data)))), Markup(
            charts.svg(claimgraph.spec(self.data))
        )

    def graph(self, drawn: Markup) -> str:
        from .records import relations

        rels = relations(self.data, {str(c["claim_id"]) for c in self.data.rows.get("claims", [])})
        return self.page("graph.html", "", svg=drawn, relations=rels, alt=claimgraph.alt_text(self.data))

    def all(self) -> dict[str, str]:
        """Every file of the site; two files claiming one path (a row whose id is a page name) stop the build."""
        with tasks(1, "site-charts") as pool:  # the renderer releases the GIL: draw while pages render
            drawing = pool.submit(self.charts)
            pages = {"index.html": self.index(), "search.html": self.page("search.html", "")}
            pages["assets/search-index.js"] = searchindex.script(self.data)
            for more in (static_files(), self.sources(), self.records(), self.tables()):
                clash = sorted(set(more) & set(pages))
                if clash:
                    raise ValueError(f"two pages of the site would be written to {clash[0]}")
                pages.update(more)
            timeline_svg, graph_svg = drawing.result()
        pages["timeline.html"] = self.timeline(timeline_svg)
        pages["graph.html"] = self.graph(graph_svg)
        return pages
