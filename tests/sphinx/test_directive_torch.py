"""The issue's page: ``torch.nn.ConvTranspose2d`` vs MegEngine's (``apidiff-torch``)."""

from __future__ import annotations

import re

import pytest
from conftest import Build, main_body
from page_parts import (
    card_title,
    cards,
    code_lines,
    header,
    heading,
    highlighted,
    raw_line,
    section,
    subsections,
    tables,
    toc_links,
    tr_ids,
    usage_section,
)

pytestmark = pytest.mark.sphinx


# ----------------------------------------------------------------------- the example

PYTORCH_ROWS = [
    ("in_channels", "in_channels", "same"),
    ("out_channels", "out_channels", "same"),
    ("kernel_size", "kernel_size", "same"),
    ("stride", "stride", "same"),
    ("padding", "padding", "same (note)"),
    ("output_padding", "output_padding", "same"),
    ("groups", "groups", "moved: 7th positional in PyTorch, 8th in MegEngine (note)"),
    ("bias", "bias", "moved: 8th positional in PyTorch, 9th in MegEngine (note)"),
    ("dilation", "dilation", "moved: 9th positional in PyTorch, 7th in MegEngine (note)"),
    (
        "padding_mode",
        "—",
        "only in PyTorch, default 'zeros'; absorbed by MegEngine's **kwargs? maybe (note)",
    ),
    ("—", "conv_mode", "only in MegEngine, default 'cross_correlation' (note)"),
    ("—", "compute_mode", "only in MegEngine, default 'default' (note)"),
    ("—", "**kwargs", "only in MegEngine (note)"),
]


@pytest.fixture(scope="module")
def torch_build(sphinx_build) -> Build:
    pytest.importorskip("torch")
    return sphinx_build("apidiff-torch", "html")


@pytest.mark.torch
def test_convtranspose2d_table(torch_build):
    body = main_body(torch_build.page("conv"))
    assert header(body) == ("PyTorch", "MegEngine", "Difference")
    [rows] = tables(body)
    assert rows == PYTORCH_ROWS


@pytest.mark.torch
def test_convtranspose2d_cards(torch_build):
    body = main_body(torch_build.page("conv"))
    left, right = cards(body)
    assert card_title(left) == "PyTorch: torch.nn.ConvTranspose2d"
    assert card_title(right) == "MegEngine: megengine.module.ConvTranspose2d"
    # a long parameter wraps inside its brackets; its continuation lines are highlighted too
    starts = [line for line in highlighted(left) if re.match(r"\s*\w+\s*[:=]", line)]
    assert [line.split(":")[0].split("=")[0].strip() for line in starts] == [
        "groups",
        "bias",
        "dilation",
        "padding_mode",
    ]
    continued = [line for line in highlighted(left) if line not in starts]
    assert "".join(continued).replace(" ", "").endswith("'circular']='zeros',")
    assert highlighted(right) == [
        "dilation=1,",
        "groups=1,",
        "bias=True,",
        "conv_mode='cross_correlation',",
        "compute_mode='default',",
        "**kwargs",
    ]
    assert code_lines(right)[0] == "megengine.module.ConvTranspose2d("
    assert len(code_lines(right)) == 14  # 12 parameters, one a line, and the two ends
    import torch

    version = torch.__version__
    left_text, right_text = left.words(), right.words()
    assert f"Version: torch {version}" in left_text
    assert "Version:" not in right_text  # explicit text: no installed version to tell
    assert "See more" not in left_text  # torch's docs are not in reach of this build


@pytest.mark.torch
def test_convtranspose2d_notes_in_toc_with_stable_ids(torch_build):
    body = main_body(torch_build.page("conv"))
    usage = usage_section(body)
    assert [(s.id, heading(s)) for s in subsections(usage)] == [
        ("apidiff-conv-convtranspose2d-padding", "padding"),
        ("apidiff-conv-convtranspose2d-groups-bias-dilation", "groups, bias, dilation"),
        ("apidiff-conv-convtranspose2d-padding-mode", "padding_mode"),
        ("apidiff-conv-convtranspose2d-conv-mode-compute-mode", "conv_mode, compute_mode"),
        ("apidiff-conv-convtranspose2d-note-5", "冻结参数"),
        ("apidiff-conv-convtranspose2d-kwargs", "**kwargs"),
    ]
    links = toc_links(torch_build)
    for sub in subsections(usage):
        assert f"conv.html#{sub.id}" in links
    padding_mode = section(body, "apidiff-conv-convtranspose2d-padding-mode")
    # the fact is said once, in the row the note links back to
    assert padding_mode.find_all("ul") == []
    back = padding_mode.find("div", cls="apidiff-back").find("a").attrs["href"].lstrip("#")
    row = next(
        tr for tr in body.find("table", cls="apidiff-table").find_all("tr") if back in tr_ids(tr)
    )
    assert row.words() == (
        "padding_mode — only in PyTorch, default 'zeros'; absorbed by MegEngine's **kwargs? "
        "maybe (note)"
    )
    assert padding_mode.find_all("p")[-1].words() == (
        "Only 'zeros' padding is available in MegEngine."
    )


@pytest.mark.torch
def test_convtranspose2d_warns_only_about_the_undocumented_kwargs(torch_build):
    line = raw_line(
        torch_build,
        "conv",
        ".. apidiff:: torch.nn.ConvTranspose2d megengine.module.ConvTranspose2d",
    )
    assert torch_build.warning_lines() == [
        f"{torch_build.srcdir / 'conv.rst'}:{line}: WARNING: apidiff torch.nn.ConvTranspose2d vs "
        "megengine.module.ConvTranspose2d: no apidiff-note for **kwargs (write one, or set "
        ":undocumented: auto) [apidiff.undocumented]"
    ]


@pytest.mark.torch
def test_right_signature_option_gives_the_same_comparison(torch_build):
    body = main_body(torch_build.page("conv_option"))
    assert header(body) == ("Torch", "MGE", "Difference")
    [rows] = tables(body)
    expected = [
        tuple(cell.replace("PyTorch", "Torch").replace("MegEngine", "MGE") for cell in row)
        for row in PYTORCH_ROWS
    ]
    # :undocumented: auto: every changed row links to a generated note
    assert [r[:2] for r in rows] == [r[:2] for r in expected]
    assert [r[2].removesuffix(" (note)") for r in rows] == [
        r[2].removesuffix(" (note)") for r in expected
    ]
