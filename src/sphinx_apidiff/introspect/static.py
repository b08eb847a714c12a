"""Static reading: a callable's signature from its package's source and ``.pyi`` stubs on disk,
without importing (executing) any of it.

For a package whose import fails (MegEngine on a Python it has no wheel for, a GPU-only build,
a missing compiled part) or that should not be imported (``apidiff_static``). The parsing and
the name resolution are griffe's (https://mkdocstrings.github.io/griffe/), the established
library for this, which mkdocstrings uses to document packages without importing them: it
follows ``from .conv import ConvTranspose2d`` re-exports, ``__all__``, inherited ``__init__``,
dataclass fields, ``@typing.overload`` and merges ``.pyi`` stubs with the source. A reader built
on :mod:`ast` alone would have to do each of those again; griffe is pure Python, with no
dependencies of its own.

Each top-level package is loaded once (all of its modules: about a second for MegEngine's 255
files); every later read in it is a lookup. Module-level type aliases in annotations are expanded
(``kernel_size: _size_2_t`` reads ``int | tuple[int, int]``, as the live reading shows it), and
so is a name imported under another one (``_dtype`` is ``torch.dtype``); a name that cannot be
resolved (from a compiled part) stays as written. Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..api import Api, ApiDiffError
from ..signature import Kind, Parameter, Signature, SignatureSyntaxError, default_is_known
from ..signature.aliases import Alias, Lookup, expand_aliases
from .resolve import package_version

__all__ = [
    "NoSource",
    "clear_static_answers",
    "clear_static_cache",
    "package_loader",
    "quiet_griffe",
    "read_static",
    "read_with_loader",
    "static_callables",
    "static_target",
]

_KINDS = {
    "positional-only": Kind.POSITIONAL_ONLY,
    "positional or keyword": Kind.POSITIONAL_OR_KEYWORD,
    "variadic positional": Kind.VAR_POSITIONAL,
    "keyword-only": Kind.KEYWORD_ONLY,
    "variadic keyword": Kind.VAR_KEYWORD,
}
#: Decorators that do not change what a caller passes (the others are named in the notes).
_TRANSPARENT = frozenset(
    {"staticmethod", "classmethod", "overload", "typing.overload", "functools.wraps", "wraps"}
)


class NoSource(ApiDiffError):
    """The package is not on disk (or is blocked): there is nothing to read statically."""


#: top-level package -> its griffe loader (or the one-line reason it could not be loaded)
_LOADERS: dict[str, Any] = {}
#: (path, label) -> Api
_MEMO: dict[tuple[str, str], Api] = {}
#: (module path, name) -> what the name is there, as a type alias (None: not one)
_ALIASES: dict[tuple[str, str], Alias | None] = {}


#: (stub file, module path) -> the stub visited alone (see :func:`_stub_overloads`)
_STUBS: dict[tuple[str, str], Any] = {}


def clear_static_cache() -> None:
    """Forget every package read statically (a test or a benchmark's first read)."""
    _LOADERS.clear()
    _STUBS.clear()
    _MEMO.clear()
    _ALIASES.clear()


def clear_static_answers() -> None:
    """Forget the answers per path, keep the loaded packages (as the stub cache is kept)."""
    _MEMO.clear()


@contextlib.contextmanager
def quiet_griffe() -> Iterator[None]:
    """griffe logs what it cannot resolve; a page build reports only what it uses."""
    log = logging.getLogger("griffe")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _loader(top: str):
    """The loader holding ``top``'s package; :class:`ApiDiffError` if it is not on disk."""
    if top in _LOADERS:
        loader = _LOADERS[top]
        if isinstance(loader, NoSource):
            raise loader
        if isinstance(loader, str):
            raise ApiDiffError(loader)
        return loader
    if top in sys.modules and sys.modules[top] is None:
        # Python's own way to say "this module is not available": its source is not read either
        raise NoSource(f"{top!r} is blocked (None in sys.modules)")
    import griffe

    loader = griffe.GriffeLoader(search_paths=list(sys.path), allow_inspection=False)
    try:
        with quiet_griffe():
            loader.load(top, find_stubs_package=True)
    except ModuleNotFoundError:
        missing = NoSource(f"no source of {top!r} on the path (sys.path)")
        _LOADERS[top] = missing
        raise missing from None
    except Exception as exc:  # a file griffe cannot parse: the package cannot be read
        reason = f"reading the source of {top!r} failed: {type(exc).__name__}: {exc}"
    else:
        _LOADERS[top] = loader
        return loader
    reason = reason.splitlines()[0]
    _LOADERS[top] = reason
    raise ApiDiffError(reason)


def package_loader(top: str):
    """The griffe loader holding the installed package ``top`` (loaded once); raises
    :class:`ApiDiffError` (:class:`NoSource` when it is not on disk)."""
    return _loader(top)


def _target(loader, path: str):
    """The griffe object at ``path``, re-exports followed (loading their packages)."""
    import griffe

    try:
        obj = loader.modules_collection.get_member(path)
    except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        obj = None
    if obj is None:
        raise ApiDiffError(f"{path!r} is not in the source of {path.split('.', 1)[0]!r}")
    for _ in range(3):  # an alias into another package: load that one and look again
        try:
            return obj.final_target if obj.is_alias else obj
        except griffe.CyclicAliasError:
            break
        except griffe.AliasResolutionError as exc:
            missing = getattr(exc.alias, "target_path", "") or ""
            top = missing.split(".", 1)[0]
            if not top or top in loader.modules_collection.members:
                break
            try:
                with quiet_griffe():
                    loader.load(top, find_stubs_package=True)
            except Exception:
                break
    raise ApiDiffError(f"{path!r} re-exports a name its source does not define")


def _final(collection, path: str, name: str):
    """``(object, path, renamed)`` at ``path``, imports followed: the object None where the
    source ends; ``renamed``, the first path on the way whose last part is not ``name``'s."""
    last = name.rpartition(".")[2]
    renamed = None
    for _ in range(6):
        if renamed is None and path.rpartition(".")[2] != last and "." in path:
            renamed = path
        try:
            obj = collection.get_member(path)
        except Exception:
            return None, renamed
        if obj is None or not obj.is_alias:
            return obj, renamed
        path = obj.target_path
    return None, renamed


def _type_params(value: str, module) -> tuple[str, ...]:
    """The names in ``value`` that are type variables of ``module`` (``T = TypeVar("T")``)."""
    import ast

    found: list[str] = []
    for node in ast.walk(ast.parse(value, mode="eval")):
        if isinstance(node, ast.Name) and node.id not in found:
            member = module.members.get(node.id)
            target = None if member is None or member.is_alias else member
            if (
                target is not None
                and target.is_attribute
                and str(getattr(target, "value", "")).startswith(("TypeVar(", "typing.TypeVar("))
            ):
                found.append(node.id)
    return tuple(found)


def _as_alias(name: str, module) -> Alias | None:
    """What ``name`` is in ``module``'s scope, when it is a type alias or a renamed import."""
    import ast

    head, _, rest = name.partition(".")
    try:
        path = module.resolve(head)
    except Exception:  # a builtin, a name from nowhere
        return None
    path = f"{path}.{rest}" if rest else path
    obj, renamed = _final(module.modules_collection, path, name)
    if obj is None or obj.is_class:
        # a class, or a name whose source is not here: only an import under another name
        # (``from torch import dtype as _dtype``) is said by its own name
        return Alias(renamed, (), lambda _name: None) if renamed else None
    if not obj.is_attribute or obj.parent is None or not obj.parent.is_module:
        return None
    value = getattr(obj, "value", None)
    if value is None:
        return None
    text = str(value)
    try:
        node = ast.parse(text, mode="eval").body
    except SyntaxError:
        return None
    annotation = getattr(obj, "annotation", None)
    declared = str(getattr(annotation, "canonical_path", annotation) or "").endswith("TypeAlias")
    typed = isinstance(node, ast.Subscript) or (
        isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr)
    )
    if not (declared or typed):
        return None  # ``x = 3``, ``T = TypeVar("T")``, ``Tensor = core.Tensor``
    return Alias(text, _type_params(text, obj.parent), _alias_lookup(obj.parent))


