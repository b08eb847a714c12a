"""The project teaches the engine: a rename an author wrote on one page is evidence on the others.

Before any page is read (``env-get-outdated``, in the main process, so serial, ``-j N`` and
incremental builds see the same table), the source of every page of the project is scanned for
its ``apidiff`` directives and their ``:rename:`` option. A page comparing two packages then
gets, as evidence for inference (``project-rename``, below its own renames), the renames the
other pages of the same two packages wrote, with how many pages wrote each. When the table a
page would get changes, the page is read again, so an incremental build ends as a full one.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...api import ApiDiffError
from ...comparison import parse_rename
from ..state.build import page_source

__all__ = ["scan_renames", "setup_teach", "taught_for"]

#: A directive's first line (reStructuredText or MyST), then its option lines.
_DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)(?:\.\.[ \t]+apidiff::|(?:`{3,}|:{3,})[ \t]*\{apidiff\})"
    r"[ \t]*(?P<left>\S+)[ \t]+(?P<right>\S+)[^\n]*\n(?P<options>(?:[ \t]*:[\w-]+:[^\n]*\n)*)",
    re.MULTILINE,
)
_RENAME = re.compile(r"^[ \t]*:rename:[ \t]*(?P<spec>[^\n]*)$", re.MULTILINE)

#: One page's teaching: ``((left package, right package), (left name, right name))`` items.
Taught = frozenset[tuple[tuple[str, str], tuple[str, str]]]

_ATTR = "apidiff_taught"


def _directives(text: str) -> list[re.Match[str]]:
    """The ``apidiff`` directives of a page, in order. The regular expression is tried only
    at the start of a line that holds the directive's name (a search over every position of
    every page would cost a no-change rebuild of a large project most of its time)."""
    text += "\n"
    starts: set[int] = set()
    for needle in ("apidiff::", "{apidiff}"):
        at = text.find(needle)
        while at >= 0:
            starts.add(text.rfind("\n", 0, at) + 1)
            at = text.find(needle, at + len(needle))
    found = (_DIRECTIVE.match(text, start) for start in sorted(starts))
    return [match for match in found if match]


def scan_renames(text: str) -> Taught:
    """The renames of both names that a page's ``apidiff`` directives write, per package pair
    (both ways round: a page comparing ``b`` with ``a`` teaches ``a`` against ``b`` too)."""
    return _scan_page(text)[0]


def _scan_page(text: str) -> tuple[Taught, set[tuple[str, str]]]:
    """What a page teaches, and the package pairs it compares."""
    out: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    compared: set[tuple[str, str]] = set()
    for match in _directives(text):
        lpkg = match["left"].split(".", 1)[0]
        rpkg = match["right"].split(".", 1)[0]
        compared.add((lpkg, rpkg))
        for option in _RENAME.finditer(match["options"]):
            try:
                renames = parse_rename(option["spec"])
            except ApiDiffError:
                continue  # the page itself warns when it is read
            for lname, rname in renames.left_to_right().items():
                out.add(((lpkg, rpkg), (lname, rname)))
                out.add(((rpkg, lpkg), (rname, lname)))
    return frozenset(out), compared


#: Package pair -> ``(left name, right name)`` -> how many pages renamed so.
Counts = dict[tuple[str, str], Counter]

#: The counts of the pages in ``_ATTR``, made once per build by :func:`_scan` (each page's
#: directive asks for them; counting every page of the project for each would cost a large
#: project time in the square of its size).
_COUNTS = "apidiff_taught_counts"


def _counts(pages: dict[str, Taught]) -> Counts:
    counts: Counts = {}
    for taught in pages.values():
        for pair, names in taught:
            counts.setdefault(pair, Counter())[names] += 1
    return counts


def taught_for(env: BuildEnvironment, docname: str, left: str, right: str) -> dict:
    """``(left name, right name)`` -> the number of *other* pages comparing the packages of
    ``left`` and ``right`` that renamed so."""
    pages: dict[str, Taught] = getattr(env, _ATTR, None) or {}
    counts: Counts | None = getattr(env, _COUNTS, None)
    if counts is None:  # an environment pickled before the counts were kept
        counts = _counts(pages)
    return _taught(pages, counts, docname, (left.split(".")[0], right.split(".")[0]))


def _taught(
    pages: dict[str, Taught], counts: Counts, docname: str, key: tuple[str, str]
) -> dict[tuple[str, str], int]:
    own = pages.get(docname, frozenset())
    out = {}
    for names, n in counts.get(key, Counter()).items():
        others = n - ((key, names) in own)
        if others:
            out[names] = others
    return dict(sorted(out.items()))


#: docname -> (the source's modification time and size, what it teaches, what it compares):
#: a page that did not change is not read again to learn what it teaches.
_SEEN = "apidiff_taught_seen"


def _scan(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Scan every page; the pages whose teaching changed since the last build are outdated."""
    seen: dict[str, tuple[tuple[int, int], Taught, frozenset]] = getattr(env, _SEEN, None) or {}
    now: dict[str, tuple[tuple[int, int], Taught, frozenset]] = {}
    for docname in sorted(env.found_docs):
        path = env.doc2path(docname)
        try:
            stat = os.stat(path)
            stamp = (stat.st_mtime_ns, stat.st_size)
        except OSError:
            continue
        if docname in seen and seen[docname][0] == stamp:
            now[docname] = seen[docname]
            continue
        text = page_source(env, docname)
        if text is None:
            continue
        taught, compared = _scan_page(text)
        now[docname] = (stamp, taught, frozenset(compared))
    setattr(env, _SEEN, now)
    pages = {docname: taught for docname, (_, taught, _) in now.items() if taught}
    before: dict[str, Taught] | None = getattr(env, _ATTR, None)
    setattr(env, _ATTR, pages)
    new = _counts(pages)
    setattr(env, _COUNTS, new)
    if before is None or before == pages:
        return []
    old = _counts(before)
    touched = {pair for pair in old.keys() | new.keys() if old.get(pair) != new.get(pair)}
    outdated = []
    for docname, (_, _, keys) in now.items():
        for key in keys & touched:
            if _taught(before, old, docname, key) != _taught(pages, new, docname, key):
                outdated.append(docname)
                break
    return outdated


def setup_teach(app: Sphinx) -> None:
    app.connect("env-get-outdated", _scan)
