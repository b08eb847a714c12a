"""The readers of hand-written comparison pages (PaddlePaddle, MindSpore, MegEngine): every part
with its line, and every construct they do not know reported by kind.

The pages are written here, in each team's format (never copied from the shared corpora).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.migrate import FORMATS, read_page
from sphinx_apidiff.migrate.model import PrintedSignature
from sphinx_apidiff.migrate.printed import read_printed

PADDLE_PAGE = """\
## [ torch 参数更多 ]torch.demo.scale

### [torch.demo.scale](https://example.invalid/torch.demo.scale)

```python
torch.demo.scale(input,
                 factor=2,
                 *,
                 out=None)
```

### [paddle.demo.scale](https://example.invalid/paddle.demo.scale)

```python
paddle.demo.scale(x, factor=2, name=None)
```

PyTorch 相比 Paddle 支持更多其他参数，具体如下：

### 参数映射

| PyTorch | PaddlePaddle | 备注 |
| ------- | ------------ | ---- |
| <font color='red'>input</font> | x | 输入，仅参数名不一致。 |
| factor  | factor | 倍数。 |
| out     | -      | 输出，Paddle 无此参数，需要转写。 |
| 返回值   | 返回值  | 类型不同。 |

### 转写示例

#### out：指定输出

```python
# PyTorch 写法
torch.demo.scale(a, out=b)

# Paddle 写法
paddle.assign(paddle.demo.scale(a), b)
```

### 其他说明

一段说明。
"""


def test_paddle_page_every_part_with_its_line():
    page = read_page("paddle", PADDLE_PAGE, "p.md")
    assert (page.title_api, page.category, page.title_line) == (
        "torch.demo.scale",
        "torch 参数更多",
        1,
    )
    (pair,) = page.pairs
    assert (pair.left.api, pair.left.line, pair.left.url) == (
        "torch.demo.scale",
        3,
        "https://example.invalid/torch.demo.scale",
    )
    assert pair.left.signature.line == 6
    assert pair.left.signature.parameter_line("out") == 9
    assert pair.right.api == "paddle.demo.scale"
    assert pair.table_line == 22
    rows = [(r.left, r.right, r.line, r.group) for r in pair.rows]
    assert rows == [
        (("input",), ("x",), 24, "parameter"),
        (("factor",), ("factor",), 25, "parameter"),
        (("out",), (), 26, "parameter"),
        ((), (), 27, "return"),
    ]
    (block,) = page.examples
    assert (block.heading, block.heading_line, block.line, block.language) == (
        "out：指定输出",
        31,
        34,
        "python",
    )
    assert [(h.side, h.label, h.line) for h in block.halves] == [
        ("left", "PyTorch", 34),
        ("right", "Paddle", 37),
    ]
    assert block.halves[1].code == "paddle.assign(paddle.demo.scale(a), b)"
    # a heading the format does not have: kept as a note, and reported
    assert [(u.kind, u.line) for u in page.unrecognised] == [("heading", 41)]
    assert page.notes[0].text == "一段说明。"


def test_paddle_page_several_comparisons_and_a_missing_side():
    text = (
        "## [ 功能缺失 ]torch.demo.f\n\n### [torch.demo.f](u)\n\n```python\ntorch.demo.f(a)\n```\n\n"
        "### []()\n\n---\n\n### [torch.demo.f](u)\n\n```python\ntorch.demo.f(a, b)\n```\n\n"
        "### [paddle.g](v)\n\n```python\npaddle.g(a, b)\n```\n"
    )
    page = read_page("paddle", text)
    assert [(p.left.signature.line, p.right.api) for p in page.pairs] == [(6, ""), (16, "paddle.g")]
    assert [(link.text, link.url, link.line) for link in page.links if not link.url] == [
        ("", "", 9)
    ]


MINDSPORE_PAGE = """\
# 比较与torch.demo.Pool的差异

## torch.demo.Pool

```text
class torch.demo.Pool(
    kernel,
    stride=None
)(input) -> Tensor
```

