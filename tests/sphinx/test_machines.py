"""The reused state machines parse reStructuredText to the very nodes docutils' own make.

A comparison page's text is parsed with machines taken from a pool (``pair/machines.py``): a
machine that parsed a bullet list before may parse an option block next. Every construct
that starts a nested machine, alone and in random sequences, parsed both ways.
"""

from __future__ import annotations

import io

import pytest
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser, states
from docutils.statemachine import StringList
from docutils.utils import SystemMessage, new_document
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
    ".. list-table::\n\n   * - plain ``code``\n     - \\*args, `ref`_ and :bogus:`role`\n   * - 参数\n     - a. not a list",
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
    ours, theirs = _both(body)  # docutils 0.20 stops at a transition inside a directive
    assert ours == theirs


# -- list-table: the plain form the templates write is read without a machine per cell ------

#: Cell texts: paragraphs docutils reads through its whole grammar, and lines that are not
#: (or may not be) paragraphs, which the plain form leaves to docutils.
CELLS = [
    "name", "``input``", "\\*\\*kwargs", "参数不一致", "Tensor", ":ref:`see <x>`", "*emphasis*",
    "`interpreted`", "a. enumerated", "iv) roman", "ends with::", "-", "- a bullet", "1. one",
    "#. auto", ">>> 1", "| line", ":field: x", "``broken", "text with a ref_", "x_ and y",
    ".. _t:\n\n       after a label", "two\n       lines", "", "(a) paren", "--option",
    "A) upper", "Z. z", "word  ", "\\- escaped", "`x <http://e.org>`__", "_under",
    ":py:func:`f` and more", ":field: `x`", ":a:b: c", ":literal:`x`:", ":x:``y``", ":r:`a` :b: c",
    "\\\\", "\\\\\\\\\\\\\\\\", "`", "``", "````", "`a`",
    # the compact layout's cell of a row with a note, and near misses docutils reads otherwise
    ".. _t:\n\n       after a label\n\n       .. apidiff:slot note-1",
    ".. _Row.Label-2:\n\n       ``code`` and *text*\n\n       .. apidiff:slot n_2",
    ".. _t:\n\n       x\n\n       .. apidiff:slot a\n\n       more",
    ".. _t:\n\n       x\n       .. apidiff:slot a", ".. _t:\n       x", ".. _t:\n\n       - x",
    ".. _t:\n\n       x\n\n       .. apidiff:slot a b", ".. _t_:\n\n       x",
    ".. _t:\n\n       x::", ".. _参数:\n\n       参数", ".. _t: http://x.org\n\n       x",
    ".. _t:\n\n\n       x", ".. _t:\n\n       x\n\n       .. apidiff:slot a\n       b",
]  # fmt: skip


@pytest.fixture
def runs(monkeypatch) -> list[int]:
    """One item for each nested state machine docutils runs from now on."""
    runs: list[int] = []
    original = states.NestedStateMachine.run
    monkeypatch.setattr(
        states.NestedStateMachine,
        "run",
        lambda self, *a, **k: runs.append(1) or original(self, *a, **k),
    )
    return runs


def _table(rows: list[list[str]], header: bool) -> str:
    head = ".. list-table::\n" + ("   :header-rows: 1\n" if header else "") + "\n"
    lines = []
    for row in rows:
        for i, cell in enumerate(row):
            lines.append(("   * - " if i == 0 else "     - ") + cell)
        lines.append("")
    return head + "\n".join(lines) + "\n.. _ref: https://x.org\n.. _y: https://y.org"


def _lines(document) -> list[tuple[str, object, object, object]]:
    return [
        (n.tagname, n.source, n.line, getattr(n, "rawsource", None))
        for n in document.findall(include_self=False)
    ]


