"""``audit --run-examples`` runs exactly the blocks the importer writes as executed examples
(:func:`sphinx_apidiff.migrate.examples.classify` is the one definition of a block that can
run on its own), as the build would run them: the imports the page implies, ``:requires:``,
each half as a ``:side:``, an expected error as ``:raises:``; and every line of the code keeps
its page line.

Nothing runs here: the audit's specs are compared with the page the importer writes. The
pages are written here, in the teams' formats.
"""

from __future__ import annotations

import ast
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.migrate import read_page
from sphinx_apidiff.migrate.audit_examples import page_specs
from sphinx_apidiff.migrate.common import on_instance
from sphinx_apidiff.migrate.convert import convert_markdown
from sphinx_apidiff.migrate.convert_rst import convert_rst
from sphinx_apidiff.migrate.examples import analyse

PACKAGES = ("torch", "paddle")


# -- the classifier the audit uses, on what the audit's first check was tested with -----------


@pytest.mark.parametrize(
    "code",
    [
        "x = 1\nprint(x + 1)",
        "import numpy as np\nnp.zeros(2)",
        "from math import pi\nr = pi",
        "def f(a, *b, c=1, **d):\n    return a, b, c, d\nf(1)",
        "class A:\n    pass\nA()",
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print(e)",
        "ys = [x * 2 for x in range(3)]",
        "g = lambda a, *r, **k: a\ng(1)",
        "for i in range(2):\n    print(i)",
        'with open("notes.txt", "w") as fh:\n    fh.write("x")',
        "import numpy\na = numpy.zeros(2, dtype=float)",  # a type read, never called
        "try:\n    pass\nexcept ValueError:\n    pass",
    ],
)
def test_a_block_that_defines_every_name_runs_as_it_is(code):
    reading = analyse(code, PACKAGES)
    assert reading.reason == "" and reading.added == ()


def test_a_package_the_page_compares_or_its_usual_name_is_imported_before_the_block():
    reading = analyse("t = torch.ones(2)\np = paddle.ones([2])\nn = np.zeros(2)", PACKAGES)
    assert reading.added == ("import torch", "import paddle", "import numpy as np")
    assert reading.requires == ("torch", "paddle", "numpy")
    imported = analyse("import numpy\nx = torch.ones(1)", PACKAGES)
    assert imported.added == ("import torch",) and imported.requires == ("numpy", "torch")


@pytest.mark.parametrize(
    "code",
    [
        "y = torch.add(a, b)",  # a, b never defined
        "out = model(x)",
        "x = (1,",  # does not parse
        "result = ms.ops.zeros(2)",  # ms: no package of this page
        "print(undefined_name)",
        "y = torch.aminmax(input, dim=-1)",  # `input`: the parameter, not the builtin
    ],
)
def test_a_fragment_is_never_run(code):
    assert analyse(code, PACKAGES).reason


@given(st.text(max_size=200))
def test_any_text_can_run_or_says_why_never_an_error(text):
    reading = analyse(text, PACKAGES)
    assert reading.reason or all(line.startswith("import ") for line in reading.added)


def test_a_member_of_a_capwords_name_is_a_method_on_an_instance():
    assert on_instance("torch.Tensor.add") and on_instance("paddle.Tensor.histogram")
    assert not on_instance("torch.add") and not on_instance("torch.nn.functional.relu")
    assert not on_instance("torch.Tensor") and not on_instance("torch.ONNX.export")


# -- what the audit runs is what the importer executes -----------------------------------------

HEAD = """\
## [ 仅参数名不一致 ]torch.demo

### [torch.demo](https://example.invalid/torch.demo)

```python
torch.demo(input, dim)
```

### [paddle.demo](https://example.invalid/paddle.demo)

```python
paddle.demo(x, axis)
```

### 参数映射

| PyTorch | PaddlePaddle | 备注 |
| ------- | ------------ | ---- |
| input   | x            | 输入。 |
| dim     | axis         | 维度。 |

### 转写示例
"""

