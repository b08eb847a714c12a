"""Releases: two releases of one library compared without installing the old one.

A release is named after ``@`` (``numpy.linspace@1.26.4``, ``numpy==1.26.4``: :mod:`.spec`),
obtained as a folder of sources (a wheel, an sdist, a folder, the package index through
``pip download``, a git ref: :mod:`.fetch`, cached in the user's cache: :mod:`.cache`), read
statically with griffe (:mod:`.load`, :mod:`.inventory`), with what its source says of names
going away (:mod:`.deprecations`); :mod:`.overview` is the migration overview of a module.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from .fetch import Release, ReleaseUnavailable, obtain_release
from .load import read_at_release
from .overview import KINDS, Change, Overview, build_overview, overview_of
from .spec import ReleaseSpec, Side, parse_side, split_release

__all__ = [
    "KINDS",
    "Change",
    "Overview",
    "Release",
    "ReleaseSpec",
    "ReleaseUnavailable",
    "Side",
    "build_overview",
    "obtain_release",
    "overview_of",
    "parse_side",
    "read_at_release",
    "split_release",
]