def _alias_lookup(module) -> Lookup:
    """The aliases of ``module``'s scope, memoised per module and name."""

    def lookup(name: str) -> Alias | None:
        key = (module.path, name)
        if key not in _ALIASES:
            try:
                _ALIASES[key] = _as_alias(name, module)
            except Exception:  # griffe meets source it cannot follow: the name stays
                _ALIASES[key] = None
        return _ALIASES[key]

    return lookup


def _annotation(expr, lookup: Lookup) -> str | None:
    return expand_aliases(str(expr), lookup) if expr is not None else None


def _decorators(func) -> list[str]:
    return [str(d.value) for d in getattr(func, "decorators", ())]


def _signature(func, drop_first: bool) -> Signature:
    params: list[Parameter] = []
    lookup = _alias_lookup(func.module)
    for param in func.parameters:
        kind = _KINDS[param.kind.value]
        annotation = _annotation(param.annotation, lookup)
        default = None
        if param.default is not None and not kind.variadic:
            default = str(param.default)
        known = default_is_known(default) if default is not None else True
        params.append(Parameter(param.name, kind, default, known, annotation))
    returns = _annotation(getattr(func, "returns", None), lookup)
    sig = Signature(tuple(params), returns)
    return sig.without_first() if drop_first else sig


def _function_overloads(func, drop_first: bool) -> tuple[Signature, ...]:
    declared = [o for o in (getattr(func, "overloads", None) or ()) if o is not None]
    sigs = tuple(_signature(f, drop_first) for f in declared or [func])
    if len(sigs) == 1 and sigs[0].is_bare_varargs():
        return _stub_overloads(func, drop_first) or sigs
    return sigs


