"""Signature text: before it is parsed (string-aware scanning, and the docstring dialects of
C libraries turned into Python parameter lists), and a parsed signature as a reader sees it
(:func:`shown_lines`).

Pure Python: no docutils, no Sphinx. Every function here leaves string literals exactly as
written (a default ``sep='  '`` keeps its two spaces, ``sep=')'`` its bracket).

Dialects understood:

- ``(a[, axis[, out]])``: the bracketed names are optional with an unknown default;
- ``(x, [base=math.e])``: a bracketed parameter with its default;
- ``(A, *, bool pivot=True, Tensor? out=None)``: a C type before the name becomes the
  annotation where it is a Python expression (``Tensor?`` is ``Tensor | None``), and is
  dropped where it is not (``int[2]``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Signature

__all__ = [
    "collapse_space",
    "scan_code",
    "shown_lines",
    "shown_signature",
    "split_top_level",
    "strip_optional_brackets",
    "untype_c",
]


def scan_code(text: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """``(index, character, bracket depth)`` for each character of ``text`` outside string
    literals, from ``start``; the depth counts the brackets opened before the character."""
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
        else:
            if ch in ")]}":
                depth -= 1
            yield i, ch, depth
            if ch in "([{":
                depth += 1
        i += 1


def _code_positions(text: str) -> set[int]:
    return {i for i, _ch, _depth in scan_code(text)}


def collapse_space(text: str) -> str:
    """Runs of whitespace outside string literals become one space; strings keep theirs."""
    if "'" not in text and '"' not in text:
        return " ".join(text.split())
    code = _code_positions(text)
    out: list[str] = []
    for i, ch in enumerate(text):
        if i in code and ch.isspace():
            if out and out[-1] == " " and i - 1 in code and text[i - 1].isspace():
                continue
            out.append(" ")
        else:
            out.append(ch)
    return "".join(out).strip()


def split_top_level(inner: str) -> list[str]:
    """Split a parameter list (without its parentheses) at the commas of depth 0."""
    parts: list[str] = []
    last = 0
    for i, ch, depth in scan_code(inner):
        if ch == "," and depth == 0:
            parts.append(inner[last:i])
            last = i + 1
    parts.append(inner[last:])
    return parts


_NAME_AHEAD = re.compile(r"\s*\*{0,2}\s*([A-Za-z_]\w*)")


def strip_optional_brackets(text: str) -> tuple[str, set[str]]:
    """``(a[, axis[, out]])`` -> ``(a, axis, out)`` and ``(x, [base=e])`` -> ``(x, base=e)``;
    returns the text and the names made optional. Brackets in strings, annotations
    (``list[int]``) and defaults (``x=[1]``) stay."""
    optional: set[str] = set()
    if "[" not in text:
        return text, optional
    drop: set[int] = set()
    open_at: list[int] = []  # stack: index of an optional "[" or -1 for any other bracket
    prev = ""  # last non-space code character before the current one
    for i, ch, _depth in scan_code(text):
        if ch == "[":
            rest = text[i + 1 :]
            comma = re.match(r"\s*,", rest)
            starts_param = prev in ",(" and _NAME_AHEAD.match(rest)
            if comma or starts_param:
                open_at.append(i)
                drop.add(i)
                name = _NAME_AHEAD.match(rest[comma.end() :] if comma else rest)
                if name:
                    optional.add(name.group(1))
            else:
                open_at.append(-1)
        elif ch in "({":
            open_at.append(-1)
        elif ch in ")]}":
            opener = open_at.pop() if open_at else -1
            if ch == "]" and opener >= 0:
                drop.add(i)
        elif ch == "," and open_at and open_at[-1] >= 0:
            name = _NAME_AHEAD.match(text, i + 1)
            if name:
                optional.add(name.group(1))
        if not ch.isspace():
            prev = ch
    if not drop:
        return text, optional
    return "".join(ch for i, ch in enumerate(text) if i not in drop), optional


#: ``bool pivot``, ``Tensor? out``, ``int[2] stride``, ``*Tensor tensors``: type, then name.
_C_TYPED = re.compile(
    r"^(\s*)(\*{0,2})\s*([A-Za-z_][\w.]*(?:\[\w*\])*\??)\s+(\*{0,2})\s*([A-Za-z_]\w*)\s*$"
)


#: A quick test that some parameter may be C-typed: a word, space, a word.
_WORD_SPACE_WORD = re.compile(r"[\w?\]]\s+\*{0,2}[A-Za-z_]")


def _python_type(ctype: str) -> str | None:
    text = ctype[:-1] + " | None" if ctype.endswith("?") else ctype
    try:
        ast.parse(text, mode="eval")
    except SyntaxError:
        return None
    return None if "[" in ctype else text  # int[2]: a C array, no Python type


def untype_c(params: str) -> str:
    """``(A, *, bool pivot=True)`` -> ``(A, *, pivot: bool=True)``: the C type before a name
    becomes its annotation (or is dropped if it is no Python expression). ``params`` holds its
    outer parentheses; parameters that are already Python stay as they are."""
    if (
        not params.startswith("(")
        or not params.endswith(")")
        or not _WORD_SPACE_WORD.search(params)
    ):
        return params
    parts = split_top_level(params[1:-1])
    changed = False
    for index, part in enumerate(parts):
        cut = len(part)
        for i, ch, depth in scan_code(part):
            if depth == 0 and ch in "=:":
                cut = i
                break
        match = _C_TYPED.match(part[:cut])
        if not match or part[cut : cut + 1] == ":":
            continue
        lead, star1, ctype, star2, name = match.groups()
        annotation = _python_type(ctype)
        head = f"{lead}{star1 or star2}{name}"
        parts[index] = (f"{head}: {annotation}" if annotation else head) + part[cut:]
        changed = True
    return "(" + ",".join(parts) + ")" if changed else params


def shown_lines(signature: Signature) -> list[str]:
    """``Signature.parameter_lines()`` as a reader sees them: ``keepdims=...``, not
    ``keepdims=<no value>`` (optional, with no value to show; Python writes that ``...``)."""
    by_display = {p.display(): p for p in signature.parameters}
    out = []
    for text in signature.parameter_lines():
        param = by_display.get(text)
        # other reprs (``<object object>``, ``<Opaque object>``) say which sentinel: kept
        if param is not None and param.default == "<no value>":
            text = text[: -len(param.default)] + "..."
        out.append(text)
    return out


def shown_signature(signature: Signature) -> str:
    """``Signature.text()`` with :func:`shown_lines`."""
    out = "(" + ", ".join(shown_lines(signature)) + ")"
    if signature.return_annotation:
        out += f" -> {signature.return_annotation}"
    return out
