"""Work an apidiff directive does once, and work the snapshot command does not do at all."""

from __future__ import annotations

import io
import textwrap

import pytest
from conftest import copy_root, main_body, run_build
from sphinx.util.docutils import docutils_namespace

from sphinx_apidiff.cli_snapshot import run_snapshot_command
from sphinx_apidiff.snapshot import read_snapshot
from sphinx_apidiff.sphinxext import config as config_module
from sphinx_apidiff.sphinxext.pair import directive as directives
from sphinx_apidiff.sphinxext.snapshots import sides as snapshots

pytestmark = pytest.mark.sphinx


def test_the_configuration_is_read_once_a_directive(tmp_path, monkeypatch):
    (tmp_path / "conf.py").write_text(
        textwrap.dedent(
            """
            extensions = ["sphinx_apidiff"]
            apidiff_signature_snapshot = "sigs.json"
            apidiff_undocumented = "auto"
            """
        ),
        encoding="utf-8",
    )
    (tmp_path / "index.rst").write_text(
        "Math\n====\n\n.. apidiff:: math.fsum math.prod\n\n.. apidiff:: math.isclose math.dist\n",
        encoding="utf-8",
    )
    calls = []
    real = config_module.get_config

    def counted(config):
        calls.append(1)
        return real(config)

    for module in (directives, snapshots):
        monkeypatch.setattr(module, "get_config", counted, raising=False)
    build = run_build(tmp_path)
    assert "math.fsum(" in main_body(build.page("index")).words()
    assert len(calls) == 2  # one a directive, not one a side and one more for drift


def test_the_configuration_is_read_again_by_each_build(tmp_path):
    """Read once a build, not once for good: a value changed in conf.py between two builds of
    the same folder is the one the second build shows, and so is a -D override."""
    conf = 'extensions = ["sphinx_apidiff"]\napidiff_undocumented = "auto"\n'
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    (tmp_path / "index.rst").write_text(
        "Math\n====\n\n.. apidiff:: math.fsum math.prod\n", encoding="utf-8"
    )
    assert "Usage differences" not in main_body(run_build(tmp_path).page("index")).words()
    full = conf + 'apidiff_layout = "full"\n'
    (tmp_path / "conf.py").write_text(full, encoding="utf-8")
    assert "Usage differences" in main_body(run_build(tmp_path).page("index")).words()
    (tmp_path / "conf.py").write_text(conf, encoding="utf-8")
    assert "Usage differences" not in main_body(run_build(tmp_path).page("index")).words()
    overridden = run_build(tmp_path, confoverrides={"apidiff_layout": "full"})
    assert "Usage differences" in main_body(overridden.page("index")).words()


def test_the_snapshot_command_lays_nothing_out(tmp_path, monkeypatch):
    srcdir = copy_root("snapshot", tmp_path)
    target = srcdir / "apidiff-signatures.json"
    committed = target.read_bytes()
    target.unlink()

    def never(*args, **kwargs):
        raise AssertionError("a page was laid out for the snapshot command")

    monkeypatch.setattr(directives, "Describer", never)
    monkeypatch.setattr(directives, "build_context", never)
    out, err = io.StringIO(), io.StringIO()
    # the command runs Sphinx in this process: leave docutils' registries as they were, or the
    # next test's build warns that every Sphinx node is "already registered"
    with docutils_namespace():
        assert run_snapshot_command(str(srcdir), out=out, err=err) == 0, err.getvalue()
    assert "AssertionError" not in err.getvalue()
    assert target.read_bytes() == committed
    assert read_snapshot(target).get("torch.nn.Linear") is not None
