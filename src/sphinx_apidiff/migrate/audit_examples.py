"""``sphinx-apidiff audit --run-examples``: a hand-written page's examples run, each block that
can run on its own, and one ``example-fails`` finding per block that fails (the page, the line
of the failing statement, the exception).

Pure Python, no docutils, no Sphinx: the blocks run in child processes through the project's
execute engine (:func:`sphinx_apidiff.execute.run_pages`), each page in a fresh process with
a timeout per block, so an example that hangs or crashes stops only its page.

Which blocks run, and how, is the importer's decision (:func:`.examples.classify`): a block
the importer writes as an executed example runs here as the build would run it (the imports
the page implies before it, ``:requires:``, each half of a "PyTorch / Paddle" block as a
``:side:``, an expected error written after the code as ``:raises:``); a block it keeps
plain (a fragment, a block that does not parse, one that is not Python) never runs, so the
audit reports no failure the page's author did not make.
"""

from __future__ import annotations

from collections.abc import Sequence

from .audit import Finding
from .examples import Unit, classify, page_packages
from .model import CodeBlock, Page

__all__ = ["DEFAULT_TIMEOUT", "example_findings", "page_specs", "program"]

#: Seconds a block may run (the build's default, :confval:`apidiff_example_timeout`).
DEFAULT_TIMEOUT = 30.0


def program(unit: Unit) -> tuple[str, int]:
    """The code to run for ``unit`` and the page line of its first line. The imports the page
    implies go on one line before the code as written, so that every line of the code keeps
    its page line (a failure points at the page's statement); the line before a block's
    first line is its fence or directive, which every page has (a unit on the page's first
    line, which no reader gives, shares that line with the imports)."""
    if not unit.added:
        return unit.code, unit.line
    return "; ".join(unit.added) + "\n" + unit.code, max(unit.line - 1, 1)


def page_specs(
    page: Page, timeout: float = DEFAULT_TIMEOUT
) -> list[tuple[CodeBlock, Unit, object]]:
    """Each block of ``page`` the importer writes as an executed example (each half of one it
    writes as halves): the block, the unit, and its
    :class:`~sphinx_apidiff.execute.ExampleSpec` (lines are the page's)."""
    from ..execute import ExampleSpec

    packages = page_packages(page)
    specs = []
    for block in page.examples:
        for unit in classify(block, packages).units:
            code, line = program(unit)
            spec = ExampleSpec(
                code,
                source=page.path,
                line=line,
                timeout=timeout,
                raises=unit.raises or None,
                requires=unit.requires,
                side=unit.side or None,
                echo=unit.echo,
            )
            specs.append((block, unit, spec))
    return specs


def example_findings(
    pages: Sequence[Page], *, timeout: float = DEFAULT_TIMEOUT, jobs: int = 1
) -> tuple[list[Finding], dict[str, int]]:
    """Run the executed examples of every page; an ``example-fails`` finding per block that
    failed, raised nothing where its comment names an error, timed out or crashed its page's
    process, and the count of blocks by status (``passed``, ``failed``, ``expected-error``,
    ``skipped`` for a package not installed...)."""
    from ..execute import BAD_STATUSES, Executor, installed_imports, run_pages

    runs = {page.path: page_specs(page, timeout) for page in pages}
    runs = {path: blocks for path, blocks in runs.items() if blocks}
    if not runs:
        return [], {}
    specs = {path: [spec for _, _, spec in blocks] for path, blocks in runs.items()}
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
        for (block, unit, spec), result in zip(blocks, results[path], strict=True):
            status = str(result.status)
            counts[status] = counts.get(status, 0) + 1
            if result.status not in BAD_STATUSES:
                continue
            # no line of its own (a timeout, a block that raised nothing): the unit's first
            line = result.error_line or unit.line
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