#: Blocks of every kind the importer tells apart: (language, code).
BLOCKS = [
    ("python", "x = torch.ones(2)\nprint(x)"),  # an implied import
    ("python", "import numpy\nprint(numpy.zeros(2))"),  # its own import
    ("python", "y = torch.add(a, b)"),  # a fragment
    ("python", "x = [1]\ny = x[3]\n# IndexError: list index out of range"),  # expected error
    ("python", "n = np.ones(2)\nn.sum()"),  # an alias, and a value to echo
    ("python", "# PyTorch 写法\nx = torch.ones(2)\n\n# Paddle 写法\nx = paddle.ones([2])"),
    ("python", "# PyTorch 写法\ny = torch.ones(a)\n\n# Paddle 写法\ny = paddle.ones([2])"),
    ("python", "# Paddle 写法\nz = paddle.ones([2])\n\n# PyTorch 写法\nz = torch.ones(2)"),
    ("python", "affine=False 时，表示不更新：\nm = 1"),  # prose in the code: no parse
    ("py", "print(1)"),
    ("", "print(2)"),  # no language given
    ("pycon", ">>> print(3)"),
    ("bash", "pip install torch"),
]


def markdown_page(blocks) -> str:
    text = HEAD
    for k, (language, code) in enumerate(blocks):
        heading = ("input", "dim", "其他")[k % 3]
        text += f"\n#### {heading}：示例 {k}\n\n```{language}\n{code}\n```\n"
    return text


_WRITTEN = re.compile(r"```\{apidiff-example\}\n((?::[^\n]*\n)*)\n(.*?)\n```(?:\n|$)", re.DOTALL)


def written_examples(text: str) -> list[tuple]:
    """Each ``apidiff-example`` of a written MyST page: its options and what its code does."""
    out = []
    for m in _WRITTEN.finditer(text):
        options = dict(
            (line[1:].split(":", 1)[0], line.split(":", 2)[2].strip())
            for line in m.group(1).splitlines()
        )
        out.append(_run(options, m.group(2)))
    return out


def _run(options: dict, code: str) -> tuple:
    requires = tuple(r.strip() for r in options.get("requires", "").split(",") if r.strip())
    return (
        options.get("side", ""),
        requires,
        options.get("raises", ""),
        "echo" in options,
        ast.dump(ast.parse(code)),  # the statements, not where they are written
    )


_RST_EXAMPLE = re.compile(r"^( *)\.\. apidiff-example::\s*$")


def written_rst_examples(text: str) -> list[tuple]:
    """Each ``apidiff-example`` of a written rst page: its options and what its code does."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = _RST_EXAMPLE.match(line)
        if not m:
            continue
        inner = len(m.group(1)) + 3
        end = i + 1
        while end < len(lines) and (not lines[end].strip() or lines[end][:inner].isspace()):
            end += 1
        body = [ln[inner:] for ln in lines[i + 1 : end]]
        count = next(k for k, ln in enumerate(body) if not ln.startswith(":"))
        options = {ln[1:].split(":", 1)[0]: ln.split(":", 2)[2].strip() for ln in body[:count]}
        options.pop("caption", None)  # how it is shown
        out.append(_run(options, "\n".join(body[count:])))
    return out


def audited_examples(text: str, fmt: str = "paddle") -> list[tuple]:
    """Each block the audit runs on the same page, in the same terms; and every line of its
    code is the page's line."""
    page_lines = text.splitlines()
    out = []
    for _block, unit, spec in page_specs(read_page(fmt, text, "demo")):
        for offset, line in enumerate(unit.code.splitlines()):
            assert page_lines[unit.line - 1 + offset].endswith(line)  # rst indents it
        code_lines = spec.code.splitlines()
        first = unit.line - spec.line  # the page's code starts here in what runs
        assert code_lines[first:] == unit.code.splitlines()
        options = {
            "side": spec.side,
            "requires": ", ".join(spec.requires),
            "raises": spec.raises,
        }
        options = {k: v for k, v in options.items() if v}
        if spec.echo:
            options["echo"] = ""
        out.append(_run(options, spec.code))
    return out


