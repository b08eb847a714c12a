"""Value types for a callable's signature, and parsing signature text with :mod:`ast`.

Pure Python: no docutils, no Sphinx. Every other layer speaks in these types.

A :class:`Signature` is one overload: an ordered tuple of :class:`Parameter` and a return
annotation. Defaults and annotations are kept as *source text* (what a reader should see), with
``default_known`` saying whether the text stands for a real value that can be compared. Sentinels
such as NumPy's ``<no value>``, ``...`` and reprs that are not Python expressions are *unknown*.
"""

from __future__ import annotations

import ast
import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from .sigtext import collapse_space, scan_code, strip_optional_brackets, untype_c

__all__ = [
    "Kind",
    "Parameter",
    "Signature",
    "SignatureSyntaxError",
    "default_is_known",
    "iter_arguments",
    "normalize_annotation",
    "parse_signature",
    "scan_code",
    "scrub_repr",
]


class Kind(enum.Enum):
    """How a caller passes a parameter (the values are the names used in JSON)."""

    POSITIONAL_ONLY = "positional-only"
    POSITIONAL_OR_KEYWORD = "positional-or-keyword"
    VAR_POSITIONAL = "var-positional"
    KEYWORD_ONLY = "keyword-only"
    VAR_KEYWORD = "var-keyword"

    @property
    def positional(self) -> bool:
        """True if the parameter can be filled by a positional argument at a fixed index."""
        return self in (Kind.POSITIONAL_ONLY, Kind.POSITIONAL_OR_KEYWORD)

    @property
    def keyword(self) -> bool:
        """True if the parameter can be passed by its name."""
        return self in (Kind.POSITIONAL_OR_KEYWORD, Kind.KEYWORD_ONLY)

    @property
    def variadic(self) -> bool:
        return self in (Kind.VAR_POSITIONAL, Kind.VAR_KEYWORD)


_ORDER = {
    Kind.POSITIONAL_ONLY: 0,
    Kind.POSITIONAL_OR_KEYWORD: 1,
    Kind.VAR_POSITIONAL: 2,
    Kind.KEYWORD_ONLY: 3,
    Kind.VAR_KEYWORD: 4,
}


