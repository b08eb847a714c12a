"""What an imported example block becomes: an executed example, two executed halves, or a plain
block that never runs (and why), decided statically.

Pure Python: no docutils, no Sphinx, and nothing here runs the code. A block *can run* when it
parses and every name it loads is defined by the block before use, imported by it, a builtin,
or given by an import the page implies (a block on a PyTorch-to-Paddle page that uses
``torch`` or ``np`` without importing them). A block that loads a name nothing defines (``x``
in ``torch.add(x, y, alpha=2)``) is a *fragment*: it stays a plain block, so that the build
never reports a failure the page's author did not make.

A block that writes both sides one after the other (``# PyTorch 写法`` ... ``# Paddle 写法``
...) becomes its halves, left then right (as many pairs as the block has), each judged on its
own; when one half is a fragment, the whole block stays plain (a half shown alone would lose
the side-by-side view the block is for). Halves in another order (the target's first) are
not pairs: such a block is judged as one piece of code.

The code is kept as written: an added import is a line of its own *before* the block's first
line, and every unit's :attr:`Unit.code` is a run of the block's lines, unchanged.
"""

from __future__ import annotations

import ast
import builtins
import inspect
import re
import symtable
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import CodeBlock, Page

__all__ = [
    "ALWAYS_IMPLIED",
    "PYTHON",
    "Fate",
    "Unit",
    "analyse",
    "classify",
    "heading_keys",
    "implied_import",
    "page_packages",
]

#: The languages a block must be marked with to be run.
PYTHON = ("python", "python3", "py")
#: Packages every page implies besides the ones its APIs belong to: the teams compare with
#: PyTorch, and write NumPy arrays as inputs.
ALWAYS_IMPLIED = ("torch", "numpy")
#: Conventional short names, by package: ``np`` means ``import numpy as np``.
_ALIASES = {"np": "numpy", "ms": "mindspore", "mge": "megengine"}
_BUILTINS = frozenset(dir(builtins))
_STDLIB = frozenset(sys.stdlib_module_names) | {"__future__"}
#: An expected error written as the comment after the code: ``# IndexError: out of range``.
_ERROR_COMMENT = re.compile(r"^\s*#\s*([A-Za-z_][\w.]*(?:Error|Exception))\b")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Unit:
    """One ``apidiff-example`` to write: the block's code (or a half's) as written, the import
    lines written before it, and its options."""

    code: str
    line: int
    added: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    side: str = ""
    raises: str = ""
    echo: bool = False

    @property
    def text(self) -> str:
        """The example's code: the added imports, a blank line, the code as written."""
        if not self.added:
            return self.code
        return "\n".join((*self.added, "", self.code))

    def options(self) -> list[tuple[str, str]]:
        """The directive's options, as (name, value) (a flag's value is empty)."""
        options = [("side", self.side)] if self.side else []
        if self.requires:
            options.append(("requires", ", ".join(self.requires)))
        if self.raises:
            options.append(("raises", self.raises))
        if self.echo:
            options.append(("echo", ""))
        return options

    def report(self) -> dict:
        out: dict = {"line": self.line, "requires": list(self.requires)}
        if self.added:
            out["added"] = list(self.added)
        if self.side:
            out["side"] = self.side
        if self.raises:
            out["raises"] = self.raises
        return out


@dataclass(frozen=True)
class Fate:
    """``became``: ``executed`` (one unit), ``halves`` (units left, right, ...) or
    ``plain-block`` (no unit; ``reason`` says why)."""

    became: str
    reason: str = ""
    units: tuple[Unit, ...] = field(default=())

    def report(self) -> dict:
        out: dict = {"became": self.became}
        if self.reason:
            out["reason"] = self.reason
        if self.became == "executed":
            out.update(self.units[0].report())
            out.pop("line")
        elif self.units:
            out["halves"] = [u.report() for u in self.units]
        return out


