"""Run documentation examples at build time, outside the build's process.

No Sphinx, no docutils: the Sphinx layer collects the blocks of each page as
:class:`ExampleSpec`, calls :func:`run_pages` (or :func:`start_pages`, which returns at once
and lets the caller wait for each page when it needs it, or an :class:`Executor` directly), and
renders the :class:`ExampleResult` of each block::

    executor = Executor(preload=["torch"])      # cheap; the server starts on first use
    cache = ExecutionCache(outdir / ".apidiff-cache")
    results = run_pages(
        {"api/conv": [ExampleSpec(code, "api/conv.rst", 14, timeout=30)], ...},
        mode="cache", cache=cache, executor=executor, jobs=2,
        on_result=lambda page, index, result: ...,  # progress, from worker threads
    )
    for warning in executor.warnings: ...      # e.g. a preload that failed
    executor.close()

Process model: one warm server process (:mod:`.supervisor`) imports the ``preload`` modules
once and runs nothing else; every page runs in a fresh process forked from it (:mod:`.page`),
its blocks in order in one namespace, in a temporary working directory that is removed
afterwards. The server enforces timeouts and survives crashes of the page processes
(:mod:`.postmortem`). Create the :class:`Executor` after ``conf.py`` has run: pages see the
caller's ``sys.path`` and environment as they were at that moment.

Modules, one job each: :mod:`.spec` (value types), :mod:`.executor` (the caller's side),
:mod:`.supervisor` (the server: starts and watches page processes), :mod:`.page` (runs a
page's blocks), :mod:`.sandbox` (process setup of a page), :mod:`.capture` (output capture),
:mod:`.compare` (``:compare:``), :mod:`.postmortem` (trace parsing, results of a dead page),
:mod:`.wire` (JSON lines, ``python -m`` commands), :mod:`.cache`, :mod:`.preload` (what the
pages import, preloaded by default), :mod:`.run` (modes),
:mod:`.report` (JSON and JUnit reports).

The names are imported lazily so that the server and the page processes, which import this
package, load only what they use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .client.cache import ExecutionCache
    from .client.executor import Executor, ExecutorError
    from .client.preload import installed_imports
    from .client.report import junit_xml, report_dict, write_report
    from .client.schedule import (
        MODES,
        ExecutionMode,
        PendingPages,
        ResultCallback,
        run_pages,
        start_pages,
    )
    from .spec import (
        BAD_STATUSES,
        DEFAULT_OUTPUT_LIMIT,
        ComparisonResult,
        ExampleResult,
        ExampleSpec,
        Status,
        not_run,
    )

__all__ = [
    "BAD_STATUSES",
    "DEFAULT_OUTPUT_LIMIT",
    "MODES",
    "ComparisonResult",
    "ExampleResult",
    "ExampleSpec",
    "ExecutionCache",
    "ExecutionMode",
    "Executor",
    "ExecutorError",
    "PendingPages",
    "ResultCallback",
    "Status",
    "installed_imports",
    "junit_xml",
    "not_run",
    "report_dict",
    "run_pages",
    "start_pages",
    "write_report",
]

_WHERE = {
    "BAD_STATUSES": "spec",
    "ComparisonResult": "spec",
    "ExampleResult": "spec",
    "ExampleSpec": "spec",
    "Status": "spec",
    "ExecutionCache": "client.cache",
    "DEFAULT_OUTPUT_LIMIT": "spec",
    "Executor": "client.executor",
    "ExecutorError": "client.executor",
    "ResultCallback": "client.schedule",
    "installed_imports": "client.preload",
    "junit_xml": "client.report",
    "report_dict": "client.report",
    "write_report": "client.report",
    "MODES": "client.schedule",
    "ExecutionMode": "client.schedule",
    "not_run": "spec",
    "run_pages": "client.schedule",
    "start_pages": "client.schedule",
    "PendingPages": "client.schedule",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
