"""``sphinx-apidiff audit``: a hand-written set checked against live PyTorch (the other side's
library is not installed here, so its checks are the page's own), finding by finding, with the
seeded-fault measure of ``bench/audit_faults.py`` on pages this test writes.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.cli import main
from sphinx_apidiff.cli_audit import audit_set
from sphinx_apidiff.migrate import read_page
from sphinx_apidiff.migrate.audit import CODES, Libraries, audit_page, load_schema

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from audit_faults import faults


def paddle_page(category, torch_api, torch_sig, paddle_api, paddle_sig, rows, examples=""):
    table = "\n".join(f"| {a} | {b} | {c} |" for a, b, c in rows)
    return (
        f"## [ {category} ]{torch_api}\n\n"
        f"### [{torch_api}](https://example.invalid/t)\n\n```python\n{torch_sig}\n```\n\n"
        f"### [{paddle_api}](https://example.invalid/p)\n\n```python\n{paddle_sig}\n```\n\n"
        "两者的差异如下：\n\n### 参数映射\n\n"
        "| PyTorch | PaddlePaddle | 备注 |\n| --- | --- | --- |\n"
        f"{table}\n" + examples
    )


ADD = paddle_page(
    "torch 参数更多",
    "torch.add",
    "torch.add(input,\n          other,\n          *,\n          alpha=1,\n          out=None)",
    "paddle.add",
    "paddle.add(x, y, name=None)",
    [
        ("input", "x", "输入。"),
        ("other", "y", "另一个输入。"),
        ("alpha", "-", "乘数，Paddle 无此参数，需要转写。"),
        ("out", "-", "输出，Paddle 无此参数，需要转写。"),
    ],
    "\n### 转写示例\n\n#### alpha：乘数\n\n```python\n# PyTorch 写法\ntorch.add(a, b, alpha=2)\n\n"
    "# Paddle 写法\npaddle.add(a, 2 * b)\n```\n",
)
DIAGONAL = paddle_page(
    "参数默认值不一致",
    "torch.linalg.diagonal",
    "torch.linalg.diagonal(A, *, offset=0, dim1=-2, dim2=-1)",
    "paddle.diagonal",
    "paddle.diagonal(x, offset=0, axis1=0, axis2=1, name=None)",
    [
        ("A", "x", "输入。"),
        ("offset", "offset", "偏移。"),
        ("dim1", "axis1", "默认值不一致。"),
        ("dim2", "axis2", "默认值不一致。"),
    ],
)
TRANSPOSE = paddle_page(
    "输入参数用法不一致",
    "torch.transpose",
    "torch.transpose(input, dim0, dim1)",
    "paddle.transpose",
    "paddle.transpose(x, perm, name=None)",
    [
        ("input", "x", "输入。"),
        ("dim0", "-", "需要转写。"),
        ("dim1", "-", "需要转写。"),
        ("-", "perm", "等价于 dim0、dim1。"),
    ],
)
MEGENGINE = """\
=====================
PixelShuffle 差异对比
=====================

.. panels::

  torch.nn.PixelShuffle
  ^^^^^^^^^^^^^^^^^^^^^

  .. code-block:: python

     torch.nn.PixelShuffle(
        upscale_factor
     )

  ---

  megengine.module.PixelShuffle
  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^

  .. code-block:: python

     megengine.module.PixelShuffle(
        upscale_factor
     )

参数无差异。

.. code-block:: python

    import torch
    shuffle = torch.nn.PixelShuffle(3)
"""
MINDSPORE = """\
# 比较与torch.cumsum的差异

## torch.cumsum

```python
torch.cumsum(input, dim, *, dtype=None, out=None)
```

## mindspore.ops.cumsum

```python
mindspore.ops.cumsum(x, axis, dtype=None)
```