@dataclass(frozen=True)
class Reading:
    """What :func:`analyse` found in one piece of code: ``reason`` is empty when it can run."""

    reason: str = ""
    added: tuple[str, ...] = ()
    requires: tuple[str, ...] = ()
    raises: str = ""
    echo: bool = False


def implied_import(name: str, packages: Iterable[str]) -> str | None:
    """The import line the page implies for an undefined ``name``: ``import torch`` for
    ``torch`` where ``torch`` is one of ``packages`` (or :data:`ALWAYS_IMPLIED`),
    ``import numpy as np`` for ``np``; None for any other name."""
    known = {*packages, *ALWAYS_IMPLIED}
    if name in known:
        return f"import {name}"
    module = _ALIASES.get(name)
    if module in known:
        return f"import {module} as {name}"
    return None


def page_packages(page: Page) -> tuple[str, ...]:
    """The packages ``page`` implies (besides :data:`ALWAYS_IMPLIED`): its format's, and the
    top-level package of each API it compares."""
    sides = [s for p in page.pairs for s in (p.left, p.right) if s is not None and s.api]
    return tuple(sorted({page.format, *(s.api.split(".")[0] for s in sides)}))


def _scope_undefined(code: str) -> set[str]:
    """Names some scope of ``code`` loads from the module that the module never binds."""
    top = symtable.symtable(code, "<example>", "exec")
    bound = {
        s.get_name()
        for s in top.get_symbols()
        if s.is_assigned() or s.is_imported() or s.is_namespace() or s.is_parameter()
    }
    loaded = {s.get_name() for s in top.get_symbols() if s.is_referenced()}
    stack = list(top.get_children())
    while stack:
        table = stack.pop()
        stack.extend(table.get_children())
        for s in table.get_symbols():
            if s.is_referenced() and (s.is_global() or s.is_declared_global()):
                loaded.add(s.get_name())
            if s.is_declared_global() and s.is_assigned():
                bound.add(s.get_name())
    return loaded - bound