def _stub_overloads(func, drop_first: bool) -> tuple[Signature, ...]:
    """The ``.pyi`` beside the module, for a ``def f(*args, **kwargs)`` in its source.

    griffe merges a stub into the source by annotations only; a bare source says nothing of
    the parameters the stub declares, so the stub's own ``def`` (and overloads) is read.
    """
    import griffe

    filepath = getattr(func.module, "filepath", None)
    if not isinstance(filepath, Path) or filepath.suffix != ".py":
        return ()
    stub = filepath.with_suffix(".pyi")
    key = (str(stub), func.module.path)
    try:
        module = _STUBS.get(key)
        if module is None:  # one visit per stub file (numpy's ``__init__.pyi`` takes a second)
            module = griffe.visit(func.module.path, stub, stub.read_text(encoding="utf-8"))
            _STUBS[key] = module
        found = module.get_member(func.path[len(func.module.path) + 1 :])
    except Exception:  # no stub, or one that does not define it
        return ()
    if not getattr(found, "is_function", False):
        return ()
    declared = [o for o in (getattr(found, "overloads", None) or ()) if o is not None]
    return tuple(_signature(f, drop_first) for f in declared or [found])


def _read(loader, path: str, label: str) -> Api:
    obj = _target(loader, path)
    notes: list[str] = [f"read from the source of {obj.package.name}, not imported"]
    top = path.split(".", 1)[0]
    version = package_version(top)
    if obj.is_class:
        members = obj.all_members if not obj.is_alias else obj.final_target.all_members
        init = next((members[n] for n in ("__init__", "__new__") if n in members), None)
        if init is not None and init.is_alias:
            init = init.final_target
        if init is None or not init.is_function:
            overloads: tuple[Signature, ...] = (Signature(),)
            notes.append("no __init__ in the source: called without arguments")
        else:
            overloads = tuple(
                Signature(s.parameters, None, s.notes) for s in _function_overloads(init, True)
            )
            extra = [d for d in _decorators(init) if d not in _TRANSPARENT]
            notes.extend(f"__init__ decorated with @{d}" for d in extra)
        notes.extend(f"decorated with @{d}" for d in _decorators(obj) if d not in _TRANSPARENT)
        return Api(path, label, "class", "static", overloads, version, tuple(notes))
    labels = set(getattr(obj, "labels", ()))
    if "property" in labels:
        raise ApiDiffError(f"{path!r} is not callable (its source defines it as a property)")
    if not obj.is_function:
        what = "a module" if obj.is_module else "an attribute"
        raise ApiDiffError(f"{path!r} is not callable (its source defines it as {what})")
    kind, drop = "function", False
    if obj.parent is not None and obj.parent.is_class:
        kind, drop = "method", True
        if "staticmethod" in labels:
            kind, drop = "staticmethod", False
        elif "classmethod" in labels:
            kind = "classmethod"
    overloads = _function_overloads(obj, drop)
    notes.extend(f"decorated with @{d}" for d in _decorators(obj) if d not in _TRANSPARENT)
    return Api(path, label, kind, "static", overloads, version, tuple(dict.fromkeys(notes)))


