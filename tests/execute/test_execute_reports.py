"""Values and reports: what an example's run says (JSON, JUnit XML, the timeout's line)."""

from __future__ import annotations

import json
import textwrap
import xml.etree.ElementTree as ET

from example_blocks import SRC, block

from sphinx_apidiff.execute import (
    ExampleResult,
    ExampleSpec,
    Status,
    junit_xml,
    report_dict,
    write_report,
)
from sphinx_apidiff.execute.server.postmortem import parse_trace, timeout_line

# -- values and reports -----------------------------------------------------------------------


def test_results_and_specs_round_trip_through_json(executor):
    spec = block("x = 1", line=4, raises="ValueError", compare=("x", "x"), requires=("numpy",))
    assert ExampleSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    results = executor.run_page([block("import numpy as np\nx = np.ones(2)", compare=("x", "x"))])
    again = ExampleResult.from_dict(json.loads(json.dumps(results[0].to_dict())))
    assert again == results[0]
    assert again.comparison.left_shape == (2,)


def test_parse_trace_prefers_the_thread_that_runs_the_author_code():
    dump = textwrap.dedent(
        """\
        Fatal Python error: Segmentation fault

        Thread 0x00007f0000000001 (most recent call first):
          File "/usr/lib/python3.11/threading.py", line 324 in wait
          File "docs/page.rst", line 9 in worker

        Current thread 0x00007f0000000002 (most recent call first):
          File "/usr/lib/python3.11/ctypes/__init__.py", line 519 in string_at
          File "docs/page.rst", line 4 in <module>
        """
    )
    line, lines = parse_trace(dump, {SRC}, lambda f, n: "ctypes.string_at(0)" if n == 4 else None)
    assert line == 4
    assert lines == [
        "Fatal Python error: Segmentation fault",
        "Traceback (most recent call first):",
        '  File "docs/page.rst", line 4, in <module>',
        "    ctypes.string_at(0)",
    ]


def test_timeout_line_is_the_running_statement_of_the_main_thread():
    spec = block("import time\nfor i in range(10):\n    time.sleep(i)\nprint(i)", line=20)
    dump = textwrap.dedent(
        """\
        Thread 0x00007f0000000001 (most recent call first):
          File "docs/page.rst", line 3 in worker

        Current thread 0x00007f0000000002 (most recent call first):
          File "docs/page.rst", line 22 in <module>
        """
    )
    assert timeout_line(dump, spec) == 21  # line 22 is inside the for statement at 21
    assert timeout_line("", spec) == 20
    other_block = dump.replace("line 22", "line 5")  # a frame of another block: not this one
    assert timeout_line(other_block, spec) == 20


def test_reports_are_deterministic(tmp_path):
    results = {
        "b": [
            ExampleResult(Status.PASSED, seconds=0.01234, source="b.rst", line=3),
            ExampleResult(
                Status.FAILED,
                error_type="KeyError",
                error_message="'k'",
                traceback="Traceback...\nKeyError: 'k'\n",
                source="b.rst",
                line=9,
                seconds=0.5,
                output=(("stdout", "partial\x1b[0m\n"),),
            ),
        ],
        "a": [
            ExampleResult(
                Status.SKIPPED,
                reason="not run: megengine is not installed",
                source="a.rst",
                line=1,
                cached=True,
            ),
            ExampleResult(
                Status.TIMEOUT,
                reason="timed out after 2 s at a.rst:14",
                source="a.rst",
                line=12,
                seconds=2.2,
            ),
            ExampleResult(
                Status.NOT_RUN,
                reason="not run: the example at a.rst:12 timed out",
                source="a.rst",
                line=20,
            ),
        ],
    }
    write_report(results, tmp_path / "r.json", tmp_path / "out" / "r.xml")
    first = (tmp_path / "r.json").read_bytes(), (tmp_path / "out" / "r.xml").read_bytes()
    write_report(results, tmp_path / "r.json", tmp_path / "out" / "r.xml")
    assert ((tmp_path / "r.json").read_bytes(), (tmp_path / "out" / "r.xml").read_bytes()) == first

    data = json.loads(first[0])
    assert data == report_dict(results)
    assert [(e["page"], e["line"], e["status"]) for e in data["examples"]] == [
        ("a", 1, "skipped"),
        ("a", 12, "timeout"),
        ("a", 20, "not-run"),
        ("b", 3, "passed"),
        ("b", 9, "failed"),
    ]
    assert data["examples"][0]["cached"] is True
    assert data["examples"][3]["seconds"] == 0.012
    assert data["examples"][4]["error"] == "example failed: KeyError: 'k'"
    assert data["summary"] == {
        "examples": 5,
        "problems": 2,
        "statuses": {"failed": 1, "not-run": 1, "passed": 1, "skipped": 1, "timeout": 1},
    }

    root = ET.fromstring(junit_xml(results))
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "5",
        "failures": "1",
        "errors": "1",
        "skipped": "2",
    }
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "a.rst:1",
        "a.rst:12",
        "a.rst:20",
        "b.rst:3",
        "b.rst:9",
    ]
    assert cases[1].find("error").get("message") == "timed out after 2 s at a.rst:14"
    failure = cases[4].find("failure")
    assert failure.get("type") == "KeyError"
    assert cases[4].find("system-out").text == "partial[0m\n"
    assert cases[3].find("failure") is None and cases[3].get("time") == "0.012"
