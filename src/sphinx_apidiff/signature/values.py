"""Defaults and annotations as values: which default texts can be compared, and on what key.

Pure Python: no docutils, no Sphinx. Sentinels such as NumPy's ``<no value>``, ``...`` and reprs
that are not Python expressions are *unknown* defaults; annotations compare on a canonical text
(``Optional[X]`` is ``X | None``), and as types (:func:`annotation_key` reads each type
name as one name, :func:`annotation_accepts` says whether one annotation takes what another
does).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import ClassVar

from .aliases import dotted_name as _dotted

__all__ = [
    "NO_EQUIVALENTS",
    "TypeEquivalents",
    "annotation_accepts",
    "annotation_key",
    "default_is_known",
    "default_value_key",
    "normalize_annotation",
    "scrub_repr",
]

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

_TYPEVAR_REPR = re.compile(r"(?:^|(?<=[\[(,|\s]))~(?=[A-Za-z_])")
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
    cleaned = _TYPEVAR_REPR.sub("", cleaned)  # a live TypeVar is ``~T``, its source ``T``
    try:
        tree = ast.parse(cleaned, mode="eval")
    except SyntaxError:
        return " ".join(cleaned.split())
    body = _AnnotationNormalizer().visit(tree.body)
    members = sorted({ast.unparse(m) for m in _union_members(body)})
    return " | ".join(members)


# ----------------------------------------------------------------- annotations as types


class TypeEquivalents:
    """Names that stand for one type when annotations are compared (``torch.Tensor``,
    ``paddle.Tensor``): groups of dotted names; groups that share a name are one group.

    Hashable and compared by its groups, so that it can key a cache.
    """

    __slots__ = ("_canonical", "_ends", "groups")

    def __init__(self, groups: Iterable[Iterable[str]] = ()) -> None:
        merged: list[set[str]] = []
        for group in groups:
            names = {str(name).strip() for name in group} - {""}
            for other in [g for g in merged if g & names]:
                names |= other
                merged.remove(other)
            if names:
                merged.append(names)
        self.groups: tuple[tuple[str, ...], ...] = tuple(
            sorted(tuple(sorted(g)) for g in merged if len(g) > 1)
        )
        self._canonical = {name: group[0] for group in self.groups for name in group}
        ends: dict[tuple[str, str], set[str]] = {}
        for name, canonical in self._canonical.items():
            top, _, rest = name.partition(".")
            if rest:
                ends.setdefault((top, rest.rpartition(".")[2]), set()).add(canonical)
        self._ends = {key: next(iter(c)) for key, c in ends.items() if len(c) == 1}

    def canonical(self, name: str) -> str | None:
        """The one name of ``name``'s group (None if it is in none).

        A name is also found by its package and its last part, where that is one group's:
        ``torch.nn.Module`` is written, ``torch.nn.modules.module.Module`` is read at run time.
        """
        found = self._canonical.get(name)
        if found is None and "." in name:
            top, _, rest = name.partition(".")
            found = self._ends.get((top, rest.rpartition(".")[2]))
        return found

    def __bool__(self) -> bool:
        return bool(self.groups)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TypeEquivalents) and other.groups == self.groups

    def __hash__(self) -> int:
        return hash(self.groups)

    def __repr__(self) -> str:
        return f"TypeEquivalents({[list(g) for g in self.groups]!r})"


NO_EQUIVALENTS = TypeEquivalents()


class _Names(ast.NodeTransformer):
    """Each type name as the comparison sees it: its equivalence group's name, else without
    the qualifier of the side's own package; forward references (``'Tensor'``) read."""

    def __init__(self, package: str | None, same: TypeEquivalents) -> None:
        self.package, self.same = package, same

    def _name(self, node: ast.expr) -> ast.expr:
        name = _dotted(node)
        if name is None:
            return self.generic_visit(node)
        bare = name.rpartition(".")[2]
        own = bool(self.package) and name.startswith(f"{self.package}.")
        found = (
            self.same.canonical(name)
            or (self.package and "." not in name and self.same.canonical(f"{self.package}.{name}"))
            or (own and self.same.canonical(bare))
            or (bare if own else name)
        )
        return ast.parse(found, mode="eval").body if found != name else node

    visit_Name = _name
    visit_Attribute = _name

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        node.value = self.visit(node.value)
        if _dotted(node.value) not in ("Literal", "typing.Literal"):  # values, not types
            node.slice = self.visit(node.slice)
        return node

    def visit_Constant(self, node: ast.Constant) -> ast.AST:
        if isinstance(node.value, str):
            try:
                return self.visit(ast.parse(node.value.strip(), mode="eval").body)
            except SyntaxError:
                return node
        return node


@lru_cache(maxsize=8192)
def annotation_key(
    text: str | None, package: str | None = None, same: TypeEquivalents = NO_EQUIVALENTS
) -> str | None:
    """What an annotation is compared on: :func:`normalize_annotation`'s text with each type
    name read as one name (``same``: the project's equivalents; a name qualified by the side's
    own ``package`` by its last part: ``torch.Tensor`` of torch is ``Tensor``)."""
    normal = normalize_annotation(text)
    if normal is None or not (package or same):
        return normal
    try:
        tree = ast.parse(normal, mode="eval")
    except SyntaxError:
        return normal
    body = _Names(package, same).visit(tree.body)
    return normalize_annotation(ast.unparse(body))


