"""The stub source: the ``def`` statements (every ``@overload``) in the ``.pyi`` files a
package ships, found next to the module or in a PEP 561 ``top-stubs`` package, parsed once into
a cached index that also follows ``from ... import`` re-exports, looked up at the places the
object may be defined, and turned into signatures.
"""

from __future__ import annotations

import ast
import functools
import inspect
import os
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass

from ..signature import (
    Kind,
    Parameter,
    Signature,
    SignatureSyntaxError,
    default_is_known,
    iter_arguments,
    scrub_repr,
)
from .disk_cache import cached
from .reconcile import positional_through
from .runtime import Reading

#: Stub modules that hold a package's C functions and classes but are not their ``__module__``:
#: ``torch.add.__module__ == "torch"``, yet its stubs are in ``torch/_C/_VariableFunctions.pyi``;
#: ``torch.device.__module__ == "torch"``, yet it is ``class device`` in ``torch/_C/__init__.pyi``.
#: Only asked after the object's own module, and only for C functions and classes.
_EXTRA_STUB_MODULES: dict[str, tuple[str, ...]] = {
    "torch": ("torch._C._VariableFunctions", "torch._C"),
}


@dataclass
class _StubIndex:
    module: str
    #: ``("Class", "method")`` / ``("func",)`` -> every ``def`` of that name, in file order.
    defs: dict[tuple[str, ...], list[ast.FunctionDef | ast.AsyncFunctionDef]]
    #: Top-level ``from X import a as b``: ``b`` -> (absolute module, ``a``).
    imports: dict[str, tuple[str, str]]


def _index_body(
    body: list[ast.stmt], prefix: tuple[str, ...], index: _StubIndex, module: str, is_pkg: bool
) -> None:
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            node.body = []  # drop docstrings: torch's stubs carry megabytes of them
            found = index.defs.setdefault((*prefix, node.name), [])
            dumped = ast.dump(node.args), ast.dump(node.returns) if node.returns else ""
            if all(
                (ast.dump(d.args), ast.dump(d.returns) if d.returns else "") != dumped
                for d in found
            ):
                found.append(node)
        elif isinstance(node, ast.ClassDef):
            _index_body(node.body, (*prefix, node.name), index, module, is_pkg)
        elif isinstance(node, ast.If):
            _index_body(node.body, prefix, index, module, is_pkg)
            _index_body(node.orelse, prefix, index, module, is_pkg)
        elif isinstance(node, ast.ImportFrom) and not prefix:
            source = node.module or ""
            if node.level:
                base = module.split(".")
                drop = node.level - 1 if is_pkg else node.level
                base = base[: len(base) - drop] if drop else base
                source = ".".join(base + ([source] if source else []))
            for alias in node.names:
                if alias.name != "*":
                    index.imports[alias.asname or alias.name] = (source, alias.name)


@functools.lru_cache(maxsize=256)
def _parse_stub(path: str, mtime_ns: int, module: str) -> _StubIndex | None:
    return cached("stub-index", [path], (module,), lambda: _index_stub(path, module))


def _index_stub(path: str, module: str) -> _StubIndex | None:
    try:
        with open(path, encoding="utf-8") as handle:
            tree = ast.parse(handle.read(), filename=path)
    except (OSError, SyntaxError, ValueError, UnicodeDecodeError):
        return None
    index = _StubIndex(module, {}, {})
    _index_body(tree.body, (), index, module, os.path.basename(path) == "__init__.pyi")
    return index


def _stub_roots(top: str) -> tuple[str, ...]:
    """Directories where ``top``'s files live: its package paths and ``top-stubs``."""
    roots: list[str] = []
    module = sys.modules.get(top)
    paths = getattr(module, "__path__", None)
    if paths is not None:
        roots.extend(str(p) for p in paths)
    roots.extend(_stubs_packages(top, tuple(p for p in sys.path if isinstance(p, str) and p)))
    return tuple(roots)


@functools.lru_cache(maxsize=256)
def _stubs_packages(top: str, search_path: tuple[str, ...]) -> tuple[str, ...]:
    """PEP 561 stub-only packages (``top-stubs``) on ``search_path``."""
    found = (os.path.join(entry, f"{top}-stubs") for entry in search_path)
    return tuple(d for d in found if os.path.isdir(d))


@functools.lru_cache(maxsize=1024)
def _stub_file(module_name: str, module_file: str | None, roots: tuple[str, ...]) -> str | None:
    candidates: list[str] = []
    if module_file:
        directory, base = os.path.split(module_file)
        stem = base.split(".", 1)[0]
        candidates.append(os.path.join(directory, stem + ".pyi"))
        candidates.append(os.path.join(directory, stem, "__init__.pyi"))  # torch/_C.so -> _C/
    rest = module_name.split(".")[1:]
    for root in roots:
        if rest:
            candidates.append(os.path.join(root, *rest[:-1], rest[-1] + ".pyi"))
        candidates.append(os.path.join(root, *rest, "__init__.pyi"))
    return next((c for c in candidates if os.path.isfile(c)), None)


def _stub_index(module_name: str) -> _StubIndex | None:
    if not module_name:
        return None
    module = sys.modules.get(module_name)
    module_file = getattr(module, "__file__", None) if module is not None else None
    roots = _stub_roots(module_name.split(".", 1)[0])
    path = _stub_file(module_name, module_file if isinstance(module_file, str) else None, roots)
    if path is None:
        return None
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _parse_stub(path, mtime, module_name)


