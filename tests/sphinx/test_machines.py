"""The reused state machines parse reStructuredText to the very nodes docutils' own make.

A comparison page's text is parsed with machines taken from a pool (``pair/machines.py``): a
machine that parsed a bullet list before may parse an option block next. Every construct
that starts a nested machine, alone and in random sequences, parsed both ways.
"""

from __future__ import annotations

import io

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser, states
from docutils.statemachine import StringList
from docutils.utils import new_document
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.sphinxext.pair import machines

FRAGMENTS = [
    "- one\n- two\n\n  - nested\n  - list\n\n- three",
    "#. first\n#. second\n\n3. third\n4. fourth",
    "a) lettered\nb) list",
    "term\n   definition\n\nother term : classifier\n   more",
    ":field: value\n:other field: continued\n   on a second line",
    "-a         option\n--long=ARG  with an argument",
    "| a line\n| block\n|    indented",
    ".. a comment\n   on two lines",
    ".. apidiff:slot body",
    "..\n\n   an empty comment, then a block quote",
    ".. _label:\n\nA paragraph after a label, with ``code`` and a ref_.\n\n.. _ref: https://x.org",
    "Text with a footnote [#f]_ and a citation [CIT]_.\n\n.. [#f] The note.\n.. [CIT] The citation.",
    "Sub |s| here.\n\n.. |s| replace:: substituted *text*",
    ".. note::\n\n   - a list in a note\n   - two\n\n   .. tip:: nested\n      :class: x",
    ".. list-table::\n   :header-rows: 1\n   :widths: 20 80\n\n   * - a\n     - b\n   * - :literal:`c`\n     - .. _cell:\n\n       d",
    ".. container:: box\n\n   .. admonition:: Title\n      :class: y\n\n      Body.",
    ".. topic:: A topic\n\n   Text.",
    ".. note::\n   :bad option block\n\n   text",
    ".. note::\n   :class: a\n   :class: b\n\n   duplicate option",
    ".. unknown-directive:: x\n\n   content",
    "Paragraph::\n\n   literal block\n\n> quoted\n> literal",
    ">>> 1 + 1\n2",
    "Quote:\n\n   Block quote.\n\n   -- Attribution",
    "----------",
    "Bad indent:\n\n- item\ntext right after",
    "+-----+-----+\n| a   | b   |\n+=====+=====+\n| c   | d   |\n+-----+-----+",
    "=====  =====\na      b\n=====  =====\nc      d\n=====  =====",
]


def _document():
    document = new_document("<test>", get_default_settings(Parser))
    document.reporter.stream = io.StringIO()
    return document


def _docutils(text: str) -> str:
    document = _document()
    machine = states.RSTStateMachine(state_classes=states.state_classes, initial_state="Body")
    machine.run(StringList(text.splitlines(), "<test>"), document)
    return document.pformat()


def _pooled(text: str) -> str:
    document = _document()
    machines.run_rst(StringList(text.splitlines(), "<test>"), document)
    return document.pformat()


def test_each_construct_parses_as_docutils_parses_it():
    for fragment in FRAGMENTS:
        assert _pooled(fragment) == _docutils(fragment), fragment


def test_a_machine_is_used_again():
    _pooled(FRAGMENTS[0])
    pooled = len(machines._NESTED)
    assert pooled
    _pooled(FRAGMENTS[0])
    assert len(machines._NESTED) == pooled  # taken and given back, none made


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=6), st.sampled_from([0, 3]))
def test_any_sequence_parses_as_docutils_parses_it(fragments, indent):
    body = "\n\n".join(fragments)
    if indent:  # the same inside a directive
        body = ".. note::\n\n" + "\n".join(" " * indent + line for line in body.splitlines())
    assert _pooled(body) == _docutils(body)
