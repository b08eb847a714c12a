"""``apidiff-index``: a generated table of every comparison, kept fresh across builds."""

from __future__ import annotations

import re

import pytest
from conftest import Build, copy_root, run_build

pytestmark = pytest.mark.sphinx


def index_tables(built: Build) -> list[str]:
    page = built.page("index")
    # <wbr>: where a long path may break (after "." and "_"); a reader sees the same text
    page = page.replace('</span><wbr><span class="pre">', "")
    return re.findall(r'<table class="apidiff-index.*?</table>', page, re.S)


def test_index_lists_every_pair_and_filters_by_category(tmp_path):
    srcdir = copy_root("index", tmp_path)
    built = run_build(srcdir)
    assert built.warnings == ""
    everything, identical = index_tables(built)
    assert "numpy.sum" in everything and "math.fsum" in everything
    assert "os.path.join" in everything and 'href="joins.html"' in everything
    assert "identical parameters" in identical and "numpy.sum" not in identical
    # what kinds of difference there are, under each category
    # (the kinds sit in their own inline, a quieter second line; the text a reader gets is one)
    words = re.sub(r'<span class="apidiff-kinds">(.*?)</span>', r"\1", everything)
    assert "usage differs (1 renamed, 6 only in numpy, 1 parameter kind differs)" in words
    # NumPy's <no value> defaults are said in words, on the page and in its cards
    sums = built.page("sums")
    assert "no value" not in sums.replace("no default value to compare", "")
    assert "optional (no default value to compare)" in sums


def test_index_follows_an_edit_of_another_page(tmp_path):
    srcdir = copy_root("index", tmp_path)
    run_build(srcdir)
    (srcdir / "joins.rst").write_text("Joins\n=====\n\n.. apidiff:: os.path.join ntpath.join\n")
    built = run_build(srcdir)
    [everything, _identical] = index_tables(built)
    assert "ntpath.join" in everything and "posixpath.join" not in everything


def test_unknown_category_filter_is_a_located_warning(tmp_path):
    srcdir = copy_root("index", tmp_path)
    (srcdir / "index.rst").write_text(
        (srcdir / "index.rst").read_text() + "\n.. apidiff-index::\n   :category: identicle\n"
    )
    built = run_build(srcdir)
    assert (
        "index.rst:17: WARNING: apidiff-index :category: 'identicle' is neither a computed"
        in built.warnings
    )


def test_a_page_whose_template_fails_is_still_indexed(tmp_path):
    srcdir = copy_root("index", tmp_path)
    (srcdir / "_t" / "apidiff").mkdir(parents=True)
    (srcdir / "_t" / "apidiff" / "boom.rst.jinja").write_text("{{ 1 // 0 }}\n")
    (srcdir / "conf.py").write_text(
        (srcdir / "conf.py").read_text() + '\ntemplates_path = ["_t"]\n'
    )
    (srcdir / "joins.rst").write_text(
        "Joins\n=====\n\n.. apidiff:: os.path.join ntpath.join\n   :template: apidiff/boom.rst.jinja\n"
    )
    built = run_build(srcdir)
    assert (
        "joins.rst:5: WARNING: apidiff: template 'apidiff/boom.rst.jinja' raised" in built.warnings
    )
    [everything, _identical] = index_tables(built)
    assert "ntpath.join" in everything and 'href="joins.html"' in everything
