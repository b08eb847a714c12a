"""Machine-readable reports of a run: JSON and JUnit XML, for CI.

The content is deterministic: pages sorted by id, blocks in page order, no timestamps, only
durations (rounded to milliseconds).
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from ...files import atomic_write_text
from ..spec import ExampleResult, Status

__all__ = ["junit_xml", "report_dict", "write_report"]

_XML_INVALID = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _error(result: ExampleResult) -> str | None:
    return result.problem() or result.reason or None


def report_dict(results_by_page: Mapping[str, Sequence[ExampleResult]]) -> dict[str, Any]:
    """One entry per block: page, source, line, status, seconds, cached, error."""
    examples = []
    for page in sorted(results_by_page):
        for index, result in enumerate(results_by_page[page]):
            examples.append(
                {
                    "page": page,
                    "index": index,
                    "source": result.source,
                    "line": result.line,
                    "status": str(result.status),
                    "seconds": round(result.seconds, 3),
                    "cached": result.cached,
                    "error": _error(result),
                    "error_line": result.error_line,
                }
            )
    counts = Counter(entry["status"] for entry in examples)
    problems = sum(1 for page in results_by_page.values() for r in page if r.problem() is not None)
    return {
        "summary": {
            "examples": len(examples),
            "problems": problems,
            "statuses": dict(sorted(counts.items())),
        },
        "examples": examples,
    }


def _clean(text: str | None) -> str:
    return _XML_INVALID.sub("", text or "")


def _testcase(page: str, result: ExampleResult) -> tuple[ET.Element, str | None]:
    case = ET.Element(
        "testcase",
        {
            "classname": page,
            "name": f"{result.source}:{result.line}",
            "file": result.source,
            "line": str(result.line),
            "time": f"{result.seconds:.3f}",
        },
    )
    kind = None
    status = result.status
    if status in (Status.SKIPPED, Status.NOT_RUN):
        ET.SubElement(case, "skipped", {"message": _clean(result.reason)})
        kind = "skipped"
    elif status in (Status.TIMEOUT, Status.CRASHED):
        element = ET.SubElement(
            case, "error", {"type": status.value, "message": _clean(result.reason)}
        )
        element.text = _clean(result.traceback)
        kind = "errors"
    elif result.problem() is not None:
        if result.comparison is not None and not result.comparison.agree:
            error_type = "comparison"
        elif status is Status.FAILED:
            error_type = result.error_type or "failed"
        else:
            error_type = "unexpected-pass"
        element = ET.SubElement(
            case, "failure", {"type": error_type, "message": _clean(result.problem())}
        )
        element.text = _clean(result.traceback)
        kind = "failures"
    if kind in ("errors", "failures"):
        if result.stdout:
            ET.SubElement(case, "system-out").text = _clean(result.stdout)
        if result.stderr:
            ET.SubElement(case, "system-err").text = _clean(result.stderr)
    return case, kind


def junit_xml(results_by_page: Mapping[str, Sequence[ExampleResult]]) -> str:
    """A JUnit XML document: one ``testsuite`` per page, one ``testcase`` per block."""
    root = ET.Element("testsuites", {"name": "sphinx-apidiff examples"})
    totals: Counter[str] = Counter()
    total_time = 0.0
    for page in sorted(results_by_page):
        suite = ET.SubElement(root, "testsuite", {"name": page})
        counts: Counter[str] = Counter()
        page_time = 0.0
        for result in results_by_page[page]:
            case, kind = _testcase(page, result)
            suite.append(case)
            counts["tests"] += 1
            if kind:
                counts[kind] += 1
            page_time += result.seconds
        for name in ("tests", "failures", "errors", "skipped"):
            suite.set(name, str(counts[name]))
        suite.set("time", f"{page_time:.3f}")
        totals.update(counts)
        total_time += page_time
    for name in ("tests", "failures", "errors", "skipped"):
        root.set(name, str(totals[name]))
    root.set("time", f"{total_time:.3f}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def write_report(
    results_by_page: Mapping[str, Sequence[ExampleResult]],
    path_json: str | os.PathLike[str] | None = None,
    path_junit: str | os.PathLike[str] | None = None,
) -> None:
    """Write the JSON report and/or the JUnit XML report."""
    if path_json is not None:
        text = json.dumps(report_dict(results_by_page), indent=2, sort_keys=True)
        atomic_write_text(path_json, text + "\n")
    if path_junit is not None:
        atomic_write_text(path_junit, junit_xml(results_by_page))
