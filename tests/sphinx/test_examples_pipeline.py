"""Examples run while Sphinx writes pages: each page gets its own results, each failure is
reported once, and what arrived during the write phase is kept for the next build."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp
from test_examples_sphinx import build, html, report

pytestmark = pytest.mark.sphinx

PAGE = """{title}
{underline}

.. apidiff-example::

   print("output of {title}")
{extra}"""

FAILING = """
.. apidiff-example::

   raise ValueError("broken on {title}")
"""

SUMMARY = """
.. apidiff-summary::
"""


def project(tmp_path: Path, pages: dict[str, bool], conf: str = "") -> Path:
    """Pages named by ``pages``, each one example printing its name (and one failing example
    where the value is True), and an index with a toctree."""
    srcdir = tmp_path / "src"
    srcdir.mkdir()
    (srcdir / "conf.py").write_text(f'extensions = ["sphinx_apidiff"]\n{conf}')
    toctree = "".join(f"   {name}\n" for name in pages)
    (srcdir / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}")
    for name, fails in pages.items():
        extra = FAILING.format(title=name) if fails else ""
        text = PAGE.format(title=name, underline="=" * len(name), extra=extra)
        (srcdir / f"{name}.rst").write_text(text)
    return srcdir


def test_every_page_shows_its_own_output(tmp_path):
    names = [f"page{i}" for i in range(6)]
    app, status, _warnings = build(project(tmp_path, dict.fromkeys(names, False)))
    for name in names:
        assert f"output of {name}" in html(app, name)
        others = [other for other in names if other != name]
        assert not any(f"output of {other}<" in html(app, name) for other in others)
    # progress: one line per example, in the order the pages are written
    shown = re.findall(r"\[apidiff\] example \d+/6: (\S+) #1 passed", status)
    assert shown == names


def test_pages_put_together_keep_each_their_own_results(tmp_path):
    """singlehtml resolves every page as one doctree: each example still finds its page's
    result, not the result at the same position of the master document."""
    app, _status, _warnings = build(
        project(tmp_path, {"alpha": False, "beta": False}), buildername="singlehtml"
    )
    page = html(app, "index")
    assert page.index("output of alpha") < page.index("output of beta")
    assert page.count("output of alpha") == 2  # the code and its output
    assert page.count("output of beta") == 2


def test_each_failure_is_reported_once_with_its_line(tmp_path):
    srcdir = project(tmp_path, {"first": True, "second": False, "third": True})
    app, _status, warnings = build(srcdir)
    for name in ("first", "third"):
        message = f"{name}.rst:10: WARNING: apidiff-example: example failed: ValueError"
        assert warnings.count(message) == 1, warnings
    assert warnings.index("first.rst:10") < warnings.index("third.rst:10")  # page order
    assert app.statuscode == 0  # warnings, not errors (raise_on_error is off)
    assert {e["status"] for e in report(app)} == {"passed", "failed"}


def test_results_that_arrived_while_pages_were_written_are_kept(tmp_path):
    srcdir = project(tmp_path, {"kept": True})
    app, status, _warnings = build(srcdir)
    assert "example(s) on 1 page(s)" in status
    with open(Path(app.doctreedir) / "environment.pickle", "rb") as f:
        env = pickle.load(f)
    record = env.domaindata["apidiff"]["docs"]["kept"]
    assert [r.status.value for r in record.results] == ["passed", "failed"]
    # the next build reads no page and runs nothing, and still reports the failure
    app, status, warnings = build(srcdir)
    assert "example(s) on" not in status
    assert "kept.rst:10: WARNING: apidiff-example: example failed: ValueError" in warnings
    assert "output of kept" in html(app, "kept")


def test_a_build_that_stops_while_pages_run_leaves_them_to_run_again(tmp_path):
    """Pages still running are ended and pages not started never start; nothing about them
    is reported (Sphinx removes its environment file: the next build runs them all)."""
    conf = (
        "def setup(app):\n"
        "    def stop(app, doctree, docname):\n"
        "        if docname == 'b':\n"
        "            raise RuntimeError('the build stops here')\n"
        "    app.connect('doctree-resolved', stop, priority=900)\n"
    )
    srcdir = project(tmp_path, {"a": False, "b": False, "c": False, "d": False}, conf)
    slow = (
        (srcdir / "c.rst")
        .read_text()
        .replace("   print(", "   import time; time.sleep(30)\n   print(")
    )
    (srcdir / "c.rst").write_text(slow)
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp("html", srcdir=srcdir, status=status, warning=warning)
    try:
        with pytest.raises(Exception, match="the build stops here"):
            app.build()
    finally:
        app.cleanup()
    # c was running when the build stopped, d had not started: neither is reported
    assert "apidiff" not in warning.getvalue()
    assert re.findall(r"\[apidiff\] example \d+/4: (\S+)", status.getvalue()) == ["a", "b"]
    (srcdir / "c.rst").write_text(slow.replace("time.sleep(30)", "pass"))
    fixed = (srcdir / "conf.py").read_text().split("def setup")[0]
    (srcdir / "conf.py").write_text(fixed)
    app, _status, _warnings = build(srcdir)
    assert "output of c" in html(app, "c")
    assert {e["status"] for e in report(app)} == {"passed"}


SKIPPED = """
.. apidiff-example::
   :requires: no_such_package_xyz

   import no_such_package_xyz
