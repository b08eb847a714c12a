"""The run phase of ``apidiff-example``: one :class:`ExampleRuns` per build (its :class:`BuildState`).

At ``env-updated`` (main process, every page read) the pages without results start: those in
the cache are known at once, the others run in the background, several at a time, in the
order Sphinx writes the pages. Sphinx goes on to write; ``doctree-resolved`` of a page waits
only for that page's results (:meth:`ExampleRuns.settle`), so the examples of later pages run
while the first ones are written. Whatever reads every page's results (the summary, the
export) settles them all first (:func:`settle_examples`).

Each page's failures are reported, with their file and line, when its results are known; the
failures of pages that kept their results from an earlier build are reported at
``env-updated``. Sphinx pickles the environment before it writes: results that arrive later
are written into that pickle at ``build-finished``, so that the next build does not read those
pages again. Then come the JSON and JUnit reports, the summary line and the exit status.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...execute import ExampleResult, Status
from ...files import atomic_write_bytes
from ..config import get_config
from ..state.build import build_state, page_source
from ..state.records import all_records, doc_record, set_results
from ..warnings import Warn, file_location, logger, warn

__all__ = [
    "ExampleRuns",
    "build_finished",
    "env_updated",
    "example_runs",
    "settle_examples",
    "warm_up",
]


def example_runs(app: Sphinx) -> ExampleRuns:
    """The build's :class:`ExampleRuns` (made on first use: its executor closes with its build)."""
    state = build_state(app.env)
    if state.runs is None:
        state.runs = ExampleRuns()
    return state.runs


def settle_examples(app: Sphinx, docnames: Iterable[str] | None = None) -> None:
    """Wait until the examples of ``docnames`` (default: every page) have their results in
    the environment."""
    runs = build_state(app.env).runs
    if runs is not None:
        runs.settle(app, docnames)


