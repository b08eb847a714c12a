"""Templates, layouts and category precedence: how an ``apidiff`` page is laid out."""

from __future__ import annotations

import pytest
from conftest import Build, Element, copy_root, main_body, run_build, visible_text
from page_parts import USAGE_WORD, raw_line, section

pytestmark = pytest.mark.sphinx


@pytest.fixture(scope="module")
def basic(sphinx_build) -> Build:
    return sphinx_build("apidiff-basic", "html")


@pytest.fixture(scope="module")
def resize(basic) -> Element:
    return main_body(basic.page("resize"))


# --------------------------------------------------------------------------------- templates


@pytest.fixture(scope="module")
def templated(sphinx_build) -> Build:
    return sphinx_build("apidiff-template", "html")


def test_project_template_replaces_the_builtin_layout(templated):
    text = visible_text(templated.page("index"))
    assert "Project layout: left and right" in text
    assert "y / —: only in left, default 1" in text
    assert "Body text under the project layout." in text
    assert "Usage differences" not in text
    # a note the custom template does not place is not lost
    assert "Note text a custom template does not place." in text


def test_template_option_picks_another_template(templated):
    text = visible_text(templated.page("index"))
    assert "Terse layout, category left-has-more Body text under the terse layout." in text


def test_missing_template_warns_at_the_option_and_keeps_the_text(templated):
    line = raw_line(templated, "index", "   :template: apidiff/missing.rst.jinja")
    assert templated.warning_lines() == [
        f"{templated.srcdir / 'index.rst'}:{line}: WARNING: apidiff: template "
        "'apidiff/missing.rst.jinja' not found in templates_path or built-ins [apidiff.template]"
    ]
    assert "Body text when the template is missing." in visible_text(templated.page("index"))


# ------------------------------------------------------------------------ layouts and categories


def test_category_precedence_config_with_mixed(sphinx_build):
    from sphinx_apidiff.comparison.categories import DEFAULT_PRECEDENCE

    # "mixed" last: every pair with several kinds of difference is "mixed"
    precedence = [*DEFAULT_PRECEDENCE, "mixed"]
    build = sphinx_build(
        "apidiff-template", "html", confoverrides={"apidiff_category_precedence": precedence}
    )
    assert "apidiff.config" not in build.warnings
    text = visible_text(build.page("index"))
    assert "Terse layout, category mixed Body text under the terse layout." in text


def test_invalid_category_precedence_warns_and_uses_the_default(sphinx_build):
    build = sphinx_build(
        "apidiff-template",
        "html",
        confoverrides={"apidiff_category_precedence": ["names-differ", "bogus"]},
    )
    assert (
        "invalid apidiff_category_precedence = ['names-differ', 'bogus']: unknown category 'bogus'"
    ) in build.warnings
    text = visible_text(build.page("index"))
    assert "Terse layout, category left-has-more Body text under the terse layout." in text


@pytest.fixture(scope="module")
def compact(sphinx_build) -> Build:
    return sphinx_build("apidiff-basic", "html", confoverrides={"apidiff_layout": "compact"})


def test_compact_layout_puts_notes_in_the_table_and_drops_generated_ones(compact, resize):
    body = main_body(compact.page("resize"))
    table = body.find("table", cls="apidiff-table")
    row = next(tr for tr in table.find_all("tr") if "interpolation" in tr.words())
    # the difference, then the author's note, in the same cell
    assert "renamed: interpolation in LeftLib, mode in RightLib" in row.words()
    assert "RightLib spells the bicubic filter differently." in row.words()
    ids = {el.id for el in body.iter() if el.id}
    # no generated subsections (general notes keep theirs): a generated note's label is on
    # its row, so that a link to it (the export's, a :ref:) lands on what the page says
    assert body.find_all("section", id="apidiff-resize-resize-align-corners") == []
    for label in ("apidiff-resize-resize-align-corners", "apidiff-resize-resize-kwargs"):
        assert label in ids
        assert body.find(id=label).parent.tag == "td"
    assert "apidiff-resize-resize-mode" in ids  # still a target: links to the note resolve
    general = section(body, "apidiff-resize-resize-note-3")
    assert general.find("p").words() == "Freezing parameters works the same way in both libraries."
    assert "No usage note for this difference yet." not in body.words()
    # every author's word is on the page once
    assert body.words().count("Antialiasing is switched off by default in RightLib.") == 1
    assert len(body.words()) < len(resize.words())


