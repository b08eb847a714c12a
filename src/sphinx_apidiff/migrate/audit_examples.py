"""``sphinx-apidiff audit --run-examples``: a hand-written page's examples run, each block that
can run on its own, and one ``example-fails`` finding per block that fails (the page, the line
of the failing statement, the exception).

Pure Python, no docutils, no Sphinx: the blocks run in child processes through the project's
execute engine (:func:`sphinx_apidiff.execute.run_pages`), each page in a fresh process with
a timeout per block, so an example that hangs or crashes stops only its page.

Which blocks run: :func:`standalone_block` is a *minimal* check written for the audit (a block
that parses and whose every name is defined in it, is a builtin, or is a package the page
compares, which is then imported). A fragment (``x`` never defined) is never run: no false
failures. The importer's classifier (:mod:`.examples`, where it exists) is the fuller one;
the audit should use it once both are on one branch.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .audit import Finding
from .model import CodeBlock, Half, Page

__all__ = ["Standalone", "example_findings", "page_specs", "standalone_block"]

#: Seconds a block may run (the build's default, :confval:`apidiff_example_timeout`).
DEFAULT_TIMEOUT = 30.0
_PYTHON = {"python", "python3", "py", "pycon", ""}
_BUILTINS = set(dir(builtins))
#: The builtins that are functions, not classes (``input``, ``sum``, ``max``), as opposed to
#: types and exceptions (``float``, ``ValueError``), which code reads without calling.
_BUILTIN_FUNCTIONS = {
    name
    for name in _BUILTINS
    if callable(getattr(builtins, name)) and not isinstance(getattr(builtins, name), type)
}
#: A comment that names an exception (``# IndexError: out of range``): the block shows it on
#: purpose.
_SHOWN_ERROR = re.compile(r"#.*?\b([A-Z]\w*(?:Error|Exception|Warning))\b")


@dataclass(frozen=True)
class Standalone:
    """A block that can run on its own: the code to run (the imports the page implies on one
    line before it), the line of that code's first line, and the packages it needs."""

    code: str
    line: int
    requires: tuple[str, ...]


