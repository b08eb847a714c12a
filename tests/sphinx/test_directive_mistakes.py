"""Every user mistake on an ``apidiff`` page (``apidiff-warnings``): a located warning each, and
the page still built."""

from __future__ import annotations

import re

import pytest
from conftest import Build, main_body, strip_ansi, visible_text
from page_parts import card_title, cards, code_lines, highlighted, raw_line, tables

pytestmark = pytest.mark.sphinx


# ------------------------------------------------------------------------------ user mistakes


@pytest.fixture(scope="module")
def mistakes(sphinx_build) -> Build:
    return sphinx_build("apidiff-warnings", "html")


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
