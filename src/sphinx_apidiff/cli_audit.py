"""``sphinx-apidiff audit FORMAT SRC``: a team's hand-written set, read as it is and compared
with the installed libraries; one finding per problem (:mod:`.migrate.audit`).

No Sphinx here. Exit 0 when no finding reaches ``--fail-on``, 1 when one does, 2 with a
one-line reason for bad input (no such path, a file that is not a page of the format, a
folder with no pages, a single page that cannot be read, is not a comparison page of the
format or is already an ``apidiff`` page; in a folder each is a finding instead).
"""

from __future__ import annotations

import json
from pathlib import Path

from .api import ApiDiffError
from .migrate import FORMATS, SUFFIXES, read_page
from .migrate.audit import CODES, SEVERITIES, Finding, Libraries, audit_page, summary
from .migrate.source import already_converted, find_inputs, is_comparison_page, read_text

__all__ = ["add_audit_command", "audit_set", "run_audit"]

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
        "parse, page structure. Examples are parsed, not run.",
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


def audit_set(fmt: str, src: str | Path) -> tuple[list[Finding], int]:
    """Every finding of the pages of ``fmt`` under ``src``, and how many files were read.
    In a folder, a page that cannot be read is a finding (``page-unreadable``), so is a file
    that is not a comparison page of the format or already an ``apidiff`` page
    (``not-a-comparison-page``) and a link left unread (``page-skipped``); a single such file
    raises :class:`ApiDiffError`."""
    root = Path(src)
    inputs, skipped = find_inputs(SUFFIXES[fmt], fmt, root)
    libraries = Libraries()
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
        except ApiDiffError:
            raise
        except Exception as exc:  # a reader's bug is this page's problem, not the set's
            problem = f"the {fmt} reader failed ({type(exc).__name__}: {exc}); please report it"
            if root.is_file():
                raise ApiDiffError(f"{root}: {problem}") from None
            findings.append(Finding(source.relative, 1, "page-unreadable", None, "", problem))
    return findings, len(inputs)


def _text_report(findings: list[Finding], pages: int) -> str:
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
        f"page{'s' * (pages != 1)} (examples parsed, not run)"
    )
    if counts:
        width = max(len(c) for c in counts)
        lines.append(f"{'code':<{width}}  {'severity':<8}  count")
        lines.extend(f"{c:<{width}}  {CODES[c][0]:<8}  {n}" for c, n in counts.items())
    return "\n".join(lines)


def run_audit(args) -> int:
    from .cli import _libraries_quiet

    with _libraries_quiet():
        findings, pages = audit_set(args.format, args.src)
    if args.json:
        body = {
            "findings": [f.to_dict() for f in findings],
            "summary": {"pages": pages, "findings": len(findings), **summary(findings)},
        }
        print(json.dumps(body, indent=2, ensure_ascii=False))
    else:
        print(_text_report(findings, pages))
    if args.fail_on == "never":
        return 0
    floor = SEVERITIES.index(args.fail_on)
    return 1 if any(SEVERITIES.index(f.severity) >= floor for f in findings) else 0
