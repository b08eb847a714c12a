"""The docstring source: ``name(...) -> Ret`` lines at the left margin of a docstring, every
such line one overload (how PyTorch and NumPy document their C functions), joined with the
lines after it until its parentheses balance (:func:`close_paren`); a ``self`` the docstring
spells for a call on an instance is dropped.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Iterator

from ..signature import Signature, SignatureSyntaxError, parse_signature, scan_code
from .reconcile import last_unnamed, positional_through
from .runtime import Reading

_DIRECTIVE = re.compile(
    r"\.\.\s+(?:py:)?(?:function|method|class|staticmethod|classmethod|autofunction)::\s*"
)
_HEAD = re.compile(r"([A-Za-z_][\w.]*)\s*\(")
#: ``1. __init__(self: X, a: int) -> None``: pybind11 numbers the overloads it lists.
_OVERLOAD_NUMBER = re.compile(r"\d+\.\s+")
#: ``(*size, *, out=None)``: a bare ``*`` after ``*args`` is redundant, and not Python.
_STAR_AFTER_VARARGS = re.compile(r"(\*\s*[A-Za-z_]\w*(?:\s*:[^,()]*)?)\s*,\s*\*\s*(?=[,)])")


def close_paren(text: str, start: int) -> int:
    """Index of the parenthesis closing the one at ``start`` (skips strings), or -1."""
    for i, ch, depth in scan_code(text, start):
        if ch in ")]}" and depth == 0:
            return i
    return -1


def _signature_texts(doc: str, names: frozenset[str], qualifiers: frozenset[str]) -> Iterator[str]:
    """Candidate ``name(...) -> Ret`` texts at the left margin of a cleaned docstring."""
    lines = inspect.cleandoc(doc).splitlines()
    for index, line in enumerate(lines):
        if not line or line[0].isspace():
            continue  # examples and their output are indented
        text = _DIRECTIVE.sub("", line, count=1) if line.startswith("..") else line
        text = _OVERLOAD_NUMBER.sub("", text, count=1) if text[0].isdigit() else text
        match = _HEAD.match(text)
        if not match:
            continue
        head = match.group(1)
        qualifier, _, name = head.rpartition(".")
        if name not in names or (qualifier and qualifier not in qualifiers):
            continue
        # join continuation lines until the parentheses balance
        joined = text
        close = close_paren(joined, match.end() - 1)
        extra = index + 1
        while close < 0 and extra < len(lines) and extra - index <= 30:
            joined += " " + lines[extra].strip()
            extra += 1
            close = close_paren(joined, match.end() - 1)
        if close < 0:
            continue
        tail = joined[close + 1 :].strip()
        ret = ""
        if tail.startswith("-->"):  # ``chain(*iterables) --> chain object`` (CPython)
            tail = tail[1:]
        if tail.startswith("->"):
            ret = " " + tail.rstrip(":.").strip()
        elif tail.startswith("- "):  # ``partial(func, *args, **keywords) - new function ...``
            tail = ""
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
            sig = parse_signature(text, c_types=True)
        except (SignatureSyntaxError, ValueError):
            continue
        sig = positional_through(sig, last_unnamed(sig))
        if sig not in overloads:
            overloads.append(sig)
    return tuple(overloads)


def _suffixes(dotted: str | None) -> Iterator[str]:
    if not dotted:
        return
    parts = dotted.split(".")
    for i in range(len(parts)):
        yield ".".join(parts[i:])


def read_docstring(
    obj: object, path: str, owner: object | None, binding: str, reading: Reading
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
    return _usable(overloads, binding, reading, "docstring")


def _usable(
    overloads: tuple[Signature, ...], binding: str, reading: Reading, source: str
) -> tuple[Signature, ...]:
    known = [sig for sig in overloads if not sig.is_bare_varargs()]
    if not known:
        reading.notes.append(
            f"{source}: only (*args, **kwargs)" if overloads else f"{source}: no signature line"
        )
        return ()
    # C methods document the call on an instance; drop ``self`` if a docstring spells it
    first = {"drop": "self", "class": "self", "classmethod": "cls"}.get(binding)
    known = [
        sig.without_first() if first and sig.parameters and sig.parameters[0].name == first else sig
        for sig in known
    ]
    if binding == "class":  # a constructor returns the instance: ``--> chain object``, ``None``
        known = [Signature(sig.parameters, None, sig.notes) for sig in known]
    return tuple(dict.fromkeys(known))


def read_init_docstring(obj: object, reading: Reading) -> tuple[Signature, ...]:
    """A class's ``__init__(self: torch._C.Graph) -> None`` lines (one per overload, numbered
    when there are several): how pybind11 documents constructors. The last source for a
    class, after the stubs, whose parameter names are the maintainers' (pybind11 writes
    ``arg0`` for a parameter it was not told the name of)."""
    try:
        doc = getattr(getattr(obj, "__init__", None), "__doc__", None)
    except Exception:
        doc = None
    if not isinstance(obj, type) or not isinstance(doc, str) or "__init__(" not in doc:
        return ()
    overloads = _docstring_overloads(doc, frozenset({"__init__"}), frozenset())
    return _usable(overloads, "class", reading, "__init__ docstring")