#: A bare type that takes the values of these (PEP 484's numeric tower, ``bool`` is an int).
_WIDER = {"float": {"int", "bool"}, "complex": {"float", "int", "bool"}, "int": {"bool"}}
#: An abstract container on the right takes these containers on the left.
_CONTAINERS = {
    "Sequence": {"list", "tuple", "MutableSequence"},
    "MutableSequence": {"list"},
    "Collection": {"list", "tuple", "set", "frozenset", "Sequence", "MutableSequence"},
    "Iterable": {"list", "tuple", "set", "frozenset", "Sequence", "MutableSequence", "Collection"},
    "Mapping": {"dict", "MutableMapping"},
    "MutableMapping": {"dict"},
    "AbstractSet": {"set", "frozenset"},
}
_ANYTHING = frozenset({"Any", "object"})


def _split(node: ast.AST) -> tuple[str | None, list[ast.AST] | None]:
    """``(origin, args)``: ``list[int]`` -> ``("list", [int])``, ``int`` -> ``("int", None)``."""
    if isinstance(node, ast.Subscript):
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return _dotted(node.value), list(args)
    return _dotted(node), None


def _elements(origin: str, args: list[ast.AST] | None) -> list[ast.AST] | None:
    """The element types of a container (a tuple's, whatever its length); None if unsaid."""
    if not args:
        return None
    if origin == "tuple" and len(args) == 2 and _is_ellipsis(args[1]):
        return [args[0]]
    return args if origin == "tuple" else args[:1]


def _is_ellipsis(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and node.value is Ellipsis


def _same_name(right: str | None, left: str | None) -> bool:
    """One type name: equal, or a bare name and a qualified one ending with it (a bare
    ``Tensor`` cannot say which module it meant)."""
    if right is None or left is None:
        return False
    if right == left:
        return True
    if "." in right and "." in left:
        return False
    return right.rpartition(".")[2] == left.rpartition(".")[2]


def _member_takes(right: ast.AST, left: ast.AST) -> bool:
    rtext, ltext = ast.unparse(right), ast.unparse(left)
    if rtext == ltext or rtext in _ANYTHING or ltext in ("NoReturn", "Never"):
        return True
    rorigin, rargs = _split(right)
    lorigin, largs = _split(left)
    if rorigin is None or lorigin is None:
        return False  # a list of parameter types, a call...: only equal text
    if lorigin in ("Literal", "typing.Literal") and largs:
        if rorigin == lorigin and rargs:
            return {ast.unparse(a) for a in largs} <= {ast.unparse(a) for a in rargs}
        values = [a.value for a in largs if isinstance(a, ast.Constant)]
        if len(values) != len(largs):
            return False
        return all(_member_takes(right, ast.Name(type(v).__name__)) for v in values)
    if rargs is None and largs is None and ltext in _WIDER.get(rtext, ()):
        return True
    if _same_name(rorigin, lorigin):
        if rargs is None:
            return True  # ``list`` takes any ``list[...]``
        if largs is None:
            return all(ast.unparse(a) in _ANYTHING for a in rargs)
        if rorigin == "tuple":
            rel, lel = _elements("tuple", rargs), _elements("tuple", largs)
            if len(rargs) == 2 and _is_ellipsis(rargs[1]):  # tuple[X, ...]
                return bool(lel) and all(_takes(rargs[0], x) for x in lel or ())
            variadic = len(largs) == 2 and _is_ellipsis(largs[1])
            return (
                not variadic
                and len(rel or ()) == len(lel or ())
                and all(_takes(r, x) for r, x in zip(rel or (), lel or (), strict=True))
            )
        return len(rargs) == len(largs) and all(
            _takes(r, x) for r, x in zip(rargs, largs, strict=True)
        )
    if lorigin in _CONTAINERS.get(rorigin, ()):
        if rargs is None:
            return True
        elements = _elements(lorigin, largs)
        if elements is None:
            return all(ast.unparse(a) in _ANYTHING for a in rargs)
        if lorigin in ("dict", "MutableMapping"):
            return len(rargs) == len(largs or ()) and all(
                _takes(r, x) for r, x in zip(rargs, largs or (), strict=True)
            )
        return len(rargs) == 1 and all(_takes(rargs[0], x) for x in elements)
    return False


def _takes(right: ast.AST, left: ast.AST) -> bool:
    rmembers, lmembers = _union_members(right), _union_members(left)
    return all(any(_member_takes(r, lm) for r in rmembers) for lm in lmembers)


@lru_cache(maxsize=8192)
def annotation_accepts(left: str, right: str) -> bool:
    """Whether a parameter annotated ``right`` takes every value one annotated ``left`` does.

    Both are :func:`annotation_key` (or :func:`normalize_annotation`) texts. Union members are
    compared one by one: ``int | tuple[int, int]`` is taken by ``int | tuple[int, int] |
    list[int]``, not the other way round; ``Any`` and ``object`` take anything; ``float``
    takes ``int``; ``Sequence[int]`` takes ``list[int]`` and ``tuple[int, int]``;
    ``str`` takes ``Literal['a']``; a bare ``Tensor`` is the same name as ``torch.Tensor``.
    Text that is not an expression is compared as a set of ``|``-separated members.
    """
    if left == right:
        return True
    try:
        lnode = ast.parse(left, mode="eval").body
        rnode = ast.parse(right, mode="eval").body
    except SyntaxError:
        members = lambda text: {m.strip() for m in text.split("|")}  # noqa: E731
        rset = members(right)
        return bool(rset & _ANYTHING) or members(left) <= rset
    return _takes(rnode, lnode)
