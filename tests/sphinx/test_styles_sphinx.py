"""House styles (``:layout: paddle | mindspore | megengine``) in a real Sphinx build: the same
comparison laid out as each team's readers know it, in English and in Chinese, chosen per page
or for the project, and overridden by a project's own template of the same name."""

from __future__ import annotations

import pytest
from conftest import main_body, run_build

from sphinx_apidiff.sphinxext.config import choices
from sphinx_apidiff.sphinxext.pair.styles import LAYOUTS

pytestmark = pytest.mark.sphinx

CONF = """
project = "styles"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build"]
templates_path = ["_templates"]
apidiff_labels = {"old": "OldLib", "new": "NewLib"}
"""

#: One comparison: a rename, a default, one parameter only on each side, a parameter note, a
#: general note and prose of the directive's own; then a pair whose parameters are the same.
#: The text after them links to a note and to an undocumented difference: every layout keeps
#: both labels (a build without warnings).
PAGE = """
Page
====

Resizing
--------

.. apidiff:: old.resize new.resize
   :left-signature: (image, size, interpolation='bilinear', antialias=True, out=None)
   :right-signature: (image, size, antialias=False, mode='bilinear', data_format='NCHW')
   :rename: interpolation=mode
   :undocumented: auto{layout}

   Pass ``mode`` by keyword.

   .. apidiff-note:: antialias

      Smoothing is off by default in NewLib.

   .. apidiff-note:: Speed
      :general:

      NewLib resizes in place.

Cropping
--------

.. apidiff:: old.crop new.crop
   :left-signature: (image, box)
   :right-signature: (image, box){layout}

Text after both: see :ref:`apidiff-index-resize-antialias` and
:ref:`apidiff-index-resize-out`.
"""


def build(tmp_path, layout: str | None = None, template: str | None = None, **conf):
    """Build PAGE with ``:layout: layout`` on each comparison (none: the configured one)."""
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "conf.py").write_text(CONF)
    option = f"\n   :layout: {layout}" if layout else ""
    (tmp_path / "index.rst").write_text(PAGE.format(layout=option))
    if template is not None:
        folder = tmp_path / "_templates" / "apidiff"
        folder.mkdir(parents=True)
        (folder / "paddle.rst.jinja").write_text(template)
    return run_build(tmp_path, confoverrides=conf)


def headers(table) -> list[str]:
    return [th.words() for th in table.find("thead").find_all("th")]


