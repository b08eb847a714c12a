"""The migration overview between two releases of one module: every public member
**removed**, **added**, **moved** (still public elsewhere in the package), **renamed** (its
replacement is new in the same place), and **changed** (a callable whose signature differs,
in words: the comparison engine's, as on a page), with the deprecation message the sources
state, where they state one.

A place in a module the new release deprecates is no move: a member found only there is
removed, and its entry says where it is still reachable and who deprecates it
(:class:`DeprecatedPlace`); a script's module and a private one are never a place.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field

from .. import __version__
from ..api import Api, ApiDiffError
from ..comparison import Comparison, compare_apis
from ..describe import Describer
from .fetch import Release, obtain_release
from .inventory import CALLABLE_KINDS, Inventory, Member, read_inventory
from .spec import parse_side

__all__ = [
    "KINDS",
    "OVERVIEW_FORMAT",
    "Change",
    "DeprecatedPlace",
    "Overview",
    "build_overview",
    "load_overview_schema",
    "overview_of",
]

#: The version of :meth:`Overview.to_dict`'s shape (``schemas/apidiff-overview.schema.json``).
OVERVIEW_FORMAT = 1
#: The groups of an overview, in the order a page shows them.
KINDS = ("removed", "renamed", "moved", "changed", "added")
#: Categories of a comparison that are no change.
_SAME = frozenset({"identical", "no-parameters"})
#: How alike two names must be for a removed and an added callable of one signature to be
#: called a rename (difflib's ratio).
RENAME_SIMILARITY = 0.6


@dataclass(frozen=True)
class DeprecatedPlace:
    """Where a removed member is still reachable in the new release: in a module that
    release deprecates (``numpy.core.records``, in ``numpy.core``)."""

    path: str
    #: the deprecated module the path is in (the outermost one)
    module: str
    #: where the source says the module is deprecated
    source: str

    def to_dict(self) -> dict:
        return {"path": self.path, "module": self.module, "source": self.source}


@dataclass(frozen=True)
class Change:
    """One member in an overview, by its dotted path in the old release (the new one for an
    added member)."""

    kind: str
    path: str
    #: ``function``, ``class``, ``attribute``, ``module``, ``external``
    member: str
    #: where it went (moved, renamed)
    to: str | None = None
    #: the differences in words (changed)
    differences: tuple[str, ...] = ()
    #: the comparison's kinds of differences (``{"renamed": 1, "default": 2}``)
    change_kinds: tuple[tuple[str, int], ...] = ()
    note: str | None = None
    note_source: str | None = None
    #: where a removed member is still reachable, in a deprecated module
    deprecated_place: DeprecatedPlace | None = None
    comparison: Comparison | None = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict:
        data: dict = {"path": self.path, "member": self.member}
        if self.to:
            data["to"] = self.to
        if self.kind == "changed":
            data["differences"] = list(self.differences)
            data["kinds"] = dict(self.change_kinds)
        if self.note:
            data["note"] = self.note
            data["note_source"] = self.note_source
        if self.deprecated_place:
            data["deprecated_place"] = self.deprecated_place.to_dict()
        return data


def _release_dict(release: Release) -> dict:
    return {
        "package": release.package,
        "version": release.version,
        "how": release.how,
        "origin": release.origin,
        "spec": release.spec,
        "read": release.describe(),
    }


@dataclass(frozen=True)
class Overview:
    module: str
    old: Release
    new: Release
    changes: tuple[Change, ...]
    #: members in both releases with no difference (in their calls, without ``types``)
    unchanged: int
    #: whether annotations were compared
    types: bool = False
    #: of ``unchanged``, the callables whose annotations alone differ (without ``types``)
    retyped: int = 0

    def of_kind(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]

    @property
    def counts(self) -> dict[str, int]:
        return {kind: len(self.of_kind(kind)) for kind in KINDS}

    def to_dict(self) -> dict:
        """The overview as data (``sphinx-apidiff overview --json``): each member by dotted
        path under its kind; its JSON Schema is :func:`load_overview_schema`'s."""
        data: dict = {
            "format": OVERVIEW_FORMAT,
            "generator": {"name": "sphinx-apidiff", "version": __version__},
            "module": self.module,
            "old": _release_dict(self.old),
            "new": _release_dict(self.new),
            "types": self.types,
            "counts": {**self.counts, "unchanged": self.unchanged, "retyped": self.retyped},
        }
        for kind in KINDS:
            data[kind] = [c.to_dict() for c in self.of_kind(kind)]
        return data


