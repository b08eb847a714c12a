"""Break opportunities in identifiers (``sphinxext/pair/transforms.py``): a plain identifier becomes one
raw node holding what the HTML translator writes for its pieces, so the page is the same HTML
as when every piece is a text node of its own, with far fewer nodes."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOTS, main_body, run_build

from sphinx_apidiff.sphinxext.pair import transforms as breaks

pytestmark = pytest.mark.sphinx


def _pages(build) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in build.outdir.glob("*.html")}


def test_one_raw_node_per_identifier_writes_the_html_of_one_node_per_piece(tmp_path, monkeypatch):
    shutil.copytree(ROOTS / "test-project", tmp_path / "joined")
    shutil.copytree(ROOTS / "test-project", tmp_path / "split")
    joined = run_build(tmp_path / "joined")
    # every text the old way: pieces as text nodes, a raw <wbr> between them
    monkeypatch.setattr(breaks, "_NOT_AS_IS", breaks.re.compile(r"."))
    split = run_build(tmp_path / "split")
    assert joined.warnings == split.warnings == ""
    ours, theirs = _pages(joined), _pages(split)
    assert {"index.html", "sum-fsum.html"} <= set(ours)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    # and the breaks are there: in code (the summary's paths) and in plain text
    assert '<span class="pre">numpy.</span><wbr><span class="pre">sum</span>' in ours["index.html"]
    assert "numpy.sum" in main_body(ours["index.html"]).words()  # what a reader sees