DEFAULT_LAYOUT_PAGE = """\
Resize
======

.. apidiff:: adleft.resize adright.resize
   :category: <b>ported</b> *by hand*

   .. apidiff-note:: interpolation

      RightLib spells the bicubic filter differently.

The filter's name: :ref:`apidiff-index-resize-interpolation`; the undocumented
:ref:`apidiff-index-resize-align-corners`.
"""


def test_default_layout_puts_the_category_first_and_notes_in_their_rows(tmp_path):
    """The default is compact: the verdict before the signatures, each note in its row."""
    srcdir = copy_root("apidiff-basic", tmp_path)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace('apidiff_layout = "full"', ""))
    (srcdir / "index.rst").write_text(DEFAULT_LAYOUT_PAGE)
    build = run_build(srcdir)
    body = main_body(build.page("index"))
    # a :ref: to a note labelled on its row shows the parameter, as it would a subsection's
    assert "[ref.ref]" not in build.warnings, build.warnings
    links = {
        a.words(): a.attrs["href"]
        for a in body.find_all("a")
        if "#apidiff-" in a.attrs.get("href", "")
    }
    assert links["interpolation"] == "#apidiff-index-resize-interpolation"
    assert links["align_corners"] == "#apidiff-index-resize-align-corners"
    order = [
        "verdict" if "apidiff-verdict" in el.classes else "cards"
        for el in body.iter()
        if "apidiff-verdict" in el.classes or "apidiff-signatures" in el.classes
    ]
    assert order == ["verdict", "cards"]
    verdict = body.find("div", cls="apidiff-verdict")
    # the author's category shown as written, escaped, and in bold
    assert verdict.words().startswith("Category: <b>ported</b> *by hand* (")
    assert [s.words() for s in verdict.find_all("strong")] == ["<b>ported</b> *by hand*"]
    row = next(
        tr
        for tr in body.find("table", cls="apidiff-table").find_all("tr")
        if "interpolation" in tr.words()
    )
    assert "RightLib spells the bicubic filter differently." in row.words()
    # said once: no subsection for the note, no "Category:" line under the table
    assert body.words().count("RightLib spells the bicubic filter differently.") == 1
    assert body.words().count("Category:") == 1
    assert USAGE_WORD not in body.words()


def test_unknown_layout_is_a_located_warning(tmp_path):
    srcdir = copy_root("apidiff-basic", tmp_path)
    (srcdir / "index.rst").write_text(
        "Bad\n===\n\n.. apidiff:: adleft.resize adright.resize\n   :layout: tiny\n"
    )
    build = run_build(srcdir)
    [line] = [w for w in build.warnings.splitlines() if ":layout:" in w]
    assert "index.rst:5" in line and "'tiny' is not one of 'compact', 'full'" in line, line
    assert "[apidiff.directive]" in line


def test_pages_whose_names_differ_by_an_underscore_have_labels_of_their_own(tmp_path):
    """``resize`` and ``resize_`` (PyTorch's in-place twin): two pages, two sets of labels,
    no duplicate label, and each page's :ref: goes to its own note."""
    srcdir = copy_root("apidiff-basic", tmp_path)
    page = DEFAULT_LAYOUT_PAGE.replace("apidiff-index-", "apidiff-{doc}-")
    for doc in ("ops.resize", "ops.resize_"):
        (srcdir / f"{doc}.rst").write_text(page.replace("{doc}", doc.replace(".", "-")))
    index = srcdir / "index.rst"
    index.write_text("Index\n=====\n\n.. toctree::\n\n   ops.resize\n   ops.resize_\n")
    build = run_build(srcdir)
    assert "duplicate label" not in build.warnings, build.warnings
    assert "[ref.ref]" not in build.warnings, build.warnings
    for doc in ("ops.resize", "ops.resize_"):
        body = main_body(build.page(doc))
        links = {
            a.words(): a.attrs["href"] for a in body.find_all("a") if "apidiff-" in a.attrs["href"]
        }
        # on its own page (an HTML id is unique in its page: the underscore need not stay)
        assert links["interpolation"] == "#apidiff-ops-resize-resize-interpolation", links
