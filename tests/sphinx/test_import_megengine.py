"""``sphinx-apidiff import megengine``: a MegEngine-format set written here (PyTorch against
NumPy, so that the build reads both sides) with its hand-kept index, imported and built: no
warning the importer causes, every section under the parameter it names, the index as the
summary and the coverage.
"""

from __future__ import annotations

import json

import pytest
from conftest import importer_caused, main_body, run_build, visible_text

from sphinx_apidiff.cli import main

ADD = """\
.. _comparison-add:

==================
Add 差异对比
==================

.. panels::

  torch.add
  ^^^^^^^^^

  .. code-block:: python

     torch.add(input, other, *, alpha=1, out=None)

  更多请查看 :py:func:`torch.add`.

  ---

  numpy.add
  ^^^^^^^^^

  .. code-block:: python

     numpy.add(x1, x2, /, out=None, *, where=True)

  更多请查看 :py:func:`numpy.add`.

参数差异
--------

input 和 x1
~~~~~~~~~~~
两边的第一个加数名字不同。

alpha 参数
~~~~~~~~~~
NumPy 无乘数参数，先把 other 乘上去。

.. code-block::: python

   import numpy
   numpy.add(1, 2 * 3)

pin_memeory
~~~~~~~~~~~
一个并不存在的参数。

使用差异
--------

广播
~~~~

.. note::

   两边都按广播规则对齐形状。

.. code-block:: python

   这不是 Python 代码，只是说明。

更多见 :ref:`张量指南 <tensor-guide>`。

.. code-block:: python

   print("broadcast:", numpy.add(torch.ones(2).numpy(), [[1], [2]]).shape)

其他
----

.. code-block:: python

   print("sum:", torch.add(torch.ones(2), 1, alpha=2))

.. code-block:: python

   print(torch.add(a, b))
"""

INDEX = """\
.. _comparison:

==============
与 NumPy 对比
==============

Arithmetic
----------

.. list-table::
   :header-rows: 1

   * - Pytorch
     - MegEngine
     - Comment

   * - :py:func:`~torch.add`
     - :py:func:`~numpy.add`
     - :ref:`差异对比 <comparison-add>`
   * - :py:func:`~torch.sub`
     - :py:func:`~numpy.subtract`
     -
   * - :py:func:`~torch.lgamma`
     - :ref:`not-implemented`
     - NumPy 没有
   * - :py:func:`~torch.mul`
     - :py:func:`~numpy.multiply`
     - :ref:`差异对比 <comparison-mul>`
   * - cvtColor
     - :py:func:`~numpy.asarray`
     -

.. _not-implemented:

Not Implemented
---------------
"""


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("import-megengine")
    src = root / "src"
    (src / "comparison").mkdir(parents=True)
    (src / "comparison" / "add.rst").write_text(ADD, encoding="utf-8")
    (src / "comparison.rst").write_text(INDEX, encoding="utf-8")
    assert main(["import", "megengine", str(src), "-o", str(root / "out")]) == 0
    return root / "out"


@pytest.fixture(scope="module")
def build(imported):
    return run_build(imported)


def test_the_set_builds_without_a_warning_the_importer_causes(build):
    caused = importer_caused(build)
    assert caused == []


def test_each_section_is_the_note_of_its_parameter(imported, build):
    text = (imported / "comparison" / "add.rst").read_text("utf-8")
    assert ":rename: input=x1" in text
    assert "torch.add(input, other" not in text  # the printed signature is not frozen
    assert ".. code-block::: python" not in text  # shown now
    page = visible_text(build.page("comparison/add"))
    # the megengine house style: a subsection per parameter note, under 参数差异
    start = page.index("参数差异")
    assert start < page.index("alpha", start) < page.index("NumPy 无乘数参数")
    assert page.index("NumPy 无乘数参数") < page.index("numpy.add(1, 2 * 3)")
    for kept in (
        "两边的第一个加数名字不同。",
        "一个并不存在的参数。",
        "两边都按广播规则对齐形状。",
    ):
        assert kept in page, kept
    assert "这不是 Python 代码，只是说明。" in page
    assert "更多见 张量指南。" in page  # a link to the rest of the team's site: its words
    html = build.page("comparison/add")
    assert 'id="comparison-add"' in html  # the label kept: links to the page still land