# ----------------------------------------------------------------------------------- notes


def _note(member: Member, old: Inventory, new: Inventory) -> tuple[str | None, str | None]:
    """What the sources say of ``member`` going away: the new release's table of names its
    module's ``__getattr__`` consults (NumPy 2's migration notes), else the old release's
    own deprecation warning for it, else the old release's table."""
    name = member.path.rpartition(".")[2]
    parent = member.path.rpartition(".")[0]
    tables = [new, old] if parent == old.module else []
    for inv in tables[:1]:
        if name in inv.tables:
            text, where = inv.tables[name]
            return text, f"{where} ({inv.release.name})"
    if member.note:
        return member.note, member.note_source
    for inv in tables[1:]:
        if name in inv.tables:
            text, where = inv.tables[name]
            return text, f"{where} ({inv.release.name})"
    return None, None


def _mentions(note: str | None, name: str) -> bool:
    return bool(note) and re.search(rf"(?<![\w]){re.escape(name)}(?![\w])", note) is not None


# ---------------------------------------------------------------------------------- words


def _differences(comparison: Comparison, types: bool) -> tuple[str, ...]:
    """The differences in words, as a comparison page's table says them across releases: a
    parameter renamed that a keyword reaches is said to break the calls that pass it by its
    old name."""
    words = Describer(comparison.left.label, comparison.right.label, across_releases=True)
    out = []
    for row in comparison.rows:
        if not row.changes:
            continue
        out.append(f"{(row.left or row.right).name}: {words.row_summary(row)}")
    if types or set(comparison.pair_changes) - {"overloads"}:
        out.extend(words.pair_sentences(comparison))
    return tuple(out)


def _a(word: str) -> str:
    return f"an {word}" if word[:1] in "aeiou" else f"a {word}"


def _compare(old_api: Api, new_api: Api, labels: tuple[str, str], types: bool) -> Comparison:
    """The comparison of a member's two releases; without ``types``, of the calls alone
    (annotations left out: a stub's retyping changes no call)."""
    if not types:
        old_api, new_api = old_api.without_annotations(), new_api.without_annotations()
    return compare_apis(
        dataclasses.replace(old_api, label=labels[0]),
        dataclasses.replace(new_api, label=labels[1]),
    )


def _differs(comparison: Comparison, types: bool) -> bool:
    """Whether a call (or, with ``types``, an annotation) differs: without ``types``, a
    different number of overloads whose closest pair is the same call is no difference."""
    if any(row.changes for row in comparison.rows):
        return True
    return bool(set(comparison.pair_changes) - (set() if types else {"overloads"}))


# -------------------------------------------------------------------------------- overview


