"""The scheduler of pages: read the cache, run the rest on an executor, ``jobs`` at a time.

:func:`start_pages` is what a documentation build needs: it reads what it can from the cache at
once and runs the other pages in the background, ``jobs`` at a time, in the order given, so
that the caller can go on (Sphinx writes the first pages while the later ones still run) and
wait for each page only when it needs that page's results (:class:`PendingPages`).
:func:`run_pages` is the same, waiting for everything. The modes: use the cache, force a run,
or run nothing.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import CancelledError
from typing import Literal

from ..spec import DEFAULT_OUTPUT_LIMIT, ExampleResult, ExampleSpec, not_run
from .cache import ExecutionCache
from .executor import Executor

__all__ = [
    "MODES",
    "ExecutionMode",
    "PendingPages",
    "ResultCallback",
    "not_run",
    "run_pages",
    "start_pages",
]

ExecutionMode = Literal["cache", "force", "off"]
#: ``cache``: reuse stored results of unchanged pages, run the others and store them.
#: ``force``: run every page, store the results (if a cache is given).
#: ``off``: run nothing; every block is ``not-run`` with the reason "execution is off".
MODES: tuple[str, ...] = ("cache", "force", "off")

#: ``on_result(page_id, index, result)`` of :func:`run_pages`: called once per block.
ResultCallback = Callable[[str, int, ExampleResult], None]


class PendingPages:
    """The results of pages, some known at once (cache, mode "off"), the others arriving from
    background threads. :meth:`get` waits for one page, :meth:`take` too and forgets it;
    :meth:`wait` waits for all of them.

    A page whose run raised (the executor could not start a process, say) raises that error
    from :meth:`get`; the pages that ran keep their results.
    """

    def __init__(self, pages: Sequence[str]) -> None:
        self.pages = list(pages)
        self._results: dict[str, list[ExampleResult]] = {}
        self._errors: dict[str, BaseException] = {}
        self._ready = threading.Condition()
        self.cancelled = False

    def _settle(self, page_id: str, results: list[ExampleResult] | BaseException) -> None:
        with self._ready:
            if isinstance(results, BaseException):
                self._errors[page_id] = results
            else:
                self._results[page_id] = results
            self._ready.notify_all()

    def done(self, page_id: str) -> bool:
        """True once the page's results (or its error) are known."""
        with self._ready:
            return page_id in self._results or page_id in self._errors

    def get(self, page_id: str, timeout: float | None = None) -> list[ExampleResult]:
        """The page's results, waiting for them if they are not known yet."""
        with self._ready:
            if not self._ready.wait_for(lambda: self.done(page_id), timeout):
                raise TimeoutError(f"no results for {page_id!r} within {timeout} s")
            if page_id in self._errors:
                raise self._errors[page_id]
            return self._results[page_id]

    def take(self, page_id: str, timeout: float | None = None) -> list[ExampleResult]:
        """:meth:`get`, and forget the page's results (their output is the largest thing they
        hold): the caller keeps what it needs. A page taken is not :meth:`done` any more."""
        with self._ready:
            try:
                return self.get(page_id, timeout)
            finally:
                if self.done(page_id):
                    self._results.pop(page_id, None)
                    self._errors.pop(page_id, None)

    def wait(self) -> dict[str, list[ExampleResult]]:
        """Every page's results, in the order of the pages; raises the first page's error."""
        return {page_id: self.get(page_id) for page_id in self.pages}

    def cancel(self) -> None:
        """Start no page that has not started yet (each gets a ``CancelledError``)."""
        self.cancelled = True


def start_pages(
    pages: Mapping[str, Sequence[ExampleSpec]],
    *,
    mode: ExecutionMode | str = "cache",
    cache: ExecutionCache | None = None,
    executor: Executor | None = None,
    jobs: int = 1,
    on_page: Callable[[str, list[ExampleResult]], None] | None = None,
) -> PendingPages:
    """Results for every page (page id -> its blocks in order), without waiting for the runs.

    Pages found in the cache (mode "cache") and every page of mode "off" are known when this
    returns; the others run on ``executor``, ``jobs`` at a time, in the order of ``pages``,
    and what they give is stored in ``cache``. ``on_page`` is called from the thread that
    settles a page (the caller's, or a worker's) once its results are known.
    """
    if mode not in MODES:
        raise ValueError(f"execution mode must be one of {', '.join(MODES)}, not {mode!r}")
    pending = PendingPages(list(pages))

    def settle(page_id: str, results: list[ExampleResult]) -> None:
        pending._settle(page_id, results)
        if on_page is not None:
            on_page(page_id, results)

    missing: dict[str, Sequence[ExampleSpec]] = {}
    key_options = {}
    if mode != "off":
        if executor is None:
            raise ValueError(f"mode {mode!r} needs an executor")
        key_options = {"preload": executor.preload_key, "settings": executor.settings_key()}
    for page_id, examples in pages.items():
        if mode == "off":
            settle(page_id, not_run(examples, "execution is off"))
            continue
        stored = None
        if mode == "cache" and cache is not None and examples:
            stored = cache.get(examples, **key_options)
        if stored is not None:
            settle(page_id, stored)
        elif not examples:
            settle(page_id, [])
        else:
            missing[page_id] = examples
    if not missing:
        return pending
    assert executor is not None

    def finished(page_id: str, examples: Sequence[ExampleSpec], work: Callable[[], list]) -> None:
        try:
            results = work()
        except Exception as exc:  # the page did not run
            pending._settle(page_id, exc)
            return
        try:
            if cache is not None:
                cache.put(examples, results, **key_options)
        except Exception:  # not stored (an unwritable cache): the results stand
            pass
        settle(page_id, results)

    work: queue.SimpleQueue = queue.SimpleQueue()
    for page_id, examples in missing.items():
        work.put((page_id, examples))

    def worker() -> None:
        while not pending.cancelled:
            try:
                page_id, examples = work.get_nowait()
            except queue.Empty:
                return
            finished(page_id, examples, lambda e=examples: executor.run_page(e))
        while True:  # cancelled: every page not started gets CancelledError
            try:
                page_id, _examples = work.get_nowait()
            except queue.Empty:
                return
            pending._settle(page_id, CancelledError())

    # Daemon threads: an interrupted build (Ctrl-C) does not wait for the pages left.
    for _ in range(max(1, min(jobs, len(missing)))):
        threading.Thread(target=worker, name="apidiff-page", daemon=True).start()
    return pending


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

    :func:`start_pages`, waiting for every page. Without ``executor`` one is made for the call
    (with ``preload`` and ``output_limit``) and closed at the end; a long-lived caller should
    pass its own, whose settings then win. With ``mode="cache"`` and no ``cache``, every page
    runs. ``on_result`` is called for each block of a page once the page's results are known.
    """
    owned = executor is None and mode != "off"
    runner = Executor(preload, output_limit=output_limit) if owned else executor

    one_at_a_time = threading.Lock()  # pages settle in several threads

    def each_result(page_id: str, results: list[ExampleResult]) -> None:
        if on_result is not None:
            with one_at_a_time:
                for index, result in enumerate(results):
                    on_result(page_id, index, result)

    try:
        pending = start_pages(
            pages, mode=mode, cache=cache, executor=runner, jobs=jobs, on_page=each_result
        )
        return pending.wait()
    finally:
        if owned and runner is not None:
            runner.close()