更多内容详见[torch.demo.Pool](https://example.invalid/t)。

## mindspore.demo.Pool

```text
class mindspore.demo.Pool(kernel_size, strides=1)(x) -> Tensor
```

更多内容详见[mindspore.demo.Pool](https://example.invalid/m)。

## 差异对比

说明。

### 填充差异

kernel 的说明。

| 分类 | 子类 | PyTorch | MindSpore | 差异 |
| --- | --- | --- | --- | --- |
| 参数 | 参数1 | kernel | kernel_size | 功能一致，参数名不同 |
| | 参数2 | stride | strides | 默认值不同 |
| 输入 | 单输入 | input | x | 功能一致 |

### 代码示例1

```python
# PyTorch
import torch
y = torch.demo.Pool(2)

# MindSpore
import mindspore
y = mindspore.demo.Pool(2)
```
"""


def test_mindspore_page_five_column_table_and_halves():
    page = read_page("mindspore", MINDSPORE_PAGE, "m.md")
    assert page.title_api == "torch.demo.Pool"
    (pair,) = page.pairs
    assert (pair.left.url, pair.right.url) == (
        "https://example.invalid/t",
        "https://example.invalid/m",
    )
    reading = read_printed(pair.left.signature)
    assert [p.name for p in reading.overloads[0].parameters] == ["kernel", "stride"]
    assert reading.call.parameters[0].name == "input"
    assert [(r.left, r.right, r.group, r.line) for r in pair.rows] == [
        (("kernel",), ("kernel_size",), "parameter", 32),
        (("stride",), ("strides",), "parameter", 33),
        (("input",), ("x",), "input", 34),
    ]
    assert page.notes[0].heading == "填充差异" and page.notes[0].text == "kernel 的说明。"
    (block,) = page.examples
    assert block.heading == "代码示例1"
    assert [h.side for h in block.halves] == ["left", "right"]
    assert page.unrecognised == ()


MEGENGINE_PAGE = """\
.. _comparison-demo:

=========================
Demo 差异对比
=========================

.. panels::

  torch.demo.Demo
  ^^^^^^^^^^^^^^^

  .. code-block:: python

     torch.demo.Demo(
        size,
        scale=1.0
     )

  更多请查看 :py:class:`torch.demo.Demo`.

  ---

  megengine.demo.Demo
  ^^^^^^^^^^^^^^^^^^^

  .. code-block:: python

     megengine.demo.Demo(
        size,
        ** kwargs
     )

  更多请查看 :py:class:`megengine.demo.Demo`.

参数差异
--------

scale 参数
~~~~~~~~~~
PyTorch 中有 ``scale``，MegEngine 无此参数。

.. warning::

   注意。

.. code-block::: python

    import torch

.. unknowndirective:: x
"""


def test_megengine_page_cards_notes_and_an_invisible_example():
    page = read_page("megengine", MEGENGINE_PAGE, "d.rst")
    assert (page.title, page.title_line, page.title_api) == ("Demo 差异对比", 4, "Demo")
    (pair,) = page.pairs
    assert (pair.left.api, pair.left.line, pair.left.signature.line) == ("torch.demo.Demo", 9, 14)
    assert pair.right.signature.parameter_line("kwargs") == 30
    (note,) = page.notes
    assert (note.heading, note.line, note.parameters) == ("scale 参数", 38, ("scale",))
    assert ".. warning::" in note.text and "注意。" in note.text
    (block,) = page.examples
    assert block.problem and block.line == 48 and block.code == "import torch"
    assert [(u.kind, u.line) for u in page.unrecognised] == [("directive:unknowndirective", 50)]
    assert [link.text for link in page.links] == ["torch.demo.Demo", "megengine.demo.Demo"]


def test_a_page_of_another_shape_is_reported_not_dropped():
    page = read_page("paddle", "# Some notes\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    assert page.title_api is None
    assert [u.kind for u in page.unrecognised] == ["title", "table"]


def test_printed_signatures_the_teams_write():
    def read(text):
        return read_printed(PrintedSignature(tuple(text.splitlines()), 1))

    assert read("torch.Tensor.uniform_(from=0, to=1)").overloads[0].parameters[0].name == "from"
    assert read("torch.Tensor.T").attribute
    assert read("f(a, b=1\n  c=2)").error
    assert read('f(mode="x”)').error
    assert len(read("f(a)\nf(a, b)").overloads) == 2
    assert read("megengine.m.X(a, ** kwargs)").overloads[0].parameters[1].name == "kwargs"


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(sorted(FORMATS)), st.text(max_size=400))
def test_no_text_makes_a_reader_raise(fmt, text):
    page = read_page(fmt, text)
    assert page.format == fmt
    lines = len(text.splitlines()) or 1
    for item in (*page.unrecognised, *page.examples, *page.links):
        assert 1 <= item.line <= lines + 1
