"""One language on a page, and hostile library text: the ``apidiff`` directive's words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import Build, main_body
from page_parts import cards, code_lines, header

import sphinx_apidiff

pytestmark = pytest.mark.sphinx

ZH_MO = (
    Path(sphinx_apidiff.__file__).resolve().parent
    / "locale"
    / "zh_CN"
    / "LC_MESSAGES"
    / "sphinx_apidiff.mo"
)
#: Checked when this module is imported: once the catalog ships, Chinese words are required.
HAVE_ZH = ZH_MO.is_file()


# ----------------------------------------------------------------------------- languages


@pytest.fixture(scope="module")
def chinese(sphinx_build) -> Build:
    return sphinx_build("apidiff-basic", "html", confoverrides={"language": "zh_CN"})


def test_builtin_words_follow_the_project_language(chinese):
    assert chinese.warnings == ""
    body = main_body(chinese.page("resize"))
    text = body.words()
    if HAVE_ZH:
        assert "使用差异" in [h.words().rstrip("¶") for h in body.find_all("h2")]
        assert header(body)[2] == "差异"
        assert "位置不同：LeftLib 中为第 3 个位置参数，RightLib 中为第 4 个" in text
        assert "Usage differences" not in text
        assert "moved:" not in text
    else:  # no catalog yet: English, never a half-translated page
        assert "Usage differences" in text
    # the author's words are never translated by the extension
    assert "RightLib spells the bicubic filter differently." in text
    assert "冻结参数" in text


# ------------------------------------------------------------------------------ hostile text


@pytest.fixture(scope="module")
def escape(sphinx_build) -> Build:
    return sphinx_build("apidiff-escape", "html")


def test_hostile_library_text_is_escaped(escape):
    raw = escape.page("index")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "<script>alert" not in raw
    assert "<b>Evil" not in raw and "<b>&amp;" not in raw
    body = main_body(raw)
    # no markup made from library text or labels: no bold but the category's (the default
    # layout's verdict), no emphasis, no stray references
    assert [s.words() for s in body.find_all("strong")] == ["parameter types differ"]
    assert body.find_all("em") == []
    assert body.find_all(cls="problematic") == []
    text = body.words()
    assert "<b>Evil</b> *lib*: escapelib.hostile" in text
    assert "Plain_ `lib`: escapelib.plain" in text
    assert (
        "type: Callable[..., *Ts] | `code` | **bold** in <b>Evil</b> *lib*, str | None in Plain_ `lib`"
        in text
    )
    assert "default: '<b>&amp;</b>' in <b>Evil</b> *lib*, '' in Plain_ `lib`" in text
    assert "The author’s own <script> is code, not markup." in text


def test_signatures_have_no_memory_addresses(escape):
    raw = escape.page("index")
    assert not re.search(r"0x[0-9a-fA-F]{4,}", raw)
    left = cards(main_body(raw))[0]
    assert "    marker=<object object>," in code_lines(left)
    assert "    opaque=<escapelib.Opaque object>," in code_lines(left)


def test_hostile_text_builds_without_warnings(escape):
    # not even a highlighting failure for an annotation that is not valid Python
    assert escape.warnings == ""
