"""The ``apidiff`` directive as a reader sees it: real Sphinx builds of small test projects.

This file: the page of the basic root (cards, table, notes, MyST); the others are
``test_directive_text.py`` (languages, hostile text), ``test_directive_mistakes.py``,
``test_directive_layouts.py`` (templates, layouts, categories) and ``test_directive_torch.py``.

Roots (``tests/roots/test-*``):

- ``apidiff-basic``: two local modules (``adleft``, ``adright``) compared on reStructuredText and
  MyST pages; notes, renames, ``:general:``, ``:category:``, a resolvable cross-reference;
- ``apidiff-escape``: a library whose defaults and annotations are hostile text;
- ``apidiff-warnings``: one of every user mistake, each on a line of its own;
- ``apidiff-template``: a project template and a ``:template:`` option;
- ``apidiff-torch``: the issue's page, ``torch.nn.ConvTranspose2d`` vs MegEngine's.
"""

from __future__ import annotations

import pytest
from conftest import Build, Element, copy_root, main_body, parse_html, run_build
from page_parts import (
    card_title,
    cards,
    child_tags,
    code_lines,
    header,
    heading,
    highlighted,
    row_links,
    section,
    subsections,
    tables,
    toc_links,
    tr_ids,
    usage_section,
)

pytestmark = pytest.mark.sphinx


# ------------------------------------------------------------------------------ the basic root


@pytest.fixture(scope="module")
def basic(sphinx_build) -> Build:
    return sphinx_build("apidiff-basic", "html")


@pytest.fixture(scope="module")
def resize(basic) -> Element:
    return main_body(basic.page("resize"))


def test_basic_root_builds_without_any_warning(basic):
    # nitpicky = True in conf.py: unresolvable "See more" references must stay quiet, and the
    # project-wide apidiff_ignore = ["name"] is no mistake on pages whose APIs lack "name"
    assert basic.warnings == ""


def test_two_cards_in_a_responsive_grid(resize):
    grid = resize.find("div", cls="apidiff-signatures")
    row = grid.find("div", cls="sd-row")
    # ``.. grid:: 1 1 2 2``: one column on phones, two from medium screens up
    assert {"sd-row-cols-1", "sd-row-cols-sm-1", "sd-row-cols-md-2", "sd-row-cols-lg-2"} <= (
        row.classes
    )
    left, right = cards(grid)
    assert {"sd-card", "apidiff-left"} <= left.classes
    assert {"sd-card", "apidiff-right"} <= right.classes
    assert card_title(left) == "LeftLib: adleft.resize"
    assert card_title(right) == "RightLib: adright.resize"


def test_signatures_are_written_one_parameter_per_line(resize):
    left, right = cards(resize)
    assert code_lines(left) == [
        "adleft.resize(",
        "    image,",
        "    size,",
        "    interpolation='bilinear',",
        "    antialias=True,",
        "    *,",
        "    max_size=None,",
        "    name=None",
        ")",
    ]
    assert code_lines(right) == [
        "adright.resize(",
        "    image,",
        "    size,",
        "    antialias=False,",
        "    mode='bilinear',",
        "    *,",
        "    max_size=None,",
        "    align_corners=None,",
        "    name=None,",
        "    **kwargs",
        ")",
    ]


def test_highlighted_lines_are_exactly_the_differing_parameters(resize):
    left, right = cards(resize)
    # "name" is in apidiff_ignore: shown in the signature, never highlighted
    assert highlighted(left) == ["interpolation='bilinear',", "antialias=True,"]
    assert highlighted(right) == [
        "antialias=False,",
        "mode='bilinear',",
        "align_corners=None,",
        "**kwargs",
    ]


def test_unresolvable_reference_leaves_no_see_more_line(resize, basic):
    # plain code after "See more:" reads as a broken link: the card says nothing instead
    for card in cards(resize):
        assert not any(p.words().startswith("See more") for p in card.find_all("p"))
    assert "py:obj reference target not found" not in basic.warnings