def test_the_audit_runs_what_the_importer_executes_halves_included():
    text = markdown_page(BLOCKS)
    written = convert_markdown(read_page("paddle", text, "demo.md"), lambda path: None).text
    audited = audited_examples(text)
    assert sorted(written_examples(written)) == sorted(audited)
    # every kind met: one block, two halves, an error shown on purpose, an echoed value
    sides = [run[0] for run in audited]
    assert sides.count("left") == sides.count("right") == 1
    assert ("IndexError" in [run[2] for run in audited]) and any(run[3] for run in audited)
    assert len(audited) == 8  # 1, 2, 4, 5, the two halves of 6, 8 (one piece), 10


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(BLOCKS), min_size=1, max_size=8))
def test_any_set_of_blocks_the_audit_runs_what_the_importer_executes(blocks):
    text = markdown_page(blocks)
    written = convert_markdown(read_page("paddle", text, "demo.md"), lambda path: None).text
    assert sorted(written_examples(written)) == sorted(audited_examples(text))


MEGENGINE = """\
==========
Demo 差异对比
==========

.. panels::

  torch.demo
  ^^^^^^^^^^

  .. code-block:: python

     torch.demo(input, dim)

  ---

  megengine.demo
  ^^^^^^^^^^^^^^

  .. code-block:: python

     megengine.demo(x, axis)

参数差异
--------
"""


def megengine_page(blocks, trailing) -> str:
    """A MegEngine page: the blocks in the notes of its sections (some in an admonition),
    then ``trailing`` after the sections, as on the team's pages."""
    text = MEGENGINE
    for k, (language, code) in enumerate(blocks):
        heading = ("input", "dim", "冻结")[k % 3]
        body = "\n".join(f"   {ln}" if ln else "" for ln in code.splitlines())
        directive = f".. code-block:: {language}".rstrip()
        if k % 2:
            body = "\n".join(f"   {ln}" if ln else "" for ln in body.splitlines())
            directive = f".. note::\n\n   {directive}"
        text += f"\n{heading}\n{'~' * 8}\n示例 {k}。\n\n{directive}\n\n{body}\n"
    text += "\n其他\n----\n"
    for language, code in trailing:
        body = "\n".join(f"   {ln}" if ln else "" for ln in code.splitlines())
        text += f"\n.. code-block:: {language}\n\n{body}\n".replace(":: \n", "::\n")
    return text


#: ... and MegEngine's halves (on its pages, ``paddle`` is no name the page implies).
MEGENGINE_BLOCKS = [
    *BLOCKS,
    ("python", "# PyTorch\nx = torch.ones(2)\n\n# MegEngine\nx = mge.tensor([1.0])"),
]


def test_on_a_megengine_page_too_in_its_notes_and_after_them():
    text = megengine_page(MEGENGINE_BLOCKS, MEGENGINE_BLOCKS)
    written = convert_rst(read_page("megengine", text, "demo.rst"), lambda path: None).text
    audited = audited_examples(text, "megengine")
    assert sorted(written_rst_examples(written)) == sorted(audited)
    # 1, 2, 4, 5, 10 and the two halves of the last, in the notes and after them
    assert len(audited) == 2 * 7 and [run[0] for run in audited].count("right") == 2


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(BLOCKS), max_size=6), st.lists(st.sampled_from(BLOCKS), max_size=3))
def test_any_megengine_page_the_audit_runs_what_the_importer_executes(blocks, trailing):
    text = megengine_page(blocks, trailing)
    written = convert_rst(read_page("megengine", text, "demo.rst"), lambda path: None).text
    assert sorted(written_rst_examples(written)) == sorted(audited_examples(text, "megengine"))
