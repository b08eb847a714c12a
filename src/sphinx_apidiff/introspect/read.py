"""The read: one callable's :class:`~sphinx_apidiff.api.Api` from its sources, in the order of
:data:`sphinx_apidiff.api.SOURCES` (signature text the author gave, which is parsed here and
needs no importable object, then the runtime, the docstring and the stubs, which where both
answer are reconciled with the stub's names winning (:mod:`.reconcile`), and, for a class, the
pybind11 ``__init__`` docstring), with how the object
is bound (a method reached through its class is compared as a call on an instance: its first
parameter is dropped unless it is a static or class method) and the memo of the answers.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
import re
import types
from collections.abc import Iterable

from ..api import Api, ApiDiffError
from ..signature import Signature, SignatureSyntaxError, parse_signature
from .binding_strings import read_binding_strings
from .cflags import positional_only, takes_keywords
from .docstring import _docstring_overloads, close_paren, read_docstring, read_init_docstring
from .live_aliases import expand_live_aliases
from .members import literal_api, parse_literal, read_member
from .reconcile import parser_takes, prefer_binding, prefer_schema, reconcile
from .resolve import DOTTED_PATH, MISSING, ImportFailed, one_line, package_version, resolve
from .runtime import Reading, read_runtime, read_typing_overloads
from .schemas import read_schema, unbound_names
from .static import NoSource, clear_static_answers, read_static
from .stubs import read_stub


def _binding(obj: object, owner: object | None, path: str) -> tuple[str, str]:
    """``(kind, binding)``: binding ``drop`` means the first parameter is the instance."""
    if isinstance(obj, type):
        return "class", "class"
    if isinstance(owner, type):
        name = path.rpartition(".")[2]
        try:
            static = inspect.getattr_static(owner, name)
        except AttributeError:
            static = MISSING
        if isinstance(static, staticmethod):
            return "staticmethod", "none"
        if isinstance(static, classmethod | types.ClassMethodDescriptorType):
            return "classmethod", "classmethod"
        bound = inspect.ismethod(obj) or (
            inspect.isbuiltin(obj)
            and getattr(obj, "__self__", None) is not None
            and not isinstance(obj.__self__, types.ModuleType)
        )
        descriptor = static is not MISSING and hasattr(type(static), "__get__")
        if descriptor and not bound:
            return "method", "drop"
    if isinstance(obj, functools.partial):
        return "partial", "none"
    if inspect.isbuiltin(obj) or isinstance(
        obj, types.MethodDescriptorType | types.WrapperDescriptorType | types.MethodWrapperType
    ):
        return "builtin", "none"
    if inspect.ismethod(obj):
        # bound already (``random.randint``): called like a function, no instance to pass
        return "bound method", "none"
    if inspect.isfunction(obj) or callable(getattr(obj, "__wrapped__", None)):
        return "function", "none"  # decorated, or a dispatcher such as numpy's
    if type(obj).__name__ == "ufunc":
        return "ufunc", "none"
    return "callable", "none"


def _collect_notes(reading: Reading, overloads: Iterable[Signature]) -> tuple[str, ...]:
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
        if start >= 0 and close_paren(current, start) >= 0:
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
            raise ApiDiffError(f"malformed signature for {path!r}: {one_line(str(exc))}") from None
        if first and sig.parameters and sig.parameters[0].name == first:
            sig = sig.without_first()
        if binding == "class":
            sig = Signature(sig.parameters, None, sig.notes)
        overloads.append(sig)
    return tuple(overloads)


def read_api(
    path: str, *, label: str | None = None, signature: str | None = None, static: bool = False
) -> Api:
    """Read the callable at ``path`` (``torch.nn.ConvTranspose2d``, ``numpy.sum`` ...).

    With ``signature`` (text, one overload per line) the object need not be importable. With
    ``static``, or when its import fails, it is read from its package's source on disk without
    importing it (source ``"static"``). Raises
    :class:`~sphinx_apidiff.api.ApiDiffError` (one-line message) when the path cannot be resolved, is a module,
    or no source gives a signature.
    """
    if isinstance(path, str) and signature is None and parse_literal(path) is not MISSING:
        return literal_api(path, label)  # "bicubic": what an enum member maps to
    if not isinstance(path, str) or not DOTTED_PATH.fullmatch(path.strip()):
        raise ApiDiffError(f"{path!r} is not a dotted Python path like 'package.module.name'")
    path = path.strip()
    label = label or path.split(".", 1)[0]
    if signature is not None:
        return _read_explicit(path, label, signature)
    if static:
        return read_static(path, label)
    try:
        obj, owner, module_name = resolve(path)
    except ImportFailed as exc:
        return _read_static_instead(path, label, exc)
    if isinstance(obj, types.ModuleType):
        raise ApiDiffError(f"{path!r} is not callable (it is a module)")
    if not callable(obj):  # a property, a constant, an enum member: what it is
        return read_member(path, label, obj, owner, module_name)
    key = (path, label, None)
    hit = _MEMO.get(key)
    if hit is not None and hit[0] is obj and hit[1] is owner:
        return hit[2]
    api = _read_sources(path, label, obj, owner, module_name)
    _remember(key, obj, owner, api)
    return api


def _read_static_instead(path: str, label: str, failure: ImportFailed) -> Api:
    """The import failed: read the source if it is on disk, else report the import's failure.

    Either way the failure is :class:`ImportFailed`: a name the source lacks (``from ._C import
    conv`` with the compiled ``_C`` missing) is still a library that cannot be read here, not
    one that is installed without the name, so a snapshot entry may stand in for it.
    """
    try:
        api = read_static(path, label)
    except NoSource:
        raise failure from None
    except ApiDiffError as exc:
        raise ImportFailed(f"{failure}; reading its source instead: {exc}") from None
    return dataclasses.replace(api, notes=(f"not imported: {failure}", *api.notes))


#: ``(path, label, explicit text)`` -> (object, owner, Api). The entry holds the object, so its
#: ``id`` cannot be reused, and it is only used while ``path`` still resolves to that object
#: (a test that rebuilds a package of the same name gets a fresh read).
_MEMO: dict[tuple[str, str, str | None], tuple[object, object, Api]] = {}
_MEMO_MAX = 4096


def clear_caches() -> None:
    """Forget every answer kept per object read (the memo and the docstring parses), so that
    the next :func:`read_api` of a path reads it afresh (benchmarks time such first reads).
    Per-file caches (parsed ``.pyi`` stubs, packages loaded for static reading) are kept: they
    do not hold an object's answer.
    """
    _MEMO.clear()
    _docstring_overloads.cache_clear()
    clear_static_answers()


def _remember(key: tuple[str, str, str | None], obj: object, owner: object, api: Api) -> None:
    if len(_MEMO) >= _MEMO_MAX:
        _MEMO.clear()
    _MEMO[key] = (obj, owner, api)


def _read_sources(path: str, label: str, obj: object, owner: object, module_name: str) -> Api:
    kind, binding = _binding(obj, owner, path)
    reading = Reading()
    version = package_version(module_name)

    sig = read_runtime(obj, binding, reading)
    if sig is not None:
        api = Api(path, label, kind, "runtime", (sig,), version, _collect_notes(reading, [sig]))
        return expand_live_aliases(api, obj)  # string annotations name aliases
    for source, reader in (
        ("runtime", lambda: (read_typing_overloads(obj, binding, reading), "runtime")),
        ("docstring", lambda: _docstring_or_stub(obj, path, owner, module_name, binding, reading)),
        ("docstring", lambda: (read_init_docstring(obj, reading), "docstring")),
    ):
        overloads, source = reader()
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
    if kind == "class":
        # e.g. torch.FloatTensor, pybind11 classes without a bound constructor
        why = "a class whose constructor is built in C: neither it nor a docstring states one"
    else:  # what the docstring and the stub said (the runtime's failure is the usual one)
        why = "; ".join(n for n in dict.fromkeys(reading.notes) if not n.startswith("runtime:"))
    why = f" ({why})" if why else ""
    raise ApiDiffError(
        f"no signature for {path!r} from runtime, docstring or stub{why}; give one explicitly"
    )


def _docstring_or_stub(
    obj: object, path: str, owner: object, module_name: str, binding: str, reading: Reading
) -> tuple[tuple[Signature, ...], str]:
    """The docstring's and the stub's overloads, reconciled (:mod:`.reconcile`): where both
    answer, the stub, which the binding is generated with, names the parameters; where the
    framework registers an operator schema for the callable (:mod:`.schemas`), the schema
    names them over a docstring and over a stub that disagrees with it, unless the argument
    parser's own strings (:mod:`.binding_strings`) take the stub's names; those strings have
    the last word on names; a C function
    registered to take no keyword (:mod:`.cflags`) has them all positional-only."""
    docstring = read_docstring(obj, path, owner, binding, reading)
    if not docstring:
        overloads, source = read_stub(obj, path, owner, module_name, binding, reading), "stub"
    else:
        stub = read_stub(obj, path, owner, module_name, binding, Reading())
        overloads, source = reconcile(docstring, stub, reading)
    method = binding == "drop"
    binding_overloads, accepted = read_binding_strings(obj, path, method)
    if not (source == "stub" and parser_takes(overloads, binding_overloads)):
        schema = read_schema(obj, path, method)
        overloads, source = prefer_schema(overloads, source, schema, unbound_names(method), reading)
    overloads, source = prefer_binding(overloads, source, binding_overloads, accepted, reading)
    if overloads and takes_keywords(obj) is False:
        reading.notes.append("binding: takes no keyword argument; its parameters are positional")
        overloads = tuple(dict.fromkeys(positional_only(sig) for sig in overloads))
    return overloads, source


def _read_explicit(path: str, label: str, text: str) -> Api:
    notes: list[str] = []
    kind, binding = "explicit", "unknown"
    obj: object = MISSING
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
    reading = Reading(notes)
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
