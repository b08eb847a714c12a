"""``apidiff-example`` in real Sphinx builds: failures land at the right file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import copy_root, imports_forgotten, main_body, run_build
from sphinx.testing.util import SphinxTestApp

pytestmark = pytest.mark.sphinx


def build(srcdir, buildername: str = "html", **kwargs) -> tuple[SphinxTestApp, str, str]:
    """``run_build`` that leaves no module the project imported behind: (app, status, warnings)."""
    with imports_forgotten(srcdir):
        built = run_build(srcdir, buildername, **kwargs)
    return built.app, built.status, built.warnings


def report(app: SphinxTestApp) -> list[dict]:
    return json.loads((Path(app.outdir) / "apidiff-examples.json").read_text())["examples"]


def html(app: SphinxTestApp, page: str) -> str:
    return (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------ the seed page


@pytest.fixture(scope="module")
def seed(tmp_path_factory):
    pytest.importorskip("torch")
    srcdir = copy_root("seed-example", tmp_path_factory.mktemp("seed"))
    return build(srcdir)


def test_seed_example_fails_at_the_me_float32_line(seed):
    app, _status, warnings = seed
    source = (Path(app.srcdir) / "index.rst").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(source, 1) if "me.float32" in text)
    assert f"index.rst:{line}: WARNING: apidiff-example: example failed: NameError: " in warnings
    assert "name 'me' is not defined [apidiff.example]" in warnings
    [result] = report(app)
    assert (result["status"], result["error_line"]) == ("failed", line)


def test_seed_page_still_renders_with_traceback_trimmed_to_the_author(seed):
    app, _status, _warnings = seed
    page = html(app, "index")
    assert "类别：" in page  # the comparison is there (its category), in the page's language
    assert "apidiff-failed" in page
    traceback = re.search(r'<span class="apidiff-traceback">(.*?)</span>', page, re.S).group(1)
    assert "index.rst" in traceback and "me.float32" in traceback
    assert "sphinx_apidiff" not in traceback and "_server" not in traceback
    assert "NameError: name &#39;me&#39; is not defined" in traceback or (
        "NameError: name 'me' is not defined" in traceback
    )


# ------------------------------------------------------------------------ failure modes


@pytest.fixture(scope="module")
def failures(tmp_path_factory):
    srcdir = copy_root("example-failures", tmp_path_factory.mktemp("failures"))
    return build(srcdir)


def by_page(app) -> dict[str, list[dict]]:
    pages: dict[str, list[dict]] = {}
    for entry in report(app):
        pages.setdefault(entry["page"], []).append(entry)
    return pages


def test_build_completes_with_every_failure_located(failures):
    app, _status, warnings = failures
    assert (Path(app.outdir) / "index.html").exists()
    expected = {
        "syntax.rst:7": "SyntaxError",
        "midblock.rst:8": "ZeroDivisionError",
        "hang.rst:1": "timed out",  # line 11 or 12, whichever the loop was on
        "segfault.rst:7": "crash",
        "exit.rst:7": "SystemExit",
        "exit.rst:11": "exited with code 3",
        "missing.rst:11": "ModuleNotFoundError",
    }
    for where, what in expected.items():
        lines = [w for w in warnings.splitlines() if re.search(rf"{where}\d?: WARNING", w)]
        assert lines, f"no warning at {where}:\n{warnings}"
        assert what.lower() in lines[0].lower(), lines[0]
        assert lines[0].endswith("[apidiff.example]")


def test_statuses(failures):
    app, _status, _warnings = failures
    pages = by_page(app)
    assert [e["status"] for e in pages["syntax"]] == ["failed", "passed"]
    assert [e["status"] for e in pages["midblock"]] == [
        "failed",
        "expected-error",
        "unexpected-pass",
    ]
    assert [e["status"] for e in pages["hang"]] == ["passed", "timeout", "not-run"]
    assert [e["status"] for e in pages["segfault"]] == ["crashed", "not-run"]
    assert [e["status"] for e in pages["exit"]] == ["failed", "crashed", "not-run"]
    assert [e["status"] for e in pages["missing"]] == ["skipped", "failed"]
    assert [e["status"] for e in pages["many"]] == ["passed"] * 100


def test_output_is_truncated_with_a_note(failures):
    app, _status, _warnings = failures
    page = html(app, "output")
    assert "output truncated" in page
    assert len(page) < 2_000_000  # 50 MB printed, a small page shown


def test_files_land_in_a_temporary_folder(failures):
    app, _status, _warnings = failures
    assert "written-by-example.txt" in html(app, "files")
    srcdir, outdir = Path(app.srcdir), Path(app.outdir)
    assert not list(srcdir.rglob("written-by-example.txt"))
    assert not list(Path.cwd().glob("written-by-example.txt"))
    assert not list(outdir.rglob("written-by-example.txt"))


def test_skipped_is_visible_and_not_a_warning(failures):
    app, status, warnings = failures
    page = html(app, "missing")
    assert "not run: megengine_not_installed is not installed" in page
    assert "missing.rst:7: WARNING" not in warnings
    assert "not run: megengine_not_installed is not installed" in status


def test_state_carries_within_a_page(failures):
    app, _status, _warnings = failures
    assert "counter 98" in html(app, "many")


def test_junit_report(failures):
    app, _status, _warnings = failures
    xml = (Path(app.outdir) / "apidiff-examples.xml").read_text()
    assert xml.count("<testcase") == len(report(app))
    assert "<failure" in xml and "<skipped" in xml


# ---------------------------------------------------------------------- cache and modes

PAGE = """\
Cached
======

