"""The project-wide view of comparisons: pairs grouped into concepts, filtered for a summary.

A *concept* is one connected set of dotted paths: when ``torch.sum`` is compared with
``numpy.sum`` on one page and with ``megengine.functional.sum`` on another, the three paths are
one concept, shown as one row with a column per framework. A framework is a top-level package
(``torch``), titled by the label its sides are shown with most often (``PyTorch``, when
``apidiff_labels`` says so): pages that label ``json.dumps`` and ``json.dump`` by their
names still put both under ``json``. Pure Python: no docutils, no Sphinx; the summary
directive and the export both read what :func:`group` returns.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .records import PairRecord

__all__ = [
    "Concept",
    "Entry",
    "comparisons_shown",
    "filter_concepts",
    "filter_entries",
    "group",
    "group_by_module",
    "module_of",
    "package",
    "titles",
    "unknown_names",
]


def package(path: str) -> str:
    """The framework of a dotted path: its top-level package."""
    return path.split(".", 1)[0]


def module_of(path: str) -> str:
    """The module a dotted path is listed under: all but its last name (``torch.nn`` for
    ``torch.nn.Conv2d``, ``torch.Tensor`` for ``torch.Tensor.add``); a path of one name is its
    own module."""
    return path.rsplit(".", 1)[0]


@dataclass(frozen=True)
class Entry:
    """One comparison on one page, as the project-wide view needs it: the page's record of it
    (:class:`~sphinx_apidiff.records.PairRecord`), where it is and its examples' status."""

    docname: str
    record: PairRecord = field(hash=False)
    #: The order of the comparison on its page (0 for the first).
    position: int = 0
    #: ``{"passed": n, "failed": n, ...}`` for the page's examples (empty when it has none).
    examples: Mapping[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def left(self) -> str:
        return self.record.left

    @property
    def right(self) -> str:
        return self.record.right

    @property
    def left_label(self) -> str:
        return self.record.left_label

    @property
    def right_label(self) -> str:
        return self.record.right_label

    @property
    def category(self) -> str | None:
        """The computed category, or the author's ``:category:``; None when a side was not
        read."""
        return self.record.category

    @property
    def kinds(self) -> Mapping[str, int]:
        return self.record.kinds

    @property
    def changed(self) -> int | None:
        """Number of parameter rows that differ; None when a side was not read."""
        return self.record.changed

    @property
    def sort_key(self) -> tuple:
        return (self.record.left, self.record.right, self.docname, self.position)

    def sides(self) -> tuple[tuple[str, str], ...]:
        """``((path, label), (path, label))``, left then right (see
        :meth:`~sphinx_apidiff.records.PairRecord.sides` for a page with one side)."""
        return self.record.sides()


@dataclass(frozen=True)
class Concept:
    """A row of the summary: every path of one connected set, by framework, and its
    comparisons."""

    #: ``(package, (path, ...))`` in column order; a package's paths sorted.
    apis: tuple[tuple[str, tuple[str, ...]], ...]
    entries: tuple[Entry, ...]

    @property
    def packages(self) -> tuple[str, ...]:
        return tuple(pkg for pkg, _paths in self.apis)

    def paths(self, pkg: str) -> tuple[str, ...]:
        return dict(self.apis).get(pkg, ())

    @property
    def targets(self) -> frozenset[str]:
        """The frameworks its pages with one side name as their target (``paddle`` for
        "``torch.Tensor.int_repr``: no counterpart in PaddlePaddle")."""
        return frozenset(e.record.target for e in self.entries if e.record.target)

    @property
    def all_paths(self) -> frozenset[str]:
        return frozenset(p for e in self.entries for p, _label in e.sides())


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
    concept's packages in the order they first appear in its sorted entries (left before right).
    """
    ordered = sorted(entries, key=lambda e: e.sort_key)
    parent: dict[str, str] = {}
    for entry in ordered:
        paths = [path for path, _label in entry.sides()]  # one side: the left, its replacements
        for path in paths:
            parent.setdefault(path, path)
        for path in paths[1:]:
            a, b = _find(parent, entry.left), _find(parent, path)
            if a != b:
                parent[max(a, b)] = min(a, b)
    members: dict[str, list[Entry]] = {}
    for entry in ordered:
        members.setdefault(_find(parent, entry.left), []).append(entry)
    concepts = []
    for group_entries in members.values():
        by_package: dict[str, set[str]] = {}
        for entry in group_entries:
            for path, _label in entry.sides():
                by_package.setdefault(package(path), set()).add(path)
        apis = tuple((pkg, tuple(sorted(paths))) for pkg, paths in by_package.items())
        concepts.append(Concept(apis=apis, entries=tuple(group_entries)))
    concepts.sort(key=lambda c: c.entries[0].sort_key)
    return concepts


def filter_entries(entries: Iterable[Entry], categories: Iterable[str] = ()) -> list[Entry]:
    """The comparisons whose category is one of ``categories`` (all of them when empty)."""
    wanted = set(categories)
    return [e for e in entries if not wanted or (e.category or "") in wanted]


def _labelled(concepts: Iterable[Concept]) -> dict[str, list[str]]:
    """``{label: [package, ...]}``: the packages whose sides are shown with each label."""
    out: dict[str, list[str]] = {}
    for c in concepts:
        for e in c.entries:
            for pkg, label in _frameworks(e):
                if pkg not in out.setdefault(label, []):
                    out[label].append(pkg)
    return out


def _frameworks(entry: Entry) -> list[tuple[str, str]]:
    """``(package, label)`` of each side of ``entry``, and of the target a page with one side
    names."""
    found = [(package(path), label) for path, label in entry.sides()]
    if entry.record.target:
        found.append((entry.record.target, entry.right_label))
    return found


def _packages_named(name: str, labelled: dict[str, list[str]]) -> list[str]:
    return list(dict.fromkeys([name, *labelled.get(name, [])]))


def filter_concepts(concepts: Iterable[Concept], labels: Iterable[str] = ()) -> list[Concept]:
    """The concepts that have an API in the framework of every one of ``labels`` (all when
    empty); a label names a package (``torch``) or is a label sides are shown with
    (``PyTorch``: the packages shown so, anywhere in ``concepts``).

    ``labels=("torch", "megengine")`` is the table a team porting PyTorch code to MegEngine
    reads: every concept with an API on both sides, whatever else it is compared with.
    """
    concepts = list(concepts)
    labelled = _labelled(concepts)
    wanted = [_packages_named(name, labelled) for name in dict.fromkeys(labels)]
    return [
        c
        for c in concepts
        if all(any(c.paths(p) or p in c.targets for p in pkgs) for pkgs in wanted)
    ]


def comparisons_shown(concepts: Iterable[Concept], labels: Iterable[str] = ()) -> list[Entry]:
    """The comparisons of ``concepts`` that a summary filtered by ``labels`` lists, in order:
    those with a side in the framework of one of ``labels`` (all of them when empty).

    Filtered by :func:`filter_concepts` first, a concept keeps its chain: ``torch.sum`` vs
    ``numpy.sum`` and ``numpy.sum`` vs ``megengine.functional.sum`` both stay under
    ``labels=("torch", "megengine")``, while ``numpy.sum`` vs ``builtins.sum`` leaves a table
    filtered by ``math``.
    """
    concepts = list(concepts)
    labelled = _labelled(concepts)
    wanted = {pkg for name in labels for pkg in _packages_named(name, labelled)}
    return [
        entry
        for concept in concepts
        for entry in concept.entries
        if not wanted or package(entry.left) in wanted or entry.record.right_package in wanted
    ]


def titles(concepts: Iterable[Concept]) -> dict[str, str]:
    """``{package: title}``: the label the package's sides are shown with most often; the
    package itself when no label is more frequent than another."""
    counts: dict[str, dict[str, int]] = {}
    for concept in concepts:
        for entry in concept.entries:
            for path, label in entry.sides():
                seen = counts.setdefault(package(path), {})
                seen[label] = seen.get(label, 0) + 1
    out = {}
    for pkg, seen in counts.items():
        most = max(seen.values())
        best = [label for label, n in seen.items() if n == most]
        out[pkg] = best[0] if len(best) == 1 else pkg
    return out


def unknown_names(entries: Iterable[Entry], labels: Iterable[str]) -> list[str]:
    """The ``labels`` (of a summary's filter) that name no framework of ``entries``: neither a
    package nor a label any side is shown with. Such a filter matches nothing."""
    known = {name for e in entries for pkg, label in _frameworks(e) for name in (pkg, label)}
    return [name for name in dict.fromkeys(labels) if name not in known]


def group_by_module(entries: Iterable[Entry]) -> list[tuple[str, list[Entry]]]:
    """``[(module, [entry, ...]), ...]``: the comparisons by the module of their left API
    (:func:`module_of`), the modules sorted by name, each group's entries in the order given
    (a summary keeps its concepts' order within a module)."""
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(module_of(entry.left), []).append(entry)
    return sorted(groups.items(), key=lambda item: item[0])
