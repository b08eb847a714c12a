"""Failures nobody foresaw (a template or a library raising) are warnings, never tracebacks."""

from __future__ import annotations

import pytest
from conftest import run_build

from sphinx_apidiff.sphinxext.snapshots import sides as snapshots

pytestmark = pytest.mark.sphinx


def test_a_template_that_raises_is_a_located_warning(tmp_path):
    (tmp_path / "_t" / "apidiff").mkdir(parents=True)
    (tmp_path / "_t" / "apidiff" / "boom.rst.jinja").write_text("{{ 1 // 0 }}\n")
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_apidiff"]\ntemplates_path = ["_t"]\n')
    (tmp_path / "index.rst").write_text(
        "T\n=\n\n.. apidiff:: math.fsum math.fsum\n   :template: apidiff/boom.rst.jinja\n\n"
        "   Author text survives.\n"
    )
    built = run_build(tmp_path)
    assert (
        "index.rst:5: WARNING: apidiff: template 'apidiff/boom.rst.jinja' raised "
        "ZeroDivisionError" in built.warnings
    )
    assert built.warnings.rstrip().endswith("[apidiff.template]")
    assert "Author text survives." in built.page("index")


def test_a_library_raising_while_read_is_a_located_warning(tmp_path, monkeypatch):
    real = snapshots.read_api

    def flaky(path, **kwargs):
        if path == "math.fsum":
            raise RuntimeError("the library broke\nwith a second line")
        return real(path, **kwargs)

    monkeypatch.setattr(snapshots, "read_api", flaky)
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (tmp_path / "index.rst").write_text("T\n=\n\n.. apidiff:: math.fsum math.isclose\n")
    built = run_build(tmp_path)
    assert (
        "index.rst:4: WARNING: apidiff left side: reading 'math.fsum' raised RuntimeError: "
        "the library broke [apidiff.import]" in built.warnings
    )
    page = built.page("index").replace("<wbr>", "")  # break opportunities
    # both sides are math's: each goes by its own name
    assert "isclose: math.isclose" in page and "rel_tol" in page  # the readable side is shown


def test_a_broken_example_runner_is_a_warning_and_pages_still_render(tmp_path, monkeypatch):
    from sphinx_apidiff.execute.client.executor import Executor

    def broken(*args, **kwargs):
        raise OSError("cannot start a process")

    monkeypatch.setattr(Executor, "run_page", broken)
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (tmp_path / "index.rst").write_text("T\n=\n\n.. apidiff-example::\n\n   print('hi')\n")
    built = run_build(tmp_path)
    assert (
        "WARNING: apidiff examples: the example runner failed: OSError: cannot start a process"
        in built.warnings
    )
    page = built.page("index")
    assert "not run: the example runner failed" in page