.. apidiff-example::

   import os, pathlib
   marker = pathlib.Path({marker!r})
   marker.write_text(marker.read_text() + "x" if marker.exists() else "x")
   print("ran")

.. apidiff-example::

   raise ValueError("still broken")
"""


def test_unchanged_pages_do_not_run_again_and_failures_are_reported_again(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    marker = tmp_path / "runs.txt"
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (srcdir / "index.rst").write_text(PAGE.format(marker=str(marker)))
    app, status, warnings = build(srcdir)
    assert marker.read_text() == "x"
    assert "index.rst:13: WARNING: apidiff-example: example failed: ValueError" in warnings
    # nothing changed: zero examples run, the failure is reported again
    app, status, warnings = build(srcdir)
    assert marker.read_text() == "x"
    assert "example(s) on" not in status
    assert "index.rst:13: WARNING: apidiff-example: example failed: ValueError" in warnings
    # a fresh environment reads every page again; the cache answers
    app, status, warnings = build(srcdir, freshenv=True)
    assert marker.read_text() == "x"
    assert all(e["cached"] for e in report(app))
    assert "index.rst:13: WARNING" in warnings
    # force mode runs again
    app, status, warnings = build(
        srcdir, freshenv=True, confoverrides={"apidiff_execution_mode": "force"}
    )
    assert marker.read_text() == "xx"


def test_mode_off_shows_code_without_running(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    marker = tmp_path / "runs.txt"
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\napidiff_execution_mode = "off"\n'
    )
    (srcdir / "index.rst").write_text(PAGE.format(marker=str(marker)))
    app, _status, warnings = build(srcdir)
    assert not marker.exists()
    assert "WARNING" not in warnings
    assert "not run: execution is off" in html(app, "index")


def test_raise_on_error_fails_the_build_without_W(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\napidiff_execution_raise_on_error = True\n'
    )
    (srcdir / "index.rst").write_text(PAGE.format(marker=str(tmp_path / "m")))
    app, _status, warnings = build(srcdir)
    assert app.statuscode == 1
    assert "1 example(s) failed:" in warnings
    assert "index.rst:13: ValueError" in warnings or "index.rst:13: example failed" in warnings


def test_bad_options_are_located_warnings(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (srcdir / "index.rst").write_text(
        "Bad\n===\n\n.. apidiff-example::\n   :timeout: soon\n   :compar: a b\n\n   print(1)\n"
    )
    app, _status, warnings = build(srcdir)
    assert "index.rst:5: WARNING: apidiff-example :timeout: 'soon' is not a number" in warnings
    assert (
        "index.rst:6: WARNING: apidiff-example: unknown option :compar:; did you mean" in warnings
    )
    assert "ran without error" in html(app, "index")


def test_parallel_build_equals_serial(tmp_path):
    serial_src = copy_root("example-failures", tmp_path / "serial")
    parallel_src = copy_root("example-failures", tmp_path / "parallel")
    serial, _s, _w = build(serial_src)
    parallel, _s, _w = build(parallel_src, parallel=2)
    for page in ("syntax", "midblock", "hang", "many", "missing"):
        assert html(serial, page) == html(parallel, page), page


MYST_PAGE = """\
# MyST examples