def test_the_api_role_stays_plain_code_when_unresolved(basic):
    # :apidiff-api: in an author's prose keeps its text (only a card's own line goes)
    body = main_body(basic.page("clip"))
    para = next(p for p in body.find_all("p") if p.words().startswith("The right side"))
    (code,) = para.find_all("code")
    assert code.words() == "adright.clip" and para.find_all("a") == []


def test_documented_api_is_linked(basic):
    body = main_body(basic.page("clip"))
    first = cards(body)[0]
    see_more = next(p for p in first.find_all("p") if p.words().startswith("See more:"))
    link = see_more.find("a")
    assert link.attrs["href"] == "#adleft.clip"
    assert link.words() == "adleft.clip"


def test_no_version_line_for_a_library_without_one(resize):
    assert "Version:" not in resize.words()


def test_parameter_table_says_what_differs(resize):
    assert header(resize) == ("LeftLib", "RightLib", "Difference")
    [rows] = tables(resize)
    assert rows == [
        ("image", "image", "same"),
        ("size", "size", "same"),
        (
            "interpolation",
            "mode",
            "renamed: interpolation in LeftLib, mode in RightLib (as the author says); "
            "moved: 3rd positional in LeftLib, 4th in RightLib (note)",
        ),
        (
            "antialias",
            "antialias",
            "moved: 4th positional in LeftLib, 3rd in RightLib; "
            "default: True in LeftLib, False in RightLib (note)",
        ),
        ("max_size", "max_size", "same (note)"),
        ("—", "align_corners", "only in RightLib, default None (note)"),
        ("—", "**kwargs", "only in RightLib (note)"),
    ]
    # the highest-ranked kind of difference names the category; every kind is counted
    assert (
        "Category: usage differs (1 renamed, 2 only in RightLib, 2 moved, 1 default differs)"
        in resize.words()
    )


def test_each_row_links_to_its_note(resize):
    links = row_links(resize)
    assert links == {
        "interpolation": "#apidiff-resize-resize-mode",
        "antialias": "#apidiff-resize-resize-antialias-max-size",
        "max_size": "#apidiff-resize-resize-antialias-max-size",
        "align_corners": "#apidiff-resize-resize-align-corners",
        "**kwargs": "#apidiff-resize-resize-kwargs",
    }
    ids = {el.id for el in resize.iter() if el.id}
    for href in links.values():
        assert href[1:] in ids


def test_usage_differences_has_a_subsection_per_note(resize):
    usage = usage_section(resize)
    subs = subsections(usage)
    assert [s.id for s in subs] == [
        "apidiff-resize-resize-mode",
        "apidiff-resize-resize-antialias-max-size",
        "apidiff-resize-resize-note-3",
        "apidiff-resize-resize-align-corners",
        "apidiff-resize-resize-kwargs",
    ]
    assert [heading(s) for s in subs] == [
        "mode",
        "antialias, max_size",
        "冻结参数",
        "align_corners",
        "**kwargs",
    ]


def test_a_note_links_back_to_its_row_then_holds_the_authors_text(resize):
    """Each fact is said once, in the table: the note links back to its row (issue 7)."""
    mode = section(resize, "apidiff-resize-resize-mode")
    assert child_tags(mode) == ["h3", "div", "p"]
    assert mode.find_all("ul") == []
    back = mode.find("div", cls="apidiff-back").find("a")
    assert back.attrs["href"] == "#apidiff-resize-resize-mode-row"
    assert mode.find_all("p")[-1].words() == "RightLib spells the bicubic filter differently."
    assert "renamed: interpolation in LeftLib" not in mode.words()
    # the row it links to is the one with the fact, and that row links to the note
    table = resize.find("table", cls="apidiff-table")
    row = next(tr for tr in table.find_all("tr") if "apidiff-resize-resize-mode-row" in tr_ids(tr))
    assert "renamed: interpolation in LeftLib, mode in RightLib" in row.words()

    several = section(resize, "apidiff-resize-resize-antialias-max-size")
    assert several.find_all("ul") == []
    assert several.find_all("p")[-1].words() == (
        "Antialiasing is switched off by default in RightLib."
    )