def warm_up(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """``env-before-read-docs``: :meth:`ExampleRuns.warm_up`."""
    example_runs(app).warm_up(app, env, docnames)


def env_updated(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """``env-updated``: :meth:`ExampleRuns.env_updated`."""
    return example_runs(app).env_updated(app, env)


def build_finished(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: :meth:`ExampleRuns.build_finished`."""
    example_runs(app).build_finished(app, exception)


class _Progress:
    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0

    def page(self, page: str, results: Iterable[ExampleResult]) -> None:
        """One line per example, as its page's results are taken: its status, and what went
        wrong or why it did not run (a serial build shows the warnings themselves only after
        the write phase, as it does every warning of that phase)."""
        for index, result in enumerate(results):
            self.done += 1
            detail = result.problem() or (result.reason if result.status is Status.SKIPPED else "")
            logger.info(
                f"[apidiff] example {self.done}/{self.total}: {page} #{index + 1} "
                f"{result.status}"
                + (" (cached)" if result.cached else "")
                + (f": {detail}" if detail else ""),
                nonl=False,
            )


class ExampleRuns:
    """The examples' executor of one build (made on first use, after ``conf.py``) and the pages
    of this build whose results are not in the environment yet."""

    def __init__(self) -> None:
        self._executor = None
        self._pending = None  # PendingPages of this build
        self._waiting: set[str] = set()  # its pages whose results are not in the environment
        self._progress: _Progress | None = None
        self._late = False  # results stored after Sphinx pickled the environment
        self._told: set[str] = set()  # one-time warnings already given

    def executor(self, app: Sphinx, env: BuildEnvironment | None = None):
        """The executor; with ``apidiff_execution_preload = "auto"``, one that preloads what
        the examples of ``env``'s pages import (made again when they import more)."""
        config = get_config(app.env)
        auto = config.execution_preload == "auto"
        preload = _imports(env or app.env) if auto else list(config.execution_preload)
        return self._executor_for(app, preload, auto)

    def _executor_for(self, app: Sphinx, preload: list[str], auto: bool):
        """The executor, made again if it does not preload all of ``preload``."""
        from ...execute import Executor

        if self._executor is not None and not set(preload) <= set(self._executor.preload):
            self._close()  # the pages import more than it has: those would each pay it
        if self._executor is None:
            config = get_config(app.env)
            self._executor = Executor(
                preload, output_limit=config.execution_max_output, auto_preload=auto
            )
        return self._executor

    def warm_up(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Start importing the preloads while Sphinx reads pages (a rebuild that reads no page
        starts nothing). With ``"auto"`` what the pages import is known only once they are
        read: if the pages to read have examples, the warm process starts with what those
        import as far as their text shows (:func:`~sphinx_apidiff.execute.imports_in`),
        and what the examples of the pages kept from the last build import;
        :meth:`env_updated` makes it again if the read pages import more."""
        from ...execute import example_bodies, imports_in

        config = get_config(app.env)
        preload = config.execution_preload
        if not docnames or not preload or config.execution_mode == "off":
            return
        if preload != "auto":
            self.executor(app, env).start()
            return
        texts = (page_source(env, docname) or "" for docname in docnames)
        bodies = [body for text in texts for body in example_bodies(text) if body]
        if not bodies:  # nothing to run, or only pages kept from the last build
            return
        if guess := sorted(set(imports_in(bodies)) | set(_imports(env))):
            self._executor_for(app, guess, auto=True).start()

    def env_updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        from ...execute import ExecutionCache, start_pages

        config = get_config(app.env)
        force = config.execution_mode == "force"
        # a page read in this build has lost its results with the rest of its record; in the
        # order Sphinx resolves the pages to write them (sorted), which waits for each page's
        # results: a page queued late would hold back the first chunk of the write
        todo = {
            doc: list(record.examples)
            for doc, record in sorted(all_records(env).items())
            if record.examples and (force or record.results is None)
        }
        if todo:
            off = config.execution_mode == "off"
            total = sum(len(v) for v in todo.values())
            if not off:
                logger.info(f"[apidiff] {total} example(s) on {len(todo)} page(s)", nonl=False)
            self._progress = None if off else _Progress(total)
            try:
                self._pending = start_pages(
                    todo,
                    mode=config.execution_mode,
                    cache=ExecutionCache(os.path.join(app.doctreedir, "apidiff-cache")),
                    executor=None if off else self.executor(app, env),
                    jobs=config.execution_jobs or max(app.parallel, 1),
                )
            except Exception as exc:  # the cache or the runner failed before any page ran
                self._pending = None
                for doc, examples in todo.items():
                    set_results(env, doc, self._failed(exc, examples))
            else:  # what is known now goes into the environment before Sphinx pickles it
                self._waiting = set(todo)
                for doc in todo:
                    if self._pending.done(doc):
                        self._collect(app, doc)
        _report(app, env, [doc for doc in all_records(env) if doc not in self._waiting])
        return sorted(todo)

    def _failed(self, exc: BaseException, examples) -> list[ExampleResult]:
        from ...execute import not_run

        reason = f"the example runner failed: {type(exc).__name__}: {exc}".splitlines()[0]
        self._tell(f"apidiff examples: {reason}")
        return not_run(examples, reason)

    def _tell(self, message: str) -> None:
        if message not in self._told:
            self._told.add(message)
            warn(Warn.EXAMPLE, message, None)

    def _collect(self, app: Sphinx, docname: str) -> None:
        """Store one page's results (waiting for them), show its progress lines."""
        assert self._pending is not None
        try:
            results = self._pending.take(docname)  # kept once, in the record
        except Exception as exc:  # this page could not run (CancelledError included)
            results = self._failed(exc, doc_record(app.env, docname).examples)
        self._waiting.discard(docname)
        set_results(app.env, docname, results)
        if self._progress is not None:
            self._progress.page(docname, results)

    def settle(self, app: Sphinx, docnames: Iterable[str] | None = None) -> None:
        """Store the results of ``docnames`` (default: every page of this build), waiting for
        them, in page order, and report their failures."""
        wanted = self._waiting if docnames is None else self._waiting.intersection(docnames)
        todo = sorted(wanted)
        if docnames is None and todo and self._progress is not None:
            logger.info(
                f"[apidiff] waiting for the examples of {len(todo)} more page(s), "
                "to show every page's status",
                nonl=False,
            )
        for doc in todo:
            self._collect(app, doc)
        if todo:  # after Sphinx pickled the environment (see build_finished)
            self._late = True
            _report(app, app.env, todo)

    def build_finished(self, app: Sphinx, exception: Exception | None) -> None:
        if exception is None:
            self.settle(app)
            self._executor_warnings()
            if self._late:
                _save_environment(app)
        elif self._pending is not None:  # Sphinx removes its environment file: leave it all
            self._pending.cancel()
        self._late = False
        self._pending, self._waiting, self._told = None, set(), set()
        self._close()  # ends what still runs
        if exception is None:
            _finish(app)

    def _executor_warnings(self) -> None:
        """Once a build: what the executor has to say (a preload that failed); never starts a
        server again for it."""
        executor = self._executor
        if executor is None or not executor.started or self._pending is None:
            return
        if executor.auto_preload:  # what fails to preload is the pages' to say
            return
        try:
            messages = executor.warnings
        except Exception:  # a dead server: its pages already say so
            return
        for message in messages:
            self._tell(f"apidiff examples: {message}")

    def _close(self) -> None:
        if self._executor is not None:
            self._executor.close()
            self._executor = None


def _imports(env: BuildEnvironment) -> list[str]:
    """The installed packages the examples of ``env``'s pages import."""
    from ...execute import installed_imports

    records = all_records(env).values()
    return installed_imports(spec for record in records for spec in record.examples)


def _save_environment(app: Sphinx) -> None:
    """Write the environment as Sphinx does before it writes pages, with the results that
    arrived while it wrote them."""
    from sphinx.application import ENV_PICKLE_FILENAME

    path = os.path.join(app.doctreedir, ENV_PICKLE_FILENAME)
    if os.path.isfile(path):  # Sphinx saved it in this build: replace it
        try:
            atomic_write_bytes(path, pickle.dumps(app.env, pickle.HIGHEST_PROTOCOL))
        except Exception as exc:  # the next build reads those pages again; nothing is lost
            logger.info(f"[apidiff] could not save the examples' results: {exc}")


def _report(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Warn about every failing example of ``docnames`` (and every skipped one, with
    ``apidiff_execution_warn_skipped``), in page order."""
    config = get_config(app.env)
    for docname in sorted(docnames):
        for result in doc_record(env, docname).results or ():
            location = file_location(
                os.path.join(app.srcdir, result.source), result.error_line or result.line
            )
            problem = result.problem()
            if problem:
                warn(Warn.EXAMPLE, f"apidiff-example: {problem}", location)
            elif result.status is Status.SKIPPED and config.execution_warn_skipped:
                warn(Warn.EXAMPLE, f"apidiff-example: {result.reason}", location)
            # otherwise its progress line said why, once, when it ran


def _results_by_page(env: BuildEnvironment) -> dict[str, tuple[ExampleResult, ...]]:
    return {doc: rec.results for doc, rec in all_records(env).items() if rec.results}


def _finish(app: Sphinx) -> None:
    """The JSON and JUnit reports, the summary line and the exit status."""
    from ...execute import write_report

    by_page = _results_by_page(app.env)
    if not by_page:
        return
    write_report(
        by_page,
        os.path.join(app.outdir, "apidiff-examples.json"),
        os.path.join(app.outdir, "apidiff-examples.xml"),
    )
    failures = [(doc, r) for doc, page in by_page.items() for r in page if r.problem() is not None]
    counts: dict[str, int] = {}
    for page in by_page.values():
        for r in page:
            counts[r.status.value] = counts.get(r.status.value, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    logger.info(f"[apidiff] examples: {summary}")
    if failures and get_config(app.env).execution_raise_on_error:
        lines = [f"{len(failures)} example(s) failed:"]
        for _doc, r in failures:
            lines.append(f"  {r.source}:{r.error_line or r.line}: {r.problem()}")
        logger.error("\n".join(lines), type="apidiff", subtype=Warn.EXAMPLE.value)
        app.statuscode = 1
