"""Whether a C function takes keyword arguments at all, from the flags of its method table
entry (CPython's ``PyMethodDef.ml_flags``): a function registered without ``METH_KEYWORDS``
refuses every keyword (``torch.set_num_threads(num=1)`` is a ``TypeError`` although its stub
says ``num``), so every parameter a docstring or a stub names for it is positional-only.

The entry is read through :mod:`ctypes` at the place CPython's object layout keeps it, and only
trusted when the entry's own name is the callable's ``__name__``; on any other interpreter, an
object of another type, or a name that does not match, the answer is ``None`` (unknown).
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


def _method_def_offset(obj: object) -> int | None:
    """Where the object keeps its ``PyMethodDef *``: right after the object header in a
    builtin function, after the type, name and qualname in a method descriptor."""
    head = object.__basicsize__
    if type(obj) is types.BuiltinFunctionType:
        return head
    if type(obj) in (types.MethodDescriptorType, types.ClassMethodDescriptorType):
        return head + 3 * _POINTER
    return None


def takes_keywords(obj: object) -> bool | None:
    """``False`` when C callable ``obj`` takes no keyword argument, ``True`` when it takes
    some, ``None`` when that cannot be told here."""
    if sys.implementation.name != "cpython":
        return None
    offset = _method_def_offset(obj)
    name = getattr(obj, "__name__", None)
    if offset is None or not isinstance(name, str):
        return None
    if type(obj).__basicsize__ < offset + _POINTER:
        return None
    address = ctypes.c_void_p.from_address(id(obj) + offset).value
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
