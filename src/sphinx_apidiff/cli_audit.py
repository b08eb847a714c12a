"""``sphinx-apidiff audit FORMAT SRC``: a team's hand-written set, read as it is and compared
with the installed libraries; one finding per problem (:mod:`.migrate.audit`).

No Sphinx here. Exit 0 when no finding reaches ``--fail-on``, 1 when one does, 2 with a
one-line reason for bad input (no such path, a file that is not a page of the format, a
folder with no pages, a single page that cannot be read, is not a comparison page of the
format or is already an ``apidiff`` page; in a folder each is a finding instead).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from .api import ApiDiffError
from .cli_common import add_snapshot_option, libraries_quiet, snapshot_from
from .migrate import FORMATS, SUFFIXES, read_page
from .migrate.audit import CODES, SEVERITIES, Finding, Libraries, audit_page, summary
from .migrate.audit_examples import DEFAULT_TIMEOUT, example_findings
from .migrate.model import Page
from .migrate.source import already_converted, find_inputs, is_comparison_page, read_text
from .snapshot import Snapshot

__all__ = ["AuditRun", "add_audit_command", "audit_run", "audit_set", "run_audit"]

#: ``--fail-on`` choices: a severity, or ``never``.
FAIL_ON = (*SEVERITIES, "never")


def add_audit_command(sub) -> None:
    audit = sub.add_parser(
        "audit",
        help="check a team's hand-written comparison pages against the installed libraries",
        description="Read every page of FORMAT under SRC as it is and report, with its line, "
        "each problem: an API that does not exist, a printed signature that differs from "
        "the library, a table row naming a parameter the library lacks, a parameter no row "
        "mentions, a pairing or a category the engine disputes, an example that does not "
        "parse (or, with --run-examples, fails when run), page structure. Examples are "
        "parsed, not run, unless --run-examples.",
    )
    audit.add_argument(
        "format", metavar="FORMAT", choices=sorted(FORMATS), help="paddle, mindspore or megengine"
    )
    audit.add_argument("src", metavar="SRC", help="a page, or a folder read recursively")
    audit.add_argument(
        "--json", action="store_true", help="print one JSON object: findings and summary"
    )
    audit.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default="error",
        metavar="SEVERITY",
        help="exit 1 when a finding of this severity or above exists "
        "(info, warning, error, never; default: error)",
    )
    add_snapshot_option(audit, "the pages are compared with what it recorded")
    audit.add_argument(
        "--run-examples",
        action="store_true",
        help="run each example that can run on its own (a fragment never runs) in a child "
        "process; a failing one is an example-fails finding",
    )
    audit.add_argument(
        "--example-timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"with --run-examples, how long a block may run (default: {DEFAULT_TIMEOUT:g})",
    )


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds above 0: {text!r}")
    return value


@dataclass
class AuditRun:
    """What an audit found, how many files it read, and (with examples run) how many blocks
    ended in each status."""

    findings: list[Finding]
    pages: int
    examples: dict[str, int] | None = None


def audit_set(fmt: str, src: str | Path) -> tuple[list[Finding], int]:
    """Every finding of the pages of ``fmt`` under ``src`` (examples not run), and how many
    files were read (:func:`audit_run`)."""
    run = audit_run(fmt, src)
    return run.findings, run.pages


def audit_run(
    fmt: str,
    src: str | Path,
    *,
    run_examples: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    snapshot: Snapshot | None = None,
) -> AuditRun:
    """Every finding of the pages of ``fmt`` under ``src``, and how many files were read.
    In a folder, a page that cannot be read is a finding (``page-unreadable``), so is a file
    that is not a comparison page of the format or already an ``apidiff`` page
    (``not-a-comparison-page``) and a link left unread (``page-skipped``); a single such file
    raises :class:`ApiDiffError`. With ``run_examples``, each block that can run on its own
    runs, and one that fails is an ``example-fails`` finding. With a ``snapshot``, an API of a
    library not installed here is what the snapshot recorded of it."""
    root = Path(src)
    read: list[Page] = []
    inputs, skipped = find_inputs(SUFFIXES[fmt], fmt, root)
    libraries = Libraries(snapshot)
    findings = [Finding(s.relative, 1, "page-skipped", None, "", s.reason) for s in skipped]
    for source in inputs:
        try:
            text = read_text(source.path)
        except ApiDiffError as exc:
            if root.is_file():
                raise
            findings.append(Finding(source.relative, 1, "page-unreadable", None, "", str(exc)))
            continue
        if already_converted(text):
            if root.is_file():
                raise ApiDiffError(
                    f"{root}: already an apidiff page (build it with Sphinx; the audit reads "
                    "a team's hand-written pages)"
                )
            findings.append(
                Finding(source.relative, 1, "not-a-comparison-page", None, "an apidiff page")
            )
            continue
        try:
            page = read_page(fmt, text, source.relative)
            if root.is_file() and not is_comparison_page(page):
                raise ApiDiffError(f"{root}: not a {fmt} comparison page")
            findings.extend(audit_page(page, libraries))
            read.append(page)
        except ApiDiffError:
            raise
        except Exception as exc:  # a reader's bug is this page's problem, not the set's
            problem = f"the {fmt} reader failed ({type(exc).__name__}: {exc}); please report it"
            if root.is_file():
                raise ApiDiffError(f"{root}: {problem}") from None
            findings.append(Finding(source.relative, 1, "page-unreadable", None, "", problem))
    examples = None
    if run_examples:
        from .execute import ExecutorError

        try:
            found, examples = example_findings(
                [p for p in read if is_comparison_page(p)], timeout=timeout
            )
        except ExecutorError as exc:
            raise ApiDiffError(f"the examples could not be run: {exc}") from None
        findings.extend(found)
    rank = {s.relative: i for i, s in enumerate(inputs)}
    findings.sort(key=lambda f: (rank.get(f.page, -1), f.line, f.code, f.parameter or ""))
    return AuditRun(findings, len(inputs), examples)


def _examples_said(examples: dict[str, int] | None) -> str:
    if examples is None:
        return "examples parsed, not run"
    total = sum(examples.values())
    counts = ", ".join(f"{n} {status}" for status, n in examples.items())
    return f"{total} example{'s' * (total != 1)} run" + (f": {counts}" if counts else "")


def _text_report(
    findings: list[Finding], pages: int, examples: dict[str, int] | None = None
) -> str:
    lines = []
    for f in findings:
        head = f"{f.page}:{f.line}: {f.severity}: {f.code}"
        if f.parameter:
            head += f" [{f.parameter}]"
        parts = [
            p
            for p in (
                f"page: {f.page_says}" if f.page_says else "",
                f"library: {f.library_says}" if f.library_says else "",
            )
            if p
        ]
        lines.append(head + (": " + "; ".join(parts) if parts else ""))
    counts = summary(findings)["by_code"]
    lines.append("")
    lines.append(
        f"{len(findings)} finding{'s' * (len(findings) != 1)} in {pages} "
        f"page{'s' * (pages != 1)} ({_examples_said(examples)})"
    )
    if counts:
        width = max(len(c) for c in counts)
        lines.append(f"{'code':<{width}}  {'severity':<8}  count")
        lines.extend(f"{c:<{width}}  {CODES[c][0]:<8}  {n}" for c, n in counts.items())
    return "\n".join(lines)


def run_audit(args) -> int:
    with libraries_quiet():
        run = audit_run(
            args.format,
            args.src,
            run_examples=args.run_examples,
            timeout=args.example_timeout,
            snapshot=snapshot_from(args.snapshot),
        )
    findings, pages = run.findings, run.pages
    if args.json:
        totals = {"pages": pages, "findings": len(findings), **summary(findings)}
        if run.examples is not None:
            totals["examples"] = run.examples
        body = {"findings": [f.to_dict() for f in findings], "summary": totals}
        print(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        print(_text_report(findings, pages, run.examples))
    if args.fail_on == "never":
        return 0
    floor = SEVERITIES.index(args.fail_on)
    return 1 if any(SEVERITIES.index(f.severity) >= floor for f in findings) else 0
