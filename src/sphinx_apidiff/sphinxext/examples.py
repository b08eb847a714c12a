"""``apidiff-example``: example code that runs at build time, and fails at the right line.

The life of an example, following Sphinx's phases so that parallel builds stay correct:

1. read (any process): the directive leaves an :class:`apidiff_example` node holding the code
   and options; ``doctree-read`` gives each node its key and records the page's blocks in its
   :class:`~.state.DocRecord` (purged and merged per document like any per-document data);
2. ``env-updated`` (main process, once all pages are read): the pages without results (read
   in this build) run, each in its own fresh process, several at a time, through the cache;
   results go into the records, and every failure of every page is reported with its file
   and line;
3. write (any process): ``doctree-resolved`` replaces each node with the code, its output and a
   status line;
4. ``build-finished``: the JSON and JUnit reports, the failure summary and the exit status.

Example code never runs in the Sphinx process.
"""

from __future__ import annotations

import os
import re
from dataclasses import replace
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import RSTState
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from ..execute import BAD_STATUSES, ExampleResult, ExampleSpec, Status
from .config import get_config
from .example_nodes import output_block, status_line
from .options import LenientDirective
from .placeholders import add_placeholder
from .state import all_records, doc_record, set_examples, set_results
from .warnings import Warn, logger, warn

__all__ = ["ApiDiffExampleDirective", "apidiff_example", "setup_examples"]


class apidiff_example(nodes.General, nodes.Element):
    """Placeholder for one example until its results are known (write phase)."""