def build_overview(old: Inventory, new: Inventory, *, types: bool = False) -> Overview:
    """The overview of ``old.module`` from ``old`` to ``new`` (two inventories of it).

    ``types``: a callable whose annotations alone differ is changed too (by default it is
    counted as ``retyped``: its calls are the same)."""
    labels = (old.release.name, new.release.name)
    if labels[0] == labels[1]:
        labels = (f"{labels[0]} (old)", f"{labels[1]} (new)")
    changes: dict[str, Change] = {}
    unchanged = retyped = 0
    gone: list[Member] = []
    for path, member in sorted(old.members.items()):
        other = new.members.get(path)
        if other is None:
            gone.append(member)
            continue
        if member.kind != other.kind and "external" not in (member.kind, other.kind):
            note, where = _note(member, old, new)
            changes[path] = Change(
                "changed",
                path,
                other.kind,
                differences=(
                    f"was {_a(member.kind)} in {labels[0]}, is {_a(other.kind)} in {labels[1]}",
                ),
                change_kinds=(("object-kind", 1),),
                note=note,
                note_source=where,
            )
            continue
        old_api, new_api = old.apis.get(path), new.apis.get(path)
        if old_api is None or new_api is None:
            unchanged += 1
            continue
        comparison = _compare(old_api, new_api, labels, types)
        if not _differs(comparison, types):
            unchanged += 1
            if not types and _differs(_compare(old_api, new_api, labels, True), True):
                retyped += 1
            continue
        note, where = _note(member, old, new)
        changes[path] = Change(
            "changed",
            path,
            other.kind,
            differences=_differences(comparison, types),
            change_kinds=tuple(sorted(comparison.kinds.items())),
            note=note,
            note_source=where,
            comparison=comparison,
        )
    added = {p: m for p, m in new.members.items() if p not in old.members}
    claimed: set[str] = set()
    for member in gone:
        parent = member.path.rpartition(".")[0]
        if any(
            parent == p or parent.startswith(p + ".")
            for p, c in changes.items()
            if c.kind in ("removed", "moved", "renamed")
        ):
            continue  # a member of a class that went: the class says it
        note, where = _note(member, old, new)
        target = _renamed_to(member, note, parent, added, claimed, old, new, labels)
        if target is not None:
            claimed.add(target)
            changes[member.path] = Change(
                "renamed", member.path, member.kind, to=target, note=note, note_source=where
            )
            continue
        moved = _moved_to(member, note, old, new, labels)
        if moved is not None and new.deprecated_module(moved) is None:
            claimed.add(moved)  # listed once: where it went, not also as added
            changes[member.path] = Change(
                "moved", member.path, member.kind, to=moved, note=note, note_source=where
            )
            continue
        still = None
        if moved is not None:  # only in a deprecated module: no place to send a reader
            module = new.deprecated_module(moved)
            still = DeprecatedPlace(moved, module, new.deprecated[module])
        changes[member.path] = Change(
            "removed",
            member.path,
            member.kind,
            note=note,
            note_source=where,
            deprecated_place=still,
        )
    removed_like = {p for p, c in changes.items() if c.kind in ("removed", "moved", "renamed")}
    for path, member in sorted(added.items()):
        if path in claimed:
            continue
        parent = path.rpartition(".")[0]
        if parent in added or parent in removed_like:
            continue  # a member of a new class: the class says it
        changes[path] = Change("added", path, member.kind)
    order = {kind: i for i, kind in enumerate(KINDS)}
    ordered = sorted(changes.values(), key=lambda c: (order[c.kind], c.path))
    return Overview(old.module, old.release, new.release, tuple(ordered), unchanged, types, retyped)


def _renamed_to(
    member: Member,
    note: str | None,
    parent: str,
    added: dict[str, Member],
    claimed: set[str],
    old: Inventory,
    new: Inventory,
    labels: tuple[str, str],
) -> str | None:
    """The added member of the same place that replaces ``member``: the one its deprecation
    note names, else the one callable of the same signature with a name alike."""
    name = member.path.rpartition(".")[2]
    siblings = [
        p
        for p, m in sorted(added.items())
        if p.rpartition(".")[0] == parent and p not in claimed and m.kind == member.kind
    ]
    named = [p for p in siblings if _mentions(note, p.rpartition(".")[2])]
    if len(named) == 1:
        return named[0]
    old_api = old.apis.get(member.path)
    if old_api is None or member.kind not in CALLABLE_KINDS:
        return None
    alike: list[tuple[float, str]] = []
    for path in siblings:
        new_api = new.apis.get(path)
        ratio = difflib.SequenceMatcher(None, name, path.rpartition(".")[2]).ratio()
        if new_api is None or ratio < RENAME_SIMILARITY:
            continue
        if not _differs(_compare(old_api, new_api, labels, False), False):
            alike.append((ratio, path))
    alike.sort(reverse=True)
    if len(alike) == 1 or (len(alike) > 1 and alike[0][0] > alike[1][0]):
        return alike[0][1]
    return None