def test_the_index_is_the_summary_and_the_coverage(imported, build):
    index = visible_text(build.page("comparison"))
    assert "torch.add" in index and "numpy.add" in index  # the summary row of the page
    notes = json.loads((imported / "apidiff-coverage-notes.json").read_text("utf-8"))
    assert notes["torch.sub"] == {"counterpart": "numpy.subtract"}
    assert notes["torch.lgamma"] == {"reason": "NumPy 没有"}
    assert "numpy.subtract" in index  # the coverage of torch, with the index's counterpart
    assert "comparison" in (imported / "index.rst").read_text("utf-8")


def test_the_report_says_what_became_of_each_part_and_row(imported):
    report = json.loads((imported / "import-report.json").read_text("utf-8"))
    (page,) = report["pages"]
    assert page["output"] == "comparison/add.rst"
    fates = {(p["kind"], p["line"]): p for p in page["parts"]}
    assert fates["note-section", 32] == {
        "kind": "note-section",
        "line": 32,
        "became": "note",
        "parameter": "input x1",
    }
    assert fates["note-section", 45]["reason"] == "a name no signature has"
    assert (
        fates["example", 42]["parameter"] == "alpha"
        and "code-block:::" in fates["example", 42]["fixed"]
    )
    assert fates["prose", 38]["became"] == "in-note"
    (link,) = [p for p in page["parts"] if p["kind"] == "reference"]
    assert link["target"] == "tensor-guide" and link["became"] == "text"
    assert ADD.splitlines()[link["line"] - 1].startswith("更多见")
    rows = [(row["line"], row["became"], row.get("reason")) for row in report["index"]["rows"]]
    assert report["index"]["page"] == "comparison.rst"
    assert (17, "summary", None) in rows
    assert (26, "reported", "comparison-mul: not imported") in rows
    assert (29, "reported", "no-api-path") in rows


def test_examples_that_can_run_run_in_their_note_and_after_the_comparison(imported, build):
    text = (imported / "comparison" / "add.rst").read_text("utf-8")
    assert (
        "      .. apidiff-example::\n         :requires: numpy, torch\n\n"
        "         import numpy\n         import torch\n\n         print("
    ) in text
    body = main_body(build.page("comparison/add"))
    passed = body.find_all("div", cls="apidiff-passed")
    outputs = [div.find("pre", cls="apidiff-output").text() for div in passed]
    assert sorted(outputs) == ["broadcast: (2, 2)\n", "sum: tensor([3., 3.])\n"]
    page = visible_text(build.page("comparison/add"))
    # in the note of its section; the one after the sections follows the cards, as the
    # team's page shows it; the fragment shown, not run
    assert page.index("两边都按广播规则对齐形状。") < page.index("broadcast:")
    assert page.index("numpy.add(") < page.index("sum:") < page.index("参数差异")
    assert "print(torch.add(a, b))" in page and len(passed) == 2
    report = json.loads((build.outdir / "apidiff-examples.json").read_text("utf-8"))
    assert report["summary"]["problems"] == 0  # nothing the author did not write fails
    imported_report = json.loads((imported / "import-report.json").read_text("utf-8"))
    fates = {p["line"]: p for p in imported_report["pages"][0]["parts"] if p["kind"] == "example"}
    assert [(f["became"], f.get("note")) for f in fates.values()] == [
        ("plain-block", "alpha"),  # written with three colons: shown, not run
        ("plain-block", "广播"),  # not Python
        ("executed", "广播"),
        ("executed", None),
        ("plain-block", None),  # a fragment
    ]


def test_a_second_import_is_byte_identical(imported, tmp_path):
    src = imported.parent / "src"
    assert main(["import", "megengine", str(src), "-o", str(tmp_path / "again")]) == 0
    for path in imported.rglob("*"):
        if path.is_file() and "_build" not in path.parts and path.suffix != ".pyc":
            assert (
                tmp_path / "again" / path.relative_to(imported)
            ).read_bytes() == path.read_bytes()