| 分类 | 子类 | PyTorch | MindSpore | 差异 |
| --- | --- | --- | --- | --- |
| 参数 | 参数1 | input | x | 参数名不同 |
| | 参数2 | dim | axis | 参数名不同 |
| | 参数3 | dtype | dtype | - |
| | 参数4 | out | - | MindSpore无此参数 |
"""
GOOD = {
    "paddle": {"add.md": ADD, "linalg/diagonal.md": DIAGONAL, "transpose.md": TRANSPOSE},
    "megengine": {"pixelshuffle.rst": MEGENGINE},
    "mindspore": {"cumsum.md": MINDSPORE},
}


def write(root: Path, pages: dict[str, str]) -> Path:
    for name, text in pages.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems(findings):
    return [f for f in findings if f.severity != "info"]


@pytest.mark.parametrize("fmt", sorted(GOOD))
def test_a_correct_set_has_no_finding_but_the_missing_library(tmp_path, fmt):
    findings, pages = audit_set(fmt, write(tmp_path, GOOD[fmt]))
    assert pages == len(GOOD[fmt])
    assert problems(findings) == []
    # the library that is not installed, said once for the whole run
    missing = [f for f in findings if f.code == "not-installed"]
    assert len(missing) == 1 and missing[0].library_says.endswith("is not installed")


@pytest.mark.parametrize("fmt", sorted(GOOD))
def test_every_seeded_fault_is_found_with_its_code_and_line(tmp_path, fmt):
    seeded = [(name, fault) for name, text in GOOD[fmt].items() for fault in faults(fmt, text)]
    kinds = {fault.kind for _, fault in seeded}
    expected = {"misspell-api"}
    if fmt == "megengine":  # no table, no default in its signatures: a directive instead
        expected.add("code-block-colon")
    else:
        expected |= {"rename-row", "delete-row", "change-default"}
    assert expected <= kinds
    libraries = Libraries()
    for name, fault in seeded:
        page = read_page(fmt, fault.text, name)
        findings = audit_page(page, libraries)
        assert any(f.code in fault.codes and f.line == fault.line for f in findings), (
            fault.kind,
            name,
            [(f.code, f.line) for f in findings],
        )


def test_what_each_finding_says(tmp_path):
    text = ADD.replace("| out | - |", "| out | outq |").replace("alpha=1", "alpha=3")
    text = text.replace("## [ torch 参数更多 ]torch.add", "## [ 仅参数名不一致 ]torch.sub")
    text = text.replace("paddle.add(a, 2 * b)", "paddle.add(a, 2 * b")
    findings = audit_page(read_page("paddle", text, "add.md"), Libraries())
    said = {(f.code, f.line, f.parameter): f for f in findings}
    assert said["signature-default", 9, "alpha"].page_says == "alpha=3"
    assert said["signature-default", 9, "alpha"].library_says.endswith("= 1")
    assert ("row-not-in-signature", 28, "outq") in said  # paddle is not installed here
    assert ("title-names-other-api", 1, None) in said
    assert said["example-syntax", 39, None].library_says.startswith("SyntaxError")
    # swapped to a category the signatures contradict
    (category,) = [f for f in findings if f.code == "category-disagrees"]
    assert category.page_says == "仅参数名不一致 (names-differ)"
    assert category.library_says.startswith("left-has-more")


def test_a_pairing_the_engine_disputes(tmp_path):
    text = DIAGONAL.replace("| dim1 | axis1 |", "| dim1 | axis2 |").replace(
        "| dim2 | axis2 |", "| dim2 | axis1 |"
    )
    text = text.replace("| offset | offset |", "| offset | - |")
    findings = audit_page(read_page("paddle", text, "d.md"), Libraries())
    disputed = {f.parameter: f for f in findings if f.code == "pairing-disputed"}
    assert disputed["offset"].page_says == "offset → -"
    assert disputed["offset"].library_says == "offset → offset (name)"


def test_page_structure_findings(tmp_path):
    text = MEGENGINE.replace("PixelShuffle 差异对比", "Pad 差异对比").replace(
        ".. code-block:: python\n\n    import", ".. code-block::: python\n\n    import"
    )
    text = text.replace("     torch.nn.PixelShuffle(\n", "     torch.nn.Pad(\n")
    findings = audit_page(read_page("megengine", text, "x.rst"), Libraries())
    codes = {(f.code, f.line) for f in findings}
    assert ("title-names-other-api", 2) in codes
    assert ("example-invisible", 31) in codes
    assert ("signature-names-other-api", 12) in codes


MISSING_IN_PADDLE = """\
## [ 功能缺失 ]torch.Tensor.dequantize

