"""The static site: every record, its quotes highlighted in their sources, a timeline and a claim graph.

``build_site(root, out)`` validates the package first (nothing is written for invalid data), reads it through
the package's own loader, and writes plain HTML, one stylesheet, a few small scripts and SVG charts drawn at
build time, so the site opens from ``file://`` or any static host and requests nothing from any other host.

Modules, one job each: :mod:`.dataset` (rows and the links the schemas declare), :mod:`.offsets` (a quote's
place in the raw text), :mod:`.highlight` (overlapping spans as nested HTML), :mod:`.sourcepage`,
:mod:`.records`, :mod:`.dates` (bounds in words), :mod:`.timeline` and :mod:`.claimgraph` (Vega-Lite specs),
:mod:`.charts` (offline SVG rendering), :mod:`.searchindex`, :mod:`.pages` (Jinja2), :mod:`.output`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InvalidPackage
from .output import SiteError

__all__ = ["InvalidPackageError", "SiteError", "SiteResult", "build_site"]


@dataclass(frozen=True)
class SiteResult:
    out: Path
    pages: int
    bytes: int


class InvalidPackageError(InvalidPackage, SiteError):
    """The package breaks at least one rule; no site was written. Carries the validation report."""

    consequence = "no site was written"


def validated(root: Path) -> None:
    """Validate ``root``, raising :class:`InvalidPackageError`; skipped when these exact bytes passed before.

    The check is the one ``load(validate=True)`` makes (:func:`caucasus_data.load.check`): a pass is remembered
    by the sha256 of every file validation reads and of the validator's own code, so any changed byte
    validates again.
    """
    from ..load import InvalidDataError, check
    from ..model import UnreadablePackage
    from ..validator import validate_folder

    try:
        check(root)
    except InvalidDataError as exc:
        raise InvalidPackageError(exc.report) from None
    except UnreadablePackage:
        raise InvalidPackageError(validate_folder(root)) from None


def build_site(root: Path, out: Path) -> SiteResult:
    """Validate ``root``, then write its site into ``out`` (replaced as a whole; untouched on failure)."""
    from .dataset import Dataset
    from .output import check_replaceable, write_site
    from .pages import Site

    check_replaceable(out.absolute())
    validated(root)
    files = Site(Dataset.read(root.resolve())).all()
    write_site(files, out)
    pages = sum(1 for rel in files if rel.endswith(".html"))
    return SiteResult(out, pages, sum(len(text.encode("utf-8")) for text in files.values()))
