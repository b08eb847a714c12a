"""Two readings of one C callable, made one: the ``name(...)`` lines of its docstring, prose
written for people, and the ``def`` statements of its ``.pyi`` stub, which a binding generator
writes from the argument parser (the names the callable accepts, every overload). The stub's
overloads are read; a default the stub leaves as ``...`` is taken from a docstring overload
whose names agree with that overload, so nothing a docstring adds is lost where it is right.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from ..signature import Kind, Parameter, Signature
from .runtime import Reading

#: ``arg0``, ``arg1``: what pybind11 writes for a parameter bound without a name, which a
#: caller cannot pass by keyword.
_UNNAMED = re.compile(r"arg\d+")


def positional_through(sig: Signature, index: int) -> Signature:
    """``sig`` with its parameters up to ``index`` positional-only (a keyword cannot reach
    them: the binding does not take them by the name shown)."""
    if index < 0:
        return sig
    params = tuple(
        dataclasses.replace(p, kind=Kind.POSITIONAL_ONLY)
        if i <= index and p.kind is Kind.POSITIONAL_OR_KEYWORD
        else p
        for i, p in enumerate(sig.parameters)
    )
    return Signature(params, sig.return_annotation, sig.notes)


def last_unnamed(sig: Signature) -> int:
    """Index of the last parameter pybind11 bound without a name (``arg0``), or -1."""
    found = [i for i, p in enumerate(sig.parameters) if _UNNAMED.fullmatch(p.name)]
    return found[-1] if found else -1


def _keyword_names(sig: Signature) -> tuple[str, ...]:
    return tuple(p.name for p in sig.parameters if p.kind.keyword)


def _agrees(doc: Signature, stub: Signature) -> bool:
    """Every name of ``doc`` is one of ``stub``'s, in the same order (a docstring may leave
    parameters out, ``out`` for one; it may not call one by another name)."""
    names = stub.names()
    where = [names.index(n) if n in names else -1 for n in doc.names()]
    return -1 not in where and where == sorted(where)


def _docstring_default(param: Parameter, agreeing: Sequence[Signature]) -> Parameter:
    for doc in agreeing:
        found = next((p for p in doc.parameters if p.name == param.name), None)
        if found is not None and found.default is not None and found.default_known:
            return dataclasses.replace(param, default=found.default, default_known=True)
    return param


def _with_defaults(stub: Signature, docstring: Sequence[Signature]) -> Signature:
    # a docstring's ``arg0`` lines up with the stub's parameter by position: it is unnamed
    for doc in docstring:
        unnamed = last_unnamed(doc)
        if unnamed >= 0 and unnamed == len(doc.parameters) - 1:  # none has a name
            stub = positional_through(stub, len(stub.parameters) - 1)
        elif len(doc.parameters) == len(stub.parameters):
            stub = positional_through(stub, unnamed)
    agreeing = [doc for doc in docstring if _agrees(doc, stub)]
    if not agreeing:
        return stub
    params = tuple(
        _docstring_default(p, agreeing) if p.default is not None and not p.default_known else p
        for p in stub.parameters
    )
    return Signature(params, stub.return_annotation, stub.notes)


def reconcile(
    docstring: tuple[Signature, ...], stub: tuple[Signature, ...], reading: Reading
) -> tuple[tuple[Signature, ...], str]:
    """The overloads to read and their source (``"stub"`` or ``"docstring"``).

    With a stub, its overloads win (a docstring names ``A`` where the binding takes ``input``,
    or documents one overload of four); each ``...`` default is filled from a docstring
    overload whose names agree with it. Without one, the docstring is all there is.
    """
    if not stub:
        return docstring, "docstring"
    if not docstring:
        return stub, "stub"
    accepted = {name for sig in stub for name in _keyword_names(sig)}
    unknown = sorted({n for sig in docstring for n in _keyword_names(sig)} - accepted)
    if unknown:
        reading.notes.append(
            "docstring: names " + ", ".join(unknown) + " are not the stub's; the stub is read"
        )
    return tuple(dict.fromkeys(_with_defaults(sig, docstring) for sig in stub)), "stub"
