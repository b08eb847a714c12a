"""The importer's pure parts for MegEngine and the indexes: the two syntaxes, where a note
section goes, the rst page, and an index read into rows and coverage notes (pages written
here, in the teams' formats)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.migrate import read_page
from sphinx_apidiff.migrate.convert_rst import convert_rst, executed, verbatim
from sphinx_apidiff.migrate.examples import classify
from sphinx_apidiff.migrate.indexes import is_index, read_index
from sphinx_apidiff.migrate.model import CodeBlock, NoteSection
from sphinx_apidiff.migrate.project import ImportedPage, project_files
from sphinx_apidiff.migrate.references import plain_references
from sphinx_apidiff.migrate.sections import place_section
from sphinx_apidiff.migrate.syntax import MYST, RST


def test_one_directive_in_both_syntaxes():
    body = ["text", "", "more"]
    assert RST.directive("apidiff-note", "a", [("general", "")], body) == [
        ".. apidiff-note:: a",
        "   :general:",
        "",
        "   text",
        "",
        "   more",
    ]
    assert MYST.directive("apidiff", "x y", [("rename", "a=b")], body, holds=1) == [
        "`````{apidiff} x y",
        ":rename: a=b",
        "",
        *body,
        "`````",
    ]
    assert RST.title("标题 X") == ["======", "标题 X", "======"]  # CJK takes two columns


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=40))
def test_a_code_block_keeps_the_code_verbatim(code):
    lines = RST.code("text", code)
    assert [ln[3:] if ln else "" for ln in lines[2:]] == [
        ln if ln.strip() else "" for ln in code.splitlines()
    ]


def section(heading, *names):
    return NoteSection(heading, 1, "", names)


def test_where_a_section_goes():
    left, right = {"a", "pad", "both"}, {"a", "mode", "both"}
    assert place_section(section("pad 参数", "pad"), left, right).names == ("pad",)
    paired = place_section(section("pad 和 mode", "pad", "mode"), left, right)
    assert paired.names == ("pad", "mode") and paired.rename == "pad=mode"
    assert place_section(section("both", "both"), left, right).rename == ""
    assert place_section(section("typo", "tyop"), left, right).reason == "a name no signature has"
    assert place_section(section("冻结"), left, right).reason == "its heading names no parameter"
    assert place_section(section("pad", "pad"), left, None).names == ()


PAGE = """\
.. _comparison-demo:

=============
Demo 差异对比
=============

.. panels::

  torch.demo.Demo
  ^^^^^^^^^^^^^^^

  .. code-block:: python

     torch.demo.Demo(a, pad=0)

  ---

  megengine.demo.Demo
  ^^^^^^^^^^^^^^^^^^^

  .. code-block:: python

     megengine.demo.Demo(a, mode='x')

参数差异
--------

pad
~~~
左边才有。

.. code-block::: python

   x = 1

.. unknown-thing:: here

说明
~~~~
.. warning::

   注意。

结尾的一段。
"""


def test_a_megengine_page_in_rst():
    page = read_page("megengine", PAGE, "demo.rst")
    converted = convert_rst(page, lambda path: None)  # neither library installed here
    text = converted.text
    assert text.startswith(".. _comparison-demo:\n\n=============\nDemo 差异对比")
    assert ".. apidiff:: torch.demo.Demo megengine.demo.Demo" in text
    assert "   .. apidiff-note:: pad\n\n      左边才有。\n\n      .. code-block:: python" in text
    assert (
        "   .. apidiff-note:: 说明\n      :general:\n\n      .. warning::\n\n         注意。"
        in text
    )
    assert "torch.demo.Demo(a, pad=0)" not in text
    fates = {(p["kind"], p["became"]) for p in converted.parts}
    assert ("directive:unknown-thing", "in-note") in fates  # kept as written, and reported
    assert ("heading", "layout-heading") in fates


def test_verbatim_shows_every_code_block():
    source = ".. code-block::: python\n\n   not python at all ，\n\n.. code:: python\n\n   x = 1"
    assert verbatim(source).splitlines()[0] == ".. code-block:: text"
    assert verbatim(source).splitlines()[4] == ".. code:: python"


MEG_INDEX = """\
.. _cmp:

