"""The project-wide view of comparisons: pairs grouped into concepts, filtered for a summary.

A *concept* is one connected set of dotted paths: when ``torch.sum`` is compared with
``numpy.sum`` on one page and with ``megengine.functional.sum`` on another, the three paths are
one concept, shown as one row with a column per framework label. Pure Python: no docutils, no
Sphinx; the summary directive and the export both read what :func:`group` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

__all__ = ["Concept", "Entry", "columns", "filter_concepts", "filter_entries", "group"]


@dataclass(frozen=True)
class Entry:
    """One comparison on one page, as the project-wide view needs it."""

    docname: str
    left: str
    right: str
    left_label: str
    right_label: str
    #: The computed category, or the author's ``:category:``; None when a side was not read.
    category: str | None = None
    kinds: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    #: Number of parameter rows that differ; None when a side was not read.
    changed: int | None = None
    #: ``{"passed": n, "failed": n, ...}`` for the page's examples (empty when it has none).
    examples: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)
    #: The order of the comparison on its page (0 for the first).
    position: int = 0

    @property
    def sort_key(self) -> tuple:
        return (self.left, self.right, self.docname, self.position)


@dataclass(frozen=True)
class Concept:
    """A row of the summary: every path of one connected set, by label, and its comparisons."""

    #: ``(label, (path, ...))`` in column order; a label's paths sorted.
    apis: tuple[tuple[str, tuple[str, ...]], ...]
    entries: tuple[Entry, ...]

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(label for label, _paths in self.apis)

    def paths(self, label: str) -> tuple[str, ...]:
        return dict(self.apis).get(label, ())

    @property
    def all_paths(self) -> frozenset[str]:
        return frozenset(p for e in self.entries for p in (e.left, e.right))


def _find(parent: dict[str, str], path: str) -> str:
    root = path
    while parent[root] != root:
        root = parent[root]
    while parent[path] != root:  # path compression
        parent[path], path = root, parent[path]
    return root


def group(entries: Iterable[Entry]) -> list[Concept]:
    """Group comparisons into concepts: two comparisons sharing a path are in one concept.

    The result does not depend on the order of ``entries``: concepts are sorted by their first
    comparison (left path, right path, page), entries within a concept the same way, and a
    concept's labels in the order they first appear in its sorted entries (left before right).
    """
    ordered = sorted(entries, key=lambda e: e.sort_key)
    parent: dict[str, str] = {}
    for entry in ordered:
        for path in (entry.left, entry.right):
            parent.setdefault(path, path)
        a, b = _find(parent, entry.left), _find(parent, entry.right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[str, list[Entry]] = {}
    for entry in ordered:
        members.setdefault(_find(parent, entry.left), []).append(entry)
    concepts = []
    for group_entries in members.values():
        by_label: dict[str, set[str]] = {}
        for entry in group_entries:
            by_label.setdefault(entry.left_label, set()).add(entry.left)
            by_label.setdefault(entry.right_label, set()).add(entry.right)
        apis = tuple((label, tuple(sorted(paths))) for label, paths in by_label.items())
        concepts.append(Concept(apis=apis, entries=tuple(group_entries)))
    concepts.sort(key=lambda c: c.entries[0].sort_key)
    return concepts


def filter_entries(entries: Iterable[Entry], categories: Iterable[str] = ()) -> list[Entry]:
    """The comparisons whose category is one of ``categories`` (all of them when empty)."""
    wanted = set(categories)
    return [e for e in entries if not wanted or (e.category or "") in wanted]


def filter_concepts(concepts: Iterable[Concept], labels: Iterable[str] = ()) -> list[Concept]:
    """The concepts that have a path under every one of ``labels`` (all when empty).

    ``labels=("torch", "megengine")`` is the table a team porting PyTorch code to MegEngine
    reads: every concept with an API on both sides, whatever else it is compared with.
    """
    wanted = list(dict.fromkeys(labels))
    return [c for c in concepts if all(c.paths(label) for label in wanted)]


def columns(concepts: Iterable[Concept], first: Iterable[str] = ()) -> list[str]:
    """The label columns of a table of ``concepts``: ``first`` (those present), then the others
    in the order they first appear."""
    seen = [label for c in concepts for label in c.labels]
    present = set(seen)
    out = [label for label in dict.fromkeys(first) if label in present]
    out += [label for label in dict.fromkeys(seen) if label not in out]
    return out
