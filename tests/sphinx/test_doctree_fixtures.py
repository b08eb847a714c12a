"""Doctree fixtures: what a reader's page is made of, one reviewed file per case.

In the manner of sphinx-design's ``tests/test_snippets.py``: each page of the
``test-doctrees`` root is built, its doctree taken as the writer gets it (at
``doctree-resolved``, after every transform, example output in place), printed as pseudo-XML,
normalised (no build paths, source files or installed versions) and compared with
``tests/doctrees/<case>.xml``. The MyST form of a page must give the same file as its
reStructuredText form. A change of output is then a diff to review:

    APIDIFF_UPDATE_SNAPSHOTS=1 pytest tests/sphinx/test_doctree_fixtures.py   # rewrite, then git diff
"""

from __future__ import annotations

import importlib.metadata
import os
import re
from io import StringIO
from pathlib import Path

import pytest
from conftest import copy_root, strip_ansi
from docutils import nodes
from sphinx.testing.util import SphinxTestApp

#: The files are written with the newest supported Sphinx, docutils, sphinx-design and MyST (the
#: versions of the test extra); the oldest-Sphinx CI run leaves ``snapshot`` out (``.ci/run``).
pytestmark = [pytest.mark.sphinx, pytest.mark.snapshot]

DOCTREES = Path(__file__).resolve().parents[1] / "doctrees"
UPDATE = os.environ.get("APIDIFF_UPDATE_SNAPSHOTS") == "1"
#: Installed libraries whose version a page states ("Version: 2.13.0").
VERSIONED = ("numpy", "torch")
#: Where a node came from: not what a reader sees, and not the same in MyST and rST.
_SOURCE_ATTRS = ("source", "line")


def _normalise(doctree: nodes.document, srcdir: Path) -> str:
    """Pseudo-XML of what the writer turns into the page. Left out: where nodes came from, and
    the extension's own bookkeeping attributes (``apidiff_*``), which no writer shows and which
    may change with how per-document state is kept."""
    doctree = doctree.deepcopy()
    for node in doctree.findall(nodes.Element):
        for attr in [a for a in node.attributes if a in _SOURCE_ATTRS or a.startswith("apidiff")]:
            del node.attributes[attr]
    text = doctree.pformat()
    text = text.replace(str(srcdir), "<srcdir>")
    for package in VERSIONED:
        version = importlib.metadata.version(package)
        text = re.sub(rf"(?<![\w.]){re.escape(version)}(?![\w.])", f"<{package} version>", text)
    return text


def _build(srcdir: Path, **confoverrides) -> tuple[dict[str, str], str]:
    """Every page's normalised doctree as the writer gets it, and the build's warnings."""
    trees: dict[str, str] = {}
    status, warning = StringIO(), StringIO()
    app = SphinxTestApp(
        "html",
        srcdir=srcdir,
        status=status,
        warning=warning,
        confoverrides={"show_warning_types": True, **confoverrides},
    )

    def capture(_app, doctree: nodes.document, docname: str) -> None:
        trees[docname] = _normalise(doctree, srcdir)

    app.connect("doctree-resolved", capture, priority=999)  # after every apidiff handler
    try:
        app.build()
    finally:
        app.cleanup()
    return trees, strip_ansi(warning.getvalue())


@pytest.fixture(scope="module")
def rst_trees(tmp_path_factory) -> dict[str, str]:
    srcdir = copy_root("doctrees", tmp_path_factory.mktemp("doctrees-rst"))
    trees, warnings = _build(srcdir)
    assert warnings == ""
    return trees


#: The pages written in MyST too, each built on its own (as the root of a MyST-only project).
MYST_PAGES = ("notes", "shapes", "onesided", "members", "styles", "halves", "indexes")


@pytest.fixture(scope="module")
def myst_trees(tmp_path_factory) -> dict[str, str]:
    trees: dict[str, str] = {}
    for page in MYST_PAGES:
        srcdir = copy_root("doctrees", tmp_path_factory.mktemp(f"doctrees-myst-{page}"))
        others = [f"{other}.md" for other in MYST_PAGES if other != page]
        built, warnings = _build(
            srcdir, root_doc=page, exclude_patterns=["_build", "*.rst", *others]
        )
        assert warnings == ""
        trees.update(built)
    return trees


def check_snapshot(case: str, text: str) -> None:
    path = DOCTREES / f"{case}.xml"
    old = path.read_text(encoding="utf-8") if path.exists() else None
    if old == text:
        return
    if UPDATE:
        path.write_text(text, encoding="utf-8")
        pytest.fail(f"rewrote tests/doctrees/{path.name}: review it with git diff", False)
    if old is None:
        pytest.fail(f"no snapshot {path.name}; write it with APIDIFF_UPDATE_SNAPSHOTS=1", False)
    assert text == old, f"the doctree of {case!r} changed (APIDIFF_UPDATE_SNAPSHOTS=1 rewrites)"


CASES = (
    "seed",
    "notes",
    "example",
    "compact",
    "numpy",
    "onesided",
    "members",
    "index",
    "shapes",
    "styles",
    "halves",
    "indexes",
)


@pytest.mark.parametrize("page", CASES)
def test_page_doctree_matches_its_snapshot(rst_trees, page):
    check_snapshot(page, rst_trees[page])


@pytest.mark.parametrize("page", MYST_PAGES)
def test_myst_page_gives_the_reStructuredText_snapshot(myst_trees, page):
    assert set(myst_trees) == set(MYST_PAGES)
    check_snapshot(page, myst_trees[page])


def test_every_snapshot_file_is_a_case():
    assert {p.stem for p in DOCTREES.glob("*.xml")} == set(CASES)