### [torch.Tensor.dequantize](https://example.invalid/dequantize)

```python
torch.Tensor.dequantize()
```

### []()

Paddle 无此 API，见 [说明]()。
"""


def test_an_empty_link_is_a_finding_but_the_formats_no_counterpart_heading():
    findings = audit_page(read_page("paddle", MISSING_IN_PADDLE, "x.md"), Libraries())
    # ``### []()`` is how the format says "no counterpart"; ``[说明]()`` is a link left empty
    assert [(f.code, f.line) for f in findings if f.code == "link-empty"] == [("link-empty", 11)]


def test_annotations_alone_do_not_make_types_differ():
    """The team calls types different where the target does not cover what the source takes,
    which two frameworks' type names cannot tell: a page that does not say so is checked
    against its calls; one that says so agrees with the annotations. (Both sides from a
    snapshot: libraries made up for the test, with the annotations their stubs would have.)"""
    from sphinx_apidiff.signature import parse_signature
    from sphinx_apidiff.snapshot import Entry, Snapshot

    def recorded(path, text):
        return Entry(path, path.split(".")[0], "1.0", "stub", "function", (parse_signature(text),))

    def category_findings(left_text, right_text, category):
        entries = [
            recorded("nolib_t.take", left_text),
            recorded("nolib_p.take", right_text),
        ]
        libraries = Libraries(Snapshot({e.path: e for e in entries}))
        page = paddle_page(
            category,
            "nolib_t.take",
            "nolib_t.take(input, dim)",
            "nolib_p.take",
            "nolib_p.take(x, axis)",
            [("input", "x", "输入。"), ("dim", "axis", "维度。")],
        )
        found = audit_page(read_page("paddle", page, "take.md"), libraries)
        return [f.library_says for f in found if f.code == "category-disagrees"]

    left = "(input: Tensor, dim: int) -> Tensor"
    right = "(x: paddle.Tensor, axis: int | list) -> list[paddle.Tensor]"
    assert category_findings(left, right, "仅参数名不一致") == []
    assert category_findings(left, right, "输入参数类型不一致") == []
    # what the calls show still counts: a parameter only paddle has is not "names differ"
    (said,) = category_findings(left, right.replace("list)", "list, out=None)"), "仅参数名不一致")
    assert said.startswith("right-has-more")


def test_json_output_follows_its_schema_and_fail_on(tmp_path, capsys):
    src = write(
        tmp_path / "set", {**GOOD["paddle"], "bad.md": ADD.replace("torch.add]", "torch.ad]")}
    )
    status = main(["audit", "paddle", str(src), "--json"])
    body = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(load_schema()).validate(body)
    assert status == 1  # api-missing is an error
    assert body["summary"]["by_code"]["api-missing"] == 1
    (missing,) = [f for f in body["findings"] if f["code"] == "api-missing"]
    assert (missing["page"], missing["line"]) == ("bad.md", 3)
    assert main(["audit", "paddle", str(src), "--fail-on", "never"]) == 0
    capsys.readouterr()
    assert main(["audit", "paddle", str(tmp_path / "set" / "add.md"), "--fail-on", "info"]) == 1
    out = capsys.readouterr().out
    assert "not-installed" in out and "examples parsed, not run" in out


def test_the_schema_names_every_code():
    assert set(load_schema()["$defs"]["code"]["enum"]) == set(CODES)


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda p: p / "nowhere", "no such file or folder"),
        (lambda p: write(p, {"a.rst": "x"}) / "a.rst", "not a paddle page"),
        (lambda p: write(p, {"a.rst": "x"}), "no .md page in this folder"),
        (lambda p: (p / "a.md").write_bytes(b"\xff\xfe## x") and p / "a.md", "not UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path, capsys, setup, message):
    path = setup(tmp_path)
    assert main(["audit", "paddle", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_page_that_cannot_be_read_in_a_folder_is_a_finding(tmp_path):
    write(tmp_path, GOOD["paddle"])
    (tmp_path / "latin.md").write_bytes(b"## [ x ]torch.t\n\xe9\n")
    findings, pages = audit_set("paddle", tmp_path)
    assert pages == 4
    assert [(f.page, f.code) for f in findings if f.code == "page-unreadable"] == [
        ("latin.md", "page-unreadable")
    ]


def test_the_manual_lists_every_code_with_its_severity():
    text = (Path(__file__).resolve().parents[2] / "docs" / "cli.rst").read_text("utf-8")
    table = text[text.index(".. list-table:: Finding codes") :]
    for code, (severity, _meaning) in CODES.items():
        assert f"   * - ``{code}``\n     - {severity}\n" in table, code


def test_megengine_a_difference_needs_a_note_that_names_it():
    extra = MEGENGINE.replace(
        "     megengine.module.PixelShuffle(\n        upscale_factor\n",
        "     megengine.module.PixelShuffle(\n        upscale_factor,\n        mode='fast'\n",
    )
    findings = audit_page(read_page("megengine", extra, "x.rst"), Libraries())
    (missing,) = [f for f in findings if f.code == "difference-without-note"]
    assert (missing.parameter, missing.line, missing.library_says) == ("mode", 25, "only-right")
    noted = extra.replace(
        "参数无差异。", "使用差异\n--------\n\n计算方式\n~~~~~~~~\nMegEngine 的 ``mode`` 选择算法。"
    )
    findings = audit_page(read_page("megengine", noted, "x.rst"), Libraries())
    assert [f for f in findings if f.code == "difference-without-note"] == []


def test_a_row_whose_note_is_a_dash_over_a_default_that_differs():
    text = MINDSPORE.replace("dtype=None)\n```", "dtype=1)\n```")
    findings = audit_page(read_page("mindspore", text, "c.md"), Libraries())
    (missing,) = [f for f in findings if f.code == "difference-without-note"]
    assert (missing.parameter, missing.line, missing.library_says) == ("dtype", 19, "default")
    explained = text.replace("| dtype | dtype | - |", "| dtype | dtype | 默认值不同 |")
    findings = audit_page(read_page("mindspore", explained, "c.md"), Libraries())
    assert not [f for f in findings if f.code == "difference-without-note"]


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(sorted(GOOD)),
    st.data(),
)
def test_no_page_makes_the_audit_raise(fmt, data):
    """Lines of correct pages shuffled, dropped, repeated and mixed with any text: the audit
    reads what it can and reports; it never raises."""
    source = [line for text in GOOD[fmt].values() for line in text.splitlines()]
    lines = data.draw(
        st.lists(st.one_of(st.sampled_from(source), st.text(max_size=30)), max_size=40)
    )
    findings = audit_page(read_page(fmt, "\n".join(lines), "p"), LIBRARIES)
    assert all(f.code in CODES and f.line >= 1 for f in findings)


LIBRARIES = Libraries()


def test_a_reference_to_an_api_that_does_not_exist_and_a_value_for_a_side():
    text = MEGENGINE.replace("参数无差异。", "参数无差异，见 :py:class:`torch.nn.Pixel_Shuffle`。")
    findings = audit_page(read_page("megengine", text, "x.rst"), Libraries())
    (missing,) = [f for f in findings if f.code == "api-missing"]
    assert (missing.line, missing.page_says) == (27, "torch.nn.Pixel_Shuffle")
    assert "did you mean 'PixelShuffle'" in missing.library_says
    value = (
        "## [ 无参数 ]torch.nn.Identity\n\n### [torch.nn.Identity](u)\n\n```python\n"
        "torch.nn.Identity(*args, **kwargs)\n```\n\n### ['identity'](v)\n\n```python\n"
        "'identity'\n```\n"
    )
    findings = audit_page(read_page("paddle", value, "v.md"), Libraries())
    assert problems(findings) == []
