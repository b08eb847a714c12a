"""Read one callable's signature: resolve a dotted path, then ask its sources in order.

The sources, in the order they are tried (:data:`sphinx_apidiff.api.SOURCES`):

``explicit``
    Signature text the author gave; the object need not be importable.
``runtime``
    :func:`inspect.signature`, hardened: classes are read through ``__signature__``, a metaclass
    ``__call__``, ``__new__`` and ``__init__`` (as Sphinx autodoc does), a bare
    ``(*args, **kwargs)`` counts as "unknown", and exceptions fall through to the next source.
``docstring``
    ``name(...) -> Ret`` lines in the docstring; every such line is one overload (how PyTorch and
    NumPy document their C functions).
``stub``
    ``def`` statements (all ``@overload`` s) in the ``.pyi`` files the package ships.

A method reached through its class is compared as a call on an instance: its first parameter
is dropped unless it is a static or class method.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import ast
import difflib
import enum
import functools
import importlib
import importlib.metadata
import inspect
import os
import re
import sys
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .api import Api, ApiDiffError
from .signature import (
    Kind,
    Parameter,
    Signature,
    SignatureSyntaxError,
    default_is_known,
    parse_signature,
    scrub_repr,
)

__all__ = ["package_version", "read_api", "resolve"]

_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*")
_MISSING = object()

# ------------------------------------------------------------------------------ messages


def _one_line(text: str, limit: int = 200) -> str:
    """First non-empty line of ``text``, without memory addresses, at most ``limit`` chars."""
    line = next((ln.strip() for ln in str(text).splitlines() if ln.strip()), "")
    line = scrub_repr(line)
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _describe(exc: BaseException) -> str:
    message = _one_line(str(exc))
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


# ------------------------------------------------------------------------------- resolve


def _failing_module(name: str) -> str:
    """The module whose import failed: the shortest prefix of ``name`` not in sys.modules."""
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        prefix = ".".join(parts[:i])
        if prefix not in sys.modules:
            return prefix
    return name


def _import_longest(path: str, parts: list[str]) -> tuple[types.ModuleType, int]:
    """Import the longest importable prefix of ``parts``; return it and how many parts it has.

    An attribute of an already imported parent that is not a module wins over a submodule of
    the same name (it is what ``parent.name`` gives in Python), and it saves a failed import.
    """
    # the common case needs no import at all: ``torch`` is imported and ``torch.Tensor`` is an
    # attribute of it, so neither ``torch.Tensor`` nor ``torch.Tensor.add`` can be a module
    for j in range(len(parts) - 1, 0, -1):
        module = sys.modules.get(".".join(parts[:j]))
        if isinstance(module, types.ModuleType):
            attr = getattr(module, "__dict__", {}).get(parts[j], _MISSING)
            if attr is not _MISSING and not isinstance(attr, types.ModuleType):
                return module, j
            break
    i = len(parts)
    while i > 0:
        name = ".".join(parts[:i])
        module = sys.modules.get(name)
        if isinstance(module, types.ModuleType):
            return module, i
        if i > 1:
            parent = sys.modules.get(".".join(parts[: i - 1]))
            namespace = getattr(parent, "__dict__", None) if parent is not None else None
            if (
                namespace is not None
                and parts[i - 1] in namespace
                and not isinstance(namespace[parts[i - 1]], types.ModuleType)
            ):
                i -= 1
                continue
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            missing = exc.name or name
            if name == missing or name.startswith(missing + "."):
                i = missing.count(".")  # every prefix down to ``missing`` is missing too
                if i == 0:
                    raise ApiDiffError(
                        f"cannot import {path!r}: no module named {parts[0]!r}"
                    ) from None
                continue
            raise ApiDiffError(
                f"importing {_failing_module(name)!r} raised {_describe(exc)}"
            ) from None
        except (Exception, SystemExit) as exc:
            raise ApiDiffError(
                f"importing {_failing_module(name)!r} raised {_describe(exc)}"
            ) from None
        return module, i
    raise ApiDiffError(f"cannot import {path!r}: no module named {parts[0]!r}")


def _suggestions(owner: object, name: str) -> str:
    try:
        names = [n for n in dir(owner) if isinstance(n, str)]
    except Exception:
        return ""
    close = difflib.get_close_matches(name, names, n=3)
    if not close:
        return ""
    return "; did you mean " + ", ".join(repr(n) for n in close) + "?"


def resolve(path: str) -> tuple[object, object | None, str]:
    """Find the object a dotted path names: ``(obj, owner, module_name)``.

    ``owner`` is the object the last attribute was taken from (a class for a method), ``None``
    when that is a module. ``module_name`` is the longest importable prefix of ``path``.
    Raises :class:`ApiDiffError` with a one-line message.
    """
    path = path.strip() if isinstance(path, str) else path
    if not isinstance(path, str) or not _PATH.fullmatch(path):
        raise ApiDiffError(f"{path!r} is not a dotted Python path like 'package.module.name'")
    parts = path.split(".")
    module, count = _import_longest(path, parts)
    obj: object = module
    parent: object | None = None
    for i in range(count, len(parts)):
        parent = obj
        try:
            obj = getattr(parent, parts[i])
        except AttributeError:
            where = ".".join(parts[:i])
            raise ApiDiffError(
                f"{where!r} has no attribute {parts[i]!r}{_suggestions(parent, parts[i])}"
            ) from None
        except Exception as exc:
            raise ApiDiffError(
                f"getting {'.'.join(parts[: i + 1])!r} raised {_describe(exc)}"
            ) from None
    owner = None if parent is None or isinstance(parent, types.ModuleType) else parent
    return obj, owner, ".".join(parts[:count])


# ------------------------------------------------------------------------------- version


@functools.lru_cache(maxsize=1)
def _packages_distributions() -> dict[str, list[str]]:
    try:
        return dict(importlib.metadata.packages_distributions())
    except Exception:
        return {}


@functools.cache
def _distribution_version(top: str) -> str | None:
    for dist in _packages_distributions().get(top, ()):
        try:
            return importlib.metadata.version(dist)
        except Exception:
            continue
    return None


def package_version(module_name: str) -> str | None:
    """Installed version of the distribution that provides ``module_name``'s top package.

    Falls back to the module's ``__version__`` (only if it is already imported); ``None`` when
    unknown (standard library, a package that is not installed).
    """
    top = module_name.split(".", 1)[0]
    version = _distribution_version(top)
    if version:
        return version
    module = sys.modules.get(top)
    value = getattr(module, "__version__", None) if module is not None else None
    return value if isinstance(value, str) and value else None


# --------------------------------------------------------------------- runtime: rendering

_TYPING_DOT = re.compile(r"\b(?:typing|typing_extensions)\.")
_FORWARD_REF = re.compile(r"ForwardRef\((['\"])(.*?)\1(?:, module=[^)]*)?\)")


def _type_name(cls: type) -> str:
    module = getattr(cls, "__module__", None)
    qualname = getattr(cls, "__qualname__", None) or getattr(cls, "__name__", repr(cls))
    if cls is type(None):
        return "None"
    if module in (None, "builtins", "typing", "typing_extensions"):  # typing.Any is a class
        return qualname
    return f"{module}.{qualname}"


def format_annotation(annotation: object) -> str:
    """Readable text for a runtime annotation (``int``, ``torch.Tensor``, ``list[int] | None``)."""
    if isinstance(annotation, str):
        return annotation
    if annotation is None or annotation is type(None):
        return "None"
    if isinstance(annotation, type) and not isinstance(annotation, types.GenericAlias):
        return _type_name(annotation)
    try:
        text = repr(annotation)
    except Exception:
        return f"<{type(annotation).__name__}>"
    text = _TYPING_DOT.sub("", text)
    text = _FORWARD_REF.sub(r"\2", text)
    text = re.sub(r"\bNoneType\b", "None", text)
    return scrub_repr(text)


def _sorted_reprs(values: Iterable[object]) -> list[str]:
    return sorted(_default_text(v) for v in values)


def _default_text(value: object) -> str:
    """Source-like text for a runtime default, reproducible (no addresses, sorted sets)."""
    if isinstance(value, enum.Enum) and isinstance(getattr(value, "name", None), str):
        return f"{type(value).__qualname__}.{value.name}"
    if isinstance(value, type):
        return format_annotation(value)
    if inspect.isroutine(value) and isinstance(getattr(value, "__qualname__", None), str):
        module = getattr(value, "__module__", None)
        qualname = value.__qualname__
        return qualname if module in (None, "builtins") else f"{module}.{qualname}"
    if type(value) in (set, frozenset) and value:
        inner = "{" + ", ".join(_sorted_reprs(value)) + "}"  # type: ignore[arg-type]
        return inner if type(value) is set else f"frozenset({inner})"
    try:
        text = repr(value)
    except Exception:
        return f"<{type(value).__name__}>"
    if not isinstance(text, str):
        return f"<{type(value).__name__}>"
    if "\n" in text:  # str reprs never hold a raw newline, so this only joins multi-line reprs
        text = " ".join(text.split())
    text = scrub_repr(text)
    return text if len(text) <= 300 else text[:299] + "…"


_INSPECT_KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: Kind.POSITIONAL_ONLY,
    inspect.Parameter.POSITIONAL_OR_KEYWORD: Kind.POSITIONAL_OR_KEYWORD,
    inspect.Parameter.VAR_POSITIONAL: Kind.VAR_POSITIONAL,
    inspect.Parameter.KEYWORD_ONLY: Kind.KEYWORD_ONLY,
    inspect.Parameter.VAR_KEYWORD: Kind.VAR_KEYWORD,
}


def _from_inspect(sig: inspect.Signature) -> Signature:
    params = []
    for param in sig.parameters.values():
        annotation = None
        if param.annotation is not inspect.Parameter.empty:
            annotation = format_annotation(param.annotation)
        if param.default is inspect.Parameter.empty:
            default, known = None, True
        else:
            default = _default_text(param.default)
            known = default_is_known(default)
        params.append(Parameter(param.name, _INSPECT_KINDS[param.kind], default, known, annotation))
    ret = None
    if sig.return_annotation is not inspect.Signature.empty:
        ret = format_annotation(sig.return_annotation)
    return Signature(tuple(params), ret)


# -------------------------------------------------------------------- runtime: the reading

_SKIPPED_METACLASS_CALLS = {"EnumMeta.__call__", "EnumType.__call__"}


def _user_defined(obj: object, name: str) -> object | None:
    """``obj.name`` if it is written in Python (not ``object.__init__`` or a C slot wrapper)."""
    try:
        attr = getattr(obj, name, None)
    except Exception:
        return None
    if attr is None or inspect.isbuiltin(attr) or inspect.ismethodwrapper(attr):
        return None
    if isinstance(attr, types.WrapperDescriptorType | types.MethodDescriptorType):
        return None
    return attr


def _defined_in(cls: type, name: str) -> int:
    """Index in the MRO of the class that defines ``name`` (large if none)."""
    for index, klass in enumerate(getattr(cls, "__mro__", ())):
        if name in getattr(klass, "__dict__", {}):
            return index
    return 1 << 30


@dataclass
class _Reading:
    """What the sources said while reading one object."""

    notes: list[str] = field(default_factory=list)
    #: A bare (*args, **kwargs) from the runtime, used only if nothing else answers.
    bare: Signature | None = None


def _class_runtime(cls: type, reading: _Reading) -> Signature | None:
    """``__signature__``, metaclass ``__call__``, ``__new__``, ``__init__``, then inspect."""
    try:
        declared = getattr(cls, "__signature__", None)
    except Exception as exc:
        declared = None
        reading.notes.append(f"runtime: __signature__ raised {_describe(exc)}")
    if isinstance(declared, inspect.Signature):
        return _from_inspect(declared)

    candidates: list[tuple[str, object]] = []
    call = _user_defined(type(cls), "__call__")
    if call is not None and getattr(call, "__qualname__", "") not in _SKIPPED_METACLASS_CALLS:
        candidates.append(("metaclass __call__", call))
    new = _user_defined(cls, "__new__")
    init = _user_defined(cls, "__init__")
    constructors = [("__new__", new), ("__init__", init)]
    if (
        new is not None
        and init is not None
        and _defined_in(cls, "__init__") < _defined_in(cls, "__new__")
    ):
        constructors.reverse()  # a subclass's __init__ is more precise than an inherited __new__
    candidates.extend((name, f) for name, f in constructors if f is not None)

    for name, func in candidates:
        try:
            sig = _from_inspect(inspect.signature(func)).without_first()  # type: ignore[arg-type]
        except Exception as exc:
            reading.notes.append(f"runtime: {name} gave {_describe(exc)}")
            continue
        if sig.is_bare_varargs():
            reading.bare = reading.bare or sig
            continue
        return sig
    if not candidates:
        try:
            sig = _from_inspect(inspect.signature(cls))
        except Exception as exc:
            reading.notes.append(f"runtime: {_describe(exc)}")
            return None
        if sig.is_bare_varargs():
            reading.bare = reading.bare or sig
            return None
        return sig
    return None


def _runtime(obj: object, binding: str, reading: _Reading) -> Signature | None:
    if isinstance(obj, type):
        sig = _class_runtime(obj, reading)
        if sig is None:
            if reading.bare is not None:
                reading.notes.append("runtime: only (*args, **kwargs)")
            return None
        return Signature(sig.parameters, None, sig.notes)
    try:
        sig = _from_inspect(inspect.signature(obj))  # type: ignore[arg-type]
    except Exception as exc:
        reading.notes.append(f"runtime: {_describe(exc)}")
        return None
    if binding == "drop":
        sig = sig.without_first()
    if sig.is_bare_varargs():
        reading.bare = sig
        reading.notes.append("runtime: only (*args, **kwargs)")
        return None
    return sig


# ----------------------------------------------------------------------------- docstring

_DIRECTIVE = re.compile(
    r"\.\.\s+(?:py:)?(?:function|method|class|staticmethod|classmethod|autofunction)::\s*"
)
_HEAD = re.compile(r"([A-Za-z_][\w.]*)\s*\(")
#: ``(*size, *, out=None)``: a bare ``*`` after ``*args`` is redundant, and not Python.
_STAR_AFTER_VARARGS = re.compile(r"(\*\s*[A-Za-z_]\w*(?:\s*:[^,()]*)?)\s*,\s*\*\s*(?=[,)])")


def _close_paren(text: str, start: int) -> int:
    """Index of the parenthesis closing the one at ``start`` (skips strings), or -1."""
    depth = 0
    quote = ""
    i = start
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "'\"":
            quote = ch
        elif ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


def _signature_texts(doc: str, names: frozenset[str], qualifiers: frozenset[str]) -> Iterator[str]:
    """Candidate ``name(...) -> Ret`` texts at the left margin of a cleaned docstring."""
    lines = inspect.cleandoc(doc).splitlines()
    for index, line in enumerate(lines):
        if not line or line[0].isspace():
            continue  # examples and their output are indented
        text = _DIRECTIVE.sub("", line, count=1) if line.startswith("..") else line
        match = _HEAD.match(text)
        if not match:
            continue
        head = match.group(1)
        qualifier, _, name = head.rpartition(".")
        if name not in names or (qualifier and qualifier not in qualifiers):
            continue
        # join continuation lines until the parentheses balance
        joined = text
        close = _close_paren(joined, match.end() - 1)
        extra = index + 1
        while close < 0 and extra < len(lines) and extra - index <= 30:
            joined += " " + lines[extra].strip()
            extra += 1
            close = _close_paren(joined, match.end() - 1)
        if close < 0:
            continue
        tail = joined[close + 1 :].strip()
        ret = ""
        if tail.startswith("->"):
            ret = " " + tail.rstrip(":.").strip()
        elif tail not in ("", ":", "."):
            continue  # prose such as "sum(x) is computed..."
        yield joined[match.start(1) : close + 1] + ret


@functools.lru_cache(maxsize=4096)
def _docstring_overloads(
    doc: str, names: frozenset[str], qualifiers: frozenset[str]
) -> tuple[Signature, ...]:
    overloads: list[Signature] = []
    for text in _signature_texts(doc, names, qualifiers):
        text = _STAR_AFTER_VARARGS.sub(r"\1", text)
        try:
            sig = parse_signature(text)
        except (SignatureSyntaxError, ValueError):
            continue
        if sig not in overloads:
            overloads.append(sig)
    return tuple(overloads)


def _suffixes(dotted: str | None) -> Iterator[str]:
    if not dotted:
        return
    parts = dotted.split(".")
    for i in range(len(parts)):
        yield ".".join(parts[i:])


def _docstring(
    obj: object, path: str, owner: object | None, binding: str, reading: _Reading
) -> tuple[Signature, ...]:
    try:
        doc = getattr(obj, "__doc__", None)
    except Exception:
        doc = None
    if not isinstance(doc, str) or not doc.strip():
        reading.notes.append("docstring: none")
        return ()
    last = path.rpartition(".")[2]
    names = {last}
    name = getattr(obj, "__name__", None)
    if isinstance(name, str):
        names.add(name)
    qualifiers = set(_suffixes(path.rpartition(".")[0]))
    qualname = getattr(obj, "__qualname__", None)
    for dotted in (
        getattr(obj, "__module__", None),
        qualname.rpartition(".")[0] if isinstance(qualname, str) else None,
        getattr(owner, "__qualname__", None),
        getattr(owner, "__name__", None),
    ):
        if isinstance(dotted, str):
            qualifiers.update(_suffixes(dotted))
    overloads = _docstring_overloads(doc, frozenset(names), frozenset(qualifiers))
    known = [sig for sig in overloads if not sig.is_bare_varargs()]
    if not known:
        reading.notes.append(
            "docstring: only (*args, **kwargs)" if overloads else "docstring: no signature line"
        )
        return ()
    # C methods document the call on an instance; drop ``self`` if a docstring spells it
    first = {"drop": "self", "class": "self", "classmethod": "cls"}.get(binding)
    return tuple(
        sig.without_first() if first and sig.parameters and sig.parameters[0].name == first else sig
        for sig in known
    )


# ---------------------------------------------------------------------------------- stubs

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


def _from_ast(node: ast.FunctionDef | ast.AsyncFunctionDef) -> Signature:
    args = node.args

    def text(expr: ast.expr | None) -> str | None:
        return None if expr is None else scrub_repr(ast.unparse(expr))

    def make(arg: ast.arg, kind: Kind, dflt: ast.expr | None) -> Parameter:
        default = text(dflt)
        known = True if default is None else default_is_known(default)
        return Parameter(arg.arg, kind, default, known, text(arg.annotation))

    params: list[Parameter] = []
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    for i, arg in enumerate(positional):
        kind = Kind.POSITIONAL_ONLY if i < len(args.posonlyargs) else Kind.POSITIONAL_OR_KEYWORD
        dflt = args.defaults[i - first_default] if i >= first_default else None
        params.append(make(arg, kind, dflt))
    if args.vararg is not None:
        params.append(make(args.vararg, Kind.VAR_POSITIONAL, None))
    for arg, dflt in zip(args.kwonlyargs, args.kw_defaults, strict=True):
        params.append(make(arg, Kind.KEYWORD_ONLY, dflt))
    if args.kwarg is not None:
        params.append(make(args.kwarg, Kind.VAR_KEYWORD, None))
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
    names = [last] + ([name] if isinstance(name, str) and name != last else [])
    module_of = getattr(obj, "__module__", None)
    found_in = getattr(sys.modules.get(module_name), "__name__", None)
    modules = [m for m in (module_of, found_in, module_name) if isinstance(m, str)]
    if inspect.isbuiltin(obj):
        modules.extend(_EXTRA_STUB_MODULES.get(path.split(".", 1)[0], ()))
    if owner is not None and not isinstance(owner, type):
        klass = type(owner)  # e.g. a function on an instance such as torch._C._VariableFunctions
        modules.append(klass.__module__)
    for module in dict.fromkeys(modules):
        for n in names:
            yield module, (n,)


def _stub(
    obj: object, path: str, owner: object | None, module_name: str, binding: str, reading: _Reading
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
            if sig not in overloads:
                overloads.append(sig)
        known = [sig for sig in overloads if not sig.is_bare_varargs()]
        if known:
            return tuple(known)
    reading.notes.append("stub: no .pyi defines it")
    return ()


# ------------------------------------------------------------------------------ the read


def _binding(obj: object, owner: object | None, path: str) -> tuple[str, str]:
    """``(kind, binding)``: binding ``drop`` means the first parameter is the instance."""
    if isinstance(obj, type):
        return "class", "class"
    if isinstance(owner, type):
        name = path.rpartition(".")[2]
        try:
            static = inspect.getattr_static(owner, name)
        except AttributeError:
            static = _MISSING
        if isinstance(static, staticmethod):
            return "staticmethod", "none"
        if isinstance(static, classmethod | types.ClassMethodDescriptorType):
            return "classmethod", "classmethod"
        bound = inspect.ismethod(obj) or (
            inspect.isbuiltin(obj)
            and getattr(obj, "__self__", None) is not None
            and not isinstance(obj.__self__, types.ModuleType)
        )
        descriptor = static is not _MISSING and hasattr(type(static), "__get__")
        if descriptor and not bound:
            return "method", "drop"
    if isinstance(obj, functools.partial):
        return "partial", "none"
    if inspect.isbuiltin(obj) or isinstance(
        obj, types.MethodDescriptorType | types.WrapperDescriptorType | types.MethodWrapperType
    ):
        return "builtin", "none"
    if inspect.ismethod(obj):
        return "method", "none"
    if inspect.isfunction(obj) or callable(getattr(obj, "__wrapped__", None)):
        return "function", "none"  # decorated, or a dispatcher such as numpy's
    if type(obj).__name__ == "ufunc":
        return "ufunc", "none"
    return "callable", "none"


def _collect_notes(reading: _Reading, overloads: Iterable[Signature]) -> tuple[str, ...]:
    notes = list(reading.notes)
    for sig in overloads:
        notes.extend(sig.notes)
    return tuple(dict.fromkeys(notes))


_PASTED_DEF = re.compile(r"^\s*(?:async\s+)?def\s+")
_PASTED_BODY = re.compile(r":\s*(?:\.\.\.|pass)\s*$")


def _explicit_overloads(path: str, text: str, binding: str) -> tuple[Signature, ...]:
    """One overload per signature; a signature may span lines until its parentheses balance."""
    if not isinstance(text, str) or not text.strip():
        raise ApiDiffError(f"empty signature text for {path!r}")
    chunks: list[str] = []
    current = ""
    for line in text.splitlines():
        if not line.strip() and not current:
            continue
        current = f"{current} {line.strip()}" if current else line.strip()
        start = current.find("(")
        if start >= 0 and _close_paren(current, start) >= 0:
            chunks.append(current)
            current = ""
    if current:
        chunks.append(current)
    overloads: list[Signature] = []
    # a pasted ``def`` line: drop the instance parameter of a method or class, and a leading
    # ``self`` when the object cannot be imported; a function's own ``self`` parameter stays
    first = {"drop": "self", "class": "self", "unknown": "self", "classmethod": "cls"}.get(binding)
    for chunk in chunks:
        chunk = _PASTED_DEF.sub("", _PASTED_BODY.sub("", chunk))  # ``def f(a): ...`` pasted
        try:
            sig = parse_signature(chunk)
        except (SignatureSyntaxError, ValueError) as exc:
            raise ApiDiffError(f"malformed signature for {path!r}: {_one_line(str(exc))}") from None
        if first and sig.parameters and sig.parameters[0].name == first:
            sig = sig.without_first()
        if binding == "class":
            sig = Signature(sig.parameters, None, sig.notes)
        overloads.append(sig)
    return tuple(overloads)


def read_api(path: str, *, label: str | None = None, signature: str | None = None) -> Api:
    """Read the callable at ``path`` (``torch.nn.ConvTranspose2d``, ``numpy.sum`` ...).

    With ``signature`` (text, one overload per line) the object need not be importable. Raises
    :class:`ApiDiffError` (one-line message) when the path cannot be resolved, is not callable,
    or no source gives a signature.
    """
    if not isinstance(path, str) or not _PATH.fullmatch(path.strip()):
        raise ApiDiffError(f"{path!r} is not a dotted Python path like 'package.module.name'")
    path = path.strip()
    label = label or path.split(".", 1)[0]
    if signature is not None:
        return _read_explicit(path, label, signature)

    obj, owner, module_name = resolve(path)
    if not callable(obj):
        raise ApiDiffError(f"{path!r} is not callable (it is a {type(obj).__name__})")
    key = (path, label, None)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is obj and hit[1] is owner:
        return hit[2]
    api = _read_sources(path, label, obj, owner, module_name)
    _remember(key, obj, owner, api)
    return api


#: ``(path, label, explicit text)`` -> (object, owner, Api). The entry holds the object, so its
#: ``id`` cannot be reused, and it is only used while ``path`` still resolves to that object
#: (a test that rebuilds a package of the same name gets a fresh read).
_MEMO: dict[tuple[str, str, str | None], tuple[object, object, Api]] = {}
_MEMO_MAX = 4096


def _remember(key: tuple[str, str, str | None], obj: object, owner: object, api: Api) -> None:
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[key] = (obj, owner, api)


def _read_sources(path: str, label: str, obj: object, owner: object, module_name: str) -> Api:
    kind, binding = _binding(obj, owner, path)
    reading = _Reading()
    version = package_version(module_name)

    sig = _runtime(obj, binding, reading)
    if sig is not None:
        return Api(path, label, kind, "runtime", (sig,), version, _collect_notes(reading, [sig]))
    for source, reader in (
        ("docstring", lambda: _docstring(obj, path, owner, binding, reading)),
        ("stub", lambda: _stub(obj, path, owner, module_name, binding, reading)),
    ):
        overloads = reader()
        if overloads:
            return Api(
                path, label, kind, source, overloads, version, _collect_notes(reading, overloads)
            )
    if reading.bare is not None:
        return Api(
            path,
            label,
            kind,
            "runtime",
            (reading.bare,),
            version,
            _collect_notes(reading, [reading.bare]),
        )
    raise ApiDiffError(
        f"no signature for {path!r} from runtime, docstring or stub; give one explicitly"
    )


def _read_explicit(path: str, label: str, text: str) -> Api:
    notes: list[str] = []
    kind, binding = "explicit", "unknown"
    obj: object = _MISSING
    owner: object = None
    try:
        obj, owner, _module = resolve(path)
    except ApiDiffError as exc:
        notes.append(f"not resolved: {exc}")
    else:
        if callable(obj):
            kind, binding = _binding(obj, owner, path)
        else:
            notes.append(f"not callable (it is a {type(obj).__name__})")
    key = (path, label, text)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is obj and hit[1] is owner:
        return hit[2]
    overloads = _explicit_overloads(path, text, binding)
    reading = _Reading(notes)
    api = Api(
        path,
        label,
        kind,
        "explicit",
        overloads,
        package_version(path),
        _collect_notes(reading, overloads),
    )
    _remember(key, obj, owner, api)
    return api