class _Names(ast.NodeVisitor):
    """The names a block reads and the names it binds, anywhere in it (a name bound anywhere
    counts as defined: the check only tells a fragment from a program, it does not run
    the scopes)."""

    def __init__(self) -> None:
        self.read: set[str] = set()
        self.bound: set[str] = set()
        self.imported: set[str] = set()
        self.called: set[str] = set()

    def visit_Name(self, node: ast.Name) -> None:
        (self.read if isinstance(node.ctx, ast.Load) else self.bound).add(node.id)

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name):
            self.called.add(node.func.id)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.bound.add(alias.asname or alias.name.split(".")[0])
            self.imported.add(alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            self.bound.add(alias.asname or alias.name)
        if node.module and not node.level:
            self.imported.add(node.module.split(".")[0])

    def _function(self, node) -> None:
        self.bound.add(node.name)
        arguments = node.args
        for arg in (
            *arguments.posonlyargs,
            *arguments.args,
            *arguments.kwonlyargs,
            *(a for a in (arguments.vararg, arguments.kwarg) if a is not None),
        ):
            self.bound.add(arg.arg)
        self.generic_visit(node)

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_Lambda(self, node: ast.Lambda) -> None:
        arguments = node.args
        for arg in (*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs):
            self.bound.add(arg.arg)
        for arg in (arguments.vararg, arguments.kwarg):
            if arg is not None:
                self.bound.add(arg.arg)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.bound.add(node.name)
        self.generic_visit(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)


def standalone_block(code: str, packages: Iterable[str]) -> Standalone | None:
    """``code`` as a program that can run on its own, or None for a fragment: code that does
    not parse, or reads a name it never defines that is neither a builtin nor one of
    ``packages`` (the page's top-level packages: ``torch``, ``paddle``; a block that uses
    one without importing it gets the import). The line of the result is relative to the
    block: 0 when an import line was added before its first line, else 1."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return None
    names = _Names()
    names.visit(tree)
    free = names.read - names.bound - _BUILTINS
    # a builtin function read as a value and never called is a variable the block does not
    # define: ``torch.aminmax(input, dim=-1)`` (``input``, the parameter's name)
    free |= {n for n in names.read - names.bound - names.called if n in _BUILTIN_FUNCTIONS}
    packages = set(packages)
    if free - packages:
        return None
    implied = sorted(free)
    requires = tuple(sorted(names.imported | set(implied)))
    if implied:
        return Standalone(f"import {', '.join(implied)}\n{code}", 0, requires)
    return Standalone(code, 1, requires)


def _packages(page: Page) -> set[str]:
    sides = [pair.left for pair in page.pairs] + [p.right for p in page.pairs if p.right]
    return {side.api.split(".", 1)[0] for side in sides if side.api}


def page_specs(page: Page, timeout: float = DEFAULT_TIMEOUT) -> list[tuple[CodeBlock, object]]:
    """Each block of ``page`` that can run on its own, with its
    :class:`~sphinx_apidiff.execute.ExampleSpec` (lines are the page's); each half of a block
    that writes both sides on its own."""
    packages = _packages(page)
    specs = []
    for block in page.examples:
        if block.problem or (block.language or "").lower() not in _PYTHON:
            continue  # not shown on the site, or not Python: not an example to run
        # a block that writes both sides (``# PyTorch 写法`` ... ``# Paddle 写法``): each half
        # runs on its own, so that one side's half runs where only its library is installed
        parts = [(h.code, _first_line(block, h)) for h in block.halves] or [
            (block.code, block.line)
        ]
        for code, first in parts:
            spec = _spec(code, first, packages, page.path, timeout)
            if spec is not None:
                specs.append((block, spec))
    return specs


def _first_line(block: CodeBlock, half: Half) -> int:
    """The page line of a half's first code line: the first non-empty line after its marker
    (the half's code has the empty lines around it removed)."""
    lines = block.code.splitlines()
    for index in range(half.line - block.line + 1, len(lines)):
        if lines[index]:
            return block.line + index
    return half.line + 1


def _spec(code: str, first: int, packages: set[str], path: str, timeout: float):
    """The :class:`~sphinx_apidiff.execute.ExampleSpec` of ``code`` (its first line at
    ``first`` on the page), None for a fragment."""
    from ..execute import ExampleSpec

    program = standalone_block(code, packages)
    if program is None:
        return None
    line = first - 1 + program.line
    if line < 1:  # the block's first line is the page's first: no room for the import
        return None
    return ExampleSpec(
        program.code, source=path, line=line, timeout=timeout, requires=program.requires
    )


def _shown_on_purpose(code: str, result) -> bool:
    """Whether the block's comments name the exception it raised (``# IndexError: ...``
    after the call): the page shows the error, as ``:raises:`` would."""
    return bool(result.error_type) and result.error_type in {
        m.group(1) for m in _SHOWN_ERROR.finditer(code)
    }


def example_findings(
    pages: Sequence[Page], *, timeout: float = DEFAULT_TIMEOUT, jobs: int = 1
) -> tuple[list[Finding], dict[str, int]]:
    """Run the standalone blocks of every page; an ``example-fails`` finding per block that
    failed, timed out or crashed its page's process, and the count of blocks by status
    (``passed``, ``failed``, ``skipped`` for a package not installed...)."""
    from ..execute import BAD_STATUSES, Executor, Status, installed_imports, run_pages

    runs = {page.path: page_specs(page, timeout) for page in pages}
    runs = {path: blocks for path, blocks in runs.items() if blocks}
    if not runs:
        return [], {}
    specs = {path: [spec for _, spec in blocks] for path, blocks in runs.items()}
    # what the blocks import is imported once, before the pages fork: a block's timeout is
    # for the block, not for ``import torch``
    preload = installed_imports(spec for blocks in specs.values() for spec in blocks)
    executor = Executor(preload, auto_preload=True)
    try:
        results = run_pages(specs, mode="force", executor=executor, jobs=jobs)
    finally:
        executor.close()
    findings = []
    counts: dict[str, int] = {}
    for path, blocks in runs.items():
        for (block, spec), result in zip(blocks, results[path], strict=True):
            status = str(result.status)
            if result.status is Status.FAILED and _shown_on_purpose(spec.code, result):
                status = str(Status.EXPECTED_ERROR)
            counts[status] = counts.get(status, 0) + 1
            if status not in BAD_STATUSES:
                continue
            line = result.error_line or spec.line
            lines = spec.code.splitlines()
            offset = line - spec.line
            statement = lines[offset].strip() if 0 <= offset < len(lines) else ""
            findings.append(
                Finding(
                    path,
                    max(line, block.line),
                    "example-fails",
                    None,
                    statement,
                    (result.problem() or status).splitlines()[0],
                )
            )
    return findings, dict(sorted(counts.items()))
