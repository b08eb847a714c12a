"""The project teaches the engine: a rename written on one page is evidence on the other pages of
the same two packages, the same in serial, ``-j 2`` and incremental builds."""

from __future__ import annotations

import json
import re

import pytest
from conftest import copy_root, main_body, run_build

from sphinx_apidiff.comparison import compare_signatures
from sphinx_apidiff.describe import Describer
from sphinx_apidiff.signature import parse_signature
from sphinx_apidiff.sphinxext.pair.teach import scan_renames

pytestmark = pytest.mark.sphinx


def test_scan_finds_renames_of_rst_and_myst_directives_both_ways_round():
    text = """
.. apidiff:: lefty.fit righty.fit
   :left-signature: (params)
   :rename: params=weights_list, lr=

Text.

```{apidiff} lefty.a.b otherlib.c
:rename: x=y
```
"""
    assert scan_renames(text) == {
        (("lefty", "righty"), ("params", "weights_list")),
        (("righty", "lefty"), ("weights_list", "params")),
        (("lefty", "otherlib"), ("x", "y")),
        (("otherlib", "lefty"), ("y", "x")),
    }
    assert scan_renames(".. apidiff:: a.f b.f\n   :rename: not a rename\n") == frozenset()


def test_taught_rename_is_evidence_below_the_page_and_said_with_its_count():
    left, right = (
        parse_signature("(params, momentum=0.9)"),
        parse_signature("(momentum=0.9, w=None)"),
    )
    rows = compare_signatures(left, right, taught={("params", "w"): 3})
    row = next(r for r in rows if r.left and r.left.name == "params")
    assert (row.right.name, row.match, row.project_pages) == ("w", "inferred", 3)
    assert row.to_dict()["project_pages"] == 3
    assert "(renamed the same way on 3 pages of this project)" in Describer("a", "b").row_summary(
        row
    )
    # without the teaching, nothing pairs them
    assert not [
        r for r in compare_signatures(left, right) if r.left and r.right and r.left.name == "params"
    ]


def _row(html: str, left: str) -> str:
    for tr in main_body(html).find_all("tr"):
        cells = [td.words() for td in tr.find_all("td")]
        if cells and cells[0] == left:
            return " | ".join(cells)
    raise AssertionError(f"no row {left!r}")


def _pages(build) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(build.outdir.glob("*.html"))}


def test_pages_learn_the_renames_of_the_other_pages(tmp_path):
    build = run_build(copy_root("teach", tmp_path))
    assert build.warnings == ""
    step = (build.outdir / "step.html").read_text(encoding="utf-8")
    assert "renamed the same way on 2 pages of this project" in _row(step, "params")
    # the other way round, and in MyST
    zero = (build.outdir / "zero.html").read_text(encoding="utf-8")
    assert "renamed the same way on 2 pages of this project" in _row(zero, "weights_list")
    assert "renamed the same way on 2 pages" in _row(
        (build.outdir / "myst_step.html").read_text(encoding="utf-8"), "params"
    )
    # a page's own rename is the author's, not a lesson; another package pair learns nothing
    fit = (build.outdir / "fit.html").read_text(encoding="utf-8")
    assert "as the author says" in _row(fit, "params")
    other = (build.outdir / "other.html").read_text(encoding="utf-8")
    assert "only in" in _row(other, "params")
    # listed in the export
    export = json.loads((build.outdir / "apidiff.json").read_text(encoding="utf-8"))
    rows = [
        row
        for pair in export["pairs"]
        if pair["page"] == "step"
        for row in pair["rows"]
        if row["left"] == "params"
    ]
    assert rows == [
        {
            "left": "params",
            "right": "weights_list",
            "match": "inferred",
            "evidence": ["project-rename"],
            "project_pages": 2,
            "changes": ["renamed", "moved", "required"],
            "note": None,
            "note_by_author": False,
        }
    ]


def test_parallel_and_incremental_builds_learn_the_same(tmp_path):
    serial = run_build(copy_root("teach", tmp_path / "serial"))
    parallel = run_build(copy_root("teach", tmp_path / "parallel"), parallel=2)
    assert parallel.warnings == serial.warnings == ""
    # the pages really were read by worker processes
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \w+ \.\. \w+", parallel.status)
    assert _pages(parallel) == _pages(serial)

    # one page stops renaming: the pages that learned from it are read again
    srcdir = copy_root("teach", tmp_path / "incremental")
    run_build(srcdir)
    page = srcdir / "fit_again.rst"
    page.write_text(
        page.read_text(encoding="utf-8").replace("   :rename: params=weights_list\n", "")
    )
    read = run_build(srcdir).docs_read
    # fit learned from fit_again too (its own rename wins there); other compares other packages
    assert read == ["fit", "fit_again", "myst_step", "step", "zero"]
    step = (srcdir / "_build" / "html" / "step.html").read_text(encoding="utf-8")
    assert "renamed the same way on another page of this project" in _row(step, "params")
    fresh = run_build(copy_root("teach", tmp_path / "fresh"))
    (fresh.srcdir / "fit_again.rst").write_text(page.read_text(encoding="utf-8"))
    fresh = run_build(fresh.srcdir, freshenv=True)
    incremental = {
        p.name: p.read_bytes() for p in sorted((srcdir / "_build" / "html").glob("*.html"))
    }
    assert incremental == _pages(fresh)
