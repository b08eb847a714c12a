"""The execution modes: use the cache, force a run, or run nothing.

:func:`run_pages` is the one call a documentation build needs: it reads what it can from the
cache, runs the rest with an :class:`~sphinx_apidiff.execute.executor.Executor`, stores what
is worth storing, and reports every block through ``on_result``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

from .cache import ExecutionCache
from .executor import DEFAULT_OUTPUT_LIMIT, Executor, ResultCallback
from .spec import ExampleResult, ExampleSpec, not_run

__all__ = ["MODES", "ExecutionMode", "not_run", "run_pages"]

ExecutionMode = Literal["cache", "force", "off"]
#: ``cache``: reuse stored results of unchanged pages, run the others and store them.
#: ``force``: run every page, store the results (if a cache is given).
#: ``off``: run nothing; every block is ``not-run`` with the reason "execution is off".
MODES: tuple[str, ...] = ("cache", "force", "off")


def run_pages(
    pages: Mapping[str, Sequence[ExampleSpec]],
    *,
    mode: ExecutionMode | str = "cache",
    cache: ExecutionCache | None = None,
    executor: Executor | None = None,
    preload: Sequence[str] = (),
    jobs: int = 1,
    on_result: ResultCallback | None = None,
    output_limit: int = DEFAULT_OUTPUT_LIMIT,
) -> dict[str, list[ExampleResult]]:
    """Results for every page, in the order of ``pages`` (page id -> its blocks in order).

    Without ``executor`` one is made for the call (with ``preload`` and ``output_limit``) and
    closed at the end; a long-lived caller (a Sphinx build) should pass its own, whose settings
    then win. With ``mode="cache"`` and no ``cache``, every page runs.
    """
    if mode not in MODES:
        raise ValueError(f"execution mode must be one of {', '.join(MODES)}, not {mode!r}")
    results: dict[str, list[ExampleResult]] = {}

    def report(page_id: str, page_results: list[ExampleResult]) -> None:
        results[page_id] = page_results
        if on_result is not None:
            for index, result in enumerate(page_results):
                on_result(page_id, index, result)

    if mode == "off":
        for page_id, examples in pages.items():
            report(page_id, not_run(examples, "execution is off"))
        return {page_id: results[page_id] for page_id in pages}

    owned = executor is None
    runner = executor or Executor(preload, output_limit=output_limit)
    key_options = {"preload": runner.preload, "settings": runner.settings_key()}
    try:
        missing: dict[str, Sequence[ExampleSpec]] = {}
        for page_id, examples in pages.items():
            stored = None
            if mode == "cache" and cache is not None and examples:
                stored = cache.get(examples, **key_options)
            if stored is not None:
                report(page_id, stored)
            elif not examples:
                results[page_id] = []
            else:
                missing[page_id] = examples
        if missing:
            fresh = runner.run_pages(missing, jobs=jobs, on_result=on_result)
            for page_id, page_results in fresh.items():
                results[page_id] = page_results
                if cache is not None:
                    cache.put(missing[page_id], page_results, **key_options)
    finally:
        if owned:
            runner.close()
    return {page_id: results[page_id] for page_id in pages}
