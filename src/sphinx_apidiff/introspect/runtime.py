"""The runtime source: :func:`inspect.signature`, hardened, and the rendering of runtime
annotations and default values as text; a class is read through ``__signature__``, a metaclass
``__call__``, ``__new__`` and ``__init__`` (as Sphinx autodoc does), a bare
``(*args, **kwargs)`` counts as "unknown" and is kept aside, and an exception becomes a note so
that the next source is tried; :class:`Reading` holds what every source says while one object
is read.
"""

from __future__ import annotations

import enum
import inspect
import re
import types
import typing
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..signature import Kind, Parameter, Signature, default_is_known, scrub_repr
from .resolve import describe

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
class Reading:
    """What the sources said while reading one object."""

    notes: list[str] = field(default_factory=list)
    #: A bare (*args, **kwargs) from the runtime, used only if nothing else answers.
    bare: Signature | None = None


def _class_runtime(cls: type, reading: Reading) -> Signature | None:
    """``__signature__``, metaclass ``__call__``, ``__new__``, ``__init__``, then inspect."""
    try:
        declared = getattr(cls, "__signature__", None)
    except Exception as exc:
        declared = None
        reading.notes.append(f"runtime: __signature__ raised {describe(exc)}")
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
            reading.notes.append(f"runtime: {name} gave {describe(exc)}")
            continue
        if sig.is_bare_varargs():
            reading.bare = reading.bare or sig
            continue
        return sig
    if not candidates:
        try:
            sig = _from_inspect(inspect.signature(cls))
        except Exception as exc:
            reading.notes.append(f"runtime: {describe(exc)}")
            return None
        if sig.is_bare_varargs():
            reading.bare = reading.bare or sig
            return None
        return sig
    return None


def read_runtime(obj: object, binding: str, reading: Reading) -> Signature | None:
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
        reading.notes.append(f"runtime: {describe(exc)}")
        return None
    if binding == "drop":
        sig = sig.without_first()
    if sig.is_bare_varargs():
        reading.bare = sig
        reading.notes.append("runtime: only (*args, **kwargs)")
        return None
    return sig


def read_typing_overloads(obj: object, binding: str, reading: Reading) -> tuple[Signature, ...]:
    """The ``@typing.overload`` declarations of a function, or of a class's ``__init__`` or
    ``__new__``: what a caller may pass where the implementation itself only says
    ``(*args, **kwargs)`` (``torch.nn.GRU``). Bare overloads are left out."""
    if isinstance(obj, type):
        funcs = [_user_defined(obj, "__init__"), _user_defined(obj, "__new__")]
        drop = True
    else:
        funcs = [obj]
        drop = binding == "drop"
    for func in filter(None, funcs):
        try:
            declared = typing.get_overloads(func)  # type: ignore[arg-type]
        except Exception:  # not a function typing knows
            continue
        found: list[Signature] = []
        for overload in declared:
            try:
                sig = _from_inspect(inspect.signature(overload))
            except Exception as exc:
                reading.notes.append(f"runtime: an @overload of it gave {describe(exc)}")
                continue
            sig = sig.without_first() if drop else sig
            if isinstance(obj, type):
                sig = Signature(sig.parameters, None, sig.notes)
            if not sig.is_bare_varargs():
                found.append(sig)
        if found:
            return tuple(found)
    return ()
