"""Vega-Lite charts rendered to SVG offline, by vl-convert (Vega's own renderer, embedded; no browser, no network).

An SVG drawn at build time is what makes the site work from ``file://`` with no script from another host: the
page shows a finished picture, not a program that draws one. ``allowed_base_urls=[]`` forbids the renderer
any data request, so every chart is drawn from the values inlined in its spec.

Vega resolves a mark's ``href`` against its default base URL (the vega-datasets site); the links are relative
to the page, so that base is taken off again here, and a link that does not carry it (the renderer changed)
stops the build rather than ship a link to another host.
"""

from __future__ import annotations

import re
from typing import Any

_BASE = "https://vega.github.io/vega-datasets/"
_HREF = re.compile(r'xlink:href="([^"]*)"')


class ChartError(RuntimeError):
    """A chart could not be drawn as a self-contained SVG."""


def _relative(match: re.Match[str]) -> str:
    href = match.group(1)
    if not href.startswith(_BASE):
        raise ChartError(f"the chart renderer wrote a link that is not relative to the page: {href}")
    return f'xlink:href="{href[len(_BASE) :]}"'


def svg(spec: dict[str, Any]) -> str:
    """The SVG of a Vega-Lite ``spec``; links in it stay relative to the page that embeds it."""
    import vl_convert as vlc

    drawn = vlc.vegalite_to_svg(spec, allowed_base_urls=[])
    return _HREF.sub(_relative, drawn)