Some text.

```{apidiff-example}
:caption: hello

x = 1
y = undefined_thing
```

````{apidiff} numpy.sum math.fsum
:undocumented: auto

```{apidiff-example}
print("inside")
raise ValueError("boom")
```
````
"""


def test_myst_examples_fail_at_their_own_lines(tmp_path):
    pytest.importorskip("myst_parser")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff", "myst_parser"]\n')
    (srcdir / "index.md").write_text(MYST_PAGE)
    lines = MYST_PAGE.splitlines()
    name_line = lines.index("y = undefined_thing") + 1
    boom_line = lines.index('raise ValueError("boom")') + 1
    app, _status, warnings = build(srcdir)
    assert f"index.md:{name_line}: WARNING: apidiff-example: example failed: NameError" in warnings
    assert f"index.md:{boom_line}: WARNING: apidiff-example: example failed: ValueError" in warnings
    assert "inside" in html(app, "index")


def test_a_killed_page_process_is_a_crash_and_the_build_survives(tmp_path):
    # what the kernel's out-of-memory killer does to a page's process
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (srcdir / "index.rst").write_text(
        "Killed\n======\n\n.. apidiff-example::\n\n   import os, signal\n"
        "   os.kill(os.getpid(), signal.SIGKILL)\n\n.. apidiff-example::\n\n   print(1)\n"
    )
    app, _status, warnings = build(srcdir)
    assert "index.rst:" in warnings and "SIGKILL" in warnings
    assert [e["status"] for e in report(app)] == ["crashed", "not-run"]
    assert "apidiff-crashed" in html(app, "index")


def test_compare_numbers_qualified_raises_and_zero_tolerance(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (srcdir / "index.rst").write_text(
        "Numbers\n=======\n\n"
        ".. apidiff-example::\n   :compare: x y\n\n"
        "   import math\n   import numpy\n"
        "   x = numpy.sum([0.1] * 10)\n   y = math.fsum([0.1] * 10)\n\n"
        ".. apidiff-example::\n   :raises: json.JSONDecodeError\n\n"
        "   import json\n   json.loads('{')\n\n"
        ".. apidiff-example::\n   :compare: a b\n   :rtol: 0\n   :atol: 0\n\n"
        "   a = [1, 2]\n   b = [1, 2]\n"
    )
    app, _status, warnings = build(srcdir)
    assert "WARNING" not in warnings
    statuses = [(e["status"]) for e in report(app)]
    assert statuses == ["passed", "expected-error", "passed"]
    page = html(app, "index")
    assert "agree: max abs diff" in page and "raised JSONDecodeError as expected" in page


def test_force_mode_runs_every_page_on_every_build(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    marker = tmp_path / "runs.txt"
    (srcdir / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\napidiff_execution_mode = "force"\n'
    )
    (srcdir / "index.rst").write_text(PAGE.format(marker=str(marker)))
    build(srcdir)
    build(srcdir)  # nothing changed, no -E: force still runs the page
    assert marker.read_text() == "xx"


# ------------------------------------------------- results land on their own example


def _outputs_under_code(page_html: str) -> list[tuple[str, str]]:
    """(code, printed output) of each example on the page, in page order."""
    pairs = []
    for box in main_body(page_html).find_all("div", cls="apidiff-example"):
        code = box.find("div", cls="highlight").text().strip()
        outputs = box.find_all(cls="apidiff-stdout")
        pairs.append((code, "".join(o.text() for o in outputs).strip()))
    return pairs


def _example(token: str) -> str:
    return f".. apidiff-example::\n\n   print({token!r})\n"


ONLY_PAGE = """\
Only
====

{first}
.. only:: latex