def rows(table) -> list[list[str]]:
    return [[td.words() for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]


def rubrics(body) -> list[str]:
    return [p.words() for p in body.find_all("p", cls="rubric")]


def sections(body) -> list[str]:
    """The headings under the page's sections (h3, h4), in order."""
    return [h.words().rstrip("¶").strip() for h in body.iter() if h.tag in ("h3", "h4")]


def test_every_layout_is_a_choice_of_the_configuration():
    assert set(choices("layout")) == set(LAYOUTS)


def test_paddle_title_signatures_mapping_then_examples(tmp_path):
    result = build(tmp_path, "paddle")
    assert result.warnings == ""
    body = main_body(result.page("index"))
    verdict = body.find(cls="apidiff-verdict").words()
    assert verdict == "[ usage differs ] old.resize"
    signatures = [s.words() for s in body.find_all("div", cls="apidiff-signature")]
    assert signatures[0].startswith("OldLib: old.resize old.resize(")
    assert signatures[1].startswith("NewLib: new.resize new.resize(")
    assert not body.find_all(cls="apidiff-card")  # no cards: the signatures one above the other
    table = body.find_all("table")[0]
    assert headers(table) == ["OldLib", "NewLib", "Notes"]
    mapping = {row[0]: row for row in rows(table)}
    assert mapping["antialias"][2].endswith("Smoothing is off by default in NewLib.")
    assert mapping["interpolation"][1] == "mode"
    assert mapping["—"][1] == "data_format"
    # the directive's own content is the conversion examples, after the table; a pair
    # without content has no such heading
    assert rubrics(body) == [
        "Parameter mapping",
        "Conversion examples",
        "Parameter mapping",
    ]
    text = body.words()
    assert text.index("Conversion examples") < text.index("Pass mode by keyword")
    assert text.index("Pass mode by keyword") < text.index("Text after both")
    links = body.find_all("a", cls="reference")
    assert {a.words() for a in links} >= {"antialias", "out"}
    assert "Usage differences" in sections(body)  # the general note
    assert "[ identical parameters ] old.crop" in text


def test_mindspore_five_columns(tmp_path):
    result = build(tmp_path, "mindspore")
    assert result.warnings == ""
    body = main_body(result.page("index"))
    table = body.find_all("table")[0]
    assert headers(table) == ["Kind", "Item", "OldLib", "NewLib", "Difference"]
    got = rows(table)
    assert [row[0] for row in got] == ["Parameters", "", "", "", "", ""]
    assert [row[1] for row in got] == [f"Parameter {n}" for n in range(1, 7)]
    assert got[3][2:4] == ["antialias", "antialias"]
    assert got[3][4].endswith("Smoothing is off by default in NewLib.")
    assert rubrics(body)[:4] == [
        "OldLib: old.resize",
        "NewLib: new.resize",
        "How they differ",
        "Code examples",
    ]


def test_megengine_cards_then_a_section_per_parameter(tmp_path):
    result = build(tmp_path, "megengine")
    assert result.warnings == ""
    body = main_body(result.page("index"))
    assert len(body.find_all(cls="apidiff-card")) == 4
    assert not body.find_all("table")
    titles = sections(body)
    start = titles.index("Parameter differences")
    # a subsection for the author's note, the general note under "Usage differences"
    assert titles[start + 1 :] == ["antialias", "Usage differences", "Speed"]
    section = body.find(id="parameter-differences")
    # the differences no note covers (undocumented: auto) are listed, each with its facts
    listed = [li.words() for li in section.find_all("li")]
    assert [item.split(":")[0] for item in listed] == ["interpolation", "out", "data_format"]
    assert listed[2] == "data_format: only in NewLib, default 'NCHW'"
    note = body.find(id="apidiff-index-resize-antialias").words()
    assert "default: True in OldLib, False in NewLib" in note
    assert note.endswith("Smoothing is off by default in NewLib.")
    # the pair whose parameters are the same says so
    assert body.words().count("No parameter differs.") == 1


def test_a_chinese_project_gets_the_teams_chinese_headings(tmp_path):
    for layout, words in {
        "paddle": ["参数映射", "备注", "转写示例", "[ 用法不一致 ]"],
        "mindspore": ["差异对比", "分类", "子类", "差异", "参数 1"],
        "megengine": ["参数差异", "使用差异", "参数无差异。"],
    }.items():
        result = build(tmp_path / layout, layout, language="zh_CN")
        assert result.warnings == ""
        text = main_body(result.page("index")).words()
        for word in words:
            assert word in text, (layout, word)
        assert "Parameter" not in text


def test_the_configured_layout_applies_and_a_page_chooses_its_own(tmp_path):
    result = build(tmp_path / "conf", apidiff_layout="megengine")
    body = main_body(result.page("index"))
    assert "Parameter differences" in sections(body) and not body.find_all("table")
    result = build(tmp_path / "page", "paddle", apidiff_layout="megengine")
    assert rubrics(main_body(result.page("index")))[0] == "Parameter mapping"


def test_a_projects_template_of_the_same_name_replaces_the_house_style(tmp_path):
    result = build(tmp_path, "paddle", template="Our own: {{ left.path }} ({{ style }})\n")
    assert "[apidiff" not in result.warnings  # (the labels are the template's to place)
    text = main_body(result.page("index")).words()
    assert "Our own: old.resize (paddle)" in text
    assert "Parameter mapping" not in text
    # the author's text is never lost: slots the template does not place come at the end
    assert "Smoothing is off by default in NewLib." in text


def test_the_template_option_wins_over_the_layouts_template(tmp_path):
    (tmp_path / "conf.py").write_text(CONF)
    (tmp_path / "index.rst").write_text(
        "Page\n====\n\n.. apidiff:: old.f new.f\n   :left-signature: (a)\n"
        "   :right-signature: (b)\n   :layout: paddle\n"
        "   :template: apidiff/comparison.rst.jinja\n   :undocumented: auto\n"
    )
    body = main_body(run_build(tmp_path).page("index"))
    assert body.find_all(cls="apidiff-card")
    assert "Parameter mapping" not in body.words()
