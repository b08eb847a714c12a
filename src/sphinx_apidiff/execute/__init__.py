"""Run documentation examples at build time, outside the build's process.

No Sphinx, no docutils: the Sphinx layer collects the blocks of each page as
:class:`ExampleSpec`, calls :func:`run_pages` (or :func:`start_pages`, which returns at once
and lets the caller wait for each page when it needs it), and renders the
:class:`ExampleResult` of each block::

    executor = Executor(preload=["torch"])      # cheap; the supervisor starts on first use
    cache = ExecutionCache(outdir / ".apidiff-cache")
    results = run_pages(
        {"api/conv": [ExampleSpec(code, "api/conv.rst", 14, timeout=30)], ...},
        mode="cache", cache=cache, executor=executor, jobs=2,
        on_result=lambda page, index, result: ...,  # once per block, one call at a time
    )
    for warning in executor.warnings: ...      # e.g. a preload that failed
    executor.close()

Three programs, one folder each, and what they share at the top:

- :mod:`.client`, in the caller's process: the :class:`Executor` (the link to the supervisor,
  one page at a time), the scheduler (:mod:`.client.schedule`: the modes, the cache, ``jobs``
  pages at a time), the cache, the reports, and what the pages import (:mod:`.client.preload`).
- :mod:`.server`: the supervisor, a warm process that imports the ``preload`` modules once and
  starts one fresh child process per page, enforces timeouts and survives the children's
  crashes (:mod:`.server.postmortem`).
- :mod:`.child`: the page's process, forked from the supervisor: its blocks in order in one
  namespace, in a temporary working directory removed afterwards; output capture and
  ``:compare:``.
- :mod:`.spec` (the value types) and :mod:`.wire` (JSON lines, ``python -m`` commands).

Create the :class:`Executor` after ``conf.py`` has run: pages see the caller's ``sys.path``
and environment as they were at that moment. The names are imported lazily so that the
supervisor and the page processes, which import this package, load only what they use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time the names come from _NAMES below
    from .client.cache import ExecutionCache  # noqa: F401
    from .client.executor import Executor, ExecutorError  # noqa: F401
    from .client.preload import (  # noqa: F401
        example_bodies,
        imports_in,
        installed_imports,
        likely_imports,
    )
    from .client.report import junit_xml, report_dict, write_report  # noqa: F401
    from .client.schedule import (  # noqa: F401
        MODES,
        ExecutionMode,
        PendingPages,
        ResultCallback,
        run_pages,
        start_pages,
    )
    from .spec import (  # noqa: F401
        BAD_STATUSES,
        DEFAULT_OUTPUT_LIMIT,
        ComparisonResult,
        ExampleResult,
        ExampleSpec,
        Status,
        not_run,
    )

#: The public names, by the module they come from; each is imported on first use.
_NAMES = {
    "spec": [
        "BAD_STATUSES",
        "DEFAULT_OUTPUT_LIMIT",
        "ComparisonResult",
        "ExampleResult",
        "ExampleSpec",
        "Status",
        "not_run",
    ],
    "client.cache": ["ExecutionCache"],
    "client.executor": ["Executor", "ExecutorError"],
    "client.preload": ["example_bodies", "imports_in", "installed_imports", "likely_imports"],
    "client.report": ["junit_xml", "report_dict", "write_report"],
    "client.schedule": [
        "MODES",
        "ExecutionMode",
        "PendingPages",
        "ResultCallback",
        "run_pages",
        "start_pages",
    ],
}
_WHERE = {name: module for module, names in _NAMES.items() for name in names}

__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