def test_a_general_note_has_no_facts(resize, basic):
    general = section(resize, "apidiff-resize-resize-note-3")
    assert child_tags(general) == ["h3", "p"]
    assert general.find("p").words() == "Freezing parameters works the same way in both libraries."

    clip = main_body(basic.page("clip"))
    flagged = section(clip, "apidiff-clip-clip-note-2")  # ":general:" with an identifier title
    assert heading(flagged) == "Bounds checking"
    assert child_tags(flagged) == ["h3", "p"]


def test_differences_without_a_note_get_a_generated_subsection(resize):
    for section_id, fact in (
        ("apidiff-resize-resize-align-corners", "align_corners: only in RightLib, default None"),
        ("apidiff-resize-resize-kwargs", "**kwargs: only in RightLib"),
    ):
        generated = section(resize, section_id)
        # the fact is in the table, once; the subsection links back to that row
        assert generated.find_all("ul") == []
        assert fact not in generated.words()
        table = resize.find("table", cls="apidiff-table")
        back = generated.find("div", cls="apidiff-back").find("a").attrs["href"].lstrip("#")
        row = next(tr for tr in table.find_all("tr") if back in tr_ids(tr))
        name, said = fact.split(": ", 1)
        assert name in row.words() and said in row.words()
        assert generated.find("em").words() == "No usage note for this difference yet."


def test_prose_in_the_directive_is_kept(resize):
    assert "Both libraries resize an image to a given size." in resize.words()


def test_note_subsections_are_in_the_toc_with_stable_ids(basic):
    links = toc_links(basic)
    for href in (
        "resize.html#apidiff-resize-resize-mode",
        "resize.html#apidiff-resize-resize-antialias-max-size",
        "resize.html#apidiff-resize-resize-note-3",
        "resize.html#apidiff-resize-resize-align-corners",
        "resize.html#apidiff-resize-resize-kwargs",
        "clip.html#apidiff-clip-clip-lo-hi",
        "clip.html#apidiff-clip-clip-note-2",
        # a second comparison of the same function on one page: its own prefix
        "clip.html#apidiff-clip-clip-2-lo",
        "clip.html#apidiff-clip-clip-2-hi",
        "myst_resize.html#apidiff-myst-resize-resize-mode",
    ):
        assert href in links
    # every note's entry links to its stable id, not to an id made from its title
    assert [h for h in links if h.startswith("resize.html#") and "apidiff-" not in h] == [
        "resize.html#usage-differences"
    ]


def test_labels_category_and_renames_per_directive(basic):
    clip = main_body(basic.page("clip"))
    first, second = tables(clip)
    # :left-label: / :right-label: win over apidiff_labels
    assert [card_title(c) for c in cards(clip)] == [
        "Left: adleft.clip",
        "Right: adright.clip",
        "LeftLib: adleft.clip",
        "RightLib: adright.clip",
    ]
    assert first[1] == (
        "lo",
        "lower",
        "renamed: lo in Left, lower in Right (inferred: same position and both required) (note)",
    )
    assert second[1] == (
        "lo",
        "lower",
        "renamed: lo in LeftLib, lower in RightLib (as the author says) (note)",
    )
    text = clip.words()
    assert "Category: only parameter names differ" in text  # computed
    assert "Category: default values differ" in text  # :category: defaults-differ


def test_config_ignore_leaves_a_parameter_out_of_the_table(resize):
    [rows] = tables(resize)
    assert "name" not in {cell for row in rows for cell in row[:2]}


def test_myst_page_renders_like_restructuredtext(basic):
    body = main_body(basic.page("myst_resize"))
    [rows] = tables(body)
    assert rows[2] == (
        "interpolation",
        "mode",
        "renamed: interpolation in LeftLib, mode in RightLib (as the author says); "
        "moved: 3rd positional in LeftLib, 4th in RightLib (note)",
    )
    assert [card_title(c) for c in cards(body)] == [
        "LeftLib: adleft.resize",
        "RightLib: adright.resize",
    ]
    mode = section(body, "apidiff-myst-resize-resize-mode")
    assert child_tags(mode) == ["h3", "div", "p"]  # a link back to the row, the author's text
    assert mode.find_all("p")[-1].words() == "The Markdown note about filter names."
    # the prose is Markdown: *MyST* is emphasis there
    prose = next(p for p in body.find_all("p") if p.words().startswith("Written in"))
    assert prose.find("em").words() == "MyST"
    assert highlighted(cards(body)[0]) == ["interpolation='bilinear',", "antialias=True,"]


