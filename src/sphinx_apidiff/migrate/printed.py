"""The signature a page prints, read into the engine's :class:`~sphinx_apidiff.signature.Signature`.

Pure Python: no docutils, no Sphinx. What the teams print: ``torch.add(input, other, *,
alpha=1)``, over several lines; ``class mindspore.nn.ReLU()(x) -> Tensor`` (the constructor,
then the call); several overloads in one block; an attribute with no parentheses
(``torch.Tensor.T``); a parameter named with a Python keyword (``uniform_(from=0, to=1)``).
"""

from __future__ import annotations

import dataclasses
import keyword
import re
from dataclasses import dataclass

from ..signature import Signature, SignatureSyntaxError, parse_signature, scan_code
from .model import PrintedSignature

__all__ = ["PrintedReading", "read_printed"]

_HEAD = re.compile(r"^\s*(?:class\s+|def\s+)?([A-Za-z_][\w.]*)?\s*$")


@dataclass(frozen=True)
class PrintedReading:
    """``api``: the name written before ``(``; ``overloads``: the parsed signatures (empty for
    an attribute, or when ``error`` says why it cannot be read); ``call``: what an instance of
    a class takes when called, where the page prints it."""

    api: str
    overloads: tuple[Signature, ...] = ()
    call: Signature | None = None
    error: str | None = None
    attribute: bool = False


def _code_text(printed: PrintedSignature) -> str:
    kept = [ln for ln in printed.lines if ln.strip() and not ln.strip().startswith("#")]
    return " ".join(ln.strip() for ln in kept)


def _keyword_names(params: str) -> tuple[str, dict[str, str]]:
    """Parameters named with a Python keyword (``from=0``) under placeholder names."""
    names: dict[str, str] = {}

    def hide(match: re.Match[str]) -> str:
        word = match.group(2)
        if not keyword.iskeyword(word) or word in ("None", "True", "False"):
            return match.group(0)
        key = f"__apidiff_keyword_{len(names)}__"
        names[key] = word
        return match.group(1) + key

    return re.sub(r"([(,]\s*)([A-Za-z_]\w*)(?=\s*[=,)])", hide, params), names


def _parse(params: str, ret: str | None) -> Signature:
    hidden, names = _keyword_names(params)
    sig = parse_signature(hidden + (f" -> {ret}" if ret else ""))
    if not names:
        return sig
    return Signature(
        tuple(dataclasses.replace(p, name=names.get(p.name, p.name)) for p in sig.parameters),
        sig.return_annotation,
        sig.notes,
    )


def _groups(text: str, start: int) -> list[tuple[int, int]]:
    """The top-level bracket groups ``(``...``)`` of ``text`` from ``start``: (open, close)."""
    out: list[tuple[int, int]] = []
    opened = -1
    for i, ch, depth in scan_code(text, start):
        if ch == "(" and depth == 0:
            opened = i
        elif ch == ")" and depth == 0 and opened >= 0:
            out.append((opened, i))
            opened = -1
    return out


def read_printed(printed: PrintedSignature) -> PrintedReading:
    """Read the printed block; never raises (what cannot be read is ``error``)."""
    text = _code_text(printed)
    first = text.find("(")
    if first < 0:
        head = _HEAD.match(text)
        if head and head.group(1):
            return PrintedReading(head.group(1), attribute=True)
        return PrintedReading(text, error=f"not a signature: {text!r}")
    head = _HEAD.match(text[:first])
    api = head.group(1) or "" if head else text[:first].strip()
    if head is None:
        return PrintedReading(api, error=f"unexpected text {text[:first].strip()!r} before '('")
    try:
        groups = _groups(text, first)
    except Exception as exc:  # pragma: no cover - scan_code does not raise
        return PrintedReading(api, error=str(exc))
    if not groups:
        return PrintedReading(api, error="unbalanced parentheses")
    overloads: list[Signature] = []
    call: Signature | None = None
    previous_end = first - 1
    try:
        for k, (start, end) in enumerate(groups):
            between = text[previous_end + 1 : start].strip()
            following = text[end + 1 :]
            ret_match = re.match(r"\s*->\s*([^()]+?)\s*(?=$|[A-Za-z_][\w.]*\s*\()", following)
            ret = ret_match.group(1).strip() if ret_match else None
            if k > 0 and not between:
                call = _parse(text[start : end + 1], ret)  # ``Class(...)(x) -> Tensor``
            elif k > 0 and not re.fullmatch(
                r"(?:->\s*[^()]+?\s+)?(?:class\s+|def\s+)?[\w.]+", between
            ):
                raise SignatureSyntaxError(f"unexpected text {between!r} between signatures")
            else:
                overloads.append(_parse(text[start : end + 1], ret))
            previous_end = end + (ret_match.end() if ret_match else 0)
        tail = text[previous_end + 1 :].strip()
        if tail and not tail.startswith("->"):
            raise SignatureSyntaxError(f"unexpected text {tail!r} after the parameters")
    except (SignatureSyntaxError, ValueError) as exc:
        return PrintedReading(api, error=str(exc).splitlines()[0])
    return PrintedReading(api, tuple(overloads), call)


_WRITTEN = re.compile(r"(?:^|[(,\s])\**([A-Za-z_]\w*)\s*(?==|,|\)|:|$)")


def written_names(printed: PrintedSignature) -> set[str]:
    """The parameter names a printed signature writes, read leniently where
    :func:`read_printed` cannot parse it (an unclosed or curly quote, a missing comma): each
    name that opens a parameter (after ``(``, a comma or a space) and is followed by ``=``,
    ``:``, a comma or ``)``. Empty for an attribute."""
    text = _code_text(printed)
    first = text.find("(")
    if first < 0:
        return set()
    names = set()
    for part in re.split(r",", text[first + 1 :]):
        for m in _WRITTEN.finditer(part.strip().rstrip(")")):
            names.add(m.group(1))
            break
        names.update(re.findall(r"\s([A-Za-z_]\w*)\s*=", part))
    return {n for n in names if n not in ("None", "True", "False")} - {""}