def read_static(path: str, label: str | None = None) -> Api:
    """Read the callable at ``path`` from its package's source, without importing it.

    A class is read as a call of its ``__init__`` (its own or inherited) without ``self``; a
    method reached through its class without its first parameter (not for a static method).
    Annotations and defaults are the source's text. Raises :class:`ApiDiffError` (one line)
    when the package is not on disk or does not define ``path``.
    """
    label = label or path.split(".", 1)[0]
    key = (path, label)
    hit = _MEMO.get(key)
    if hit is not None:
        return hit
    api = read_with_loader(_loader(path.split(".", 1)[0]), path, label)
    _MEMO[key] = api
    return api


def read_with_loader(loader, path: str, label: str) -> Api:
    """:func:`read_static` with a griffe loader of the caller's (a release's sources that are
    not on ``sys.path``); not memoised. Raises :class:`ApiDiffError` (one line)."""
    try:
        with quiet_griffe():
            return _read(loader, path, label)
    except ApiDiffError:
        raise
    except SignatureSyntaxError as exc:
        raise ApiDiffError(f"reading {path!r} from its source: {exc}") from None
    except Exception as exc:  # griffe meets source it cannot follow: say so, one line
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0]
        raise ApiDiffError(f"reading {path!r} from its source failed: {reason}") from None


def static_target(path: str) -> str:
    """The path where the source defines what ``path`` names, re-exports followed
    (``json.decoder.JSONDecoder`` for ``json.JSONDecoder``): two paths naming the same
    object give the same answer. Raises :class:`ApiDiffError` (:class:`NoSource` when the
    package is not on disk) if the source does not define ``path``."""
    loader = _loader(path.split(".", 1)[0])
    with quiet_griffe():
        return str(_target(loader, path).path)


def static_callables(module_path: str) -> dict[str, tuple[str, bool]]:
    """``{name: (static_target, is_class)}`` of a module's public functions and classes,
    sorted by name, read from its source without importing it.

    Public: listed in ``__all__`` when the source sets it, else not starting with ``_``.
    Submodules, attributes and names the source cannot follow are left out (an object made
    at run time, ``gelu = GELU()``, cannot be told callable without running the code).
    Raises :class:`ApiDiffError` (:class:`NoSource` when the package is not on disk) when the
    source has no such module.
    """
    loader = _loader(module_path.split(".", 1)[0])
    with quiet_griffe():
        module = _target(loader, module_path)
        if not module.is_module:
            raise ApiDiffError(f"{module_path!r} is not a module")
        exports = module.exports
        if exports is None:
            names = [n for n in module.members if not n.startswith("_")]
        else:
            names = [str(getattr(n, "name", n)) for n in exports]
        found: dict[str, tuple[str, bool]] = {}
        for name in sorted(set(names)):
            if name not in module.members:
                continue
            try:
                target = _target(loader, f"{module_path}.{name}")
            except ApiDiffError:  # a re-export the source cannot follow
                continue
            if target.is_function or target.is_class:
                found[name] = (str(target.path), bool(target.is_class))
        return found
