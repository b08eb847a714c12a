"""Text written after an ``apidiff`` directive never ends up inside its last note."""

from __future__ import annotations

import pytest
from conftest import run_build
from docutils import nodes

pytestmark = pytest.mark.sphinx

PAGE = """\
After
=====

First
-----

.. apidiff:: math.sqrt cmath.sqrt
   :undocumented: auto

Text after the first comparison.

.. apidiff:: math.exp cmath.exp
   :undocumented: auto

Text after the second comparison.

Second
------

Next section.
"""


def test_author_text_stays_in_the_holding_section(tmp_path):
    # the "full" layout: every difference gets a subsection the author's text must not enter
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_apidiff"]\napidiff_layout = "full"\n')
    (tmp_path / "index.rst").write_text(PAGE)
    built = run_build(tmp_path)
    doctree = built.doctree("index")
    first = next(s for s in doctree.findall(nodes.section) if "first" in s["ids"])
    kinds = [
        "usage" if isinstance(c, nodes.section) else c.astext()
        for c in first.children
        if isinstance(c, nodes.section) or c.astext().startswith("Text after")
    ]
    # the author's two paragraphs come before the added sections, in the order written
    assert kinds == [
        "Text after the first comparison.",
        "Text after the second comparison.",
        "usage",
        "usage",
    ]
    notes = [s for s in first.children if isinstance(s, nodes.section)]
    assert "sqrt" in notes[0].next_node(nodes.section, descend=True, ascend=False)["ids"][0]
    assert "exp" in notes[1].next_node(nodes.section, descend=True, ascend=False)["ids"][0]
    # and the page's table of contents still lists the notes
    toc = built.app.env.tocs["index"].astext()
    assert toc.count("Usage differences") == 2
