"""What an imported example becomes (:mod:`sphinx_apidiff.migrate.examples`): a block that can
run is an executed example with the imports the page implies, the halves of a "PyTorch /
Paddle" block are two examples, a fragment stays a plain block; and where the converter puts
each example (under the note of the row its heading names).

The pages and blocks are written here, in the teams' formats (never copied from the corpora).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.migrate import read_page
from sphinx_apidiff.migrate.common import example
from sphinx_apidiff.migrate.convert import convert_markdown
from sphinx_apidiff.migrate.examples import analyse, classify, heading_keys, implied_import

PADDLE = ("paddle", "torch")


def block(code: str, language: str = "python", line: int = 10, fmt: str = "paddle"):
    return example(code.split("\n"), language, line, fmt, None, 0)


# -- one block ----------------------------------------------------------------------------------


def test_a_block_that_can_run_gets_the_imports_the_page_implies_before_its_code():
    code = "x = torch.ones(2)\ny = np.zeros(2)\nprint(x, y)  # [1. 1.]"
    fate = classify(block(code), PADDLE)
    assert fate.became == "executed"
    (unit,) = fate.units
    assert unit.added == ("import torch", "import numpy as np")
    assert unit.requires == ("torch", "numpy")
    assert unit.code == code  # byte for byte
    assert unit.text == "import torch\nimport numpy as np\n\n" + code


def test_a_fragment_stays_plain_and_says_which_names_nothing_defines():
    fate = classify(block("torch.add(x, y, alpha=2)"), PADDLE)
    assert (fate.became, fate.reason, fate.units) == (
        "plain-block",
        "fragment: x, y undefined",
        (),
    )


def test_a_block_that_does_not_parse_says_where():
    fate = classify(block("x = 1\ny = max(x，2)", line=20), PADDLE)
    assert fate.became == "plain-block"
    assert fate.reason.startswith("does not parse: invalid character") and "line 21" in fate.reason


def test_the_block_s_own_imports_are_required_not_the_standard_library():
    code = "import math\nimport torch\nfrom mindspore import Tensor\nprint(math.pi, torch, Tensor)"
    reading = analyse(code, ("mindspore",))
    assert reading.reason == "" and reading.added == ()
    assert reading.requires == ("torch", "mindspore")


def test_a_name_used_before_it_is_defined_is_a_fragment():
    assert analyse("print(y)\ny = 1").reason == "fragment: y undefined"
    assert analyse("total += 1").reason == "fragment: total undefined"
    assert analyse("x = x + 1").reason == "fragment: x undefined"
    assert analyse("x = 0\nx = x + 1").reason == ""


def test_scopes_are_python_s_own():
    late = "def f(a):\n    return a + b\n\nb = 2\nprint(f(1))"
    assert analyse(late).reason == ""  # b is looked up when f runs
    assert analyse("def f():\n    return z\n\nf()").reason == "fragment: z undefined"
    assert analyse("print([i * 2 for i in range(3)])").reason == ""
    assert analyse("print([i * k for i in range(3)])").reason == "fragment: k undefined"
    assert analyse("for i in range(2):\n    print(i)").reason == ""
    assert analyse("try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print(e)").reason == ""
    assert analyse("from torch import *\nprint(tensor([1]))").reason == ""


def test_what_python_refuses_to_compile_does_not_parse():
    assert analyse("return 1").reason.startswith("does not parse: 'return' outside function")


def test_only_blocks_marked_python_run():
    assert classify(block("print(1)", language="text")).reason == "not Python (text)"
    assert classify(block("print(1)", language="")).reason == "not Python (no language given)"
    assert classify(block("print(1)", language="py")).became == "executed"


def test_implied_imports_are_the_page_s_packages_and_their_usual_names():
    assert implied_import("paddle", PADDLE) == "import paddle"
    assert implied_import("numpy", ()) == "import numpy"
    assert implied_import("ms", ("mindspore",)) == "import mindspore as ms"
    assert implied_import("ms", PADDLE) is None  # not this page's framework
    assert implied_import("F", PADDLE) is None  # no convention is sure enough
    assert implied_import("x", PADDLE) is None


def test_an_error_the_comments_expect_is_raises_and_a_final_value_is_echoed():
    raising = classify(block("torch.tensor([1, 2]).take(torch.tensor([5]))\n# IndexError: out"))
    assert raising.units[0].raises == "IndexError"
    assert raising.units[0].echo  # the last statement is an expression
    options = [("requires", "torch"), ("raises", "IndexError"), ("echo", "")]
    assert raising.units[0].options() == options
    printed = classify(block("print(torch.ones(1))\n# tensor([1.])"))
    assert printed.units[0].raises == "" and not printed.units[0].echo


# -- halves ---------------------------------------------------------------------------------------

HALVES = """\
# PyTorch 写法
x = torch.tensor([1.0, 2.0])
y = torch.add(x, x, alpha=2)

