"""What an example shows under its code: the output it printed and a status line.

Built from an :class:`~sphinx_apidiff.execute.ExampleResult` at write time. Nothing here
depends on time or place (no durations, no absolute paths), so pages are reproducible.
"""

from __future__ import annotations

from docutils import nodes

from ..execute import ExampleResult, Status
from .i18n import _

__all__ = ["output_block", "status_line"]


def status_line(result: ExampleResult) -> nodes.paragraph:
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
            text=result.comparison.message,
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
