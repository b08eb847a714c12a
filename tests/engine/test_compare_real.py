"""The engine on real libraries, through the public ``sphinx_apidiff.compare``."""

from __future__ import annotations

import json

import pytest

import sphinx_apidiff

# from ../shared/reference/seed-conv_transpose2d-comparison.txt (MegEngine is not installed)
MEGENGINE_CONV_T = (
    "(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,"
    " dilation=1, groups=1, bias=True, conv_mode='cross_correlation',"
    " compute_mode='default', **kwargs)"
)


def changes(comparison, name: str) -> set[str]:
    return set(comparison.row_for(name).changes)


def test_torch_conv_transpose_against_megengine_text():
    pytest.importorskip("torch")
    c = sphinx_apidiff.compare(
        "torch.nn.ConvTranspose2d",
        "megengine.module.ConvTranspose2d",
        right_signature=MEGENGINE_CONV_T,
    )
    assert c.left.source == "runtime" and c.right.source == "explicit"
    assert c.left.version and c.left.version.startswith("2.13")
    for name in ("groups", "bias", "dilation"):
        assert changes(c, name) == {"moved"}, name
    for name in ("padding_mode", "device", "dtype"):
        assert changes(c, name) == {"only-left", "maybe-absorbed"}, name
    for name in ("conv_mode", "compute_mode"):
        assert changes(c, name) == {"only-right"}, name
    data = json.loads(json.dumps(c.to_dict()))
    assert data["left"]["label"] == "torch" and data["right"]["label"] == "megengine"
    assert data["category"] == "usage-differs"  # moved ranks above one-sided parameters
    # only-right: conv_mode, compute_mode and **kwargs
    assert data["kinds"] == {"only-left": 3, "only-right": 3, "moved": 3}


def test_numpy_sum_sentinel_is_not_a_default_difference():
    c = sphinx_apidiff.compare(
        "numpy.sum",
        "other.sum",
        right_signature="(a, axis=None, dtype=None, out=None, keepdims=False, initial=0,"
        " where=True)",
    )
    keepdims = c.row_for("keepdims")
    assert keepdims.left.default == "<no value>" and not keepdims.left.default_known
    assert "default" not in keepdims.changes
    assert c.category == "identical"


def test_torch_sum_overloads_against_numpy_sum():
    pytest.importorskip("torch")
    c = sphinx_apidiff.compare(
        "torch.sum", "numpy.sum", rename="input=a, dim=axis, keepdim=keepdims"
    )
    assert c.left.source == "stub" and len(c.left.overloads) == 2
    # the overload with dim/keepdim matches numpy.sum better than sum(input, *, dtype)
    assert "dim" in c.left_signature.names()
    assert "overloads" in c.pair_changes
    assert changes(c, "dim") == {"renamed", "required"}  # torch: dim has no default


def test_compare_with_itself_has_no_changes():
    c = sphinx_apidiff.compare("numpy.linspace", "numpy.linspace")
    assert c.changed_rows == () and c.category == "identical"
