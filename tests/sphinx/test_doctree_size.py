"""A comparison page's pickled doctree holds the page, not a copy of the build environment."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from conftest import run_build

pytestmark = pytest.mark.sphinx


def test_generated_nodes_belong_to_the_page_document(tmp_path):
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    pages = ["index"] + [f"p{i}" for i in range(6)]
    (tmp_path / "index.rst").write_text(
        "Pages\n=====\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages[1:])
    )
    for page in pages[1:]:
        (tmp_path / f"{page}.rst").write_text(
            f"{page}\n{'=' * len(page)}\n\n.. apidiff:: numpy.sum math.fsum\n"
            "   :undocumented: auto\n"
        )
    doctrees = Path(run_build(tmp_path).app.doctreedir)
    raw = (doctrees / "p5.doctree").read_bytes()
    doctree = pickle.loads(raw)
    strangers = [
        node for node in doctree.findall() if node.__dict__.get("_document") not in (None, doctree)
    ]
    assert strangers == []
    assert b"BuildEnvironment" not in raw
    # the last page read is no bigger than the first: nothing grows with the build
    first = (doctrees / "p0.doctree").stat().st_size
    assert len(raw) < 2 * first
