"""A page that compares a library's APIs is read again when that library's version changes."""

from __future__ import annotations

from io import StringIO

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_apidiff.sphinxext import state

pytestmark = pytest.mark.sphinx


def read_docs(srcdir) -> list[str]:
    read: list[str] = []
    app = SphinxTestApp("html", srcdir=srcdir, status=StringIO(), warning=StringIO())
    app.connect("env-before-read-docs", lambda _app, _env, docnames: read.extend(docnames))
    try:
        app.build()
    finally:
        app.cleanup()
    return sorted(read)


def test_a_library_upgrade_rereads_its_pages_only(tmp_path, monkeypatch):
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\napidiff_undocumented = "auto"\n'
    )
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. toctree::\n\n   np\n   std\n")
    (tmp_path / "np.rst").write_text("NumPy\n=====\n\n.. apidiff:: numpy.sum math.fsum\n")
    (tmp_path / "std.rst").write_text("Stdlib\n======\n\n.. apidiff:: math.fsum math.prod\n")
    assert read_docs(tmp_path) == ["index", "np", "std"]
    assert read_docs(tmp_path) == []  # nothing changed
    real = state.package_version
    monkeypatch.setattr(
        state,
        "package_version",
        lambda name: "99.0" if name == "numpy" else real(name),
    )
    assert read_docs(tmp_path) == ["np"]  # "numpy was upgraded": only its page