# Paddle 写法
x = paddle.to_tensor([1.0, 2.0])
y = paddle.add(x, 2 * x)"""


def test_a_pytorch_paddle_block_becomes_two_halves_each_with_its_own_imports():
    fate = classify(block(HALVES, line=40), PADDLE)
    assert fate.became == "halves"
    left, right = fate.units
    assert (left.side, left.line, left.added, left.requires) == (
        "left",
        40,
        ("import torch",),
        ("torch",),
    )
    assert (right.side, right.line, right.added, right.requires) == (
        "right",
        44,
        ("import paddle",),
        ("paddle",),
    )
    assert left.code + "\n\n" + right.code == HALVES  # every line, in order, unchanged
    assert fate.report()["halves"][1] == {
        "line": 44,
        "requires": ["paddle"],
        "added": ["import paddle"],
        "side": "right",
    }


def test_one_half_a_fragment_keeps_the_whole_block_plain():
    code = "# PyTorch 写法\ny = torch.add(a, 1)\n\n# Paddle 写法\ny = paddle.add(a, 1)"
    fate = classify(block(code, line=5), PADDLE)
    assert (fate.became, fate.reason) == (
        "plain-block",
        "left half at line 5: fragment: a undefined",
    )


def test_halves_in_the_other_order_are_one_block():
    code = (
        "# MindSpore\nimport mindspore\nprint(mindspore)\n\n# PyTorch\nimport torch\nprint(torch)"
    )
    fate = classify(block(code, fmt="mindspore"), ("mindspore",))
    assert fate.became == "executed" and fate.units[0].requires == ("mindspore", "torch")


def test_heading_keys_name_the_parameters_then_the_whole_first_part():
    assert heading_keys("alpha：other 的乘数") == ("alpha",)
    assert heading_keys("dim0、dim1 参数： 转置的维度") == ("dim0", "dim1", "dim0、dim1 参数")
    assert heading_keys("返回值：数量") == ("返回值",)
    assert heading_keys("*tensors: 一组 Tensor") == ("tensors", "*tensors")


_LINES = st.sampled_from(
    [
        "x = torch.ones(2)",
        "print(x)",
        "y = paddle.to_tensor([1])",
        "torch.add(a, b, alpha=2)",
        "# PyTorch 写法",
        "# Paddle 写法",
        "",
        "for i in range(2):",
        "    print(i)",
        "affine=False 时，表示不更新：",
        "# [[1. 2.]]",
        "import numpy as np",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=12)), min_size=1, max_size=12))
def test_a_block_s_code_is_always_kept_whatever_it_becomes(lines):
    code = "\n".join(line.replace("\r", "") for line in lines)
    fate = classify(block(code), PADDLE)
    kept = code.splitlines()
    if fate.became == "plain-block":
        assert fate.units == () and fate.reason
        return
    written = "\n".join(unit.code for unit in fate.units).splitlines()
    assert [ln for ln in written if ln.strip()] == [ln for ln in kept if ln.strip()]
    for unit in fate.units:
        assert unit.text.endswith(unit.code)
        assert all(added.startswith("import ") for added in unit.added)


# -- the converted page ---------------------------------------------------------------------------

PAGE = """\
## [ 返回参数类型不一致 ]torch.Tensor.demo

### [torch.Tensor.demo](https://example.invalid/demo)

```python
torch.Tensor.demo(scale=1, *, out=None)
```

### [paddle.demo](https://example.invalid/paddle.demo)

```python
paddle.demo(x, scale=1, mode="fast”, name=None)
```

### 参数映射

| PyTorch | PaddlePaddle | 备注 |
| ------- | ------------ | ---- |
| self    | x     | 调用类方法的 Tensor。 |
| scale   | scale | 倍数。 |
| out     | -     | 输出，Paddle 无此参数。 |
| -       | mode  | 计算方式。 |
| 返回值  | 返回值 | 返回的类型不同。 |

### 转写示例

#### self：调用类方法的 Tensor

```python
# PyTorch 写法
x.demo()

# Paddle 写法
paddle.demo(x)
```

