"""Parsing signature text (``(a, b=1, *, c: int = 2, **kw) -> T``) with :mod:`ast`.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from .model import Kind, Parameter, Signature, SignatureSyntaxError
from .text import collapse_space, scan_code, strip_optional_brackets, untype_c
from .values import default_is_known, scrub_repr

__all__ = ["iter_arguments", "parse_signature"]


def _split_head(text: str) -> tuple[str, str | None]:
    """Split ``name(params) -> ret`` / ``(params) -> ret`` into ``(params)`` and ``ret``."""
    text = text.strip()
    start = text.find("(")
    if start < 0:
        raise SignatureSyntaxError(f"no '(' in signature text {text!r}")
    head = text[:start].strip()
    if head and not re.fullmatch(r"[A-Za-z_][\w.]*", head):
        raise SignatureSyntaxError(f"unexpected text {head!r} before '(' in {text!r}")
    for i, ch, depth in scan_code(text, start):
        if ch in ")]}" and depth == 0:
            params = text[start : i + 1]
            rest = text[i + 1 :].strip()
            if not rest:
                return params, None
            if rest.startswith("->"):
                ret = rest[2:].strip().rstrip(":").strip()
                return params, ret or None
            if rest == ":":
                return params, None
            raise SignatureSyntaxError(f"unexpected text {rest!r} after the parameters")
    raise SignatureSyntaxError(f"unbalanced parentheses in {text!r}")


_OPAQUE_REPR = re.compile(r"<[^<>()]*>")


def _default_text(node: ast.AST, source: str, opaque: dict[str, str] | None = None) -> str:
    text = ast.get_source_segment(source, node) or ast.unparse(node)
    if isinstance(node, ast.Constant):
        return text  # a literal is reproducible as written: keep it exactly
    for key, original in (opaque or {}).items():
        text = text.replace(key, original)
    return scrub_repr(text)


def parse_signature(
    text: str, *, optional_unknown: bool = True, c_types: bool = False
) -> Signature:
    """Parse ``(a, b=1, *, c: int = 2, **kw) -> T`` (a leading name is allowed).

    ``[, x]`` brackets (docstring style) make ``x`` optional with an unknown default when
    ``optional_unknown``. Defaults keep their source text exactly as written.
    With ``c_types``, a C type before a name (``bool pivot=True``, how C libraries write their
    docstrings) becomes the annotation.
    """
    if not isinstance(text, str) or not text.strip():
        raise SignatureSyntaxError("empty signature text")
    params_text, ret = _split_head(collapse_space(text))
    params_text, optional = strip_optional_brackets(params_text)
    if c_types:  # docstrings only: in an author's text ``(a, b c)`` is a missing comma
        params_text = untype_c(params_text)
    opaque: dict[str, str] = {}
    code = {i for i, _ch, _depth in scan_code(params_text)} if "<" in params_text else set()

    def hide(match: re.Match[str]) -> str:
        if not all(i in code for i in range(match.start(), match.end())):
            return match.group(0)  # inside a string literal: a value, not a pasted repr
        key = f"__apidiff_opaque_{len(opaque)}__"
        opaque[key] = match.group(0)
        return key

    # reprs such as <no value> or <object object at 0x...> pasted from a runtime signature
    params_text = _OPAQUE_REPR.sub(hide, params_text)
    source = f"def _f{params_text}: pass"
    try:
        func = ast.parse(source).body[0]
    except SyntaxError as exc:
        detail = exc.msg if isinstance(exc, SyntaxError) else str(exc)
        raise SignatureSyntaxError(f"cannot parse signature {text.strip()!r}: {detail}") from None
    assert isinstance(func, ast.FunctionDef)

    def annotation(arg: ast.arg) -> str | None:
        return _default_text(arg.annotation, source) if arg.annotation is not None else None

    params: list[Parameter] = []
    for arg, kind, dflt in iter_arguments(func.args):
        if kind.variadic:
            params.append(Parameter(arg.arg, kind, annotation=annotation(arg)))
            continue
        default = _default_text(dflt, source, opaque) if dflt is not None else None
        params.append(
            _make(arg.arg, kind, default, annotation(arg), arg.arg in optional, optional_unknown)
        )
    return Signature(tuple(params), ret)


def iter_arguments(args: ast.arguments) -> Iterator[tuple[ast.arg, Kind, ast.expr | None]]:
    """A ``def``'s parameters in order: each ``ast.arg``, its kind and its default (or None).

    The one walk of :class:`ast.arguments` (signature text here, ``.pyi`` stubs in
    :mod:`sphinx_apidiff.introspect.stubs`).
    """
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    for i, arg in enumerate(positional):
        kind = Kind.POSITIONAL_ONLY if i < len(args.posonlyargs) else Kind.POSITIONAL_OR_KEYWORD
        yield arg, kind, args.defaults[i - first_default] if i >= first_default else None
    if args.vararg is not None:
        yield args.vararg, Kind.VAR_POSITIONAL, None
    yield from (
        (arg, Kind.KEYWORD_ONLY, d)
        for arg, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    )
    if args.kwarg is not None:
        yield args.kwarg, Kind.VAR_KEYWORD, None


def _make(
    name: str,
    kind: Kind,
    default: str | None,
    annotation: str | None,
    bracketed: bool,
    optional_unknown: bool,
) -> Parameter:
    if default is None and bracketed and optional_unknown:
        return Parameter(name, kind, "...", False, annotation)
    if default is None:
        return Parameter(name, kind, None, True, annotation)
    return Parameter(name, kind, default, default_is_known(default), annotation)