=====
Index
=====

.. list-table::
   :header-rows: 1

   * - NumPy
     - Pytorch
     - MegEngine
     - Comment

   * - :py:func:`~numpy.cat`
     - :py:func:`~torch.cat` / :py:meth:`~torch.Tensor.cat`
     - :py:func:`~megengine.functional.concat`
     -
   * - :py:func:`~numpy.x`
     - :py:class:`~torch.nn.Demo`
     - :py:class:`~megengine.module.Demo`
     - :ref:`差异对比 <comparison-demo>`
   * - :py:func:`~numpy.y`
     - :py:func:`~torch.y`
     - :ref:`not-implemented`
     -

.. _not-implemented:

Not Implemented
---------------
"""

PADDLE_INDEX = """\
# 映射表

| 序号 | Pytorch | Paddle | 映射关系分类 | 备注 |
| --- | --- | --- | --- | --- |
| REFERENCE-MAPPING-TABLE(`torch.`, max_depth=1) |
| ALIAS-REFERENCE-ITEM(`torch.absolute`, `torch.abs`) |
| NOT-IMPLEMENTED-ITEM(`torch.Tensor.q`, https://x.invalid/q, 无需新增, 废弃) |
| 1 | [`torch.abs`](https://x.invalid) | [`paddle.abs`](https://y.invalid) | 参数完全一致 | [详细对比](api_difference/torch/torch.abs.html) |
| 2 | [`torch.neg`](https://x.invalid) | [`paddle.neg`](https://y.invalid) | 参数完全一致 |  |
"""


def test_an_index_is_recognised_by_its_rows_not_its_name():
    assert is_index("megengine", MEG_INDEX) and not is_index("megengine", PAGE)
    assert is_index("paddle", PADDLE_INDEX) and not is_index("paddle", "# torch.abs\n\ntext\n")


def test_megengine_index_rows():
    index = read_index("megengine", MEG_INDEX, "cmp.rst")
    assert index.title == "Index" and index.labels == ("cmp",)
    kinds = [(r.kind, r.left, r.right, r.page, r.reason) for r in index.rows]
    assert kinds == [
        (
            "counterpart",
            ("torch.cat", "torch.Tensor.cat"),
            "megengine.functional.concat",
            None,
            None,
        ),
        ("page", ("torch.nn.Demo",), "megengine.module.Demo", "comparison-demo", None),
        ("no-counterpart", ("torch.y",), None, None, "Not Implemented"),
    ]


def test_paddle_index_rows_as_kept_and_as_generated():
    index = read_index("paddle", PADDLE_INDEX, "map.md")
    kinds = [(r.kind, r.left, r.right, r.page, r.reason, r.alias) for r in index.rows]
    assert kinds == [
        ("pages", (), None, None, None, None),
        ("alias", ("torch.absolute",), None, None, None, "torch.abs"),
        ("no-counterpart", ("torch.Tensor.q",), None, None, "无需新增, 废弃", None),
        ("page", ("torch.abs",), "paddle.abs", "api_difference/torch/torch.abs", None, None),
        ("counterpart", ("torch.neg",), "paddle.neg", None, None, None),
    ]


def test_the_index_page_and_its_notes():
    index = read_index("megengine", MEG_INDEX, "cmp.rst")
    pages = [
        ImportedPage(
            "cmp/demo", ("comparison-demo",), (("torch.nn.Demo", "megengine.module.Demo"),)
        )
    ]
    readable = {"torch": {"cat", "y"}, "torch.Tensor": None}
    project = project_files(index, pages, RST, readable.get, lambda package: package == "torch")
    files = dict(project.files)
    assert set(files) == {"cmp.rst", "index.rst", "apidiff-coverage-notes.json"}
    page = files["cmp.rst"]
    assert page.startswith(".. _cmp:\n\n=====\nIndex\n=====")
    assert ".. apidiff-summary::\n   :group-by: module" in page
    # torch.Tensor is installed but no module: its note is kept, with no table of its own
    assert ".. apidiff-coverage:: torch megengine.functional" in page
    assert "apidiff-coverage:: torch.Tensor" not in page
    assert page.endswith("   cmp/demo\n")  # every page in a toctree
    fates = [(f["line"], f["became"]) for f in project.report["rows"]]
    assert (19, "summary") in fates and (15, "coverage-note") in fates
    assert '"torch.y": {\n    "reason": "Not Implemented"' in files["apidiff-coverage-notes.json"]


def test_a_note_the_library_cannot_have_is_left_out():
    index = read_index("megengine", MEG_INDEX, "cmp.rst")
    project = project_files(index, [], RST, {"torch": {"cat"}}.get, lambda package: True)
    (gone,) = [f for f in project.report["rows"] if f.get("api") == "torch.y"]
    assert gone["became"] == "reported" and "no callable y" in gone["reason"]
    assert any(
        f["reason"] == "comparison-demo: not imported"
        for f in project.report["rows"]
        if "reason" in f
    )


NO_CARDS = """\
===========
Pool 差异对比
===========

.. admonition:: 背景
   :class: warning

   两边的窗口不同。

   .. code-block:: python3

      print(1)

末尾一段。
"""


def test_a_page_with_no_cards_keeps_its_sections_as_admonitions():
    converted = convert_rst(read_page("megengine", NO_CARDS, "pool.rst"), lambda path: None)
    assert "apidiff::" not in converted.text
    # the block can run: an example, run when the page is built, where the code block was
    assert (
        ".. admonition:: 背景\n\n   两边的窗口不同。\n\n   .. apidiff-example::\n\n      print(1)"
        in (converted.text)
    )
    assert converted.text.rstrip().endswith("末尾一段。")
    fates = [(p["kind"], p["became"]) for p in converted.parts]
    assert ("note-section", "admonition") in fates
    example = next(p for p in converted.parts if p["kind"] == "example")
    assert example == {
        "kind": "example",
        "line": 12,
        "note": "背景",
        "became": "executed",
        "requires": [],
    }


def test_the_index_reports_what_it_does_not_keep():
    index = read_index("megengine", MEG_INDEX, "cmp.rst")
    assert [(kind, line) for kind, line, _text in index.other] == [("heading", 30)]


def test_links_to_the_rest_of_the_site_become_text():
    text = (
        "见 :ref:`张量指南 <tensor-guide>` 与 :ref:`Comparison-Demo`。\n"
        "另见 :doc:`other` 和 :doc:`/guide/x`。\n\n"
        ".. code-block:: rst\n\n   :ref:`kept-in-code`\n\n末尾 :ref:`genindex`\n"
    )
    written, parts = plain_references(text, "cmp/demo", {"comparison-demo"}, {"cmp/other"})
    assert written == (
        "见 张量指南 与 :ref:`Comparison-Demo`。\n"
        "另见 :doc:`other` 和 /guide/x。\n\n"
        ".. code-block:: rst\n\n   :ref:`kept-in-code`\n\n末尾 :ref:`genindex`\n"
    )
    assert [p["target"] for p in parts] == ["tensor-guide", "/guide/x"]


RUNS = """\
========
Run 差异对比
========

.. panels::

  torch.demo.run
  ^^^^^^^^^^^^^^

  .. code-block:: python

     torch.demo.run(a, pad=0)

  ---

  megengine.demo.run
  ^^^^^^^^^^^^^^^^^^

  .. code-block:: python

     megengine.demo.run(a, mode='x')

参数差异
--------

pad
~~~
左边才有。

.. warning::

   一个例子：

   .. code-block:: python
      :caption: 补零

      y = torch.zeros(2)
      print(y)

.. code-block:: python

   torch.demo.run(x, pad=1)

mode
~~~~

.. code-block:: python

   # PyTorch
   t = torch.ones(2)

   # MegEngine
   m = mge.tensor([1.0, 1.0])

冻结参数
~~~~~~~~

.. code-block:: python

   import numpy
   numpy.zeros(3)[5]
   # IndexError: index 5 is out of bounds

其他
----

最后一段。

.. code-block:: python

   print(np.ones(2))

.. code-block::: python

   print(2)
"""


def test_a_megengine_example_that_can_run_is_executed_where_it_was_written():
    converted = convert_rst(read_page("megengine", RUNS, "run.rst"), lambda path: None)
    text = converted.text
    examples = {p["line"]: p for p in converted.parts if p["kind"] == "example"}
    # in a warning of a parameter's note: its indentation, its caption, the implied import
    assert (
        "      .. warning::\n\n         一个例子：\n\n"
        "         .. apidiff-example::\n            :requires: torch\n            :caption: 补零\n\n"
        "            import torch\n\n            y = torch.zeros(2)\n            print(y)\n"
    ) in text
    assert examples[37] == {
        "kind": "example",
        "line": 37,
        "note": "pad",
        "parameter": "pad",
        "became": "executed",
        "requires": ["torch"],
        "added": ["import torch"],
    }
    # a fragment (x never defined) stays a code block of the note, never run
    assert "      .. code-block:: python\n\n         torch.demo.run(x, pad=1)" in text
    assert examples[42]["became"] == "plain-block"
    assert examples[42]["reason"] == "fragment: x undefined"
    # the two sides of one block: its halves, MegEngine's usual short name imported
    assert examples[49]["became"] == "halves"
    assert (
        "      .. apidiff-example::\n         :side: right\n         :requires: megengine\n\n"
        "         import megengine as mge\n\n         # MegEngine\n"
    ) in text
    # an error the comment names: raised on purpose; in a general note
    assert examples[60]["became"] == "executed" and examples[60]["raises"] == "IndexError"
    assert examples[60]["note"] == "冻结参数"
    assert (
        "      .. apidiff-example::\n         :requires: numpy\n         :raises: IndexError"
        in text
    )
    # after the sections, as on a Markdown page: executed after the comparison, in page order;
    # one written with three colons (invisible on the team's site) is shown, not run
    tail = text[text.index("最后一段。") :]
    assert tail.startswith(
        "最后一段。\n\n.. apidiff-example::\n   :requires: numpy\n\n"
        "   import numpy as np\n\n   print(np.ones(2))\n"
    )
    assert ".. code-block:: python\n\n   print(2)" in tail
    assert examples[71] == {
        "kind": "example",
        "line": 71,
        "became": "executed",
        "requires": ["numpy"],
        "added": ["import numpy as np"],
    }
    assert "code-block:::" in examples[75]["fixed"] and examples[75]["became"] == "plain-block"
    # every line of every block is kept, as written
    for block in read_page("megengine", RUNS, "run.rst").examples:
        for line in block.code.splitlines():
            assert line.strip() in "\n".join(ln.strip() for ln in text.splitlines()), line


def test_a_block_is_executed_only_where_its_code_block_is_found():
    source = "说明。\n\n.. code-block:: python\n\n   print(1)\n\n后文。"
    here, elsewhere = CodeBlock("print(1)", "python", 5), CodeBlock("print(2)", "python", 9)
    fates = {b.line: classify(b) for b in (here, elsewhere)}
    text = executed(source, [elsewhere, here], fates)
    assert text == "说明。\n\n.. apidiff-example::\n\n   print(1)\n\n后文。"
    assert fates[5].became == "executed"
    assert (fates[9].became, fates[9].reason) == (
        "plain-block",
        "kept as written: not found in its note",
    )
