"""A release's public members under one module, by dotted path: what each is (module, class,
function, attribute, or a name from another package), where it is defined, a callable's
signature, and what the source says of it going away (:mod:`.deprecations`). Kept in the
user's cache per release, so a second overview of the same release reads no source.

Public: listed in ``__all__`` when the source sets it (griffe follows the usual forms), else
(no ``__all__``, or one built at run time that griffe reads as empty) not starting with ``_``; a class's public members when asked.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib.util
import json
import os
import re
from dataclasses import dataclass, field
from importlib.metadata import version as _dist_version
from pathlib import Path

from .. import __version__
from ..api import Api, ApiDiffError
from ..files import atomic_write_text
from ..introspect.static import quiet_griffe, read_with_loader
from ..snapshot import Entry, Snapshot, dumps, entry_from_api, loads
from .cache import cache_root
from .deprecations import callable_warning, getattr_tables
from .fetch import Release
from .load import release_loader
from .namespace import Namespace

__all__ = ["Inventory", "Member", "read_inventory"]

#: Bumped when what an inventory holds changes (older cache files are then not read).
INVENTORY_FORMAT = 9
CALLABLE_KINDS = frozenset({"function", "class"})


@dataclass(frozen=True)
class Member:
    path: str
    #: ``module``, ``class``, ``function``, ``attribute`` or ``external`` (another package's)
    kind: str
    #: where it is defined (re-exports followed)
    target: str
    #: the deprecation message its source states, and where (``DeprecationWarning``, a table)
    note: str | None = None
    note_source: str | None = None


@dataclass
class Inventory:
    release: Release
    module: str
    members: dict[str, Member] = field(default_factory=dict)
    #: callables' signatures by path (read from the source)
    apis: dict[str, Api] = field(default_factory=dict)
    #: every public path in the whole package by its last name, with what it is and whether
    #: its module's ``__all__`` lists it and where it is defined:
    #: ``[path, kind, exported, target]`` (for "moved")
    elsewhere: dict[str, list[list]] = field(default_factory=dict)
    #: {name: (note, where)} of the tables the module's ``__getattr__`` consults
    tables: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: paths whose signature the source does not say (not read again)
    unreadable: set[str] = field(default_factory=set)
    from_cache: bool = False
    #: the cache file it is kept in (None: not cached)
    cache_file: Path | None = None
    #: callables read after the scan (:meth:`api_at`), to be kept with it
    dirty: bool = False

    def api_at(self, path: str) -> Api | None:
        """The callable at ``path`` anywhere in the release (read once, then kept with the
        inventory); None when the source does not say its signature."""
        if path in self.apis:
            return self.apis[path]
        if path in self.unreadable:
            return None
        self.dirty = True
        try:
            with quiet_griffe():
                api = read_with_loader(release_loader(self.release), path, self.release.package)
        except ApiDiffError:
            self.unreadable.add(path)
            return None
        self.apis[path] = api
        return api

    def save(self) -> None:
        """Keep what :meth:`api_at` read in the cache file."""
        if self.dirty and self.cache_file is not None:
            with contextlib.suppress(OSError):
                atomic_write_text(self.cache_file, _dump(self), durable=False)
            self.dirty = False


def _kind(obj) -> str:
    if obj.is_module:
        return "module"
    if obj.is_class:
        return "class"
    if obj.is_function:
        return "function"
    return "attribute"


def _resolved(obj):
    """``(object, target path)``; the object None for a name from elsewhere."""
    import griffe

    if not obj.is_alias:
        return obj, str(obj.path)
    try:
        final = obj.final_target
    except (griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None, str(obj.target_path)
    return final, str(final.path)


def _public_names(obj, package: str) -> tuple[list[str], bool]:
    """``(names, exported)``: the names in ``__all__`` (``exported``), else those not
    starting with ``_`` but for names imported from another package (``import os``)."""
    exports = getattr(obj, "exports", None) if obj.is_module else None
    if exports:
        return sorted({str(getattr(n, "name", n)) for n in exports}), True
    # no ``__all__``, or one built at run time that griffe reads as empty (a stub's bare
    # annotation): what a reader of the module sees, without its own imports of others
    names = []
    for name, member in obj.members.items():
        if name.startswith("_"):
            continue
        if member.is_alias and not str(member.target_path).startswith(package + "."):
            continue
        names.append(name)
    return sorted(names), False


#: Modules of a test suite (pytest's conventions), never a place a name moved to.
_TEST_MODULE = re.compile(r"tests?|test_\w*|\w*_tests?|conftest")


def _public_modules(root, tests: bool = True) -> list:
    """``root`` and its public submodules, recursively (no part starting with ``_``);
    without ``tests``, not the modules of a test suite."""
    found, todo = [], [root]
    while todo:
        module = todo.pop()
        found.append(module)
        for name, sub in sorted(module.members.items()):
            if name.startswith("_"):
                continue
            if sub.is_alias:  # ``from . import exceptions``: the submodule itself, imported
                sub, target = _resolved(sub)
                if sub is None or target != f"{module.path}.{name}":
                    continue
            if not sub.is_module:
                continue
            if not tests and _TEST_MODULE.fullmatch(name):
                continue
            todo.append(sub)
    return found


def _class_members(cls) -> dict[str, object]:
    try:
        members = dict(cls.all_members)
    except Exception:  # a base class the source cannot follow
        members = dict(cls.members)
    return {n: m for n, m in members.items() if not n.startswith("_")}


def _scan(
    release: Release, module_path: str, class_members: bool, submodules: bool = False
) -> Inventory:
    loader = release_loader(release)
    collection = loader.modules_collection
    try:
        module = collection.get_member(module_path)
    except Exception:
        module = None
    if module is not None and module.is_alias:
        module, _ = _resolved(module)
    if module is None or not module.is_module:
        raise ApiDiffError(f"{module_path!r} is not a module of {release.name}")
    inv = Inventory(release, module_path)
    inv.tables = getattr_tables(module)
    label = release.package

    def add(path: str, obj, with_members: bool) -> None:
        final, target = _resolved(obj)
        kind = "external" if final is None else _kind(final)
        note = where = None
        if kind in CALLABLE_KINDS:
            note = callable_warning(final)
            where = f"a deprecation warning in {target}" if note else None
            # a callable whose signature the source does not say: listed, not compared
            with contextlib.suppress(ApiDiffError):
                api = read_with_loader(loader, path, label)
                inv.apis[path] = dataclasses.replace(api, version=release.version)
        inv.members[path] = Member(path, kind, target, note, where)
        if with_members and kind == "class" and target.startswith(release.package + "."):
            for name, member in sorted(_class_members(final).items()):
                add(f"{path}.{name}", member, False)

    package = release.package
    namespace = Namespace(collection, package)
    with quiet_griffe():
        for each in _public_modules(module) if submodules else [module]:
            _scan_module(each, package, namespace, add, class_members)
        top = collection.get_member(package)
        for sub in _public_modules(top, tests=False):
            names, exported = _public_names(sub, package)
            # and what the module defines itself (NumPy 2's ``numpy.exceptions.RankWarning``
            # is not in its ``__all__``): a place a name may have moved to, ranked after those
            defined = {
                n
                for n, m in sub.members.items()
                if not n.startswith("_") and not m.is_alias and not m.is_module
            }
            for name in sorted(set(names) | defined):
                exported_here = exported and name in names
                if name in sub.members:
                    final, target = _resolved(sub.members[name])
                    kind = "external" if final is None else _kind(final)
                    inv.elsewhere.setdefault(name, []).append(
                        [f"{sub.path}.{name}", kind, exported_here, target]
                    )
    return inv


def _scan_module(module, package: str, namespace: Namespace, add, class_members: bool) -> None:
    """``add`` each public member of one module: griffe's view, and what its ``.py`` binds
    that a stub left out."""
    names, exported = _public_names(module, package)
    for name in names:
        obj = module.members.get(name)
        if obj is not None:
            add(f"{module.path}.{name}", obj, class_members)
    for name, origin in sorted(namespace.bound(module.path).items()):
        if name.startswith("_") or name in module.members:
            continue
        if exported and name not in names:
            continue  # ``__all__`` says what is public
        if not (origin == package or origin.startswith(package + ".")):
            continue  # ``import os``: the module's own use, not its API
        obj = namespace.resolve(origin)
        if obj is not None:
            add(f"{module.path}.{name}", obj, class_members)


# ----------------------------------------------------------------------------------- cache


def _fingerprint(release: Release) -> str | None:
    """What identifies the release's files; None when they may change under the same name
    (a folder, an editable install: not cached)."""
    if release.how in ("index", "wheel", "sdist", "git"):
        return release.root
    if release.how == "installed":
        try:  # where it is, without importing it (nor loading its source)
            spec = importlib.util.find_spec(release.package)
        except (ImportError, ValueError):
            return None
        path = getattr(spec, "origin", None)
        if not path or not os.path.isfile(path):
            return None
        if "site-packages" not in path and "dist-packages" not in path:
            return None  # a source tree (editable): it changes without a new version
        return f"{path}:{release.version}:{os.stat(path).st_mtime_ns}"
    return None


def _cache_file(release: Release, module_path: str, scope: tuple[bool, bool]) -> Path | None:
    print_ = _fingerprint(release)
    if print_ is None:
        return None
    try:
        griffe_version = _dist_version("griffelib")
    except Exception:
        griffe_version = "?"
    key = json.dumps([print_, module_path, scope, griffe_version, __version__])
    digest = hashlib.sha256(key.encode()).hexdigest()[:24]
    return cache_root() / "releases" / f"inventory-{INVENTORY_FORMAT}" / f"{digest}.json"


def _dump(inv: Inventory) -> str:
    entries = {p: entry_from_api(a) for p, a in inv.apis.items()}
    return json.dumps(
        {
            "members": [
                [m.path, m.kind, m.target, m.note, m.note_source] for m in inv.members.values()
            ],
            "elsewhere": inv.elsewhere,
            "tables": inv.tables,
            "signatures": dumps(Snapshot(entries)),
            "notes": {p: list(a.notes) for p, a in inv.apis.items()},
            "unreadable": sorted(inv.unreadable),
        },
        ensure_ascii=False,
    )


def _load(text: str, release: Release, module_path: str) -> Inventory:
    raw = json.loads(text)
    inv = Inventory(release, module_path, from_cache=True)
    inv.members = {m[0]: Member(*m) for m in raw["members"]}
    inv.elsewhere = {k: list(v) for k, v in raw["elsewhere"].items()}
    inv.tables = {k: (v[0], v[1]) for k, v in raw["tables"].items()}
    inv.unreadable = set(raw["unreadable"])
    snap = loads(raw["signatures"])
    for path, entry in snap.entries.items():
        inv.apis[path] = _api(entry, release, tuple(raw["notes"].get(path, ())))
    return inv


def _api(entry: Entry, release: Release, notes: tuple[str, ...]) -> Api:
    return Api(
        entry.path,
        release.package,
        entry.kind,
        entry.source,
        entry.overloads,
        entry.version,
        notes,
    )


def read_inventory(
    release: Release, module_path: str, *, class_members: bool = False, submodules: bool = False
) -> Inventory:
    """The public members of ``module_path`` in ``release`` (with ``submodules``, of its
    public submodules too; with ``class_members``, of its classes too), from the cache when
    it has them. Raises :class:`ApiDiffError` (one line) when the release has no such
    module."""
    cache = _cache_file(release, module_path, (class_members, submodules))
    if cache is not None and cache.is_file():
        try:
            inv = _load(cache.read_text(encoding="utf-8"), release, module_path)
        except (ValueError, KeyError, TypeError, IndexError, Exception):
            pass  # a damaged or older file: read again
        else:
            inv.cache_file = cache
            return inv
    inv = _scan(release, module_path, class_members, submodules)
    inv.cache_file = cache
    if cache is not None:
        with contextlib.suppress(OSError):  # a cache that cannot be written is only slower
            atomic_write_text(cache, _dump(inv), durable=False)
    return inv
