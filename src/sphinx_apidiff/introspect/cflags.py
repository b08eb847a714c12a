"""Whether a C function takes keyword arguments at all, from the flags of its method table
entry (CPython's ``PyMethodDef.ml_flags``): a function registered without ``METH_KEYWORDS``
refuses every keyword (``torch.set_num_threads(num=1)`` is a ``TypeError`` although its stub
says ``num``), so every parameter a docstring or a stub names for it is positional-only.

The entry is read through :mod:`ctypes` at the place CPython's object layout keeps it, followed
only when the field beside it holds what Python says (the function's ``__self__``, the
descriptor's class), and trusted only when the entry's own name is the callable's
``__name__``; on any other interpreter, an object of another type, or a field that does not
match, the answer is ``None`` (unknown).
"""

from __future__ import annotations

import ctypes
import sys
import types

from ..signature import Kind, Signature
from .reconcile import positional_through

#: ``METH_KEYWORDS``: the function accepts keyword arguments (Include/methodobject.h).
_METH_KEYWORDS = 0x0002
_POINTER = ctypes.sizeof(ctypes.c_void_p)


class _MethodDef(ctypes.Structure):
    _fields_ = (
        ("ml_name", ctypes.c_char_p),
        ("ml_meth", ctypes.c_void_p),
        ("ml_flags", ctypes.c_int),
        ("ml_doc", ctypes.c_char_p),
    )


def _pointer_at(obj: object, offset: int) -> int | None:
    return ctypes.c_void_p.from_address(id(obj) + offset).value


def _method_def_offset(obj: object) -> int | None:
    """Where the object keeps its ``PyMethodDef *``: right after the object header in a
    builtin function (then ``m_self``), after the type, name and qualname in a method
    descriptor. The fields next to it are checked against what Python says they hold before
    the pointer is followed."""
    head = object.__basicsize__
    if type(obj) is types.BuiltinFunctionType:
        owner = obj.__self__  # type: ignore[attr-defined]
        if owner is None:  # hidden (a static method's ``m_self`` is its class): nothing to check
            return head
        expected = (head + _POINTER, id(owner))
        offset = head
    elif type(obj) in (types.MethodDescriptorType, types.ClassMethodDescriptorType):
        expected = (head, id(obj.__objclass__))  # type: ignore[attr-defined]
        offset = head + 3 * _POINTER
    else:
        return None
    if type(obj).__basicsize__ < offset + _POINTER:
        return None
    where, value = expected
    return offset if _pointer_at(obj, where) == value else None


def takes_keywords(obj: object) -> bool | None:
    """``False`` when C callable ``obj`` takes no keyword argument, ``True`` when it takes
    some, ``None`` when that cannot be told here."""
    if sys.implementation.name != "cpython":
        return None
    name = getattr(obj, "__name__", None)
    offset = _method_def_offset(obj)
    if offset is None or not isinstance(name, str):
        return None
    address = _pointer_at(obj, offset)
    if not address:
        return None
    entry = _MethodDef.from_address(address)
    if entry.ml_name is None or entry.ml_name.decode("utf-8", "replace") != name:
        return None  # not the layout expected: say nothing
    return bool(entry.ml_flags & _METH_KEYWORDS)


def positional_only(sig: Signature) -> Signature:
    """``sig`` as a callable that takes no keyword reads it: named parameters positional-only,
    keyword-only and ``**`` parameters gone (no call can pass them)."""
    kept = tuple(p for p in sig.parameters if p.kind not in (Kind.KEYWORD_ONLY, Kind.VAR_KEYWORD))
    return positional_through(Signature(kept, sig.return_annotation, sig.notes), len(kept) - 1)
