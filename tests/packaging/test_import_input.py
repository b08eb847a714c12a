"""``sphinx-apidiff import`` and ``audit`` on bad input and on a second run: one line on stderr
and exit 2 (never a traceback, never a file written outside ``OUT``); a page of a folder that
cannot be read is reported and the rest go on; the same import twice is a no-op; importing
the output again is recognised ("already converted").

The pages are written here (PyTorch against NumPy, so that both sides are read live).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from sphinx_apidiff.cli import main
from sphinx_apidiff.cli_audit import audit_set
from sphinx_apidiff.cli_import import ALREADY_CONVERTED

SUM = """\
## [ 仅参数名不一致 ]torch.sum

### [torch.sum](https://example.invalid/torch.sum)

```python
torch.sum(input, dim, keepdim=False, *, dtype=None)
```

### [numpy.sum](https://example.invalid/numpy.sum)

```python
numpy.sum(a, axis=None, dtype=None, out=None, keepdims=False)
```

### 参数映射

| PyTorch | NumPy | 备注 |
| ------- | ----- | ---- |
| input   | a     | 输入。 |
| dim     | axis  | 求和的维度。 |
| keepdim | keepdims | 是否保留维度。 |
"""

MEAN = SUM.replace("torch.sum", "torch.mean").replace("numpy.sum", "numpy.mean")

#: A MindSpore page: another format than PaddlePaddle's.
MINDSPORE = """\
# 比较与torch.sum的差异

## torch.sum

```python
torch.sum(input, dim)
```

## mindspore.ops.sum

```python
mindspore.ops.sum(input, dim=None)
```

## 差异对比

| 分类 | 子类 | PyTorch | MindSpore | 差异 |
| --- | --- | --- | --- | --- |
| 参数 | 参数1 | input | input | - |
"""

#: A MegEngine page (rst).
MEGENGINE = """\
Sum 差异对比
============

.. panels::

   torch.sum
   ^^^^^^^^^
   .. code-block:: python

      torch.sum(input, dim)
"""

README = "# Our docs\n\nHow to write a mapping page.\n"


def write(root: Path, pages: dict[str, str | bytes]) -> Path:
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (links not followed) and its bytes."""
    files = {}
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if not path.is_symlink():
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


def refused(capsys, argv: list[str], *words: str) -> str:
    """Run ``argv``: exit 2, one line on stderr with ``words``, no traceback."""
    capsys.readouterr()
    assert main(argv) == 2
    captured = capsys.readouterr()
    err = captured.err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("sphinx-apidiff: error: ") and "Traceback" not in err
    for word in words:
        assert word in err, (word, err)
    return err


def page_of(report: dict, name: str) -> dict:
    (entry,) = [e for e in report["pages"] if e["page"] == name]
    return entry


# -------------------------------------------------------------------- bad input: exit 2


@pytest.mark.parametrize(
    "pages, given, words",
    [
        ({"ms.md": MINDSPORE}, "ms.md", ["ms.md", "not a paddle comparison page"]),
        ({"README.md": README}, "README.md", ["not a paddle comparison page"]),
        ({"sum.rst": MEGENGINE}, "sum.rst", ["not a paddle page", "expected a .md file"]),
        ({"sum.md": MEGENGINE}, "sum.md", ["not a paddle comparison page"]),
        (
            {"latin.md": b"## [ x ]torch.t\n\xe9t\xe9\n"},
            "latin.md",
            ["not UTF-8 text (line 2, byte 16)"],
        ),
        ({"meg/sum.rst": MEGENGINE}, "meg", ["no .md page in this folder"]),
        ({"a.md": README, "b.md": MINDSPORE}, ".", ["no paddle comparison page to convert"]),
        ({"a.md": b"\xff\xfe"}, ".", ["no paddle comparison page to convert", "not UTF-8"]),
        ({}, "nowhere", ["no such file or folder"]),
    ],
)
def test_bad_src_is_one_line_status_2_and_nothing_written(tmp_path, capsys, pages, given, words):
    src = write(tmp_path / "src", pages) if pages else tmp_path / "src"
    src.mkdir(exist_ok=True)
    before = tree(tmp_path)
    refused(capsys, ["import", "paddle", str(src / given), "-o", str(tmp_path / "out")], *words)
    assert tree(tmp_path) == before and not (tmp_path / "out").exists()
    if given != ".":  # the audit of a single file or a missing path refuses it alike
        refused(capsys, ["audit", "paddle", str(src / given)], *words)