{hidden}
{second}
{third}"""


def _assert_each_output_is_its_own(page_html: str, expected: list[str]) -> None:
    pairs = _outputs_under_code(page_html)
    assert [output for _code, output in pairs] == expected
    for code, output in pairs:
        assert code == f"print({output!r})"


def test_a_builder_dropping_an_example_shifts_no_output(tmp_path):
    # an example inside ``.. only:: latex`` is dropped by the HTML builder before the write
    # phase: every later example must still show its own output, not its predecessor's
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    hidden = "\n".join("   " + line for line in _example("hidden").splitlines())
    (srcdir / "index.rst").write_text(
        ONLY_PAGE.format(
            first=_example("one"), hidden=hidden, second=_example("two"), third=_example("three")
        )
    )
    app, _status, warnings = build(srcdir)
    assert "WARNING" not in warnings
    _assert_each_output_is_its_own(html(app, "index"), ["one", "two", "three"])


MYST_ONLY_PAGE = """\
# Only in MyST

```{apidiff-example}
print('one')
```

````{only} latex
```{apidiff-example}
print('hidden')
```
````

```{apidiff-example}
print('two')
```
"""


def test_myst_examples_after_a_dropped_one_show_their_own_output(tmp_path):
    pytest.importorskip("myst_parser")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff", "myst_parser"]\n')
    (srcdir / "index.md").write_text(MYST_ONLY_PAGE)
    app, _status, warnings = build(srcdir)
    assert "WARNING" not in warnings
    _assert_each_output_is_its_own(html(app, "index"), ["one", "two"])


def test_reordered_examples_keep_their_own_output_on_rebuild(tmp_path):
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    page = srcdir / "index.rst"
    tokens = ["alpha", "beta", "gamma"]
    page.write_text("Order\n=====\n\n" + "\n".join(_example(t) for t in tokens))
    app, _status, _warnings = build(srcdir)
    _assert_each_output_is_its_own(html(app, "index"), tokens)
    tokens.reverse()  # the same examples in another order, on an incremental rebuild
    page.write_text("Order\n=====\n\n" + "\n".join(_example(t) for t in tokens))
    app, _status, _warnings = build(srcdir)
    _assert_each_output_is_its_own(html(app, "index"), tokens)


# ------------------------------------------- a :compare: that disagrees is failed everywhere

SOFTMAX_PAGE = """\
Softmax
=======

.. toctree::

.. apidiff:: torch.nn.functional.softmax numpy.sum
   :undocumented: ignore

   .. apidiff-example::
      :compare: by_torch by_numpy

      import numpy
      import torch
      import torch.nn.functional as F

      x = numpy.array([[1.0, 2.0, 3.0], [1.0, 1.0, 4.0]])
      by_torch = F.softmax(torch.tensor(x), dim=-1)
      e = numpy.exp(x - x.max(axis=-1, keepdims=True))
      by_numpy = e / e.sum(axis=-1, keepdims=True)

   .. apidiff-example::
      :compare: by_torch by_numpy

      by_torch = F.softmax(torch.tensor(x), dim=0)