def _stub_defs(module_name: str, qual: tuple[str, ...], depth: int = 0) -> list[ast.FunctionDef]:
    index = _stub_index(module_name)
    if index is None:
        return []
    found = index.defs.get(qual)
    if found:
        return found  # type: ignore[return-value]
    if depth < 3 and qual[0] in index.imports:  # follow ``from .x import name`` re-exports
        source, name = index.imports[qual[0]]
        if source and source != module_name:
            return _stub_defs(source, (name, *qual[1:]), depth + 1)
    return []


def _decorators(node: ast.FunctionDef) -> set[str]:
    names = set()
    for dec in node.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        if isinstance(target, ast.Name):
            names.add(target.id)
        elif isinstance(target, ast.Attribute):
            names.add(target.attr)
    return names


@functools.lru_cache(maxsize=8192)
def _from_ast(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Signature:
    """The signature a ``def`` states (memoized: the nodes live as long as their parsed stub,
    and the torch stubs' overloads are converted once, not once per read)."""

    def text(expr: ast.expr | None) -> str | None:
        return None if expr is None else scrub_repr(ast.unparse(expr))

    def make(arg: ast.arg, kind: Kind, dflt: ast.expr | None) -> Parameter:
        default = text(dflt)
        known = True if default is None else default_is_known(default)
        return Parameter(arg.arg, kind, default, known, text(arg.annotation))

    params = (make(arg, kind, dflt) for arg, kind, dflt in iter_arguments(node.args))
    return Signature(tuple(params), text(node.returns))


def _stub_places(
    obj: object, path: str, owner: object | None, module_name: str
) -> Iterator[tuple[str, tuple[str, ...]]]:
    """(stub module, qualified name) pairs to look up, best first."""
    last = path.rpartition(".")[2]
    if isinstance(obj, type):
        places = [
            (getattr(obj, "__module__", None), getattr(obj, "__qualname__", None)),
            (module_name, last),
        ]
        places += [(m, obj.__name__) for m in _EXTRA_STUB_MODULES.get(path.split(".", 1)[0], ())]
        for module, qualname in dict.fromkeys(places):
            if isinstance(module, str) and isinstance(qualname, str):
                for ctor in ("__init__", "__new__"):
                    yield module, (*qualname.split("."), ctor)
        return
    if isinstance(owner, type):
        classes = [getattr(obj, "__objclass__", None)]
        classes += [k for k in owner.__mro__ if last in getattr(k, "__dict__", {})]
        classes.append(owner)
        for klass in classes:
            if isinstance(klass, type) and klass is not object:
                qualname = klass.__qualname__
                yield klass.__module__, (*qualname.split("."), last)
        return
    name = getattr(obj, "__name__", None)
    own = name if isinstance(name, str) else None
    module_of = getattr(obj, "__module__", None)
    found_in = getattr(sys.modules.get(module_name), "__name__", None)
    modules = [m for m in (module_of, found_in, module_name) if isinstance(m, str)]
    # the names to look for: the path's, then the object's own; a C function's own name is
    # the binding's (``torch.linalg.det`` is ``linalg_det``), asked first and, in the modules
    # that are not the path's, alone: ``det`` there is another function
    if inspect.isbuiltin(obj) and own:
        places = [(m, n) for m in modules for n in dict.fromkeys((own, last))]
        extra = list(_EXTRA_STUB_MODULES.get(path.split(".", 1)[0], ()))
        if owner is not None and not isinstance(owner, type):
            extra.append(type(owner).__module__)  # a function on an instance of a C class
        places += [(m, own) for m in extra]
    else:
        names = [last] + ([own] if own and own != last else [])
        if owner is not None and not isinstance(owner, type):
            modules.append(type(owner).__module__)
        places = [(m, n) for m in modules for n in names]
    for module, n in dict.fromkeys(places):
        yield module, (n,)


def parse_stubs_for(obj: object, path: str, owner: object | None, module_name: str) -> int:
    """Parse, into the per-file cache, every stub file a read of ``obj`` may ask (before a
    parallel build forks: PyTorch's two big stubs take about a second to parse, once per
    process). Only for C callables, which the stubs answer for; returns the files parsed."""
    c_callable = inspect.isbuiltin(obj) or isinstance(
        obj, types.MethodDescriptorType | types.WrapperDescriptorType
    )
    if not c_callable:
        return 0
    modules = dict.fromkeys(module for module, _qual in _stub_places(obj, path, owner, module_name))
    return sum(1 for module in modules if _stub_index(module) is not None)


def _receiver_positional(sig: Signature) -> Signature:
    """A C function's stub overload with a parameter named ``self`` (what a binding generator
    writes for the receiver, as CPython's ``($self, ...)`` text signatures do) does not state
    the name the binding takes it by: it and those before it are read as positional-only."""
    names = sig.names()
    return positional_through(sig, names.index("self")) if "self" in names else sig


def read_stub(
    obj: object, path: str, owner: object | None, module_name: str, binding: str, reading: Reading
) -> tuple[Signature, ...]:
    for module, qual in _stub_places(obj, path, owner, module_name):
        nodes = _stub_defs(module, qual)
        if not nodes:
            continue
        overloads: list[Signature] = []
        in_class = len(qual) > 1
        for node in nodes:
            try:
                sig = _from_ast(node)
            except (SignatureSyntaxError, ValueError):
                continue
            # __new__ is implicitly static but takes ``cls``; methods take ``self``/``cls``
            if in_class and (qual[-1] == "__new__" or "staticmethod" not in _decorators(node)):
                sig = sig.without_first()
            if isinstance(obj, type):
                sig = Signature(sig.parameters, None, sig.notes)
            elif not in_class and inspect.isbuiltin(obj):
                sig = _receiver_positional(sig)
            if sig not in overloads:
                overloads.append(sig)
        known = [sig for sig in overloads if not sig.is_bare_varargs()]
        if known:
            return tuple(known)
    reading.notes.append("stub: no .pyi defines it")
    return ()