"""


def test_the_log_says_how_each_example_went_once_and_where_it_waits(tmp_path):
    """Each progress line says what went wrong or why an example did not run; a page that
    shows every page's status says it waits for them; a rebuild with nothing changed repeats
    no progress and no "not run" line (only the warnings, which must stay under -W)."""
    srcdir = project(tmp_path, {"p1": True, "p2": False})  # after index
    (srcdir / "p2.rst").write_text((srcdir / "p2.rst").read_text() + SKIPPED)
    (srcdir / "index.rst").write_text((srcdir / "index.rst").read_text() + SUMMARY)
    _app, status, warnings = build(srcdir)
    lines = status.splitlines()
    waiting = lines.index(
        "[apidiff] waiting for the examples of 2 more page(s), to show every page's status"
    )
    assert lines[waiting - 1].endswith("index")  # under "writing output... index"
    assert lines[waiting + 1 : waiting + 5] == [
        "[apidiff] example 1/4: p1 #1 passed",
        "[apidiff] example 2/4: p1 #2 failed: example failed: ValueError: broken on p1",
        "[apidiff] example 3/4: p2 #1 passed",
        "[apidiff] example 4/4: p2 #2 skipped: not run: no_such_package_xyz is not installed",
    ]
    assert "p2.rst:" not in status  # an info line is not dressed as a warning
    assert "WARNING: apidiff-example: example failed: ValueError: broken on p1" in warnings
    _app, status, warnings = build(srcdir)
    assert not re.search(r"\[apidiff\] example \d", status)
    assert "not installed" not in status
    assert "waiting for the examples" not in status
    assert "WARNING: apidiff-example: example failed: ValueError: broken on p1" in warnings


CHATTY = """\
import os, sys, warnings

warnings.warn("No ccache found. Please be aware that recompiling is slow.", UserWarning)
print("chatty says hello")
with open(os.environ["CHATTY_IMPORTS"], "a") as log:
    log.write("imported\\n")
VALUE = 42
"""


def installed_package(site: Path) -> None:
    """``chatty``, installed (a distribution's metadata beside it), which talks when imported."""
    (site / "chatty").mkdir(parents=True)
    (site / "chatty" / "__init__.py").write_text(CHATTY)
    info = site / "chatty-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: chatty\nVersion: 1.0\n")
    (info / "top_level.txt").write_text("chatty\n")


@pytest.mark.parametrize("preload", [None, "[]"])
def test_what_the_examples_import_is_preloaded_by_default(tmp_path, preload):
    """By default the warm process imports the installed packages the examples import: once
    a build, and what they say while loading stays out of every example's output."""
    site = tmp_path / "site"
    installed_package(site)
    conf = "" if preload is None else f"apidiff_execution_preload = {preload}\n"
    srcdir = project(tmp_path, dict.fromkeys(["p1", "p2", "p3"], False), conf)
    for page in ("p1", "p2", "p3"):
        text = (srcdir / f"{page}.rst").read_text()
        (srcdir / f"{page}.rst").write_text(
            text.replace("   print(", "   import chatty\n   print(chatty.VALUE, ")
        )
    imports = tmp_path / "imports.log"
    env = {
        **os.environ,
        "CHATTY_IMPORTS": str(imports),
        "PYTHONPATH": os.pathsep.join([str(site), *sys.path]),
    }
    out = tmp_path / "out"
    build = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", str(srcdir), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr  # a list is as welcome as "auto"
    pages = [(out / f"{page}.html").read_text() for page in ("p1", "p2", "p3")]
    assert all("42 output of" in page for page in pages)
    if preload is None:
        assert imports.read_text() == "imported\n"  # once, in the warm process
        assert not any("chatty says hello" in page or "ccache" in page for page in pages)
        assert "apidiff" not in build.stderr  # nothing to warn about
    else:  # the project said no preload: each page imports it, and shows what it said
        assert imports.read_text() == "imported\n" * 3
        assert all("chatty says hello" in page and "ccache" in page for page in pages)


