"""The write phase of ``apidiff-example``: what an example shows under its code, the output it
printed and a status line.

Built from an :class:`~sphinx_apidiff.execute.ExampleResult` at ``doctree-resolved``
(:func:`doctree_resolved`), once the page's results are known. Nothing here
depends on time or place (no durations, no absolute paths), so pages are reproducible.
"""

from __future__ import annotations

from collections.abc import Mapping

from docutils import nodes
from sphinx.application import Sphinx

from ...execute import BAD_STATUSES, ComparisonResult, ExampleResult, ExampleSpec, Status
from ..i18n import _
from ..state.records import doc_record
from .directive import apidiff_example, spec_of
from .runs import settle_examples

__all__ = ["compare_words", "doctree_resolved", "output_block", "status_counts", "status_line"]


def compare_words(comparison: ComparisonResult, spec: ExampleSpec) -> str:
    """What ``:compare:`` found, in the page's language: in English the words of the
    comparison's own message (the one the warning and the reports give), built again from
    its numbers. A comparison that could not be made (a name not defined, a value that is not
    array-like) keeps its message, which names what went wrong."""
    left, right = comparison.left_shape, comparison.right_shape
    if left is None or right is None:
        return comparison.message
    if left != right:
        return _("shapes differ: {left} vs {right}").format(left=tuple(left), right=tuple(right))
    if comparison.max_abs_diff is None:  # not numbers: equal or not
        return _("agree: equal values") if comparison.agree else _("differ: values are not equal")
    diff = f"{comparison.max_abs_diff:.2g}"
    if comparison.agree:
        return _("agree: max abs diff {diff}").format(diff=diff)
    return _("differ: max abs diff {diff} (rtol {rtol}, atol {atol})").format(
        diff=diff, rtol=f"{spec.rtol:g}", atol=f"{spec.atol:g}"
    )


def status_counts(counts: Mapping[str, int]) -> str:
    """``{"passed": 1, "failed": 2}`` as a reader reads it in the page's language: "1 passed,
    2 failed" (the statuses' own names in English, as every report gives them)."""
    words = {
        Status.PASSED: _("{n} passed"),
        Status.FAILED: _("{n} failed"),
        Status.EXPECTED_ERROR: _("{n} expected-error"),
        Status.UNEXPECTED_PASS: _("{n} unexpected-pass"),
        Status.TIMEOUT: _("{n} timeout"),
        Status.CRASHED: _("{n} crashed"),
        Status.SKIPPED: _("{n} skipped"),
        Status.NOT_RUN: _("{n} not-run"),
    }
    # each count whole on its line ("通过 1", not "通过" above "1"): breaks come between them
    shown = [
        str(words.get(status, "{n} " + status)).format(n=n).replace(" ", "\u00a0")
        for status, n in counts.items()
        if n
    ]
    return str(_(", ")).join(shown) if shown else "—"


def status_line(result: ExampleResult, spec: ExampleSpec) -> nodes.paragraph:
    para = nodes.paragraph(classes=["apidiff-example-status", f"apidiff-{result.status.value}"])
    status = result.status
    if status is Status.PASSED:
        text = _("ran without error")  # no duration: pages are reproducible
    elif status is Status.EXPECTED_ERROR:
        text = _("raised {error} as expected").format(error=result.error_type)
    elif status is Status.FAILED and not result.error_type:  # the comparison says how
        text = _("comparison failed")
    elif status is Status.FAILED:
        text = _("failed at line {line}: {error}").format(
            line=result.error_line or result.line,
            error=f"{result.error_type}: {result.error_message}",
        )
    elif status is Status.SKIPPED:
        text = result.reason
    elif status is Status.NOT_RUN:
        text = _("not run: {reason}").format(reason=result.reason.removeprefix("not run: "))
    else:
        text = result.reason or status.value
    para += nodes.Text(text)
    if result.comparison is not None:
        para += nodes.Text(" · ")
        para += nodes.inline(
            text=compare_words(result.comparison, spec),
            classes=[
                "apidiff-compare",
                "apidiff-agree" if result.comparison.agree else "apidiff-disagree",
            ],
        )
    para["translatable"] = False
    return para


def output_block(result: ExampleResult) -> nodes.literal_block | None:
    chunks = [(s, t) for s, t in result.output if t]
    if not chunks and not result.traceback:
        return None
    block = nodes.literal_block(classes=["apidiff-output"])
    for stream, text in chunks:
        block += nodes.inline(text=text, classes=[f"apidiff-{stream}"])
    if result.truncated:
        block += nodes.inline(text=_("\n… output truncated …\n"), classes=["apidiff-truncated"])
    if result.traceback:
        block += nodes.inline(text=result.traceback, classes=["apidiff-traceback"])
    # rawsource differs from the text: writers keep the child spans instead of highlighting
    block.rawsource = ""
    block["language"] = "none"
    return block


def doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    found = list(doctree.findall(apidiff_example))
    # a builder that puts pages together (singlehtml, latex) resolves them as one doctree
    pages = {node.get("docname", docname) for node in found}
    settle_examples(app, pages)
    results = {page: doc_record(app.env, page).results or () for page in pages}
    for node in found:
        key, page_results = node["key"], results[node.get("docname", docname)]
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
        if key < len(page_results):
            result = page_results[key]
            wrapper["classes"].append(f"apidiff-{result.status.value}")
            if not node["hide_output"] or result.status in BAD_STATUSES:
                output = output_block(result)
                if output is not None:
                    wrapper += output
            wrapper += status_line(result, spec_of(node))
        node.replace_self(wrapper)
