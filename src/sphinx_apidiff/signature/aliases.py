"""Type aliases in annotation text, expanded: ``_size_2_t`` is ``int | tuple[int, int]``.

A live reading sees annotations resolved (Python evaluated the alias); a reading of source text
sees the alias's name. Expanding the aliases a reader can find makes the two say the same, and
lets a comparison see that an alias and its value are one type.

The reader says what a name is through a *lookup*: ``lookup(name)`` is an :class:`Alias` (its
value as source text, its type variables in order, and the lookup of the alias's own module,
where its value's names are resolved) or ``None`` (a class, a type variable, a name it cannot
resolve: left as written). A generic alias subscripted (``_scalar_or_tuple_2_t[int]``) has its
type variables replaced by the arguments; used bare, by ``Any``, as :mod:`typing` does.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Callable
from typing import NamedTuple

__all__ = ["Alias", "Lookup", "dotted_name", "expand_aliases"]

#: How deep aliases of aliases are followed (a cycle stops here too).
MAX_DEPTH = 8


class Alias(NamedTuple):
    """What a name that is a type alias stands for."""

    value: str
    #: The type variables of a generic alias, in the order a subscript fills them.
    params: tuple[str, ...]
    #: How the names in ``value`` are resolved (the alias's own module).
    lookup: Lookup


Lookup = Callable[[str], "Alias | None"]


def dotted_name(node: ast.AST) -> str | None:
    """``a.b.c`` for a Name or a chain of attributes on a Name; None for anything else."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Substitute(ast.NodeTransformer):
    def __init__(self, values: dict[str, ast.AST]) -> None:
        self.values = values

    def visit_Name(self, node: ast.Name) -> ast.AST:
        value = self.values.get(node.id)
        return copy.deepcopy(value) if value is not None else node


class _Expand(ast.NodeTransformer):
    def __init__(self, lookup: Lookup, depth: int) -> None:
        self.lookup, self.depth = lookup, depth

    def _alias(self, node: ast.AST) -> tuple[Alias, ast.AST] | None:
        """The alias ``node`` names, and its value expanded in the alias's own module."""
        name = dotted_name(node)
        if name is None or self.depth <= 0:
            return None
        try:
            alias = self.lookup(name)
            if alias is None:
                return None
            tree = ast.parse(alias.value.strip(), mode="eval").body
        except (SyntaxError, ValueError, RecursionError):
            return None
        return alias, _Expand(alias.lookup, self.depth - 1).visit(tree)

    def _named(self, node: ast.expr) -> ast.AST:
        found = self._alias(node)
        if found is None:
            return node
        alias, body = found
        any_ = ast.Name("Any", ast.Load())
        return _Substitute(dict.fromkeys(alias.params, any_)).visit(body)

    visit_Name = _named
    visit_Attribute = _named

    def visit_Subscript(self, node: ast.Subscript) -> ast.AST:
        if dotted_name(node.value) in ("Literal", "typing.Literal"):
            return node  # values, not types
        node.slice = self.visit(node.slice)
        found = self._alias(node.value)
        if found is None:
            node.value = self.visit(node.value)
            return node
        alias, body = found
        args = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if not alias.params or len(args) != len(alias.params):
            node.value = body
            return node
        return _Substitute(dict(zip(alias.params, args, strict=True))).visit(body)


class _FlatUnions(ast.NodeTransformer):
    """``str | (int | tuple)`` (an alias's union inside another) -> ``str | int | tuple``."""

    def visit_BinOp(self, node: ast.BinOp) -> ast.AST:
        self.generic_visit(node)
        if not isinstance(node.op, ast.BitOr):
            return node
        members: list[ast.AST] = []
        stack: list[ast.AST] = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, ast.BinOp) and isinstance(item.op, ast.BitOr):
                stack.extend((item.right, item.left))
            else:
                members.append(item)
        result = members[0]
        for member in members[1:]:
            result = ast.BinOp(result, ast.BitOr(), member)
        return result


def expand_aliases(text: str, lookup: Lookup) -> str:
    """``text`` with every alias ``lookup`` knows replaced by its value; unchanged (the very
    same string) when none is found or the text is not an expression."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, ValueError):
        return text
    before = ast.dump(tree.body)
    try:
        body = _Expand(lookup, MAX_DEPTH).visit(tree.body)
    except RecursionError:
        return text
    if ast.dump(body) == before:
        return text
    return ast.unparse(_FlatUnions().visit(body))