class _Loads(ast.NodeVisitor):
    """The module-scope names one top-level statement loads and binds, in the order written;
    what nested functions, lambdas, classes and comprehensions do is left to symtable."""

    def __init__(self) -> None:
        self.loads: list[str] = []
        self.binds: list[str] = []

    def visit_Name(self, node: ast.Name) -> None:
        (self.loads if isinstance(node.ctx, ast.Load) else self.binds).append(node.id)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.target, ast.Name):
            self.loads.append(node.target.id)
        self.generic_visit(node)

    def _defines(self, node: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> None:
        for sub in (*node.decorator_list, *getattr(node, "bases", ())):
            self.visit(sub)
        self.binds.append(node.name)

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _defines

    def visit_Lambda(self, node: ast.Lambda) -> None:
        pass

    def _comprehension(self, node) -> None:
        self.visit(node.generators[0].iter)  # the only part evaluated in the enclosing scope

    visit_ListComp = visit_SetComp = visit_DictComp = visit_GeneratorExp = _comprehension

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.binds.append(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        self.binds.extend(alias.asname or alias.name for alias in node.names)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.binds.append(node.name)
        self.generic_visit(node)


def _loads(node: ast.AST | None) -> _Loads:
    found = _Loads()
    if node is not None:
        found.visit(node)
    return found


class _Flow:
    """Module names loaded before any statement bound them, following the statements in the
    order they run: a condition or a loop's iterable before its body, the body before what
    follows (a name a branch binds counts as bound after it)."""

    def __init__(self, module_names: set[str]) -> None:
        self.module_names = module_names
        self.early: list[str] = []

    def check(self, names: list[str], bound: set[str]) -> None:
        self.early.extend(n for n in names if n in self.module_names and n not in bound)

    def run(self, stmts: list[ast.stmt], bound: set[str]) -> None:
        for stmt in stmts:
            if isinstance(stmt, (ast.If, ast.While)):
                self.check(_loads(stmt.test).loads, bound)
                self.branches(bound, stmt.body, stmt.orelse)
            elif isinstance(stmt, (ast.For, ast.AsyncFor)):
                self.check(_loads(stmt.iter).loads, bound)
                bound.update(_loads(stmt.target).binds)
                self.branches(bound, stmt.body, stmt.orelse)
            elif isinstance(stmt, (ast.With, ast.AsyncWith)):
                for item in stmt.items:
                    self.check(_loads(item.context_expr).loads, bound)
                    bound.update(_loads(item.optional_vars).binds)
                self.run(stmt.body, bound)
            elif isinstance(stmt, ast.Try):
                self.run(stmt.body, bound)
                for handler in stmt.handlers:
                    self.check(_loads(handler.type).loads, bound)
                    inner = bound | ({handler.name} if handler.name else set())
                    self.run(handler.body, inner)
                    bound.update(inner)
                self.run(stmt.orelse, bound)
                self.run(stmt.finalbody, bound)
            else:  # a simple statement, or a definition (its body runs later: symtable's)
                found = _loads(stmt)
                self.check(found.loads, bound)
                bound.update(found.binds)

    def branches(self, bound: set[str], *bodies: list[ast.stmt]) -> None:
        after = set(bound)
        for body in bodies:
            inner = set(bound)
            self.run(body, inner)
            after |= inner
        bound.update(after)


def _used_before(tree: ast.Module) -> list[str]:
    """Module names a statement loads before the statements that ran bound them (a
    statement that loads what it binds, ``x = x + 1``, counts as before)."""
    module_names = {n for stmt in tree.body for n in _all_binds(stmt)}
    flow = _Flow(module_names)
    flow.run(tree.body, set())
    return flow.early


def _all_binds(stmt: ast.stmt) -> list[str]:
    """The module names ``stmt`` binds anywhere in its blocks (not inside definitions)."""
    names = list(_loads(stmt).binds)
    for field_name in ("body", "orelse", "finalbody", "handlers"):
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            break
        for sub in getattr(stmt, field_name, ()):
            if isinstance(sub, ast.ExceptHandler):
                names.extend([sub.name] if sub.name else [])
                for inner in sub.body:
                    names.extend(_all_binds(inner))
            else:
                names.extend(_all_binds(sub))
    return names


def _builtins_as_data(tree: ast.Module) -> list[str]:
    """Builtin functions the block uses as data and never calls, nor binds, nor passes by
    keyword (``key=len``): ``torch.aminmax(input, dim=-1)`` means a tensor named ``input``,
    not Python's ``input`` function."""
    called: set[str] = set()
    keyword_values: set[str] = set()
    bound: set[str] = set()
    used: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            called.add(node.func.id)
        elif isinstance(node, ast.keyword) and isinstance(node.value, ast.Name):
            keyword_values.add(node.value.id)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            used.append(node.id)
        elif isinstance(node, ast.Name):
            bound.add(node.id)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    skip = called | keyword_values | bound
    return [
        n
        for n in dict.fromkeys(used)
        if n not in skip and inspect.isbuiltin(getattr(builtins, n, None))
    ]


def _star_import(tree: ast.Module) -> bool:
    return any(
        isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
        for n in ast.walk(tree)
    )


def _roots(tree: ast.Module) -> list[str]:
    roots: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.extend(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            roots.append(node.module.split(".")[0])
    return roots


def _expected_error(code: str, tree: ast.Module) -> str:
    """The exception a comment after the last statement says the code raises."""
    if not tree.body:
        return ""
    end = tree.body[-1].end_lineno or 0
    for text in code.splitlines()[end:]:
        m = _ERROR_COMMENT.match(text)
        if m:
            return m.group(1).rsplit(".", 1)[-1]
    return ""


def _echo(tree: ast.Module) -> bool:
    """The last statement is an expression whose value a reader wants to see (not a call of
    ``print``)."""
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return False
    value = tree.body[-1].value
    if isinstance(value, ast.Constant):
        return False
    return not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "print"
    )


def analyse(code: str, packages: Iterable[str] = (), first_line: int = 1) -> Reading:
    """Whether ``code`` can run on its own once the imports the page implies are added;
    ``first_line`` is its first line in the page (for the reason's line)."""
    packages = tuple(packages)
    if not code.strip():
        return Reading("no code")
    try:
        tree = ast.parse(code)
        compile(tree, "<example>", "exec", dont_inherit=True)
        never = _scope_undefined(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as exc:
        lineno = getattr(exc, "lineno", None)
        where = f" at line {first_line + lineno - 1}" if lineno else ""
        message = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        return Reading(f"does not parse: {message}{where}")
    if _star_import(tree):
        undefined: list[str] = []
    else:
        early = _used_before(tree)
        order = [n.id for n in ast.walk(tree) if isinstance(n, ast.Name)]
        undefined = [n for n in dict.fromkeys(order) if n in never and n not in _BUILTINS]
        undefined += [n for n in dict.fromkeys(early) if n not in undefined]
        undefined += [n for n in _builtins_as_data(tree) if n not in undefined]
    added: list[str] = []
    missing: list[str] = []
    for name in undefined:
        line = implied_import(name, packages)
        if line is None:
            missing.append(name)
        else:
            added.append(line)
    if missing:
        return Reading(f"fragment: {', '.join(missing)} undefined")
    roots = [*_roots(tree), *(a.split()[1].split(".")[0] for a in added)]
    requires = tuple(dict.fromkeys(r for r in roots if r not in _STDLIB))
    return Reading(
        "",
        tuple(added),
        requires,
        _expected_error(code, tree),
        _echo(tree),
    )


def _split(block: CodeBlock) -> list[tuple[str, str, int]] | None:
    """The block's halves as runs of its lines: (side, code, first line); the lines before
    the first marker go with the first half. None when the sides do not alternate, left
    first."""
    lines = block.code.split("\n")  # as the reader split them (the halves' lines count so)
    starts = [h.line - block.line for h in block.halves]
    sides = [h.side for h in block.halves]
    if any(s != ("left" if i % 2 == 0 else "right") for i, s in enumerate(sides)):
        return None
    if len(sides) % 2:
        return None
    out = []
    for k, side in enumerate(sides):
        begin = 0 if k == 0 else starts[k]
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        run = lines[begin:end]
        while run and not run[-1].strip():
            run.pop()
        out.append((side, "\n".join(run), block.line + begin))
    return out


def classify(block: CodeBlock, packages: Iterable[str] = ()) -> Fate:
    """What ``block`` becomes; ``packages``: the top-level packages of the page's APIs (the
    imports the page implies, besides :data:`ALWAYS_IMPLIED`)."""
    packages = tuple(packages)
    if block.problem:
        return Fate("plain-block", block.problem)
    language = (block.language or "").lower()
    if language not in PYTHON:
        return Fate("plain-block", f"not Python ({language or 'no language given'})")
    halves = _split(block) if block.halves else None
    if halves is not None:
        units = []
        for side, code, line in halves:
            reading = analyse(code, packages, line)
            if reading.reason:
                return Fate("plain-block", f"{side} half at line {line}: {reading.reason}")
            units.append(_unit(code, line, reading, side))
        return Fate("halves", units=tuple(units))
    reading = analyse(block.code, packages, block.line)
    if reading.reason:
        return Fate("plain-block", reading.reason)
    return Fate("executed", units=(_unit(block.code, block.line, reading),))


def _unit(code: str, line: int, reading: Reading, side: str = "") -> Unit:
    return Unit(code, line, reading.added, reading.requires, side, reading.raises, reading.echo)


def heading_keys(heading: str) -> tuple[str, ...]:
    """What an example's heading names, most specific first: the identifiers of its first part
    (before ``：``/``:``) in order, then that part as a whole (``返回值`` in ``返回值：数量``)."""
    head = re.split(r"[:：]", heading, maxsplit=1)[0].replace("`", "").replace("\\_", "_")
    words = _NAME.findall(head)
    whole = head.strip()
    return tuple(dict.fromkeys([*words, *([whole] if whole else [])]))
