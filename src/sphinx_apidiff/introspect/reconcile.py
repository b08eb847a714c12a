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


def _fill_from(sig: Signature, others: Sequence[Signature]) -> Signature:
    """``sig`` (a schema's overload) with each parameter's default and annotation, and its
    return annotation, taken from an overload of ``others`` whose names agree with it, where
    that one states them."""
    agreeing = [o for o in others if _agrees(o, sig)]
    params = []
    for param in sig.parameters:
        found = next((o[param.name] for o in agreeing if param.name in o.names()), None)
        if found is not None:
            if found.annotation and not param.annotation:
                param = dataclasses.replace(param, annotation=found.annotation)
            if param.default is not None and found.default is not None and found.default_known:
                param = dataclasses.replace(param, default=found.default, default_known=True)
        params.append(param)
    returns = sig.return_annotation or next(
        (o.return_annotation for o in agreeing if o.return_annotation), None
    )
    return Signature(tuple(params), returns, sig.notes)


def _without(sig: Signature, names: set[str]) -> Signature:
    kept = tuple(p for p in sig.parameters if p.name not in names or not p.kind.keyword)
    if len(kept) == len(sig.parameters):
        return sig
    return Signature(kept, sig.return_annotation, sig.notes)


def prefer_schema(
    overloads: tuple[Signature, ...],
    source: str,
    schema: tuple[Signature, ...],
    method_extras: set[str],
    reading: Reading,
) -> tuple[tuple[Signature, ...], str]:
    """The registered schema's overloads (``schema``) against what the docstring or the stub
    said, and the source read.

    The schema is what the binding parses arguments by, so it names the parameters: it is read
    when only a docstring answered (prose for people), when nothing did, and when a stub names
    a positional parameter the schema does not have (``mode`` for ``requires_grad``). A stub
    that agrees is kept, less the names in ``method_extras`` (a method binds no out overload):
    it may add keyword-only parameters that the binding adds to every schema
    (``requires_grad`` on a factory). Defaults and annotations the other source states are
    kept where its names agree with the schema's overload.
    """
    if not schema:
        return overloads, source
    if not overloads:
        return schema, "schema"
    accepted = {name for sig in schema for name in _keyword_names(sig)}
    shown = {n for sig in overloads for n in _keyword_names(sig)} - method_extras
    if source == "stub":
        positional = {
            p.name
            for sig in overloads
            for p in sig.parameters
            if p.kind.positional and p.kind.keyword
        }
        unknown = sorted(positional - accepted)
        if not unknown:
            kept = (_without(sig, method_extras) for sig in overloads)
            return tuple(dict.fromkeys(kept)), source
    else:
        unknown = sorted(shown - accepted)
    if unknown:
        reading.notes.append(
            f"{source}: names {', '.join(unknown)} are not the registered schema's; "
            "the schema is read"
        )
    return tuple(dict.fromkeys(_fill_from(sig, overloads) for sig in schema)), "schema"


def prefer_binding(
    overloads: tuple[Signature, ...],
    source: str,
    binding: tuple[Signature, ...],
    accepted: frozenset[str],
    reading: Reading,
) -> tuple[tuple[Signature, ...], str]:
    """The argument parser's own strings (``binding``, :mod:`.binding_strings`) against what the
    other sources made of a C callable, and the source read.

    The parser accepts no name its strings do not give, so a reading that shows a keyword name
    outside ``accepted`` (every name any of its strings may take) is replaced by the strings'
    overloads; defaults and annotations the replaced reading states are kept where its names
    agree. A reading whose names all pass is kept whole: its annotations are Python's, and it
    may tell overloads apart better than a parser's C++ types.
    """
    if not binding:
        return overloads, source
    if not overloads:
        return binding, "binding"
    shown = {n for sig in overloads for n in _keyword_names(sig)}
    unknown = sorted(shown - accepted)
    if not unknown:
        return overloads, source
    reading.notes.append(
        f"{source}: names {', '.join(unknown)} are not the argument parser's; its strings are read"
    )
    return tuple(dict.fromkeys(_fill_from(sig, overloads) for sig in binding)), "binding"


def parser_takes(overloads: Sequence[Signature], parser: Sequence[Signature]) -> bool:
    """Whether the argument parser's own overloads (``parser``, of the callable's kind: a
    method's or a function's) take every keyword name ``overloads`` show."""
    taken = {n for sig in parser for n in _keyword_names(sig)}
    return bool(parser) and {n for sig in overloads for n in _keyword_names(sig)} <= taken