def _both(text: str) -> tuple[tuple, tuple]:
    """Both parses of ``text``: the tree with every node's line, or the severe message a
    parse stopped at (docutils 0.20 stops at a title's adornment in a cell)."""

    def parse(run) -> tuple:
        document = _document()
        try:
            run(StringList(text.splitlines(), "<test>"), document)
        except SystemMessage as stopped:
            return ("stopped", str(stopped))
        return (document.pformat(), _lines(document))

    def docutils_run(content, document) -> None:
        machine = states.RSTStateMachine(state_classes=states.state_classes, initial_state="Body")
        machine.run(content, document)

    return parse(machines.run_rst), parse(docutils_run)


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 3).flatmap(
        lambda width: st.lists(
            st.lists(st.sampled_from(CELLS), min_size=width, max_size=width), min_size=1, max_size=4
        )
    ),
    st.booleans(),
)
def test_a_list_table_parses_as_docutils_parses_it_with_lines(rows, header):
    ours, theirs = _both(_table(rows, header))
    assert ours == theirs


def test_a_plain_list_table_starts_no_machine_per_cell(runs):
    counts = []
    for size in (1, 5):
        text = _table([["name", "``input``", "参数不一致"]] * size, header=True)
        runs.clear()
        _pooled(text)
        counts.append(len(runs))
    runs.clear()
    _docutils(text)
    assert counts[0] == counts[1] <= 2  # the option block's, none per row or cell
    assert len(runs) >= 1 + 5 + 5 * 3  # docutils: the list, each row, each cell


def test_a_labelled_cell_starts_no_machine(runs):
    cell = ".. _row-x:\n\n       text\n\n       .. apidiff:slot note-x"
    _pooled(_table([["x", "y"]], header=False))
    plain = len(runs)
    runs.clear()
    _pooled(_table([["x", cell]], header=False))
    assert len(runs) == plain  # the targets after the table: none for the cell
    document = _document()
    machines.run_rst(StringList(_table([["x", cell]], False).splitlines(), "<test>"), document)
    entry = list(document.findall(nodes.entry))[1]
    assert [child.tagname for child in entry.children] == ["target", "paragraph", "comment"]
    assert entry[2].astext() == "apidiff:slot note-x"
    assert "row-x" in document.ids


# -- directive options: one-line options are read without a machine ---------------------------

#: Option lines for a ``list-table``: good ones, bad values, unknown and duplicate names, and
#: forms docutils reads its own way (continuation lines, upper case, markup, trailing spaces).
OPTIONS = [
    ":header-rows: 1", ":header-rows: x", ":header-rows:", ":widths: 25 75", ":widths: auto",
    ":widths: 25 25 50", ":class: a b", ":class: A_b", ":name: Some Name", ":align: left",
    ":align: middle", ":bogus: 1", ":Header-Rows: 1", ":class: *emph*", ":class: x  ",
    ":widths: 10\n      90", ":stub-columns: 1", ":width: 50%", ":width: 3furlongs",
    ":class: `x`", ":name: a\\b", ":header-rows:  1", "not an option", ":class:x",
]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(OPTIONS), min_size=1, max_size=4))
def test_directive_options_parse_as_docutils_parses_them(options):
    text = (
        ".. list-table::\n"
        + "".join(f"   {line}\n" for line in options)
        + "\n   * - a\n     - b\n   * - c\n     - d\n"
    )
    ours, theirs = _both(text)
    assert ours == theirs


def test_one_line_options_start_no_machine(runs):
    _pooled(".. note::\n   :class: a b\n   :name: x\n\n   text")
    ours = len(runs)
    runs.clear()
    _docutils(".. note::\n   :class: a b\n   :name: x\n\n   text")
    assert ours == len(runs) - 1  # docutils' one for the option block


def test_a_line_of_tabs_or_other_spaces_is_no_blank_line_between_cells():
    for space in ("\t", "\u3000", "\u00a0"):
        text = f".. list-table::\n\n   * - a\n{space}\n     - b\n   * - c\n     - d"
        ours, theirs = _both(text)
        assert ours == theirs, repr(space)