def test_an_empty_folder(tmp_path, capsys):
    (tmp_path / "src").mkdir()
    refused(
        capsys, ["import", "paddle", str(tmp_path / "src"), "-o", str(tmp_path / "o")], "no .md"
    )
    refused(capsys, ["audit", "paddle", str(tmp_path / "src")], "no .md page in this folder")
    assert not (tmp_path / "o").exists()


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="needs Linux's /proc")
def test_a_file_that_cannot_be_read(tmp_path, capsys):
    # /proc/self/mem exists and cannot be read from its start, even by root
    (tmp_path / "mem.md").symlink_to("/proc/self/mem")
    before = tree(tmp_path)
    argv = ["import", "paddle", str(tmp_path / "mem.md"), "-o", str(tmp_path / "out")]
    refused(capsys, argv, "mem.md", "cannot be read")
    refused(capsys, ["audit", "paddle", str(tmp_path / "mem.md")], "cannot be read")
    assert tree(tmp_path) == before


@pytest.mark.parametrize("inside", ["out", "", "a/b"])
def test_out_inside_src(tmp_path, capsys, inside):
    src = write(tmp_path / "src", {"sum.md": SUM})
    before = tree(tmp_path)
    out = src / inside if inside else src
    refused(capsys, ["import", "paddle", str(out), "-o", str(out)], "must not be inside SRC")
    refused(capsys, ["import", "paddle", str(src), "-o", str(out)], "must not be inside SRC")
    assert tree(tmp_path) == before


def test_out_that_is_a_file(tmp_path, capsys):
    src = write(tmp_path / "src", {"sum.md": SUM})
    out = write(tmp_path, {"out": "mine\n"}) / "out"
    refused(capsys, ["import", "paddle", str(src), "-o", str(out)], "OUT is a file")
    assert out.read_text("utf-8") == "mine\n"


def test_a_link_in_out_that_leaves_it_is_never_written_through(tmp_path, capsys):
    src = write(tmp_path / "src", {"torch/sum.md": SUM})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "torch").symlink_to(elsewhere, target_is_directory=True)
    refused(capsys, ["import", "paddle", str(src), "-o", str(tmp_path / "out")], "outside")
    assert list(elsewhere.iterdir()) == [] and tree(tmp_path / "out") == {}


def test_out_around_src_never_overwrites_a_page_of_src(tmp_path, capsys):
    # SRC = OUT/raw: its page raw/raw/sum.md would be written to OUT/raw/sum.md, a page of SRC
    src = write(tmp_path / "out" / "raw", {"raw/sum.md": SUM, "sum.md": MEAN})
    before = tree(tmp_path)
    refused(
        capsys,
        ["import", "paddle", str(src), "-o", str(tmp_path / "out"), "--force"],
        "would overwrite a page of SRC",
    )
    assert tree(tmp_path) == before


# ------------------------------------------------------------- a folder with a bad page


def test_in_a_folder_a_bad_page_is_reported_and_the_rest_go_on(tmp_path, capsys):
    outside = write(tmp_path / "outside", {"secret.md": SUM}) / "secret.md"
    src = write(
        tmp_path / "src",
        {
            "torch/sum.md": SUM,
            "torch/latin.md": b"## [ x ]torch.t\n\xe9\n",
            "README.md": README,
            "ms/sum.md": MINDSPORE,
        },
    )
    (src / "torch" / "link.md").symlink_to(outside)
    (src / "torch" / "loop.md").symlink_to(src / "torch" / "loop.md")
    capsys.readouterr()
    assert main(["import", "paddle", str(src), "-o", str(tmp_path / "out")]) == 1
    said = capsys.readouterr()
    assert said.err == "" and "1 page converted" in said.out and "1 not read" in said.out
    out = tmp_path / "out"
    report = json.loads((out / "import-report.json").read_text("utf-8"))
    assert page_of(report, "torch/sum.md")["output"] == "torch/sum.md"
    assert "not UTF-8 text (line 2, byte 16)" in page_of(report, "torch/latin.md")["error"]
    assert page_of(report, "README.md")["skipped"] == "not a paddle comparison page"
    assert page_of(report, "ms/sum.md")["skipped"] == "not a paddle comparison page"
    assert page_of(report, "torch/link.md")["skipped"].startswith("a link to a file outside SRC")
    assert page_of(report, "torch/loop.md")["skipped"] == "a link that cannot be followed"
    assert sorted(tree(out)) == ["conf.py", "import-report.json", "index.rst", "torch/sum.md"]
    assert "torch/sum" in (out / "index.rst").read_text("utf-8")
    # the audit of the same folder: one finding for each file it could not audit
    findings, pages = audit_set("paddle", src)
    codes = {(f.page, f.code) for f in findings}
    assert {
        ("torch/latin.md", "page-unreadable"),
        ("torch/link.md", "page-skipped"),
        ("torch/loop.md", "page-skipped"),
        ("README.md", "not-a-comparison-page"),
    } <= codes
    assert pages == 4


