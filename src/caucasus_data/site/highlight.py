"""A raw text as HTML, with spans of it wrapped in elements (quotes marked, footnote markers linked).

Spans may overlap in any way (two quotes that share a clause, an erratum inside a quote), but HTML elements
must nest. So where a span ends while a span opened after it is still open, the inner one is closed and
opened again as a continuation piece: every span keeps exactly one first piece (the one carrying its ``id``,
so ``#evidence-…`` lands where its quote begins) and continuation pieces carry a ``data-`` attribute naming
it. Between boundaries the text is escaped; nothing of the raw text is dropped or added except the
point insertions asked for (a flag after an erratum).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Span:
    """``raw[start:end]`` wrapped in ``<tag ...first>`` where it begins and ``<tag ...rest>`` where it resumes."""

    start: int
    end: int
    tag: str
    first: tuple[tuple[str, str], ...]
    rest: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Insert:
    """Markup placed at ``at``, after the spans that end there and before those that begin there."""

    at: int
    html: Markup


def _open(tag: str, attrs: Iterable[tuple[str, str]]) -> str:
    return f"<{tag}" + "".join(f' {k}="{escape(v)}"' for k, v in attrs) + ">"


@dataclass
class _Writer:
    raw: str
    out: list[str] = field(default_factory=list)
    stack: list[int] = field(default_factory=list)  # indexes into spans, outermost first
    opened: set[int] = field(default_factory=set)

    def text(self, start: int, end: int) -> None:
        if end > start:
            self.out.append(str(escape(self.raw[start:end])))

    def close_ending(self, spans: list[Span], at: int) -> list[int]:
        """Close every open span ending at ``at``; returns the still-running spans that had to close too."""
        ending = [i for i, s in enumerate(self.stack) if spans[s].end == at]
        if not ending:
            return []
        popped = self.stack[ending[0] :]
        del self.stack[ending[0] :]
        for s in reversed(popped):
            self.out.append(f"</{spans[s].tag}>")
        return [s for s in popped if spans[s].end != at]

    def open(self, spans: list[Span], indexes: list[int]) -> None:
        for s in sorted(indexes, key=lambda i: (-spans[i].end, i)):
            span = spans[s]
            self.out.append(_open(span.tag, span.rest if s in self.opened else span.first))
            self.opened.add(s)
            self.stack.append(s)


def render(raw: str, spans: Iterable[Span], inserts: Iterable[Insert] = ()) -> Markup:
    """``raw`` escaped, with every span wrapped and every insertion placed; empty spans are left out."""
    kept = sorted((s for s in spans if 0 <= s.start < s.end <= len(raw)), key=lambda s: (s.start, -s.end))
    placed: dict[int, list[Markup]] = {}
    for ins in inserts:
        placed.setdefault(min(max(ins.at, 0), len(raw)), []).append(ins.html)
    starting: dict[int, list[int]] = {}
    for i, s in enumerate(kept):
        starting.setdefault(s.start, []).append(i)
    bounds = sorted({0, len(raw), *starting, *(s.end for s in kept), *placed})
    writer = _Writer(raw)
    previous = 0
    for at in bounds:
        writer.text(previous, at)
        previous = at
        resumed = writer.close_ending(kept, at)
        writer.out.extend(str(html) for html in placed.get(at, []))
        writer.open(kept, resumed + starting.get(at, []))
    return Markup("".join(writer.out))
