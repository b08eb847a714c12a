"""``:echo:``: the value of a block's final bare expression, shown as a REPL shows it.

Runs in the page process. The block is compiled in two parts when its last statement is an
expression: the statements before it (``exec``) and the expression (``eval``), both with the
block's own lines, so that an error in either is located as any other. The value's ``repr`` is
written to standard output, without memory addresses (``<object object at 0x7f…>``), so that
pages stay the same from one build to the next. ``None`` shows nothing, as in a REPL.
"""

from __future__ import annotations

import ast
import sys
import types
from typing import Any

__all__ = ["compile_block", "show_value", "shown_value"]


def compile_block(
    text: str, filename: str, echo: bool = False
) -> tuple[types.CodeType, types.CodeType | None]:
    """``text`` compiled to run (``exec``); with ``echo``, its final bare expression apart
    (``eval``), or None when the block does not end with one. Raises ``SyntaxError`` as
    :func:`compile` does."""
    if not echo:
        return compile(text, filename, "exec", 0, True), None
    tree = compile(text, filename, "exec", ast.PyCF_ONLY_AST, True)
    last = tree.body[-1] if tree.body else None
    if not isinstance(last, ast.Expr):
        return compile(tree, filename, "exec", 0, True), None
    tree.body.pop()
    expression = ast.Expression(last.value)
    return compile(tree, filename, "exec", 0, True), compile(expression, filename, "eval", 0, True)


def shown_value(value: Any) -> str | None:
    """What a REPL prints for ``value`` (None for ``None``), without memory addresses."""
    if value is None:
        return None
    from ...signature.values import scrub_repr  # only when a block echoes

    return scrub_repr(repr(value))


def show_value(value: Any) -> None:
    """Write :func:`shown_value` to standard output (the block's captured output)."""
    text = shown_value(value)
    if text is not None:
        sys.stdout.write(text + "\n")