.. apidiff-summary::
"""


def test_a_disagreeing_compare_is_failed_in_every_place_a_reader_looks(tmp_path):
    pytest.importorskip("torch")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (srcdir / "index.rst").write_text(SOFTMAX_PAGE)
    line = SOFTMAX_PAGE.splitlines().index("      by_torch = F.softmax(torch.tensor(x), dim=0)") + 1
    app, status, warnings = build(srcdir)
    # the warning, at the example's code
    assert f"index.rst:{line}: WARNING: apidiff-example: comparison failed: differ: max abs" in (
        warnings
    )
    # the console: each progress line and the final count
    assert "[apidiff] example 1/2: index #1 passed" in status
    assert "[apidiff] example 2/2: index #2 failed" in status
    assert "[apidiff] examples: 1 failed, 1 passed" in status
    # the JSON report
    first, second = report(app)
    assert (first["status"], first["error"]) == ("passed", None)
    assert second["status"] == "failed"
    assert second["error"].startswith("comparison failed: differ: max abs diff")
    summary = json.loads((Path(app.outdir) / "apidiff-examples.json").read_text())["summary"]
    assert summary["statuses"] == {"failed": 1, "passed": 1} and summary["problems"] == 1
    # JUnit: one failure of type "comparison", with the same words
    junit = (Path(app.outdir) / "apidiff-examples.xml").read_text()
    assert 'failures="1"' in junit and 'type="comparison"' in junit
    assert 'message="comparison failed: differ: max abs diff' in junit
    # the export and the summary table
    export = json.loads((Path(app.outdir) / "apidiff.json").read_text())
    assert export["pairs"][0]["examples"] == {"failed": 1, "passed": 1}
    page = html(app, "index")
    cell = re.search(r'<td class="apidiff-col-examples">(.*?)</td>', page, re.S).group(1)
    cell = re.sub(r'<span class="apidiff-cell-head">.*?</span>', "", cell)  # a phone's label
    assert re.sub(r"<[^>]+>|\s+", " ", cell).split() == ["1", "passed,", "1", "failed"]
    # the page: a failed status line, not "ran without error", for the second example
    lines = re.findall(r'<p class="apidiff-example-status apidiff-(\S+)">(.*?)</p>', page, re.S)
    texts = [(status, re.sub(r"<[^>]+>", "", text)) for status, text in lines]
    assert texts[0][0] == "passed"
    assert texts[0][1].startswith("ran without error · agree: max abs diff ")
    assert texts[1][0] == "failed"
    assert texts[1][1].startswith("comparison failed · differ: max abs diff ")


# ---------------------------------------------------------- an option after the blank line

MISPLACED_PAGE = '''\
Misplaced
=========

.. apidiff-example::

   :compare: a b

   a = [1, 2]
   b = [1, 3]

.. apidiff-example::
   :compare: x y

   :compare: a b
   x = y = a = 1
   b = 2

.. apidiff-example::

   DOC = """
   :raises: ValueError
   """
   print(DOC.strip())
'''


def test_an_option_after_the_blank_line_is_explained_and_applied(tmp_path):
    """``:compare: a b`` after the blank line is no ``SyntaxError``: a warning at its line
    says where options go, the option is applied (left out when also given in its place), and
    a line inside a string is the string's."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (srcdir / "index.rst").write_text(MISPLACED_PAGE)
    lines = MISPLACED_PAGE.splitlines()
    first, second = [i + 1 for i, line in enumerate(lines) if line == "   :compare: a b"]
    app, _status, warnings = build(srcdir)
    assert "SyntaxError" not in warnings
    assert (
        f"index.rst:{first}: WARNING: apidiff-example: :compare: after a blank line is code, "
        "not an option: write options right after the directive's line, with no blank line "
        "before them; applied [apidiff.directive]"
    ) in warnings
    assert (
        f"index.rst:{second}: WARNING: apidiff-example: :compare: after a blank line is code, "
        "not an option: write options right after the directive's line, with no blank line "
        "before them; left out: :compare: is also given in its place [apidiff.directive]"
    ) in warnings
    assert warnings.count("after a blank line") == 2  # the string's line is the string's
    # the first compares a and b (they differ), the second x and y (they agree)
    statuses = [(e["status"], e["error"] or "") for e in report(app)]
    assert statuses[0][0] == "failed" and statuses[0][1].startswith("comparison failed: differ")
    assert statuses[1:] == [("passed", ""), ("passed", "")]
    page = html(app, "index")
    assert ":raises: ValueError" in page  # the docstring's line printed, as written


MISPLACED_MYST = """\
# Misplaced

```{apidiff-example}

:raises: ValueError

int("x")
```
"""


def test_an_option_after_the_blank_line_in_myst(tmp_path):
    pytest.importorskip("myst_parser")
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text('extensions = ["sphinx_apidiff", "myst_parser"]\n')
    (srcdir / "index.md").write_text(MISPLACED_MYST)
    line = MISPLACED_MYST.splitlines().index(":raises: ValueError") + 1
    app, _status, warnings = build(srcdir)
    assert f"index.md:{line}: WARNING: apidiff-example: :raises: after a blank line" in warnings
    assert [e["status"] for e in report(app)] == ["expected-error"]
