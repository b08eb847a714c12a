"""``sphinx-apidiff import``: a hand-written PaddlePaddle-format set (written here, comparing
PyTorch with NumPy so that the build reads both sides) converted to MyST ``apidiff`` pages that
build without a warning the importer causes, every note and example kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import importer_caused, run_build, visible_text

from sphinx_apidiff.cli import main

ADD = """\
## [ torch 参数更多 ]torch.add

### [torch.add](https://example.invalid/torch.add)

```python
torch.add(input, other, *, alpha=1, out=None)
```

### [numpy.add](https://example.invalid/numpy.add)

```python
numpy.add(x1, x2, /, out=None, *, where=True)
```

两者的差异如下：

### 参数映射

| PyTorch | NumPy | 备注 |
| ------- | ----- | ---- |
| input   | x1    | 第一个加数。 |
| other   | x2    | 第二个加数。 |
| alpha   | -     | 乘数，NumPy 无此参数，需要转写。 |
| pin_memeory | - | 一个并不存在的参数。 |
| out     | out   | 输出。 |

### 转写示例

#### alpha：乘数

```python
# PyTorch 写法
torch.add(a, b, alpha=2)

# NumPy 写法
numpy.add(a, 2 * b)
```

#### 其他

```python
affine=False 时，表示不更新：
x = 1
```
"""
MISSING = """\
## [ 功能缺失 ] torch.Tensor.int_repr

### [torch.Tensor.int_repr](https://example.invalid/int_repr)

```python
torch.Tensor.int_repr()
```

NumPy 当前无对应功能。

| 状态 | 含义 |
| --- | --- |
| 训练 | 更新统计量 |
"""


def write(root: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    root = tmp_path_factory.mktemp("import")
    src = write(
        root / "src", {"torch/torch.add.md": ADD, "Tensor/torch.Tensor.int_repr.md": MISSING}
    )
    assert main(["import", "paddle", str(src), "-o", str(root / "out")]) == 0
    return root


def test_the_pages_build_without_a_warning_the_importer_causes(imported):
    out = imported / "out"
    build = run_build(out)
    caused = importer_caused(build)
    assert caused == []
    page = visible_text(build.page("torch/torch.add"))
    for kept in (
        "第一个加数。",
        "乘数，NumPy 无此参数，需要转写。",
        "一个并不存在的参数。",
        "numpy.add(a, 2 * b)",
        "affine=False 时，表示不更新：",
        "两者的差异如下：",
    ):
        assert kept in page, kept
    missing = visible_text(build.page("Tensor/torch.Tensor.int_repr"))
    assert "NumPy 当前无对应功能。" in missing and "更新统计量" in missing  # a table kept


def test_what_the_page_says_and_the_report(imported):
    out = imported / "out"
    text = (out / "torch" / "torch.add.md").read_text("utf-8")
    assert "torch.add(input, other" not in text  # printed signatures are not frozen
    assert ":rename: input=x1, other=x2, alpha=" in text
    assert "````{apidiff-note} alpha" in text
    assert "````{apidiff-note} pin_memeory → -\n:general:" in text
    assert "```text\naffine=False" in text  # not Python: kept, not highlighted
    # the sentence that introduces the table introduces the comparison, not follows it
    assert text.index("两者的差异如下：") < text.index("`{apidiff} torch.add numpy.add")
    report = json.loads((out / "import-report.json").read_text("utf-8"))
    (add,) = [p for p in report["pages"] if p["page"] == "torch/torch.add.md"]
    fates = {(p["kind"], p["line"]): p["became"] for p in add["parts"]}
    assert fates["row", 22] == "note" and fates["row", 24] == "general-note"
    examples = {p["line"]: p for p in add["parts"] if p["kind"] == "example"}
    assert examples[32]["note"] == "alpha"  # under the note of the row its heading names
    assert examples[32]["became"] == "plain-block"  # torch.add(a, b, alpha=2): a fragment
    assert examples[32]["reason"] == "fragment: a, b undefined"
    assert examples[42]["became"] == "plain-block" and "does not parse" in examples[42]["reason"]
    assert (out / "conf.py").exists() and "torch/torch.add" in (out / "index.rst").read_text()


def test_output_is_byte_identical_and_never_overwritten(imported, tmp_path, capsys):
    src = imported / "src"
    assert main(["import", "paddle", str(src), "-o", str(tmp_path / "again")]) == 0
    for path in (imported / "out").rglob("*"):
        if path.is_file() and "_build" not in path.parts and path.suffix != ".pyc":
            twin = tmp_path / "again" / path.relative_to(imported / "out")
            assert twin.read_bytes() == path.read_bytes(), path
    capsys.readouterr()
    (tmp_path / "again" / "index.rst").write_text("mine\n", encoding="utf-8")
    assert main(["import", "paddle", str(src), "-o", str(tmp_path / "again")]) == 2
    assert "pass --force" in capsys.readouterr().err
    assert (tmp_path / "again" / "index.rst").read_text("utf-8") == "mine\n"
    assert main(["import", "paddle", str(src), "-o", str(tmp_path / "again"), "--force"]) == 0


def test_out_inside_src_and_other_bad_input(tmp_path, capsys):
    src = write(tmp_path / "src", {"a.md": ADD})
    assert main(["import", "paddle", str(src), "-o", str(src / "out")]) == 2
    assert "must not be inside SRC" in capsys.readouterr().err
    assert not (src / "out").exists()
    assert main(["import", "paddle", str(tmp_path / "none"), "-o", str(tmp_path / "o")]) == 2
    (tmp_path / "empty").mkdir()
    assert main(["import", "paddle", str(tmp_path / "empty"), "-o", str(tmp_path / "o")]) == 2
    assert not (tmp_path / "o").exists()
