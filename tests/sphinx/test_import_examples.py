"""``sphinx-apidiff import``'s examples, built: a PaddlePaddle-format page (written here) whose
"PyTorch / Paddle" block becomes two halves, the PyTorch half run (PyTorch is installed) and the
Paddle half skipped (PaddlePaddle is not), and whose fragment is shown as written, not run.
"""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import main_body, run_build, visible_text

from sphinx_apidiff.cli import main

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("torch") is None or importlib.util.find_spec("paddle") is not None,
    reason="needs PyTorch installed and PaddlePaddle not installed",
)

PAGE = """\
## [ torch 参数更多 ]torch.add

### [torch.add](https://example.invalid/torch.add)

```python
torch.add(input, other, *, alpha=1, out=None)
```

### [paddle.add](https://example.invalid/paddle.add)

```python
paddle.add(x, y, name=None)
```

PyTorch 相比 Paddle 支持更多其他参数，具体如下：

### 参数映射

| PyTorch | PaddlePaddle | 备注 |
| ------- | ------------ | ---- |
| input   | x     | 第一个加数，仅参数名不一致。 |
| other   | y     | 第二个加数，仅参数名不一致。 |
| alpha   | -     | other 的乘数，Paddle 无此参数，需要转写。 |
| out     | -     | 输出，Paddle 无此参数，需要转写。 |

### 转写示例

#### alpha：other 的乘数

```python
# PyTorch 写法
a = torch.tensor([1.0, 2.0])
print("sum:", torch.add(a, a, alpha=2))

# Paddle 写法
a = paddle.to_tensor([1.0, 2.0])
print("sum:", paddle.add(a, 2 * a))
```

#### out：指定输出

```python
# PyTorch 写法
torch.add(x, y, out=never_defined)

# Paddle 写法
paddle.assign(paddle.add(x, y), never_defined)
```
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("import-examples")
    src = root / "src" / "torch"
    src.mkdir(parents=True)
    (src / "torch.add.md").write_text(PAGE, encoding="utf-8")
    assert main(["import", "paddle", str(root / "src"), "-o", str(root / "out")]) == 0
    return root / "out", run_build(root / "out")


def test_the_pytorch_half_ran_and_the_paddle_half_was_skipped(built):
    _out, build = built
    body = main_body(build.page("torch/torch.add"))
    passed = body.find_all("div", cls="apidiff-passed")
    skipped = body.find_all("div", cls="apidiff-skipped")
    assert len(passed) == 1 and len(skipped) == 1
    left, right = passed[0], skipped[0]
    assert left.find(cls="code-block-caption").text().strip("¶ ") == "torch"
    assert "import torch\n\n# PyTorch 写法\na = torch.tensor" in left.find("pre").text()
    # what the PyTorch half printed, shown under it
    assert left.find("pre", cls="apidiff-output").text() == "sum: tensor([3., 6.])\n"
    assert right.find(cls="code-block-caption").text().strip("¶ ") == "paddle"
    assert "paddle.add(a, 2 * a)" in right.find("pre").text()  # shown, not run
    assert right.find("p", cls="apidiff-example-status").text() == (
        "not run: paddle is not installed"
    )
    assert not right.find_all("pre", cls="apidiff-output")
    report = json.loads((build.outdir / "apidiff-examples.json").read_text("utf-8"))
    assert report["summary"]["problems"] == 0  # nothing the author did not write fails


def test_a_fragment_is_shown_as_written_and_never_run(built):
    out, build = built
    text = visible_text(build.page("torch/torch.add"))
    assert "torch.add(x, y, out=never_defined)" in text
    examples = main_body(build.page("torch/torch.add")).find_all("div", cls="apidiff-example")
    assert len(examples) == 2 and all("never_defined" not in e.text() for e in examples)
    assert not [w for w in build.warning_lines() if "apidiff.example" in w]
    imported = json.loads((out / "import-report.json").read_text("utf-8"))
    fates = {p["line"]: p for p in imported["pages"][0]["parts"] if p["kind"] == "example"}
    assert fates[31]["became"] == "halves" and fates[31]["note"] == "alpha"
    assert fates[43] == {
        "kind": "example",
        "line": 43,
        "became": "plain-block",
        "reason": "left half at line 43: fragment: x, y, never_defined undefined",
        "note": "out",
        "parameter": "out",
    }