def _float(value: str, name: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise ValueError(f":{name}: {value!r} is not a number") from None
    if name == "timeout" and number <= 0:
        raise ValueError(f":{name}: must be greater than 0")
    if number < 0:  # a tolerance of 0 asks for exact agreement
        raise ValueError(f":{name}: must not be negative")
    return number


def first_content_line(directive: SphinxDirective) -> int:
    """1-based line, in the source file, of a directive's first content line.

    docutils' reStructuredText states give ``content_offset`` as the 0-based line in the file;
    a parser that runs directives outside docutils' state machine (MyST, through its own
    state objects) gives it relative to the line after the directive's opening line.
    """
    if isinstance(directive.state, RSTState):
        return directive.content_offset + 1
    return directive.lineno + 1 + directive.content_offset


class ApiDiffExampleDirective(LenientDirective):
    """``.. apidiff-example::`` followed by Python code."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    NAME = "apidiff-example"
    KNOWN: ClassVar = {
        "requires": directives.unchanged,
        "timeout": directives.unchanged,
        "raises": directives.unchanged,
        "compare": directives.unchanged,
        "rtol": directives.unchanged,
        "atol": directives.unchanged,
        "hide-output": directives.flag,
        "caption": directives.unchanged,
    }

    def _warn(self, message: str, option: str | None = None) -> None:
        self.warn_at(Warn.DIRECTIVE, message, option)

    def run(self) -> list[nodes.Node]:
        config = get_config(self.config)
        self.check_options()
        if self.arguments:
            self._warn(
                "apidiff-example takes no argument (did you mean :caption:?); "
                f"ignored: {self.arguments[0]!r}"
            )
        code = "\n".join(self.content)
        if not code.strip():
            self._warn("apidiff-example has no code")
            return []
        options: dict[str, Any] = {"timeout": config.execution_timeout}
        for name in ("timeout", "rtol", "atol"):
            if self.options.get(name):
                try:
                    options[name] = _float(str(self.options[name]).strip(), name)
                except ValueError as exc:
                    self._warn(f"apidiff-example {exc}; using the default", name)
        raises = (self.options.get("raises") or "").strip()
        if raises:
            names = [n.strip() for n in raises.split(",") if n.strip()]
            if all(re.fullmatch(r"[A-Za-z_][\w.]*", n) for n in names):
                options["raises"] = ",".join(names)
            else:
                self._warn(
                    f"apidiff-example :raises: {raises!r} is not an exception name", "raises"
                )
        compare = (self.options.get("compare") or "").replace(",", " ").split()
        if compare:
            if len(compare) == 2 and all(n.isidentifier() for n in compare):
                options["compare"] = tuple(compare)
            else:
                self._warn("apidiff-example :compare: takes two variable names", "compare")
        requires = (self.options.get("requires") or "").replace(",", " ").split()
        if requires:
            options["requires"] = tuple(requires)
        source, _line = self.get_source_info()
        first_line = first_content_line(self)
        # Relative to the project: pages, reports and the cache do not depend on where the
        # project lies on disk; warnings join it back to the source folder.
        source = os.path.relpath(source or self.env.doc2path(self.env.docname), self.env.srcdir)
        node = apidiff_example(
            code=code,
            options=options,
            source=source,
            first_line=first_line,
            hide_output="hide-output" in self.options,
            caption=(self.options.get("caption") or "").strip(),
        )
        self.set_source_info(node)
        return [node]


# ----------------------------------------------------------------------------- read phase


def spec_of(node: apidiff_example) -> ExampleSpec:
    return ExampleSpec(
        code=node["code"], source=str(node["source"]), line=node["first_line"], **node["options"]
    )


def _doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    specs = []
    for key, node in enumerate(doctree.findall(apidiff_example)):
        # The stable key of this example's result: a builder may drop nodes before the write
        # phase (``.. only::``), so results are never matched to nodes by their position then.
        node["key"] = key
        specs.append(spec_of(node))
    set_examples(app.env, app.env.docname, specs)


# --------------------------------------------------------------------------- run phase


class _Progress:
    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0

    def __call__(self, page: str, index: int, result: ExampleResult) -> None:
        self.done += 1
        logger.info(
            f"[apidiff] example {self.done}/{self.total}: {page} #{index + 1} {result.status}"
            + (" (cached)" if result.cached else ""),
            nonl=False,
        )


class _Runner:
    """The examples' executor of one application: made on first use (after ``conf.py``),
    closed when the build finishes."""

    def __init__(self) -> None:
        self._executor = None

    def executor(self, app: Sphinx):
        if self._executor is None:
            from ..execute import Executor

            config = get_config(app.config)
            self._executor = Executor(
                config.execution_preload, output_limit=config.execution_max_output
            )
        return self._executor

    def warm_up(self, app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
        """Start importing the preloads while Sphinx reads pages (a rebuild that reads no
        page starts nothing)."""
        config = get_config(app.config)
        if docnames and config.execution_preload and config.execution_mode != "off":
            self.executor(app).start()

    def env_updated(self, app: Sphinx, env: BuildEnvironment) -> list[str]:
        from ..execute import ExecutionCache, not_run, run_pages

        config = get_config(app.config)
        force = config.execution_mode == "force"
        # a page read in this build has lost its results with the rest of its record
        todo = {
            doc: list(record.examples)
            for doc, record in all_records(env).items()
            if record.examples and (force or record.results is None)
        }
        if todo:
            jobs = config.execution_jobs or max(app.parallel, 1)
            executor = None if config.execution_mode == "off" else self.executor(app)
            cache = ExecutionCache(os.path.join(app.doctreedir, "apidiff-cache"))
            total = sum(len(v) for v in todo.values())
            if config.execution_mode != "off":
                logger.info(f"[apidiff] {total} example(s) on {len(todo)} page(s)", nonl=False)
            try:
                fresh = run_pages(
                    todo,
                    mode=config.execution_mode,
                    cache=cache,
                    executor=executor,
                    jobs=jobs,
                    on_result=_Progress(total) if config.execution_mode != "off" else None,
                )
                if executor is not None and executor.started:
                    for message in executor.warnings:
                        warn(Warn.EXAMPLE, f"apidiff examples: {message}", None)
            except Exception as exc:  # the runner itself failed (cannot start a process...)
                reason = f"the example runner failed: {type(exc).__name__}: {exc}".splitlines()[0]
                warn(Warn.EXAMPLE, f"apidiff examples: {reason}", None)
                fresh = {doc: not_run(examples, reason) for doc, examples in todo.items()}
            for doc, page_results in fresh.items():
                set_results(env, doc, page_results)
        _report_all(app, env)
        return sorted(todo)

    def build_finished(self, app: Sphinx, exception: Exception | None) -> None:
        if self._executor is not None:
            self._executor.close()
            self._executor = None
        if exception is None:
            _finish(app)


def _results_by_page(env: BuildEnvironment) -> dict[str, tuple[ExampleResult, ...]]:
    return {doc: rec.results for doc, rec in all_records(env).items() if rec.results}


def _report_all(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every failing example of every page, in page order."""
    config = get_config(app.config)
    for page_results in _results_by_page(env).values():
        for result in page_results:
            location = (
                f"{os.path.join(app.srcdir, result.source)}:{result.error_line or result.line}"
            )
            problem = result.problem()
            if problem:
                warn(Warn.EXAMPLE, f"apidiff-example: {problem}", location)
            elif result.status is Status.SKIPPED:
                if config.execution_warn_skipped:
                    warn(Warn.EXAMPLE, f"apidiff-example: {result.reason}", location)
                else:
                    logger.info(f"{location}: [apidiff] {result.reason}")


# -------------------------------------------------------------------------- write phase


def _doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    results = doc_record(app.env, docname).results or ()
    for node in list(doctree.findall(apidiff_example)):
        key = node["key"]
        code = nodes.literal_block(node["code"], node["code"], language="python")
        code.source, code.line = node.source, node.line
        replacement: list[nodes.Node] = []
        if node["caption"]:
            container = nodes.container(literal_block=True, classes=["literal-block-wrapper"])
            container += nodes.caption(node["caption"], node["caption"])
            container += code
            doctree.set_id(container)
            replacement.append(container)
        else:
            replacement.append(code)
        wrapper = nodes.container(classes=["apidiff-example"])
        wrapper.extend(replacement)
        if key < len(results):
            result = results[key]
            wrapper["classes"].append(f"apidiff-{result.status.value}")
            if not node["hide_output"] or result.status in BAD_STATUSES:
                output = output_block(result)
                if output is not None:
                    wrapper += output
            wrapper += status_line(result)
        node.replace_self(wrapper)


# ----------------------------------------------------------------------- finish


def _streams(result: ExampleResult) -> ExampleResult:
    """The result with ``stdout``/``stderr`` again (the records keep only ``output``)."""
    text = {"stdout": "", "stderr": ""}
    for stream, chunk in result.output:
        text[stream] = text.get(stream, "") + chunk
    return replace(result, stdout=text["stdout"], stderr=text["stderr"])


def _finish(app: Sphinx) -> None:
    """The JSON and JUnit reports, the summary line and the exit status."""
    from ..execute import write_report

    by_page = {doc: [_streams(r) for r in page] for doc, page in _results_by_page(app.env).items()}
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
    if failures and get_config(app.config).execution_raise_on_error:
        lines = [f"{len(failures)} example(s) failed:"]
        for _doc, r in failures:
            lines.append(f"  {r.source}:{r.error_line or r.line}: {r.problem()}")
        logger.error("\n".join(lines), type="apidiff", subtype=Warn.EXAMPLE.value)
        app.statuscode = 1


def setup_examples(app: Sphinx) -> None:
    runner = _Runner()  # one per application: its executor closes with its build
    add_placeholder(app, apidiff_example)
    app.add_directive("apidiff-example", ApiDiffExampleDirective)
    app.connect("doctree-read", _doctree_read)
    app.connect("env-before-read-docs", runner.warm_up)
    app.connect("env-updated", runner.env_updated)
    app.connect("doctree-resolved", _doctree_resolved)
    app.connect("build-finished", runner.build_finished)