def test_parse_html_helper_reads_nested_text():
    tree = parse_html('<div class="body"><p>a <code>b&lt;c</code></p><br>\n<p>d</p></div>')
    assert tree.find("div", cls="body").words() == "a b<c d"
    assert [p.words() for p in tree.find_all("p")] == ["a b<c", "d"]


SOFTMAX_PAGE = """\
Softmax
=======

Hidden
------

.. apidiff:: torch.nn.functional.softmax paddle.nn.functional.softmax
   :right-signature: (x, axis=-1, dtype=None, name=None)
   :rename: input=x, dim=axis
   :ignore: name

Shown
-----

.. apidiff:: torch.nn.functional.softmax paddle.nn.functional.softmax
   :right-signature: (x, axis=-1, dtype=None, name=None)
   :rename: input=x, dim=axis
   :ignore: name
   :private-parameters:
"""


@pytest.mark.torch
def test_private_parameters_stay_in_the_card_and_out_of_the_table(tmp_path):
    pytest.importorskip("torch")
    srcdir = copy_root("apidiff-torch", tmp_path)
    (srcdir / "index.rst").write_text(SOFTMAX_PAGE)
    build = run_build(srcdir)
    body = main_body(build.page("index"))
    hidden, shown = section(body, "hidden"), section(body, "shown")
    # torch's _stacklevel: in the signature, not highlighted, not a row, never undocumented
    left = cards(hidden)[0]
    assert any(line.strip().startswith("_stacklevel") for line in code_lines(left))
    assert not any("_stacklevel" in line for line in highlighted(left))
    assert not any("_stacklevel" in row[0] for row in tables(hidden)[0])
    undocumented = [
        w
        for w in build.warnings.splitlines()
        if "[apidiff.undocumented]" in w and "index.rst" in w and "_stacklevel" in w
    ]
    assert len(undocumented) == 1 and "index.rst:15" in undocumented[0], undocumented
    # the option brings it back
    assert tables(shown)[0][2][:2] == ("_stacklevel", "—")
    assert any("_stacklevel" in line for line in highlighted(cards(shown)[0]))


def test_an_option_after_the_blank_line_is_explained_and_applied(tmp_path):
    """``:undocumented: auto`` after the blank line would be a field list on the page: a
    located warning says where options go, and the option is applied, for the directive and
    for a note inside it."""
    srcdir = copy_root("apidiff-basic", tmp_path)
    page = (
        "Misplaced\n=========\n\n.. apidiff:: adleft.clip adright.clip\n\n"
        "   :undocumented: auto\n\n"
        "   .. apidiff-note:: Bounds checking\n\n"
        "      :general:\n\n"
        "      Neither library checks the bounds.\n"
    )
    (srcdir / "index.rst").write_text(page)
    lines = page.splitlines()
    option = lines.index("   :undocumented: auto") + 1
    flag = lines.index("      :general:") + 1
    build = run_build(srcdir)
    misplaced = [w for w in build.warning_lines() if "after a blank line" in w]
    assert misplaced == [
        f"{srcdir / 'index.rst'}:{option}: WARNING: apidiff: :undocumented: after a blank line "
        "is text, not an option: write options right after the directive's line, with no "
        "blank line before them; applied [apidiff.directive]",
        f"{srcdir / 'index.rst'}:{flag}: WARNING: apidiff-note: :general: after a blank line "
        "is text, not an option: write options right after the directive's line, with no "
        "blank line before them; applied [apidiff.directive]",
    ]
    assert "apidiff.undocumented" not in build.warnings  # :undocumented: auto was applied
    body = main_body(build.page("index"))
    assert "Undocumented" not in body.words() and "auto" not in body.words().split()
    assert not body.find_all("dl", cls="field-list")
    assert "Bounds checking" in body.words()