def test_a_preload_setting_that_is_neither_auto_nor_modules_is_a_warning(tmp_path):
    srcdir = project(tmp_path, {"p1": False}, "apidiff_execution_preload = 3\n")
    app, _status, warnings = build(srcdir)
    assert (
        "WARNING: invalid apidiff_execution_preload = 3: "
        "expected \"auto\" or a list of module names; using 'auto'" in warnings
    )
    assert "output of p1" in html(app, "p1")


def test_pages_run_in_the_order_sphinx_writes_them(tmp_path, monkeypatch):
    """The write resolves the pages in sorted order and waits for each page's results: the
    examples run in that order, whatever order the parallel read merged the pages in."""
    from sphinx_apidiff import execute
    from sphinx_apidiff.sphinxext.examples import runs

    started: list[list[str]] = []
    start_pages, all_records = execute.start_pages, runs.all_records

    def recording(pages, **kwargs):
        started.append(list(pages))
        return start_pages(pages, **kwargs)

    monkeypatch.setattr(execute, "start_pages", recording)
    # the records as a parallel read may merge them: not in page order
    monkeypatch.setattr(runs, "all_records", lambda env: dict(reversed(all_records(env).items())))
    names = ["page-b", "page-c", "page-a"]
    app, _status, _warnings = build(project(tmp_path, dict.fromkeys(names, False)))
    assert started == [sorted(names)]
    assert all(f"output of {name}" in html(app, name) for name in names)


def _executors_made(monkeypatch) -> list[tuple[tuple[str, ...], str]]:
    """Each executor a build makes: its preloads, and the step of the build that made it."""
    from sphinx_apidiff.execute.client.executor import Executor
    from sphinx_apidiff.sphinxext.examples import runs

    made: list[tuple[tuple[str, ...], str]] = []
    step = ["setup"]
    init = Executor.__init__

    def recording(self, preload=(), **kwargs):
        made.append((tuple(preload), step[0]))
        init(self, preload, **kwargs)

    def during(name, method):
        def wrapped(self, *args):
            step[0] = name
            return method(self, *args)

        return wrapped

    monkeypatch.setattr(Executor, "__init__", recording)
    monkeypatch.setattr(runs.ExampleRuns, "warm_up", during("warm-up", runs.ExampleRuns.warm_up))
    monkeypatch.setattr(
        runs.ExampleRuns, "env_updated", during("env-updated", runs.ExampleRuns.env_updated)
    )
    return made


def test_the_warm_process_starts_while_the_pages_are_read(tmp_path, monkeypatch):
    """With "auto" the warm process starts, before Sphinx reads the pages, with what their
    example directives import as far as the text shows. When the read pages import more
    (an import after a statement on its line), it is made again with all of it."""
    pytest.importorskip("numpy")
    made = _executors_made(monkeypatch)
    srcdir = project(tmp_path, dict.fromkeys(["p1", "p2"], False))
    for page, code in {"p1": "import numpy", "p2": "x = 1; import jinja2"}.items():
        text = (srcdir / f"{page}.rst").read_text()
        (srcdir / f"{page}.rst").write_text(text.replace("   print(", f"   {code}\n   print("))
    app, _status, warnings = build(srcdir)
    assert made == [(("numpy",), "warm-up"), (("jinja2", "numpy"), "env-updated")]
    assert "WARNING" not in warnings
    assert all(f"output of {page}" in html(app, page) for page in ("p1", "p2"))

    (srcdir / "p2.rst").write_text((srcdir / "p2.rst").read_text().replace("x = 1; ", ""))
    made.clear()
    build(srcdir)  # the text shows all of it: one warm process, started early
    assert made == [(("jinja2", "numpy"), "warm-up")]


def test_no_warm_process_starts_early_when_the_examples_import_nothing_installed(
    tmp_path, monkeypatch
):
    made = _executors_made(monkeypatch)
    app, _status, _warnings = build(project(tmp_path, {"p1": False}))
    assert made == [((), "env-updated")]
    assert "output of p1" in html(app, "p1")
