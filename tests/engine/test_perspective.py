"""The direction a page is read in: which facts count as differences (pure logic)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from test_comparison import api, signatures

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.comparison import Perspective, compare_apis, compare_signatures
from sphinx_apidiff.comparison.perspective import apply_perspective
from sphinx_apidiff.describe import Describer

# torch.linalg.diagonal against paddle.diagonal, as PaddlePaddle's guide files them:
# "default values differ" (keyword-only in torch, positional-or-keyword in paddle: no matter)
DIAGONAL = ("torch.linalg.diagonal", "(A, *, offset=0, dim1=-2, dim2=-1)")
PADDLE_DIAGONAL = ("paddle.diagonal", "(x, offset=0, axis1=0, axis2=1)")


def compare(left, right, **options):
    return compare_apis(api(*left), api(*right), rename="dim1=axis1, dim2=axis2", **options)


def test_keyword_only_on_the_left_is_no_difference_read_from_the_left():
    both = compare(DIAGONAL, PADDLE_DIAGONAL)
    left = compare(DIAGONAL, PADDLE_DIAGONAL, perspective="left")
    assert both.category == "usage-differs"
    assert left.category == "defaults-differ"
    # the facts are the same; only what counts differs
    assert [r.changes for r in left.rows] == [r.changes for r in both.rows]
    assert left.row_for("offset").uncounted == ("kind",)
    assert "kind" not in left.kinds and both.kinds["kind"] == 3
    assert left.row_for("offset") not in left.changed_rows
    # read from the right, a paddle call passing offset by position breaks in torch
    right = compare(DIAGONAL, PADDLE_DIAGONAL, perspective="right")
    assert right.category == "usage-differs"
    assert left.to_dict()["perspective"] == {"side": "left", "keyword_calls": "keyword-only"}
    assert "perspective" not in both.to_dict()


def test_required_on_the_left_and_optional_on_the_right_is_no_difference():
    c = compare_apis(api("a.f", "(x, y)"), api("b.f", "(x, y=0)"), perspective="left")
    assert c.row_for("y").uncounted == ("required",) and c.category == "identical"
    # optional on the left, required on the right: a call that leaves it out breaks
    c = compare_apis(api("a.f", "(x, y=0)"), api("b.f", "(x, y)"), perspective="left")
    assert c.row_for("y").uncounted == () and c.category == "defaults-differ"


def test_a_position_change_counts_unless_callers_use_keywords():
    left, right = (
        api("a.f", "(x, keepdim=False, dim=None)"),
        api("b.f", "(x, dim=None, keepdim=False)"),
    )
    assert compare_apis(left, right, perspective="left").category == "usage-differs"
    by_keyword = compare_apis(left, right, perspective="left", keyword_calls="optional")
    assert by_keyword.category == "identical"
    assert by_keyword.row_for("dim").changes == ("moved",)
    # a required parameter is passed by position under "optional", by keyword under "all"
    left, right = api("a.f", "(x, y)"), api("b.f", "(y, x)")
    assert compare_apis(left, right, perspective="left", keyword_calls="optional").kinds
    assert not compare_apis(left, right, perspective="left", keyword_calls="all").kinds


def test_a_positional_only_name_is_never_written():
    c = compare_apis(api("a.f", "(x, /)"), api("b.f", "(input)"), perspective="left")
    row = c.rows[0]
    assert set(row.changes) == {"renamed", "kind"} and set(row.uncounted) == set(row.changes)
    words = Describer("A", "B").row_summary(row)
    assert words.count("(not a difference from this side)") == 2


def test_bad_perspective():
    with pytest.raises(ApiDiffError):
        Perspective("torch")
    with pytest.raises(ApiDiffError):
        Perspective("left", "sometimes")


@settings(max_examples=200, deadline=None)
@given(signatures(), signatures())
def test_a_perspective_only_ever_counts_fewer_facts(left, right):
    rows = compare_signatures(left, right)
    for side in ("left", "right"):
        for calls in ("keyword-only", "optional", "all"):
            seen = apply_perspective(rows, Perspective(side, calls))
            assert [r.changes for r in seen] == [r.changes for r in rows]
            assert all(set(r.uncounted) <= set(r.changes) for r in seen)
            assert all(not {"only-left", "only-right", "default"} & set(r.uncounted) for r in seen)
    both = apply_perspective(rows, Perspective())
    assert all(not r.uncounted for r in both)


def test_the_python_api_reads_a_real_pair_from_the_left():
    import sphinx_apidiff

    options = {
        "right_signature": "(x, offset=0, axis1=0, axis2=1, name=None)",
        "ignore": "name",
        "rename": "dim1=axis1, dim2=axis2",
    }
    both = sphinx_apidiff.compare("torch.linalg.diagonal", "paddle.diagonal", **options)
    left = sphinx_apidiff.compare(
        "torch.linalg.diagonal", "paddle.diagonal", perspective="left", **options
    )
    assert (both.category, left.category) == ("usage-differs", "defaults-differ")
