"""Where a quote sits in a raw text, as offsets into the raw text itself.

Quotes are checked against the raw text after Unicode NFC and folding runs of white space
(:func:`caucasus_data.text.normalise`), so a quote's position is found in the normalised text and mapped back
to the raw characters that produced it. White space never composes under NFC, so the raw text is cut into runs
of white space and runs of other characters: a run of white space becomes one space; any other run is
normalised on its own, character by character where NFC leaves it as it is (nearly always), else by
clusters that start at a character of canonical combining class 0, else as a whole. Every normalised character
keeps the raw span it came from, so a match always maps to whole raw characters and never splits a
combining sequence.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..text import normalise

_RUNS = re.compile(r"\s+|\S+")  # in str patterns \s covers NBSP, thin spaces and line breaks


def _clusters(run: str) -> list[str]:
    """``run`` cut before every character of combining class 0."""
    parts: list[str] = []
    for ch in run:
        if parts and unicodedata.combining(ch):
            parts[-1] += ch
        else:
            parts.append(ch)
    return parts


@dataclass(frozen=True)
class FoldedText:
    """A raw text in normalised form, with the raw span ``[starts[i], ends[i])`` behind each character ``i``."""

    raw: str
    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, raw: str) -> FoldedText:
        out: list[str] = []
        starts: list[int] = []
        ends: list[int] = []

        def emit(piece: str, start: int, end: int) -> None:
            out.append(piece)
            starts.extend([start] * len(piece))
            ends.extend([end] * len(piece))

        for match in _RUNS.finditer(raw):
            run, at = match.group(), match.start()
            if run.isspace():
                emit(" ", at, match.end())
                continue
            composed = unicodedata.normalize("NFC", run)
            if composed == run:
                for i, ch in enumerate(composed):
                    emit(ch, at + i, at + i + 1)
                continue
            clusters = _clusters(run)
            pieces = [unicodedata.normalize("NFC", c) for c in clusters]
            if "".join(pieces) != composed:
                emit(composed, at, match.end())
                continue
            for cluster, piece in zip(clusters, pieces, strict=True):
                emit(piece, at, at + len(cluster))
                at += len(cluster)
        return cls(raw, "".join(out), tuple(starts), tuple(ends))

    def find_all(self, quote: str) -> list[tuple[int, int]]:
        """Raw ``(start, end)`` of every non-overlapping occurrence of ``quote`` (compared normalised), in order."""
        needle = normalise(quote)
        if not needle:
            return []
        found = []
        at = self.text.find(needle)
        while at >= 0:
            found.append((self.starts[at], self.ends[at + len(needle) - 1]))
            at = self.text.find(needle, at + len(needle))
        return found

    def find(self, quote: str) -> tuple[int, int] | None:
        """Raw ``(start, end)`` of the first occurrence of ``quote``, or None when it does not occur."""
        needle = normalise(quote)
        at = self.text.find(needle) if needle else -1
        return None if at < 0 else (self.starts[at], self.ends[at + len(needle) - 1])
