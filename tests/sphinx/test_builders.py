"""Every builder builds a comparison page; CSS only where there is HTML; gettext sees the author.

The ``apidiff-basic`` root (reStructuredText and MyST pages, notes, generated subsections) is
built once per builder and must give no warning at all (``nitpicky = True``).
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pytest
from conftest import Build, copy_root, main_body, parse_html, run_build

import sphinx_apidiff

pytestmark = pytest.mark.sphinx

#: The stylesheet this version ships.
STATIC = Path(sphinx_apidiff.__file__).resolve().parent / "static"

BUILDERS = ("html", "dirhtml", "singlehtml", "latex", "text", "gettext")
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")

#: What the author wrote: each must reach every output, and gettext's catalogs.
AUTHOR_TEXT = (
    "RightLib spells the bicubic filter differently.",
    "Antialiasing is switched off by default in RightLib.",
    "Freezing parameters works the same way in both libraries.",
    "The bounds are called lower and upper in Right.",
    "Neither library checks that the lower bound is below the upper one.",
)


@pytest.fixture(scope="module", params=BUILDERS)
def built(request, sphinx_build) -> tuple[str, Build]:
    return request.param, sphinx_build("apidiff-basic", request.param)


def output_text(name: str, build: Build) -> str:
    """Everything the builder wrote for the pages, as one string."""
    suffix = {
        "html": ".html",
        "dirhtml": ".html",
        "singlehtml": ".html",
        "latex": ".tex",
        "text": ".txt",
        "gettext": ".pot",
    }[name]
    return "\n".join(
        path.read_text(encoding="utf-8")
        for path in sorted(build.outdir.rglob(f"*{suffix}"))
        if "_static" not in path.parts
    )


def test_builds_without_warnings(built):
    name, build = built
    assert build.warnings == "", name
    assert "build succeeded" in build.status


def test_author_text_reaches_the_output(built):
    name, build = built
    text = " ".join(output_text(name, build).split())
    for sentence in AUTHOR_TEXT:
        assert sentence in text, (name, sentence)


@pytest.mark.parametrize("name", ("html", "dirhtml", "singlehtml", "latex", "text"))
def test_generated_words_reach_the_output(sphinx_build, name):
    build = sphinx_build("apidiff-basic", name)
    text = " ".join(output_text(name, build).split())
    assert "Usage differences" in text
    assert "apidiff:slot" not in text  # no template comment runs into a paragraph
    assert "No usage note for this difference yet." in text
    assert "only in RightLib" in text
    fact = "moved: 3rd positional in LeftLib, 4th in RightLib"
    if name == "text":
        # said once, in the table; a text table wraps a cell's sentence over its lines
        assert all(word in text for word in fact.split()), text
    else:
        assert fact in text


@pytest.mark.parametrize("name", HTML_BUILDERS)
def test_html_builders_ship_and_link_the_stylesheet(sphinx_build, name):
    build = sphinx_build("apidiff-basic", name)
    css = build.outdir / "_static" / "apidiff.css"
    assert css.is_file()
    assert ".apidiff-card" in css.read_text(encoding="utf-8")
    page = {"html": "resize.html", "dirhtml": "resize/index.html", "singlehtml": "index.html"}[name]
    head = parse_html(build.read(page)).find("head")
    hrefs = [link.attrs.get("href", "") for link in head.find_all("link", rel="stylesheet")]
    # the link names this version's content, so that an upgrade busts browser caches
    assert css.read_bytes() == (STATIC / "apidiff.css").read_bytes()
    version = f"{zlib.crc32(css.read_bytes()):08x}"
    assert any(re.search(rf"(^|/)_static/apidiff\.css\?v={version}$", h) for h in hrefs), hrefs


def test_an_upgrade_replaces_the_stylesheet_an_older_version_left(tmp_path):
    srcdir = copy_root("apidiff-basic", tmp_path)
    stale = srcdir / "_build" / "html" / "_static" / "apidiff.css"
    stale.parent.mkdir(parents=True)
    stale.write_text(".apidiff-card { color: red }\n", encoding="utf-8")
    build = run_build(srcdir)
    assert stale.read_bytes() == (STATIC / "apidiff.css").read_bytes()
    version = f"{zlib.crc32(stale.read_bytes()):08x}"
    assert f"_static/apidiff.css?v={version}" in build.page("resize")


@pytest.mark.parametrize("name", ("latex", "text", "gettext"))
def test_other_builders_get_no_stylesheet(sphinx_build, name):
    build = sphinx_build("apidiff-basic", name)
    assert not list(build.outdir.rglob("apidiff.css"))
    assert "apidiff.css" not in output_text(name, build)


def test_dirhtml_links_notes_within_the_page(sphinx_build):
    build = sphinx_build("apidiff-basic", "dirhtml")
    body = main_body(build.read("resize/index.html"))
    ids = {el.id for el in body.iter() if el.id}
    hrefs = [a.attrs["href"] for a in body.find("table", cls="apidiff-table").find_all("a")]
    assert "#apidiff-resize-resize-mode" in hrefs
    assert {h[1:] for h in hrefs} <= ids


def test_singlehtml_keeps_every_page_and_its_anchors(sphinx_build):
    build = sphinx_build("apidiff-basic", "singlehtml")
    body = main_body(build.read("index.html"))
    ids = {el.id for el in body.iter() if el.id}
    for anchor in (
        "apidiff-resize-resize-mode",
        "apidiff-clip-clip-lo-hi",
        "apidiff-clip-clip-2-lo",
        "apidiff-myst-resize-resize-mode",
    ):
        assert anchor in ids
    # the table's links point inside the one page
    hrefs = {
        a.attrs["href"]
        for t in body.find_all("table", cls="apidiff-table")
        for a in t.find_all("a")
    }
    assert "#apidiff-resize-resize-mode" in hrefs
    assert len(body.find_all("div", cls="apidiff-card")) == 14  # 7 comparisons, two cards each


def test_latex_has_the_cards_table_and_labels(sphinx_build):
    build = sphinx_build("apidiff-basic", "latex")
    tex = build.read("apidiff-basic.tex")
    assert r"\section{Usage differences}" in tex
    assert r"\label{\detokenize{resize:apidiff-resize-resize-mode}}" in tex
    # the table's note links are hyperlinks to the stable labels
    assert r"\hyperref[\detokenize{resize:apidiff-resize-resize-mode}]" in tex
    # the signature is a highlighted code block with its parameter lines
    assert r"\PYG{n}{interpolation}" in tex
    assert "{apidiff-signatures}" in tex


def test_text_builder_writes_the_table_and_notes(sphinx_build):
    build = sphinx_build("apidiff-basic", "text")
    text = build.read("resize.txt")
    assert "Usage differences\n=================" in text
    assert "adleft.resize(\n       image,\n       size," in text
    assert "| LeftLib" in text and "| RightLib" in text


# ------------------------------------------------------------------------------------ gettext


def msgids(pot: str) -> list[str]:
    ids = []
    for block in re.findall(r'^msgid ((?:".*"\n)+)', pot, flags=re.M):
        ids.append("".join(re.findall(r'"(.*)"', block)))
    return [i for i in ids if i]


def test_gettext_extracts_the_authors_words_only(sphinx_build):
    build = sphinx_build("apidiff-basic", "gettext")
    resize = msgids(build.read("resize.pot"))
    for sentence in (
        "Resizing images",
        "Both libraries resize an image to a given size.",
        "RightLib spells the bicubic filter differently.",
        "Antialiasing is switched off by default in RightLib.",
        "Freezing parameters works the same way in both libraries.",
    ):
        assert sentence in resize
    everything = set(msgids(output_text("gettext", build)))
    # built-in words come from sphinx-apidiff's own catalogs, never the project's
    assert not everything & {"Usage differences", "Difference", "same", "note", "—", "LeftLib"}
    generated = (
        "See more",
        "Category",
        "No usage note",
        "moved:",
        "renamed:",
        "only in",
        "adleft.",
    )
    assert not [m for m in everything if m.startswith(generated)]
    assert not [m for m in everything if "positional in" in m or "(as the author says)" in m]


def test_gettext_extracts_myst_notes(sphinx_build):
    build = sphinx_build("apidiff-basic", "gettext")
    myst = msgids(build.read("myst_resize.pot"))
    assert "Written in *MyST* Markdown." in myst
    assert "The Markdown note about filter names." in myst
    assert not [m for m in myst if "Usage differences" in m or "only in" in m]
    clip = msgids(build.read("clip.pot"))
    assert "The bounds are called lower and upper in Right." in clip
    assert "Neither library checks that the lower bound is below the upper one." in clip


def test_gettext_extracts_the_titles_of_general_notes(sphinx_build):
    build = sphinx_build("apidiff-basic", "gettext")
    clip = msgids(build.read("clip.pot"))
    assert "Bounds checking" in clip  # the author's heading of a general note
    assert "lo" not in clip and "Usage differences" not in clip
