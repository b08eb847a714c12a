"""One language on a built page: a ``zh_CN`` project says its counts, :compare: words and
brackets in Chinese; an English one keeps its words and its spaces."""

from __future__ import annotations

import re

import pytest
from conftest import main_body, run_build
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.sphinx

INDEX = """\
Comparisons
===========

.. apidiff-summary::

.. toctree::

   sum
"""

SUM = """\
numpy.sum and math.fsum
=======================

.. apidiff:: numpy.sum math.fsum
   :undocumented: auto

   .. apidiff-note:: axis

      math.fsum has no axis.

   .. apidiff-example::
      :compare: a b

      a = [1.0, 2.0]
      b = [1.0, 2.0]

   .. apidiff-example::
      :compare: a b

      a = [1.0, 2.0]
      b = [1.0, 3.0]

Synonyms
--------

.. apidiff:: liba.total libb.total
   :left-signature: (a, axis=None)
   :right-signature: (input, dim=None)
   :undocumented: auto
"""


@pytest.fixture(
    scope="module",
    params=[("en", "full"), ("zh_CN", "full"), ("en", "compact"), ("zh_CN", "compact")],
    ids="-".join,
)
def built(request, tmp_path_factory):
    """The project in a language and a layout (the full layout links each row to its note;
    each layout says the category and its kinds in its own place)."""
    language, layout = request.param
    srcdir = tmp_path_factory.mktemp(f"lang-{language}-{layout}")
    (srcdir / "conf.py").write_text(
        f'extensions = ["sphinx_apidiff"]\nlanguage = "{language}"\napidiff_layout = "{layout}"\n',
        encoding="utf-8",
    )
    (srcdir / "index.rst").write_text(INDEX, encoding="utf-8")
    (srcdir / "sum.rst").write_text(SUM, encoding="utf-8")
    return language, layout, run_build(srcdir)


def _words(element) -> str:
    return re.sub(r"\s+", " ", element.words())  # no-break spaces read as spaces


def _statuses(build) -> list[str]:
    return [
        _words(p) for p in main_body(build.page("sum")).find_all("p", cls="apidiff-example-status")
    ]


def test_compare_words_in_the_pages_language(built):
    language, _layout, build = built
    # the warning stays in English, as every warning does; the page speaks its language
    assert "comparison failed: differ: max abs diff 1 (rtol 1e-05, atol 1e-08)" in build.warnings
    if language == "en":
        assert _statuses(build) == [
            "ran without error · agree: max abs diff 0",
            "comparison failed · differ: max abs diff 1 (rtol 1e-05, atol 1e-08)",
        ]
    else:
        assert _statuses(build) == [
            "运行通过 · 一致：最大绝对误差 0",
            "比较不一致 · 不一致：最大绝对误差 1（rtol 1e-05，atol 1e-08）",
        ]


def test_example_counts_in_the_summary_in_the_pages_language(built):
    language, _layout, build = built
    body = main_body(build.page("index"))
    cells = [_words(td) for td in body.find_all("td", cls="apidiff-col-examples")]
    if language == "en":
        assert cells == ["Examples: 1 passed, 1 failed"] * 2
    else:
        assert cells == ["示例：通过 1，失败 1"] * 2
    # a count is never broken between its number and its word
    raw = build.page("index")
    word = "passed" if language == "en" else "通过"
    assert re.search(rf"(1\u00a0{word}|{word}\u00a01)", raw)


def test_brackets_and_separators_as_the_language_writes_them(built):
    language, layout, build = built
    page = _words(main_body(build.page("sum")))
    summary = _words(main_body(build.page("index")))
    if language == "en":
        # the evidence's words keep their space after the comma (the CLI's sentence)
        assert "(inferred: known synonym, same position and both required)" in page
        if layout == "full":
            assert "default None (note)" in page
        assert "Category: usage differs (1 renamed, 6 only in numpy, 1 parameter kind differs)" in (
            page
        )
        assert "usage differs (1 renamed, 6 only in numpy, 1 parameter kind differs)" in summary
    else:
        assert "（推断：已知同义词，位置相同和两边都必选）" in page
        if layout == "full":
            assert "默认值 None（说明）" in page
        assert "类别： 用法不一致（1 个改名，6 个仅 numpy 有，1 个参数种类不同）" in page
        assert "用法不一致（1 个改名，6 个仅 numpy 有，1 个参数种类不同）" in summary
        # no ASCII bracket outside code (signatures and code keep theirs)
        for docname in ("sum", "index"):
            body = re.search(r'<div class="body"|<main', build.page(docname))
            html = build.page(docname)[body.start() if body else 0 :]
            prose = re.sub(r"<(pre|code)\b.*?</\1>", "", html, flags=re.S)
            prose = re.sub(r"<script\b.*?</script>|<[^>]+>", "", prose, flags=re.S)
            assert "(" not in prose and ")" not in prose, docname
    # the note link is a link, not markup left as text
    assert "`" not in page and ":ref:" not in page


# ------------------------------------------------------------------- the words, from numbers

_VALUES = st.one_of(
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=0, max_size=4),
    st.lists(st.integers(-5, 5), min_size=1, max_size=3),
    st.lists(st.text(max_size=2), min_size=1, max_size=2),
)


@settings(max_examples=150, deadline=None)
@given(
    a=_VALUES,
    b=_VALUES,
    rtol=st.sampled_from([0.0, 1e-5, 0.1]),
    atol=st.sampled_from([0.0, 1e-8, 0.5]),
)
def test_english_compare_words_are_the_comparisons_own_message(a, b, rtol, atol):
    """The page builds its words from the comparison's numbers (to say them in the page's
    language); in English they are, word for word, the message the warning and the reports
    give."""
    from sphinx_apidiff.execute import ExampleSpec
    from sphinx_apidiff.execute.child.compare import compare_values
    from sphinx_apidiff.sphinxext.examples.render import compare_words

    result = compare_values({"a": a, "b": b}, ["a", "b"], rtol, atol)
    spec = ExampleSpec(code="pass", source="x.rst", line=1, rtol=rtol, atol=atol)
    assert str(compare_words(result, spec)) == result.message


# ------------------------------------------------------------------- counts of several


@pytest.mark.parametrize(
    ("language", "counts"),
    [("en", "2 defaults differ, 2 types differ"), ("zh_CN", "2 个默认值不一致，2 个类型不一致")],
)
def test_a_count_of_several_is_said_in_the_plural_of_the_pages_language(tmp_path, language, counts):
    """Counts go through the catalog's ``ngettext``: "1 default differs", "2 defaults differ";
    Chinese says one and several alike."""
    (tmp_path / "conf.py").write_text(
        f'extensions = ["sphinx_apidiff"]\nlanguage = "{language}"\n', encoding="utf-8"
    )
    (tmp_path / "index.rst").write_text(
        "Pair\n====\n\n"
        ".. apidiff:: liba.f libb.f\n"
        "   :left-signature: (a: int = 1, b: int = 2)\n"
        "   :right-signature: (a: str = 3, b: str = 4)\n"
        "   :undocumented: auto\n",
        encoding="utf-8",
    )
    build = run_build(tmp_path)
    assert counts in _words(main_body(build.page("index")))