# ------------------------------------------------------------ a second run; the output


def test_the_same_import_twice_is_a_no_op_and_only_changes_need_force(tmp_path, capsys):
    src = write(tmp_path / "src", {"torch/sum.md": SUM, "torch/mean.md": MEAN})
    out = tmp_path / "out"
    argv = ["import", "paddle", str(src), "-o", str(out)]
    assert main(argv) == 0
    first = tree(out)
    stamps = {p: (out / p).stat().st_mtime_ns for p in first}
    capsys.readouterr()
    assert main(argv) == 0  # no --force needed: nothing would change (torch/index.md too)
    assert "0 files written, 6 unchanged" in capsys.readouterr().out
    assert tree(out) == first
    assert {p: (out / p).stat().st_mtime_ns for p in first} == stamps  # not even rewritten
    # one source page changes: only its output would change, and only it needs --force
    (src / "torch" / "mean.md").write_text(MEAN.replace("求和的维度。", "平均的维度。"), "utf-8")
    err = refused(capsys, argv, "1 file that would change", "mean.md", "--force")
    assert "sum.md" not in err and tree(out) == first
    assert main([*argv, "--force"]) == 0
    assert "1 file written, 5 unchanged" in capsys.readouterr().out
    assert "平均的维度。" in (out / "torch" / "mean.md").read_text("utf-8")
    assert (out / "torch" / "sum.md").stat().st_mtime_ns == stamps["torch/sum.md"]


def test_output_is_byte_identical_across_runs_and_folders(tmp_path):
    src = write(tmp_path / "src", {"torch/sum.md": SUM, "mean.md": MEAN, "README.md": README})
    for name in ("one", "two"):
        assert main(["import", "paddle", str(src), "-o", str(tmp_path / name)]) == 0
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


MISSING = """\
## [ 功能缺失 ] torch.Tensor.int_repr

### [torch.Tensor.int_repr](https://example.invalid/int_repr)

```python
torch.Tensor.int_repr()
```

NumPy 当前无对应功能。
"""


#: The team's mapping index, as their tool generates it.
INDEX = """\
# 映射表

| 序号 | Pytorch 最新 release | Paddle develop | 映射关系分类 | 备注 |
| --- | --- | --- | --- | --- |
| 1 | [`torch.sum`](https://example.invalid/sum) | [`numpy.sum`](https://example.invalid/n) \
| 仅参数名不一致 | [详细对比](torch/sum.md) |
"""


def test_importing_the_output_again_is_recognised(tmp_path, capsys):
    src = write(
        tmp_path / "src", {"torch/sum.md": SUM, "int_repr.md": MISSING, "mapping.md": INDEX}
    )
    out = tmp_path / "out"
    assert main(["import", "paddle", str(src), "-o", str(out)]) == 0
    capsys.readouterr()
    # a page with no counterpart holds no apidiff directive: the report says it is an output
    assert "{apidiff" not in (out / "int_repr.md").read_text("utf-8")
    assert "index" in json.loads((out / "import-report.json").read_text("utf-8"))
    for given in (out, out / "torch" / "sum.md", out / "int_repr.md"):
        assert main(["import", "paddle", str(given), "-o", str(tmp_path / "again")]) == 0
        said = capsys.readouterr().out
        assert "nothing to import" in said and "already converted" in said
        assert not (tmp_path / "again").exists()
    # a folder of both: the hand-written page converted, the apidiff page left as it is
    (src / "done.md").write_bytes((out / "torch" / "sum.md").read_bytes())
    assert main(["import", "paddle", str(src), "-o", str(tmp_path / "mixed")]) == 0
    report = json.loads((tmp_path / "mixed" / "import-report.json").read_text("utf-8"))
    assert page_of(report, "done.md")["skipped"] == ALREADY_CONVERTED
    assert not (tmp_path / "mixed" / "done.md").exists()
    # the audit: a single apidiff page is refused, one in a folder is not audited
    refused(capsys, ["audit", "paddle", str(src / "done.md")], "already an apidiff page")
    findings, _ = audit_set("paddle", src)
    assert [(f.code, f.page_says) for f in findings if f.page == "done.md"] == [
        ("not-a-comparison-page", "an apidiff page")
    ]