#### 返回值：类型

```python
# PyTorch 写法
x = torch.ones(2)
y = x * 2

# Paddle 写法
x = paddle.ones([2])
y = x * 2
```

#### out：指定输出

```python
print(torch.zeros(1))
```
"""


def test_the_converted_page_runs_what_can_run_and_places_each_example_under_its_row():
    page = read_page("paddle", PAGE, "demo.md")
    converted = convert_markdown(page, lambda path: None)  # no library: the printed names
    text = converted.text
    examples = {p["line"]: p for p in converted.parts if p["kind"] == "example"}
    rows = {p["line"]: p for p in converted.parts if p["kind"] == "row"}
    # the paddle signature has a curly quote, yet its names are read: every row is a note
    assert rows[20]["became"] == rows[21]["became"] == rows[22]["became"] == "note"
    assert rows[23]["became"] == "general-note"
    assert rows[19] == {
        "kind": "row",
        "line": 19,
        "became": "note",
        "parameter": "x",
        "reason": "self: the instance of the method",
    }
    assert "self=" not in text and "=x" not in text  # the engine pairs the instance itself
    # self: a fragment, under the note of x (the instance)
    assert examples[30] == {
        "kind": "example",
        "line": 30,
        "note": "x",
        "parameter": "self",
        "became": "plain-block",
        "reason": "left half at line 30: fragment: x undefined",
    }
    # the return row's example: halves under the return row's general note
    assert examples[40]["became"] == "halves" and examples[40]["note"] == "返回值 | 返回值"
    ret = text.index("````{apidiff-note} 返回值 | 返回值\n:general:")
    assert ret < text.index("```{apidiff-example}\n:side: left\n:requires: torch\n\nimport torch\n")
    assert "```{apidiff-example}\n:side: right\n:requires: paddle\n\nimport paddle\n" in text
    assert examples[52]["became"] == "executed" and examples[52]["parameter"] == "out"
    assert (
        "```{apidiff-example}\n:requires: torch\n\nimport torch\n\nprint(torch.zeros(1))\n```"
        in text
    )
    for kept in (PAGE.split("```python\n")[i].split("```")[0] for i in (3, 4, 5)):
        for line in kept.splitlines():
            assert line in text.splitlines(), line


def test_a_condition_runs_before_its_body_and_builtins_used_as_data_are_placeholders():
    code = "if size_average is None:\n    size_average = True\nprint(size_average)"
    assert analyse(code).reason == "fragment: size_average undefined"
    assert analyse("flag = 1\nif flag:\n    seen = 2\nprint(seen)").reason == ""
    assert analyse("y = torch.aminmax(input, dim=-1)", PADDLE).reason == "fragment: input undefined"
    assert analyse("print(sorted(['bb', 'a'], key=len), list(map(str, [1])))").reason == ""


def test_code_too_deep_to_compile_is_a_plain_block_not_a_crash():
    reading = analyse("x = " + "(" * 500 + "1" + ")" * 500)
    assert reading.reason.startswith("does not parse")


PARTLY = """\
## [ 输入参数用法不一致 ]torch.demo.norm

### [torch.demo.norm](https://example.invalid/norm)

```python
torch.demo.norm(features, track=True, eps=1e-5)
```

### [paddle.demo.norm](https://example.invalid/paddle.norm)

```python
paddle.demo.norm(features, epsilon=1e-5)
```

### 参数映射

| PyTorch | PaddlePaddle | 备注 |
| ------- | ------------ | ---- |
| features | features  | 通道数。 |
| track    | use_stats | 是否使用全局统计量。 |
| eps      | epsilon   | 稳定项。 |
| gamma    | -         | 不存在的参数。 |
"""


def test_a_row_with_a_name_the_signatures_lack_is_a_note_on_the_names_they_have():
    converted = convert_markdown(read_page("paddle", PARTLY, "norm.md"), lambda path: None)
    rows = {p["line"]: p for p in converted.parts if p["kind"] == "row"}
    assert rows[20] == {
        "kind": "row",
        "line": 20,
        "became": "note",
        "parameter": "track",
        "reason": "use_stats: a name no signature has",
    }
    assert ":rename: eps=epsilon\n" in converted.text  # no rename for track: not in the signature
    assert "````{apidiff-note} track\n\n是否使用全局统计量。\n````" in converted.text
    assert rows[22]["became"] == "general-note"  # none of its names: a general note
    assert "````{apidiff-note} gamma → -\n:general:" in converted.text
