"""n:m parameters: the author's groups (``dim0 dim1=perm``), one row each (pure logic)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_comparison import api, signatures

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.comparison import (
    compare_apis,
    compare_signatures,
    parse_rename,
    project_renames,
)
from sphinx_apidiff.describe import Describer
from sphinx_apidiff.export import load_schema

TRANSPOSE = ("torch.transpose", "(input, dim0, dim1)")
PADDLE_TRANSPOSE = ("paddle.transpose", "(x, perm, name=None)")


def test_group_forms_in_text_and_mapping():
    renames = parse_rename("input=x, dim0 dim1=perm, size_average reduce=reduction")
    assert renames.pairs == (("input", "x"),)
    assert renames.groups == (
        (("dim0", "dim1"), ("perm",)),
        (("size_average", "reduce"), ("reduction",)),
    )
    assert parse_rename({"betas": "beta1 beta2"}).groups == ((("betas",), ("beta1", "beta2")),)
    assert parse_rename({("dim0", "dim1"): "perm"}).groups == ((("dim0", "dim1"), ("perm",)),)
    assert parse_rename("dim0 dim1=perm").names() == {"dim0", "dim1", "perm"}


@pytest.mark.parametrize("spec", ["a b=", "=a b", "a b=c, a=d", "a b=c, d=c", "a 1b=c"])
def test_malformed_group(spec):
    with pytest.raises(ApiDiffError):
        parse_rename(spec)


def test_transpose_is_one_row_with_no_one_sided_members():
    c = compare_apis(
        api(*TRANSPOSE), api(*PADDLE_TRANSPOSE), rename="input=x, dim0 dim1=perm", ignore="name"
    )
    assert [r.names() for r in c.rows] == [{"input", "x"}, {"dim0", "dim1", "perm"}]
    group = c.row_for("dim1")
    assert group is c.row_for("perm") is c.row_for("dim0")
    assert group.changes == ("regrouped",)
    assert group.intentional and group.match == "author"
    assert [p.name for p in group.side_parameters("left")] == ["dim0", "dim1"]
    assert c.category == "usage-differs"
    assert c.kinds == {"regrouped": 1, "renamed": 1}
    assert c.to_dict()["rows"][1]["left_group"] == ["dim0", "dim1"]
    words = Describer("PyTorch", "Paddle").row_summary(group)
    assert words == (
        "one setting written differently: dim0, dim1 in PyTorch, perm in Paddle "
        "(as the author says)"
    )


def test_group_says_required_and_kind_of_the_whole():
    c = compare_apis(
        api("torch.optim.Adam", "(params, lr=0.001, betas=(0.9, 0.999))"),
        api("paddle.optimizer.Adam", "(learning_rate=0.001, beta1=0.9, *, beta2)"),
        rename="params=, lr=learning_rate, betas=beta1 beta2",
    )
    assert set(c.row_for("beta2").changes) == {"regrouped", "required", "kind"}


def test_group_of_an_instance_method_mirrors():
    c = compare_apis(
        api("torch.Tensor.transpose", "(dim0, dim1)", kind="method"),
        api(*PADDLE_TRANSPOSE),
        rename="dim0 dim1=perm",
        ignore="name",
    )
    assert [r.match for r in c.rows] == ["instance", "author"]
    assert c.rows[1].left_group[0].name == "dim0" and c.rows[1].right_group[0].name == "perm"


def test_a_group_whose_side_is_missing_pairs_nothing_and_says_so():
    c = compare_apis(api(*TRANSPOSE), api("paddle.t", "(x)"), rename="dim0 dim1=perm")
    assert not any(r.grouped for r in c.rows)
    assert c.row_for("dim0").changes == ("only-left",)
    assert any("'perm'" in p for p in c.problems)


def test_schema_knows_group_rows():
    rows = load_schema()["$defs"]["row"]["properties"]
    assert {"left_group", "right_group"} <= set(rows)


@st.composite
def grouped(draw):
    left, right = draw(signatures()), draw(signatures())
    lnames = [p.name for p in left.parameters if not p.kind.variadic]
    rnames = [p.name for p in right.parameters if not p.kind.variadic]
    if len(lnames) + len(rnames) < 3 or not lnames or not rnames:
        return left, right, parse_rename(None)
    lsize = draw(st.integers(1, len(lnames)))
    rsize = draw(st.integers(1, len(rnames)))
    lgroup = draw(st.permutations(lnames))[:lsize]
    rgroup = draw(st.permutations(rnames))[:rsize]
    if len(lgroup) + len(rgroup) < 3:
        return left, right, parse_rename(None)
    return left, right, parse_rename({tuple(lgroup): tuple(rgroup)})


@settings(max_examples=200, deadline=None)
@given(grouped())
def test_every_parameter_is_in_one_row_once(case):
    left, right, renames = case
    rows = compare_signatures(left, right, rename=renames)
    seen_left = [p.name for r in rows for p in r.side_parameters("left")]
    seen_right = [p.name for r in rows for p in r.side_parameters("right")]
    assert sorted(seen_left) == sorted(left.names())
    assert sorted(seen_right) == sorted(right.names())
    for group in renames.groups:
        row = next(r for r in rows if r.grouped)
        assert {p.name for p in row.side_parameters("left")} == set(group[0])
        assert "regrouped" in row.changes


def test_a_project_wide_group_is_refused():
    with pytest.raises(ApiDiffError, match="a group of names"):
        project_renames(parse_rename(None), {"dim0 dim1": "perm"}, ["dim0", "dim1"], ["perm"])