class SignatureSyntaxError(ValueError):
    """Signature text that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class Parameter:
    """One parameter. ``default`` is ``None`` when the parameter is required."""

    name: str
    kind: Kind = Kind.POSITIONAL_OR_KEYWORD
    default: str | None = None
    default_known: bool = True
    annotation: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None and not self.kind.variadic

    @property
    def label(self) -> str:
        """The name as a reader knows it: ``x``, ``*args``, ``**kwargs``."""
        return {Kind.VAR_POSITIONAL: "*", Kind.VAR_KEYWORD: "**"}.get(self.kind, "") + self.name

    def display(self) -> str:
        """The parameter as it is written in a ``def`` (``*args``, ``x: int = 1``)."""
        text = self.label
        if self.annotation:
            text += f": {self.annotation}"
        if self.default is not None:
            text += f" = {self.default}" if self.annotation else f"={self.default}"
        return text

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "kind": self.kind.value,
            "default": self.default,
            "default_known": self.default_known,
            "annotation": self.annotation,
        }


@dataclass(frozen=True)
class Signature:
    """One overload of a callable."""

    parameters: tuple[Parameter, ...] = ()
    return_annotation: str | None = None
    #: Extra facts from the reader, e.g. ``"instance parameter 'self' dropped"``.
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        last = -1
        for param in self.parameters:
            if param.name in seen:
                raise SignatureSyntaxError(f"duplicate parameter name {param.name!r}")
            seen.add(param.name)
            order = _ORDER[param.kind]
            if order < last:
                raise SignatureSyntaxError(
                    f"parameter {param.name!r} ({param.kind.value}) is out of order"
                )
            last = order

    def __getitem__(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        raise KeyError(name)

    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def var_positional(self) -> Parameter | None:
        return next((p for p in self.parameters if p.kind is Kind.VAR_POSITIONAL), None)

    def var_keyword(self) -> Parameter | None:
        return next((p for p in self.parameters if p.kind is Kind.VAR_KEYWORD), None)

    def is_bare_varargs(self) -> bool:
        """``(*args, **kwargs)``: what C classes and dispatchers report. Means "unknown"."""
        kinds = [p.kind for p in self.parameters]
        return kinds == [Kind.VAR_POSITIONAL, Kind.VAR_KEYWORD]

    def without_first(self) -> Signature:
        """Drop the instance parameter of a method reached through its class."""
        if not self.parameters or not self.parameters[0].kind.positional:
            return self
        first = self.parameters[0].name
        return Signature(
            self.parameters[1:],
            self.return_annotation,
            (*self.notes, f"instance parameter {first!r} not compared"),
        )

    def parameter_lines(self) -> list[str]:
        """The parameters one per line, with ``/`` and ``*`` markers where Python needs them."""
        lines: list[str] = []
        params = self.parameters
        for i, param in enumerate(params):
            if param.kind is Kind.KEYWORD_ONLY and (
                i == 0 or params[i - 1].kind not in (Kind.KEYWORD_ONLY, Kind.VAR_POSITIONAL)
            ):
                lines.append("*")
            lines.append(param.display())
            if param.kind is Kind.POSITIONAL_ONLY and (
                i + 1 == len(params) or params[i + 1].kind is not Kind.POSITIONAL_ONLY
            ):
                lines.append("/")
        return lines

    def text(self) -> str:
        """The signature on one line: ``(a, b=1, *, c) -> int``."""
        out = "(" + ", ".join(self.parameter_lines()) + ")"
        if self.return_annotation:
            out += f" -> {self.return_annotation}"
        return out

    def to_dict(self) -> dict:
        return {
            "signature": self.text(),
            "parameters": [p.to_dict() for p in self.parameters],
            "return_annotation": self.return_annotation,
        }


# --------------------------------------------------------------------------- defaults

_ADDRESS = re.compile(r"\s+at\s+0x[0-9a-fA-F]+")
_BARE_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")

#: Default texts that mean "not passed" rather than a value.
_SENTINEL_NAMES = re.compile(
    r"(^|\.)(_?NoValue|_NoValueType|_?NOT_?GIVEN|_?NotGiven|_?MISSING|_?Missing|_?NOTSET|"
    r"_?NotSet|_?UNSET|_?Unset|_?_?DEFAULT_?|_?sentinel|_?SENTINEL|_empty|_void|_?Undefined)$"
)


def scrub_repr(text: str) -> str:
    """Make a repr reproducible: drop memory addresses (``<object object at 0x7f...>``)."""
    text = _ADDRESS.sub("", text)
    return _BARE_ADDRESS.sub("0x…", text)


def default_is_known(text: str) -> bool:
    """Whether default source text stands for a value that can be compared.

    ``...``, reprs in angle brackets (``<no value>``, ``<object object>``) and names that are
    conventional sentinels are unknown: they mean "not passed", not "a different default".
    """
    text = text.strip()
    if not text or text in ("...", "Ellipsis") or text.startswith("<"):
        return False
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError:
        return False
    node = tree.body
    if isinstance(node, ast.Constant) and node.value is Ellipsis:
        return False
    if isinstance(node, ast.Name | ast.Attribute):
        return not _SENTINEL_NAMES.search(ast.unparse(node))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
        # object(), _NoValueType(): a fresh sentinel instance
        return ast.unparse(node.func) not in ("object",) and not _SENTINEL_NAMES.search(
            ast.unparse(node.func)
        )
    return True


def default_value_key(text: str) -> object:
    """A key that is equal for equal defaults: the literal value, else normalised source."""
    try:
        value = ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        try:
            return ("src", ast.unparse(ast.parse(text.strip(), mode="eval")))
        except SyntaxError:
            return ("src", text.strip())
    # 1 == 1.0 == True in Python; a reader cares that True and 1 differ.
    return ("lit", type(value).__name__, repr(value))


# ------------------------------------------------------------------------ annotations

_TYPING_PREFIX = re.compile(r"\b(typing|typing_extensions|collections\.abc|builtins)\.")


class _AnnotationNormalizer(ast.NodeTransformer):
    """Optional[X] -> X | None, Union[A, B] -> A | B, List -> list, sorted union members."""

    _BUILTIN_GENERICS: ClassVar[dict[str, str]] = {
        "List": "list",
        "Dict": "dict",
        "Tuple": "tuple",
        "Set": "set",
        "FrozenSet": "frozenset",
        "Type": "type",
    }

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.value, ast.Name):
            name = node.value.id
            if name == "Optional":
                return ast.BinOp(node.slice, ast.BitOr(), ast.Constant(None))
            if name == "Union":
                elts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                result = elts[0]
                for elt in elts[1:]:
                    result = ast.BinOp(result, ast.BitOr(), elt)
                return result
            if name in self._BUILTIN_GENERICS:
                node.value = ast.Name(self._BUILTIN_GENERICS[name], ast.Load())
        return node


def _union_members(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.BitOr):
        return _union_members(node.left) + _union_members(node.right)
    return [node]


@lru_cache(maxsize=4096)
def normalize_annotation(text: str | None) -> str | None:
    """Canonical text for comparing annotations; the shown text stays as it was."""
    if text is None:
        return None
    cleaned = _TYPING_PREFIX.sub("", text.strip().strip("'\""))
    cleaned = cleaned.replace("NoneType", "None")
    try:
        tree = ast.parse(cleaned, mode="eval")
    except SyntaxError:
        return " ".join(cleaned.split())
    body = _AnnotationNormalizer().visit(tree.body)
    members = sorted({ast.unparse(m) for m in _union_members(body)})
    return " | ".join(members)


# ---------------------------------------------------------------------------- parsing


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
