"""The ``apidiff`` directive as a reader sees it: real Sphinx builds of small test projects.

Roots (``tests/roots/test-*``):

- ``apidiff-basic``: two local modules (``adleft``, ``adright``) compared on reStructuredText and
  MyST pages; notes, renames, ``:general:``, ``:category:``, a resolvable cross-reference;
- ``apidiff-escape``: a library whose defaults and annotations are hostile text;
- ``apidiff-warnings``: one of every user mistake, each on a line of its own;
- ``apidiff-template``: a project template and a ``:template:`` option;
- ``apidiff-torch``: the issue's page, ``torch.nn.ConvTranspose2d`` vs MegEngine's.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import (
    Build,
    Element,
    copy_root,
    main_body,
    parse_html,
    run_build,
    strip_ansi,
    visible_text,
)

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

USAGE_WORD = "Usage differences"


# ------------------------------------------------------------------------------- helpers


def cards(body: Element) -> list[Element]:
    return body.find_all("div", cls="apidiff-card")


def card_title(card: Element) -> str:
    return card.find("div", cls="sd-card-title").words()


def code_lines(card: Element) -> list[str]:
    return card.find("pre").text().splitlines()


def highlighted(card: Element) -> list[str]:
    """The signature lines a reader sees highlighted (``emphasize-lines``)."""
    return [span.text().strip() for span in card.find_all("span", cls="hll")]


def tables(body: Element) -> list[list[tuple[str, ...]]]:
    out = []
    for table in body.find_all("table", cls="apidiff-table"):
        rows = table.find("tbody").find_all("tr")
        out.append([tuple(td.words() for td in row.find_all("td")) for row in rows])
    return out


def header(body: Element) -> tuple[str, ...]:
    return tuple(th.words() for th in body.find("table", cls="apidiff-table").find_all("th"))


def row_links(body: Element) -> dict[str, str]:
    """First table: left (or right) parameter -> href of its "note" link."""
    out = {}
    table = body.find("table", cls="apidiff-table")
    for row in table.find("tbody").find_all("tr"):
        cells = row.find_all("td")
        name = cells[0].words() if cells[0].words() != "—" else cells[1].words()
        links = cells[2].find_all("a")
        if links:
            out[name] = links[0].attrs["href"]
    return out


def section(body: Element, section_id: str) -> Element:
    return body.find("section", id=section_id)


def heading(sec: Element) -> str:
    head = next(c for c in sec.children if isinstance(c, Element) and c.tag[0] == "h")
    return head.words().rstrip("¶").strip()


def child_tags(sec: Element) -> list[str]:
    return [c.tag for c in sec.children if isinstance(c, Element) and c.tag != "span"]


def subsections(sec: Element) -> list[Element]:
    return [c for c in sec.children if isinstance(c, Element) and c.tag == "section"]


def usage_section(body: Element, nth: int = 0) -> Element:
    found = [h.parent for h in body.find_all("h2") if h.words().rstrip("¶").strip() == USAGE_WORD]
    return found[nth]


def toc_links(build: Build, page: str = "index") -> list[str]:
    toc = main_body(build.page(page)).find("div", cls="toctree-wrapper")
    return [a.attrs["href"] for a in toc.find_all("a")]


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


def tr_ids(tr) -> set[str]:
    return {el.id for el in tr.iter() if el.id}


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


# ------------------------------------------------------------------------------ user mistakes


@pytest.fixture(scope="module")
def mistakes(sphinx_build) -> Build:
    return sphinx_build("apidiff-warnings", "html")


def raw_line(
    build: Build, docname: str, text: str, occurrence: int = 1, suffix: str = ".rst"
) -> int:
    """1-based line where the source line is exactly ``text`` (the ``occurrence``-th time)."""
    lines = (build.srcdir / f"{docname}{suffix}").read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines, 1) if line == text]
    return found[occurrence - 1]


MISTAKES = [
    # (docname, source line, occurrence, subtype, words in the message)
    (
        "index",
        ".. apidiff:: wlib.left",
        1,
        "directive",
        "apidiff takes two dotted paths (LEFT RIGHT), got 1: wlib.left",
    ),
    (
        "index",
        ".. apidiff:: wlib.left wlib.right wlib.other",
        1,
        "directive",
        "apidiff takes two dotted paths (LEFT RIGHT), got 3: wlib.left wlib.right wlib.other",
    ),
    (
        "index",
        "   :righ-label: Righty",
        1,
        "directive",
        "apidiff: unknown option :righ-label:; did you mean :right-label:",
    ),
    ("index", "   :rename: a=b=c", 1, "directive", "apidiff: rename 'a=b=c': 'b=c' is not"),
    (
        "index",
        "   :rename: z=y",
        1,
        "rename",
        "apidiff: rename z=y: wlib.left has no parameter 'z'",
    ),
    (
        "index",
        "   :ignore: nosuch",
        1,
        "rename",
        "apidiff: ignore nosuch: neither wlib.left nor wlib.right has it",
    ),
    (
        "index",
        ".. apidiff-note:: y",
        1,
        "note",
        "apidiff-note outside an apidiff directive",
    ),
    ("index", "   .. apidiff-note:: y", 2, "note", "a second apidiff-note for 'y'"),
    (
        "index",
        "   .. apidiff-note:: nosuchparam",
        1,
        "note",
        "apidiff-note names 'nosuchparam', which neither wlib.left nor wlib.right has",
    ),
    (
        "index",
        "      :generl:",
        1,
        "directive",
        "apidiff-note: unknown option :generl:; did you mean :general:?",
    ),
    (
        "index",
        ".. apidiff:: wlib.left wlib.right",
        5,
        "undocumented",
        "apidiff wlib.left vs wlib.right: no apidiff-note for y",
    ),
    (
        "signatures",
        ".. apidiff:: numpy.summ wlib.left",
        1,
        "import",
        "'numpy' has no attribute 'summ'; did you mean 'sum'",
    ),
    (
        "signatures",
        ".. apidiff:: nosuchpkg.f wlib.left",
        1,
        "import",
        "cannot import 'nosuchpkg.f': no module named 'nosuchpkg'",
    ),
    (
        "signatures",
        "   :right-signature: (x, y=",
        1,
        "signature",
        "malformed signature for 'nosuchpkg.g'",
    ),
]


@pytest.mark.parametrize(
    ("docname", "source", "occurrence", "subtype", "words"),
    MISTAKES,
    ids=[f"{m[0]}-{m[3]}-{i}" for i, m in enumerate(MISTAKES)],
)
def test_each_mistake_is_warned_at_its_line(mistakes, docname, source, occurrence, subtype, words):
    line = raw_line(mistakes, docname, source, occurrence)
    prefix = f"{mistakes.srcdir / docname}.rst:{line}: WARNING: "
    matching = [w for w in mistakes.warning_lines() if w.startswith(prefix)]
    assert len(matching) == 1, (prefix, mistakes.warnings)
    [warning] = matching
    assert words in warning
    assert warning.endswith(f"[apidiff.{subtype}]")


def test_duplicate_note_names_the_first_notes_line(mistakes):
    first = raw_line(mistakes, "index", "   .. apidiff-note:: y", 1)
    assert f"a second apidiff-note for 'y' (the first is at line {first})" in mistakes.warnings


def test_mistakes_give_only_the_expected_warnings(mistakes):
    lines = mistakes.warning_lines()
    located = [w for w in lines if ".rst:" in w]
    assert len(located) == len(MISTAKES), mistakes.warnings
    assert all(re.search(r"\[apidiff\.[a-z]+\]$", w) for w in lines), mistakes.warnings


def test_invalid_config_values_warn_and_use_the_default(mistakes):
    lines = mistakes.warning_lines()
    conf = mistakes.srcdir / "conf.py"
    at = {  # each warning is located at the line of conf.py that sets the value
        name: f"{conf}:{raw_line(mistakes, 'conf', line, suffix='.py')}: "
        for name, line in [
            ("undocumented", 'apidiff_undocumented = "loud"'),
            ("labels", 'apidiff_labels = ["wlib"]'),
        ]
    }
    assert (
        f"{at['undocumented']}WARNING: invalid apidiff_undocumented = 'loud': expected one of "
        "'warn', 'auto', 'ignore'; using 'warn' [apidiff.config]"
    ) in lines
    assert (
        f"{at['labels']}WARNING: invalid apidiff_labels = ['wlib']: expected a dict of str to "
        "str; using {} [apidiff.config]"
    ) in lines
    # the default "warn" is in force: a generated subsection and the undocumented warning
    assert any(w.endswith("[apidiff.undocumented]") for w in lines)


def test_the_rest_of_the_page_still_renders(mistakes):
    index = visible_text(mistakes.page("index"))
    for sentence in (
        "After the one-path mistake.",
        "After the three-path mistake.",
        "After the unknown-option mistake.",
        "After the rename mistake.",
        "After the missing-parameter options.",
        "After the stray note.",
        "After the note mistakes.",
        "After the undocumented difference.",
    ):
        assert sentence in index
    body = main_body(mistakes.page("index"))
    titles = [card_title(c) for c in cards(body)]
    # one path: the side that was given is shown, the other says why it is missing
    assert titles[:2] == ["wlib: wlib.left", "?: ?"]
    assert "Could not be read: no dotted path given" in index
    # three paths: the first two are compared; one package, so each side goes by its own name
    assert titles[2:4] == ["left: wlib.left", "right: wlib.right"]
    # an unknown option does not cost the known ones
    assert titles[4:6] == ["Lefty: wlib.left", "wlib: wlib.right"]
    # a rename or ignore naming a missing parameter does not stop the comparison
    assert (
        "default: 1 in left, 2 in right"
        in body.find("section", id="rename-and-ignore-of-missing-parameters").words()
    )
    # the stray note is shown as a plain note
    assert "y A note with no comparison around it." in index
    # both duplicate notes are kept, and the unknown-parameter note too
    assert "First note on y." in index and "Second note on y." in index
    assert "A note on a parameter neither side has." in index
    assert "A general note with a misspelled flag." in index

    signatures = visible_text(mistakes.page("signatures"))
    assert (
        "numpy: numpy.summ Could not be read: 'numpy' has no attribute 'summ'; did you mean 'sum'"
    ) in signatures
    for sentence in (
        "After the misspelled function.",
        "After the missing package.",
        "After the malformed signature.",
    ):
        assert sentence in signatures
    # the side that was read still shows its signature
    assert signatures.count("wlib.left( x, y=1, *, flag=False )") == 3


@pytest.mark.sphinx(
    "html",
    testroot="apidiff-warnings",
    confoverrides={"suppress_warnings": ["apidiff.undocumented"], "show_warning_types": True},
    copy_test_root=True,
)
def test_suppress_warnings_silences_one_subtype(app):
    app.build()
    warnings = strip_ansi(app.warning.getvalue())
    assert "[apidiff.undocumented]" not in warnings
    assert "[apidiff.note]" in warnings  # the other subtypes are still reported
    assert "[apidiff.import]" in warnings
    # the generated subsection is still there: only the warning is silenced
    assert "No usage note for this difference yet." in visible_text(
        (app.outdir / "index.html").read_text(encoding="utf-8")
    )


def test_undocumented_ignore_shows_and_says_nothing(sphinx_build):
    build = sphinx_build(
        "apidiff-warnings", "html", confoverrides={"apidiff_undocumented": "ignore"}
    )
    assert "[apidiff.undocumented]" not in build.warnings
    assert "invalid apidiff_undocumented" not in build.warnings
    # the directive without :undocumented: follows the configuration: nothing generated
    last = main_body(build.page("index")).find("section", id="undocumented-difference")
    assert "default: 1 in left, 2 in right" in last.words()  # the table still says it
    assert "Usage differences" not in last.words()
    assert "No usage note" not in last.words()
    # a directive's own :undocumented: auto wins over the configuration
    assert (
        "No usage note" in main_body(build.page("index")).find("section", id="three-paths").words()
    )


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


# ----------------------------------------------------------------------- the example

PYTORCH_ROWS = [
    ("in_channels", "in_channels", "same"),
    ("out_channels", "out_channels", "same"),
    ("kernel_size", "kernel_size", "same"),
    ("stride", "stride", "same"),
    ("padding", "padding", "same (note)"),
    ("output_padding", "output_padding", "same"),
    ("groups", "groups", "moved: 7th positional in PyTorch, 8th in MegEngine (note)"),
    ("bias", "bias", "moved: 8th positional in PyTorch, 9th in MegEngine (note)"),
    ("dilation", "dilation", "moved: 9th positional in PyTorch, 7th in MegEngine (note)"),
    (
        "padding_mode",
        "—",
        "only in PyTorch, default 'zeros'; absorbed by MegEngine's **kwargs? maybe (note)",
    ),
    ("—", "conv_mode", "only in MegEngine, default 'cross_correlation' (note)"),
    ("—", "compute_mode", "only in MegEngine, default 'default' (note)"),
    ("—", "**kwargs", "only in MegEngine (note)"),
]


@pytest.fixture(scope="module")
def torch_build(sphinx_build) -> Build:
    pytest.importorskip("torch")
    return sphinx_build("apidiff-torch", "html")


@pytest.mark.torch
def test_convtranspose2d_table(torch_build):
    body = main_body(torch_build.page("conv"))
    assert header(body) == ("PyTorch", "MegEngine", "Difference")
    [rows] = tables(body)
    assert rows == PYTORCH_ROWS


@pytest.mark.torch
def test_convtranspose2d_cards(torch_build):
    body = main_body(torch_build.page("conv"))
    left, right = cards(body)
    assert card_title(left) == "PyTorch: torch.nn.ConvTranspose2d"
    assert card_title(right) == "MegEngine: megengine.module.ConvTranspose2d"
    # a long parameter wraps inside its brackets; its continuation lines are highlighted too
    starts = [line for line in highlighted(left) if re.match(r"\s*\w+\s*[:=]", line)]
    assert [line.split(":")[0].split("=")[0].strip() for line in starts] == [
        "groups",
        "bias",
        "dilation",
        "padding_mode",
    ]
    continued = [line for line in highlighted(left) if line not in starts]
    assert "".join(continued).replace(" ", "").endswith("'circular']='zeros',")
    assert highlighted(right) == [
        "dilation=1,",
        "groups=1,",
        "bias=True,",
        "conv_mode='cross_correlation',",
        "compute_mode='default',",
        "**kwargs",
    ]
    assert code_lines(right)[0] == "megengine.module.ConvTranspose2d("
    assert len(code_lines(right)) == 14  # 12 parameters, one a line, and the two ends
    import torch

    version = torch.__version__
    left_text, right_text = left.words(), right.words()
    assert f"Version: torch {version}" in left_text
    assert "Version:" not in right_text  # explicit text: no installed version to tell
    assert "See more" not in left_text  # torch's docs are not in reach of this build


@pytest.mark.torch
def test_convtranspose2d_notes_in_toc_with_stable_ids(torch_build):
    body = main_body(torch_build.page("conv"))
    usage = usage_section(body)
    assert [(s.id, heading(s)) for s in subsections(usage)] == [
        ("apidiff-conv-convtranspose2d-padding", "padding"),
        ("apidiff-conv-convtranspose2d-groups-bias-dilation", "groups, bias, dilation"),
        ("apidiff-conv-convtranspose2d-padding-mode", "padding_mode"),
        ("apidiff-conv-convtranspose2d-conv-mode-compute-mode", "conv_mode, compute_mode"),
        ("apidiff-conv-convtranspose2d-note-5", "冻结参数"),
        ("apidiff-conv-convtranspose2d-kwargs", "**kwargs"),
    ]
    links = toc_links(torch_build)
    for sub in subsections(usage):
        assert f"conv.html#{sub.id}" in links
    padding_mode = section(body, "apidiff-conv-convtranspose2d-padding-mode")
    # the fact is said once, in the row the note links back to
    assert padding_mode.find_all("ul") == []
    back = padding_mode.find("div", cls="apidiff-back").find("a").attrs["href"].lstrip("#")
    row = next(
        tr for tr in body.find("table", cls="apidiff-table").find_all("tr") if back in tr_ids(tr)
    )
    assert row.words() == (
        "padding_mode — only in PyTorch, default 'zeros'; absorbed by MegEngine's **kwargs? "
        "maybe (note)"
    )
    assert padding_mode.find_all("p")[-1].words() == (
        "Only 'zeros' padding is available in MegEngine."
    )


@pytest.mark.torch
def test_convtranspose2d_warns_only_about_the_undocumented_kwargs(torch_build):
    line = raw_line(
        torch_build,
        "conv",
        ".. apidiff:: torch.nn.ConvTranspose2d megengine.module.ConvTranspose2d",
    )
    assert torch_build.warning_lines() == [
        f"{torch_build.srcdir / 'conv.rst'}:{line}: WARNING: apidiff torch.nn.ConvTranspose2d vs "
        "megengine.module.ConvTranspose2d: no apidiff-note for **kwargs (write one, or set "
        ":undocumented: auto) [apidiff.undocumented]"
    ]


@pytest.mark.torch
def test_right_signature_option_gives_the_same_comparison(torch_build):
    body = main_body(torch_build.page("conv_option"))
    assert header(body) == ("Torch", "MGE", "Difference")
    [rows] = tables(body)
    expected = [
        tuple(cell.replace("PyTorch", "Torch").replace("MegEngine", "MGE") for cell in row)
        for row in PYTORCH_ROWS
    ]
    # :undocumented: auto: every changed row links to a generated note
    assert [r[:2] for r in rows] == [r[:2] for r in expected]
    assert [r[2].removesuffix(" (note)") for r in rows] == [
        r[2].removesuffix(" (note)") for r in expected
    ]


def test_parse_html_helper_reads_nested_text():
    tree = parse_html('<div class="body"><p>a <code>b&lt;c</code></p><br>\n<p>d</p></div>')
    assert tree.find("div", cls="body").words() == "a b<c d"
    assert [p.words() for p in tree.find_all("p")] == ["a b<c", "d"]


def test_left_signature_option_replaces_the_installed_signature(mistakes):
    body = main_body(mistakes.page("signatures"))
    section_ = body.find("section", id="explicit-left-signature")
    left, right = cards(section_)
    # wlib.other is really (x): the author's text is what is shown and compared
    assert code_lines(left) == ["wlib.other(", "    x,", "    y=2,", "    *,", "    flag=True", ")"]
    assert highlighted(left) == ["flag=True"]
    assert highlighted(right) == ["flag=False"]
    [rows] = tables(section_)
    assert rows == [
        ("x", "x", "same"),
        ("y", "y", "same"),
        ("flag", "flag", "default: True in other, False in right (note)"),
    ]
    assert "After the explicit signature." in visible_text(mistakes.page("signatures"))


def test_category_precedence_config_with_mixed(sphinx_build):
    from sphinx_apidiff.categories import DEFAULT_PRECEDENCE

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