def _same_definition(old: str, new: str) -> bool:
    """Whether two definition paths name one object moved in a refactoring:
    ``numpy.core.defchararray.chararray`` and ``numpy._core.defchararray.chararray``
    (leading underscores and an ``_impl`` suffix of a module's name aside)."""

    def norm(path: str) -> list[str]:
        parts = [p.lstrip("_") for p in path.split(".")]
        return [p[: -len("_impl")] if p.endswith("_impl") else p for p in parts]

    return norm(old) == norm(new)


def _same_call(
    member: Member, path: str, old: Inventory, new: Inventory, labels: tuple[str, str]
) -> bool:
    """Whether the callable at ``path`` in the new release is called as ``member`` was."""
    if member.kind not in CALLABLE_KINDS:
        return False
    old_api, new_api = old.apis.get(member.path), new.api_at(path)
    if old_api is None or new_api is None:
        return False
    return not _differs(_compare(old_api, new_api, labels, False), False)


def _moved_to(
    member: Member, note: str | None, old: Inventory, new: Inventory, labels: tuple[str, str]
) -> str | None:
    """Where the new release still has ``member`` public under its name, elsewhere in the
    package: a place its note names, or one whose definition is ``member``'s (moved with a
    refactoring), or a callable called the same way; one outside the modules the release
    deprecates first (:meth:`.Inventory.deprecated_module`; the caller says a place in one
    is no move), then the one its note names, then one its module's ``__all__`` lists, then
    the shortest path. A name alone is no evidence (``numpy.in1d`` and the masked
    ``numpy.ma.in1d`` take different parameters); a script's module and a private one are
    no place (:attr:`.Inventory.elsewhere` lists neither)."""
    name = member.path.rpartition(".")[2]
    package = new.release.package

    def spelled(path: str) -> bool:  # ``np.lib.add_newdoc`` in a note names numpy.lib.add_newdoc
        tail = path.split(".", 1)[1] if "." in path else path
        return bool(note) and (path in note or f".{tail}`" in note or f".{tail} " in note)

    places = []
    for path, kind, exported, target in new.elsewhere.get(name, []):
        if path == member.path or not (kind == member.kind or "external" in (kind, member.kind)):
            continue
        external = kind == "external" and not target.startswith(package + ".")
        if (
            spelled(path)
            or external
            or _same_definition(member.target, target)
            or _same_call(member, path, old, new, labels)
        ):
            deprecated = new.deprecated_module(path) is not None
            places.append((deprecated, not spelled(path), not exported, path.count("."), path))
    return min(places)[-1] if places else None


def overview_of(
    old: str,
    new: str,
    *,
    base_dir: str | None = None,
    class_members: bool = False,
    submodules: bool = False,
    types: bool = False,
) -> Overview:
    """The overview between two sides, each ``MODULE``, ``MODULE==VERSION`` or
    ``MODULE@RELEASE`` (``numpy==1.26.4``, ``numpy``). Raises :class:`ApiDiffError` (one line)."""
    old_side, new_side = parse_side(old), parse_side(new)
    if old_side.path != new_side.path:
        raise ApiDiffError(
            f"an overview compares one module at two releases: {old_side.path!r} and "
            f"{new_side.path!r} differ"
        )
    releases = [
        obtain_release(side.package, side.release, base_dir) for side in (old_side, new_side)
    ]
    inventories = [
        read_inventory(release, old_side.path, class_members=class_members, submodules=submodules)
        for release in releases
    ]
    overview = build_overview(*inventories, types=types)
    for inventory in inventories:
        inventory.save()  # what was read on the way (a moved callable's new signature)
    return overview


def load_overview_schema() -> dict:
    """The JSON Schema of :meth:`Overview.to_dict` (draft 2020-12)."""
    import json
    from importlib import resources

    text = resources.files("sphinx_apidiff").joinpath("schemas", OVERVIEW_SCHEMA).read_text("utf-8")
    return json.loads(text)


OVERVIEW_SCHEMA = "apidiff-overview.schema.json"
