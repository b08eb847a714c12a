"""Defaults and annotations as values: which default texts can be compared, and on what key.

Pure Python: no docutils, no Sphinx. Sentinels such as NumPy's ``<no value>``, ``...`` and reprs
that are not Python expressions are *unknown* defaults; annotations compare on a canonical text
(``Optional[X]`` is ``X | None``).
"""

from __future__ import annotations

import ast
import re
from functools import lru_cache
from typing import ClassVar

__all__ = ["default_is_known", "default_value_key", "normalize_annotation", "scrub_repr"]

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
