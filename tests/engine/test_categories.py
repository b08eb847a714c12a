"""Category precedence, kinds of difference, annotation subsets, side labels, plain words."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff import compare
from sphinx_apidiff.api import Api
from sphinx_apidiff.comparison import Change, compare_apis
from sphinx_apidiff.comparison.categories import (
    CATEGORIES,
    DEFAULT_PRECEDENCE,
    categorize_changes,
    count_kinds,
    validate_precedence,
)
from sphinx_apidiff.describe import Describer
from sphinx_apidiff.labels import configured_label, distinguishing_suffixes, side_labels
from sphinx_apidiff.signature import annotation_accepts, normalize_annotation, parse_signature


def api(path: str, text: str, label: str | None = None) -> Api:
    return Api(path, label or path.split(".")[0], "explicit", "explicit", (parse_signature(text),))


# ---------------------------------------------------------------------------- precedence


def test_default_precedence_is_the_format_guides_order():
    assert DEFAULT_PRECEDENCE == (
        "names-differ",
        "right-has-more",
        "defaults-differ",
        "left-has-more",
        "usage-differs",
        "types-differ",
        "return-type-differs",
    )
    # the names the :category: option and the index filter knew before are all still known
    for old in (
        "no-parameters",
        "identical",
        "names-differ",
        "defaults-differ",
        "types-differ",
        "left-has-more",
        "right-has-more",
        "mixed",
    ):
        assert old in CATEGORIES


def test_renames_and_extra_left_parameters_are_left_has_more():
    c = compare_apis(api("l.f", "(a, /, b=1, c=2)"), api("r.f", "(x, /, b=1)"))
    assert c.category == "left-has-more"
    assert c.kinds == {"renamed": 1, "only-left": 1}


def test_a_project_can_reorder_the_precedence():
    order = ["left-has-more", *(g for g in DEFAULT_PRECEDENCE if g != "left-has-more")]
    c = compare_apis(api("l.f", "(a, /, b=1, c=2)"), api("r.f", "(x, /, b=1)"), precedence=order)
    assert c.category == "names-differ"


def test_mixed_only_where_the_project_asks_for_it():
    left, right = api("l.f", "(a, /, b=1, c=2)"), api("r.f", "(x, /, b=1)")
    assert compare_apis(left, right).category != "mixed"
    asked = [*DEFAULT_PRECEDENCE, "mixed"]  # last: any pair with several groups is mixed
    assert compare_apis(left, right, precedence=asked).category == "mixed"
    # one group alone is never mixed
    assert compare_apis(left, api("r.f", "(a, /, b=1)"), precedence=asked).category == (
        "left-has-more"
    )
    # below the top groups: a type difference still wins over mixed
    below = [*DEFAULT_PRECEDENCE[:5], "mixed", *DEFAULT_PRECEDENCE[5:]]
    typed = compare_apis(api("l.f", "(a: int, b=1)"), api("r.f", "(a: str)"), precedence=below)
    assert typed.category == "types-differ"
    assert compare_apis(left, right, precedence=below).category == "mixed"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["names-differ"], "missing"),
        ([*DEFAULT_PRECEDENCE, "bogus"], "unknown category 'bogus'"),
        ([*DEFAULT_PRECEDENCE, "names-differ"], "more than once"),
    ],
)
def test_validate_precedence_says_what_is_wrong(value, message):
    with pytest.raises(ValueError, match=message):
        validate_precedence(value)


def test_validate_precedence_skips_the_states_without_difference():
    value = ["no-parameters", "identical", *DEFAULT_PRECEDENCE, "mixed"]
    assert validate_precedence(value) == (*DEFAULT_PRECEDENCE, "mixed")


def test_the_changes_that_do_not_rank_are_the_ones_that_do_not_change_a_call():
    unranked = [c for c in Change if not c.ranks]
    assert unranked == ["maybe-absorbed", "object-kind", "overloads", "value"]
    assert categorize_changes(True, unranked) == "identical"
    # every group is some change's; a code is its own value, as JSON reads it back
    assert {c.group for c in Change if c.ranks} == set(DEFAULT_PRECEDENCE)
    assert Change("only-left") is Change.ONLY_LEFT and Change.of("bogus") is None
    assert repr(Change.ONLY_LEFT) == "'only-left'"
    # a row lists its changes in the order of the vocabulary, pair changes come after
    assert [c.scope for c in Change] == ["row"] * 10 + ["pair"] * 4


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([c.value for c in Change])))
def test_category_is_the_highest_group_present(changes):
    category = categorize_changes(True, changes)
    groups = {Change(c).group for c in changes if Change(c).ranks}
    if not groups:
        assert category == "identical"
    else:
        assert category in groups
        assert all(
            DEFAULT_PRECEDENCE.index(g) <= DEFAULT_PRECEDENCE.index(category) for g in groups
        )
    assert sum(count_kinds(changes).values()) == sum(1 for c in changes if c != "maybe-absorbed")


# ---------------------------------------------------------------------------- types


@pytest.mark.parametrize(
    ("left", "right", "ok"),
    [
        ("int | tuple", "int | list | tuple", True),
        ("int | list | tuple", "int | tuple", False),
        ("Optional[int]", "int | None", True),
        ("Union[int, tuple[int, int]]", "Union[str, int, tuple[int, int]]", True),
        ("list[int | str]", "list[int]", False),
        ("int", "Any", True),
    ],
)
def test_accepts_is_a_subset_check_of_normalised_unions(left, right, ok):
    assert annotation_accepts(normalize_annotation(left), normalize_annotation(right)) is ok


# ---------------------------------------------------------------------------- labels


def test_one_package_sides_are_called_by_their_own_names():
    assert side_labels("torch.nn.ConvTranspose2d", "torch.nn.Conv2d") == (
        "ConvTranspose2d",
        "Conv2d",
    )
    assert distinguishing_suffixes("torch.sum", "torch.Tensor.sum") == ("torch.sum", "Tensor.sum")
    # the configured labels win where they tell the sides apart
    labels = {"torch": "PyTorch", "torch.Tensor": "Tensor"}
    assert configured_label("torch.Tensor.sum", labels) == "Tensor"
    assert side_labels("torch.sum", "torch.Tensor.sum", labels) == ("PyTorch", "Tensor")
    # ...not where they do not
    assert side_labels("torch.sum", "torch.mean", {"torch": "PyTorch"}) == ("sum", "mean")
    # different packages keep the package (or configured) label; the author's label wins
    assert side_labels("numpy.sum", "torch.sum", {"torch": "PyTorch"}) == ("numpy", "PyTorch")
    assert side_labels("torch.sum", "torch.mean", None, "A", None) == ("A", "torch")


def test_the_cli_tells_two_torch_classes_apart():
    c = compare("torch.nn.ConvTranspose2d", "torch.nn.Conv2d")
    words = Describer(c.left.label, c.right.label)
    assert words.row_summary(c.row_for("dilation")) == (
        "moved: 9th positional in ConvTranspose2d, 6th in Conv2d"
    )


# ---------------------------------------------------------------------------- words


def test_no_value_is_said_plainly():
    c = compare_apis(api("numpy.f", "(a, keepdims=<no value>)"), api("torch.f", "(a)"))
    text = Describer("NumPy", "PyTorch").row_summary(c.row_for("keepdims"))
    assert text == "only in NumPy, optional (no default value to compare)"
    assert "<no value>" not in text


def test_kinds_line_counts_each_kind():
    c = compare_apis(api("l.f", "(a, b, /, c=1, d=1, e=1)"), api("r.f", "(x, y, /, c=2, f=0, g=0)"))
    words = Describer("PyTorch", "MindSpore")
    assert words.kinds(c.kinds) == (
        "2 renamed, 2 only in PyTorch, 2 only in MindSpore, 1 default differs"
    )
