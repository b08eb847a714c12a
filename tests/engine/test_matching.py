"""Inferred renames (sphinx_apidiff.matching) and the overload choice, on real APIs and properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_comparison import signatures

from sphinx_apidiff import compare
from sphinx_apidiff.api import Api
from sphinx_apidiff.comparison import (
    Renames,
    compare_apis,
    compare_signatures,
    parse_rename,
    project_renames,
)
from sphinx_apidiff.describe import Describer
from sphinx_apidiff.matching import name_evidence
from sphinx_apidiff.signature import parse_signature


def api(path: str, text: str) -> Api:
    return Api(path, path.split(".")[0], "explicit", "explicit", (parse_signature(text),))


def pairs(comparison) -> dict[str, str | None]:
    return {
        row.left.name: (row.right.name if row.right else None)
        for row in comparison.rows
        if row.left is not None
    }


TORCH_CONV_T = """(in_channels: int, out_channels: int, kernel_size: Union[int, tuple[int, int]],
    stride: Union[int, tuple[int, int]] = 1, padding: Union[int, tuple[int, int]] = 0,
    output_padding: Union[int, tuple[int, int]] = 0, groups: int = 1, bias: bool = True,
    dilation: Union[int, tuple[int, int]] = 1,
    padding_mode: Literal['zeros', 'reflect', 'replicate', 'circular'] = 'zeros',
    device=None, dtype=None)"""
MEGENGINE_CONV_T = """(in_channels, out_channels, kernel_size, stride=1, padding=0,
    output_padding=0, dilation=1, groups=1, bias=True, conv_mode='cross_correlation',
    compute_mode='default', **kwargs)"""


def test_numpy_sum_vs_torch_sum_compares_the_dim_overload():
    c = compare("numpy.sum", "torch.sum")
    assert c.right_signature.names() == ["input", "dim", "keepdim", "dtype", "out"]
    got = pairs(c)
    assert got["a"] == "input" and got["axis"] == "dim" and got["keepdims"] == "keepdim"
    assert c.row_for("axis").match == "inferred"
    assert "synonym" in c.row_for("axis").evidence
    # the overload that was not compared is listed, in JSON and in words
    data = c.to_dict()["overloads"]
    assert data["right_not_compared"] == [
        "(input: Tensor, *, dtype: _dtype | None = None) -> Tensor"
    ]
    words = Describer("numpy", "torch").pair_sentences(c)
    assert any("not compared: (input: Tensor, *, dtype: _dtype | None = None)" in w for w in words)


def test_linspace_num_and_steps_pair_by_position():
    c = compare("numpy.linspace", "torch.linspace")
    assert pairs(c)["num"] == "steps"
    row = c.row_for("num")
    assert row.match == "position" and "renamed" in row.changes
    assert pairs(c)["stop"] == "end"
    assert "(inferred: same position)" in Describer("numpy", "torch").row_summary(row)


def test_isclose_tolerances_pair_as_abbreviations():
    c = compare("math.isclose", "numpy.isclose")
    assert pairs(c)["rel_tol"] == "rtol" and pairs(c)["abs_tol"] == "atol"
    assert c.row_for("rtol").evidence[0] == "abbreviation"
    assert c.to_dict()["rows"][2]["match"] == "inferred"


def test_conv_transpose_trap_padding_mode_is_never_conv_mode():
    c = compare_apis(
        api("torch.nn.ConvTranspose2d", TORCH_CONV_T),
        api("megengine.module.ConvTranspose2d", MEGENGINE_CONV_T),
    )
    assert pairs(c)["padding_mode"] is None
    assert c.row_for("conv_mode").left is None
    for name in ("groups", "bias", "dilation"):
        assert c.row_for(name).match == "name"
        assert "moved" in c.row_for(name).changes


def test_the_author_wins():
    left, right = parse_signature("(x, dim=None)"), parse_signature("(x, axis=None)")
    assert compare_signatures(left, right)[1].right.name == "axis"
    alone = compare_signatures(left, right, rename=parse_rename("dim="))
    assert [(r.left and r.left.name, r.right and r.right.name) for r in alone] == [
        ("x", "x"),
        ("dim", None),
        (None, "axis"),
    ]
    # an explicit pair overrides what inference would pick
    three = parse_signature("(x, axis=None, other=None)")
    rows = compare_signatures(left, three, rename=parse_rename("dim=other"))
    assert {(r.left.name, r.right.name) for r in rows if r.left and r.right} == {
        ("x", "x"),
        ("dim", "other"),
    }


def test_project_renames_apply_either_way_and_yield_to_the_directive():
    table = {"dim": "axis"}
    assert project_renames(Renames(), table, ["dim"], ["axis"]).pairs == (("dim", "axis"),)
    assert project_renames(Renames(), table, ["axis"], ["dim"]).pairs == (("axis", "dim"),)
    assert project_renames(Renames(), table, ["dim"], ["x"]).pairs == ()
    own = parse_rename("dim=")
    assert project_renames(own, table, ["dim"], ["axis"]).pairs == (("dim", None),)


def test_name_evidence():
    assert name_evidence("lr", "learning_rate") == "abbreviation"
    assert name_evidence("start_dim", "start_axis") == "shared-words"
    assert name_evidence("groups", "group") == "same-words"
    assert name_evidence("eps", "epsilon") == "synonym"
    assert name_evidence("padding_mode", "conv_mode") is None
    assert name_evidence("bias", "bias_init") == "shared-words"
    assert name_evidence("a", "axis") is None


def _pairs(rows):
    return {(r.left.name, r.right.name) for r in rows if r.left and r.right}


@settings(max_examples=300, deadline=None)
@given(signatures(), signatures())
def test_swapping_sides_mirrors_the_pairing(left, right):
    forward = _pairs(compare_signatures(left, right))
    backward = {(b, a) for a, b in _pairs(compare_signatures(right, left))}
    assert forward == backward


@settings(max_examples=200, deadline=None)
@given(signatures(), signatures())
def test_deterministic(left, right):
    assert compare_signatures(left, right) == compare_signatures(left, right)


@settings(max_examples=300, deadline=None)
@given(signatures(), signatures(), st.data())
def test_an_explicit_rename_always_wins(left, right, data):
    lnames = [p.name for p in left.parameters if not p.kind.variadic]
    rnames = [p.name for p in right.parameters if not p.kind.variadic]
    if not lnames or not rnames:
        return
    lname, rname = data.draw(st.sampled_from(lnames)), data.draw(st.sampled_from(rnames))
    rows = compare_signatures(left, right, rename=parse_rename({lname: rname}))
    assert (lname, rname) in _pairs(rows)
    assert next(r for r in rows if r.left and r.left.name == lname).match == "author"
    alone = compare_signatures(left, right, rename=parse_rename({lname: None}))
    row = next(r for r in alone if r.left and r.left.name == lname)
    assert row.right is None and row.intentional


@settings(max_examples=200, deadline=None)
@given(signatures())
def test_identical_signatures_stay_identical(sig):
    rows = compare_signatures(sig, sig)
    assert all(r.match == "name" and not r.changes for r in rows)


def test_apidiff_renames_applies_to_every_page_and_the_directive_wins(sphinx_build):
    import re

    build = sphinx_build(
        "apidiff-basic", "html", confoverrides={"apidiff_renames": {"lo": "upper", "hi": "lower"}}
    )
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", build.read("clip.html")))
    # the first directive has no :rename: the project table pairs lo with upper
    assert "renamed: lo in Left, upper in Right (as the author says)" in text
    # the second says lo=lower, hi=upper itself: it wins
    assert "renamed: lo in LeftLib, lower in RightLib (as the author says)" in text
    assert "apidiff_renames" not in build.warnings


# ------------------------------------------------------------ rules added for the benchmark


def _rows(left: str, right: str):
    return compare_signatures(parse_signature(left), parse_signature(right))


def test_established_synonym_families():
    # random-number control, reduction mode, the leaky slope: the frameworks' own words
    assert name_evidence("generator", "seed") == "synonym"
    assert name_evidence("random_state", "rng") == "synonym"
    assert name_evidence("reduce", "reduction") == "synonym"
    assert name_evidence("negative_slope", "alpha") == "synonym"
    # data sharding: PyTorch's num_replicas/rank, MindSpore's and TensorFlow's num_shards/shard_id
    assert name_evidence("num_replicas", "num_shards") == "synonym"
    assert name_evidence("rank", "shard_id") == "synonym"
    got = _pairs(
        _rows(
            "(dataset, num_replicas=None, rank=None, shuffle=True, seed=0)",
            "(num_shards, shard_id, shuffle=True, num_samples=None)",
        )
    )
    assert got == {("num_replicas", "num_shards"), ("rank", "shard_id"), ("shuffle", "shuffle")}
    got = _pairs(_rows("(input, *, generator=None, out=None)", "(input, p=0.5, seed=None)"))
    assert ("generator", "seed") in got and ("input", "input") in got


def test_a_variadic_size_pairs_with_a_shape_sequence():
    rows = _rows("(*size, out=None, dtype=None)", "(shape, dtype=None)")
    row = next(r for r in rows if r.left and r.left.name == "size")
    assert row.right.name == "shape" and row.match == "inferred"
    assert row.evidence == ("synonym", "variadic-sequence")
    assert set(row.changes) >= {"renamed", "kind"}
    # never on position alone, and never with **kwargs
    assert ("values", "shape") not in _pairs(_rows("(*values)", "(shape)"))
    assert not [r for r in _rows("(**size)", "(shape)") if r.left and r.right]
    # a keyword-only parameter cannot take the positional sizes
    assert ("size", "shape") not in _pairs(_rows("(*size)", "(*, shape)"))


def test_the_slot_between_two_pairs():
    # some=True / full_matrices=False: opposite defaults, but the one slot between input and
    # compute_uv, on both sides
    rows = _rows(
        "(input, some=True, compute_uv=True, *, out=None)",
        "(input, full_matrices=False, compute_uv=True)",
    )
    row = next(r for r in rows if r.left and r.left.name == "some")
    assert row.right.name == "full_matrices" and row.match == "position"
    assert "same-slot" in row.evidence
    # neighbours inferred on name evidence count too: torch.svd against numpy.linalg.svd
    c = compare("torch.svd", "numpy.linalg.svd")
    assert pairs(c)["input"] == "a" and pairs(c)["some"] == "full_matrices"
    assert "same-slot" in c.row_for("some").evidence
    # one neighbour is not enough
    rows = _rows("(input, some=True, flag=True)", "(input, full_matrices=False, other=1)")
    assert ("some", "full_matrices") not in _pairs(rows)


def test_position_alone_needs_an_anchor():
    # a scheduler class and a learning-rate list function: nothing in common but the least
    # learning rate (eta is the learning rate), and positions that agree by chance
    rows = _rows(
        "(optimizer, T_max, eta_min=0.0, last_epoch=-1)",
        "(min_lr, max_lr, total_step, step_per_epoch, decay_epoch)",
    )
    assert _pairs(rows) == {("eta_min", "min_lr")}
    assert not [r for r in rows if r.match == "position"]
    rows = _rows("(optimizer, T_max, last_epoch=-1)", "(max_lr, total_step, step_per_epoch)")
    assert not [r for r in rows if r.left and r.right]
    # anchored by a pair of names, the same positions pair
    rows = _rows("(tensor, a=0.0, b=1.0, generator=None)", "(shape, minval, maxval, seed=None)")
    assert _pairs(rows) == {
        ("tensor", "shape"),
        ("a", "minval"),
        ("b", "maxval"),
        ("generator", "seed"),
    }
    # or by the same number of required positional parameters (numpy.sum and math.fsum)
    assert _pairs(_rows("(a, axis=None)", "(seq, /)")) == {("a", "seq")}


def test_overload_tie_break_prefers_name_evidence():
    # torch.Tensor.to against (dtype): its (tensor, non_blocking, copy) overload pairs `tensor` by
    # position and leaves fewer one-sided; the (dtype, ...) overload pairs dtype by its name
    c = compare("torch.Tensor.to", "mindspore.Tensor.to", right_signature="(dtype)")
    assert c.left_signature.names()[0] == "dtype"
    assert c.row_for("dtype").match == "name"
    assert c.row_for("tensor") is None
    not_compared = c.to_dict()["overloads"]["left_not_compared"]
    assert any(text.startswith("(tensor") for text in not_compared)


def _renamed(sig, prefix: str):
    """``sig`` with every non-variadic parameter renamed ``<prefix><i>`` (no name evidence)."""
    from dataclasses import replace

    params = tuple(
        p if p.kind.variadic else replace(p, name=f"{prefix}{i}")
        for i, p in enumerate(sig.parameters)
    )
    return replace(sig, parameters=params)


def _arity(sig) -> int:
    return sum(1 for p in sig.parameters if p.kind.positional and p.required)


@settings(max_examples=300, deadline=None)
@given(signatures(), signatures())
def test_position_alone_never_pairs_unrelated_signatures_called_differently(left, right):
    right = _renamed(right, "zz")
    rows = compare_signatures(left, right)
    paired = [r for r in rows if r.left and r.right and not r.left.kind.variadic]
    if _arity(left) != _arity(right):
        # only when anchored by a value that is no common one at the same index on both sides
        assert not paired or any(
            "same-default" in r.evidence and r.left_position == r.right_position for r in paired
        )
    else:
        assert all(r.match == "position" for r in paired)


@settings(max_examples=200, deadline=None)
@given(signatures(), signatures(), st.booleans())
def test_a_variadic_sequence_pair_mirrors(left, right, keyword_shape):
    from dataclasses import replace

    from sphinx_apidiff.signature import Kind, Parameter

    lparams = [p for p in left.parameters if p.kind is not Kind.VAR_POSITIONAL]
    at = sum(1 for p in lparams if p.kind.positional)
    lparams.insert(at, Parameter("size", Kind.VAR_POSITIONAL))
    left = replace(left, parameters=tuple(lparams))
    kind = Kind.KEYWORD_ONLY if keyword_shape else Kind.POSITIONAL_OR_KEYWORD
    rparams = [p for p in right.parameters if p.kind is not Kind.VAR_POSITIONAL]
    at = len(rparams) if keyword_shape else sum(1 for p in rparams if p.kind.positional)
    if rparams and rparams[-1].kind is Kind.VAR_KEYWORD and keyword_shape:
        at -= 1
    rparams.insert(at, Parameter("shape", kind, None, True, None))
    right = replace(right, parameters=tuple(rparams))
    forward = _pairs(compare_signatures(left, right))
    backward = {(b, a) for a, b in _pairs(compare_signatures(right, left))}
    assert forward == backward
    assert (("size", "shape") in forward) is not keyword_shape


# -- a method called on an instance against a function ---------------------------------------


def test_tensor_method_against_function_pairs_the_tensor_itself():
    pytest.importorskip("torch")
    c = compare("torch.Tensor.add", "torch.add")
    row = c.rows[0]
    assert (row.left.name, row.right.name, row.match, row.changes) == (
        "self",
        "input",
        "instance",
        (),
    )
    # the method's positions count from the instance: `other` is 2nd on both sides, not moved
    # (PyTorch's stubs let Tensor.add's `other` be a SymInt/SymFloat and torch.add's not: the
    # one difference left is that annotation)
    assert "moved" not in c.row_for("other").changes
    assert set(c.row_for("other").changes) <= {"annotation"}
    assert c.to_dict()["rows"][0]["match"] == "instance"
    # the instance is no parameter only torch.add has: no "torch.add has more" for it
    assert "only-right" not in {
        change for r in c.rows if r.right.name == "input" for change in r.changes
    }
    # (which of the other parameters are on one side only is the reading's business: PyTorch's
    # stubs give Tensor.add an `out` its binding refuses, one of the names bench_reading counts)
    words = Describer("Tensor.add", "torch.add").row_summary(row)
    assert words == (
        "the Tensor itself: the method is called on it in Tensor.add, "
        "it is the 1st argument in torch.add"
    )


def test_ndarray_method_against_function_either_side():
    c = compare("numpy.sum", "numpy.ndarray.sum")
    assert (c.rows[0].left.name, c.rows[0].right.name) == ("a", "self")
    assert c.rows[0].match == "instance"
    assert "only-left" not in c.rows[0].changes
    assert c.row_for("axis").changes == ()  # 2nd on both sides, counting the instance
    # mirrored, the same pairs
    back = compare("numpy.ndarray.sum", "numpy.sum")
    assert {(r.left and r.left.name, r.right and r.right.name) for r in back.rows} == {
        (r.right and r.right.name, r.left and r.left.name) for r in c.rows
    }
    assert "the `ndarray` itself" in Describer("a", "b", code=lambda t: f"`{t}`").row_summary(
        back.rows[0]
    )


def test_instance_pairs_only_with_a_required_first_parameter_without_name_evidence():
    method = parse_signature("(input)")  # a module's forward: its input is the function's x
    rows = compare_signatures(method, parse_signature("(x, inplace=False)"), instance="left")
    assert _pairs(rows) == {("input", "x")}
    assert not [r for r in rows if r.match == "instance"]
    # an optional first parameter is no instance
    rows = compare_signatures(
        parse_signature("(dim=None)"), parse_signature("(axis=None)"), instance="left"
    )
    assert _pairs(rows) == {("dim", "axis")}
    # the author's "=x" (no counterpart, on purpose) wins
    rows = compare_signatures(
        parse_signature("(*, generator=None)"),
        parse_signature("(x, name=None)"),
        rename=parse_rename("=x"),
        instance="left",
    )
    assert not [r for r in rows if r.match == "instance"]


def test_pure_signatures_pair_the_instance_and_shift_positions():
    rows = compare_signatures(
        parse_signature("(p=0.5, *, generator=None)"),
        parse_signature("(x, p=0.5, name=None)"),
        instance="left",
        instance_type="Tensor",
    )
    assert (rows[0].left.name, rows[0].left.annotation, rows[0].right.name) == (
        "self",
        "Tensor",
        "x",
    )
    assert rows[1].changes == () and (rows[1].left_position, rows[1].right_position) == (1, 1)
    right = compare_signatures(
        parse_signature("(x, p=0.5, name=None)"),
        parse_signature("(p=0.5, *, generator=None)"),
        instance="right",
    )
    assert (right[0].left.name, right[0].right.name, right[0].match) == ("x", "self", "instance")
    assert [r.left.name for r in right if r.left] == ["x", "p", "name"]


def test_a_bound_method_and_a_class_take_no_instance():
    # random.randint is bound already: called like a function, no instance to pass
    c = compare("random.randint", "numpy.random.randint")
    assert not [r for r in c.rows if r.match == "instance"]
    # a method against a class: the class's first parameter is no instance
    c = compare_apis(
        Api("torch.Tensor.relu", "torch", "method", "explicit", (parse_signature("()"),)),
        Api("paddle.nn.ReLU", "paddle", "class", "explicit", (parse_signature("(name=None)"),)),
    )
    assert not [r for r in c.rows if r.match == "instance"]


def test_text_for_a_path_that_does_not_resolve_is_read_by_its_capwords():
    c = compare(
        "torch.Tensor.bernoulli",
        "paddle.bernoulli",
        right_signature="(x, p=None, name=None)",
    )
    assert c.rows[0].match == "instance" and c.rows[0].right.name == "x"
    # a path ending in a CapWords name is a class: its first parameter is no instance
    c = compare("torch.Tensor.relu", "paddle.nn.ReLU", right_signature="(x, name=None)")
    assert not [r for r in c.rows if r.match == "instance"]
    # the method on the right: the function on the left passes the instance as `input`
    c = compare("torch.bernoulli", "paddle.Tensor.bernoulli", right_signature="(name=None)")
    assert [r.left.name for r in c.rows if r.match == "instance"] == ["input"]


# -- the long tail -----------------------------------------------------------------------------


def test_name_evidence_is_not_outweighed_by_positions():
    rows = _rows("(input, dim, index, src)", "(arr, indices, values, axis, reduce='assign')")
    assert {("input", "arr"), ("dim", "axis"), ("index", "indices")} <= _pairs(rows)
    assert ("src", "axis") not in _pairs(rows) and ("dim", "indices") not in _pairs(rows)
    # names of operands are told apart by position: math.atan2(y, x) is numpy.atan2(x1, x2)
    assert _pairs(_rows("(y, x, /)", "(x1, x2, /)")) == {("y", "x1"), ("x", "x2")}


def test_plural_abbreviation_and_equal_numbers():
    assert name_evidence("params", "parameters") == "abbreviation"
    rows = _rows("(x, ord=2, dim=None)", "(x, p=2.0, axis=None)")
    assert ("ord", "p") in _pairs(rows)
    row = next(r for r in rows if r.left and r.left.name == "ord")
    assert "same-default" in row.evidence and "default" not in row.changes


def test_position_against_the_defaults_is_doubted_or_dropped():
    # between two agreeing pairs: kept, and said with its doubt
    rows = _rows(
        "(input, sorted=True, return_inverse=False)",
        "(x, return_index=False, return_inverse=False)",
    )
    row = next(r for r in rows if r.left and r.left.name == "sorted")
    assert row.match == "position"
    words = Describer("torch", "paddle").row_summary(row)
    assert "(inferred: same position only, though the defaults differ)" in words
    assert "default: True in torch, False in paddle" in words
    # the position alone, a common value and a type: no pair
    rows = _rows(
        "(state_dict, strict: bool = True)", "(state_dict, use_structured_name: bool = False)"
    )
    assert ("strict", "use_structured_name") not in _pairs(rows)


def test_bookkeeping_name_never_pairs_on_position_nor_picks_the_overload():
    rows = _rows("(input, mat2, out_dtype=None)", "(input, mat2, name=None)")
    assert ("out_dtype", "name") not in _pairs(rows)
    c = compare_apis(
        Api(
            "torch.mm",
            "torch",
            "builtin",
            "docstring",
            (
                parse_signature("(input, mat2, *, out=None)"),
                parse_signature("(input, mat2, out_dtype, *, out=None)"),
            ),
        ),
        api("paddle.mm", "(input, mat2, name=None)"),
    )
    assert c.overload_indices == (0, 0)


def test_a_name_that_fits_several_numbered_names_pairs_none():
    rows = _rows(
        "(params, lr=0.001, betas=(0.9, 0.999), eps=1e-08)",
        "(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-08, parameters=None)",
    )
    got = _pairs(rows)
    assert not {p for p in got if p[0] == "betas"}
    assert {("params", "parameters"), ("lr", "learning_rate"), ("eps", "epsilon")} <= got


def test_inferred_words_keep_a_different_default():
    rows = _rows("(x, win_length=400)", "(x, window_length=512)")
    row = next(r for r in rows if r.left and r.left.name == "win_length")
    text = Describer("a", "b").row_summary(row)
    assert "though the defaults differ" in text and "default: 400 in a, 512 in b" in text


def test_opposite_names_say_inverted_and_compare_defaults_as_negations():
    rows = _rows("(window_length, periodic=True)", "(M, sym=False)")
    row = next(r for r in rows if r.left and r.left.name == "periodic")
    assert "inverted" in row.evidence and "default" not in row.changes
    assert "inverted: periodic true in a is sym false in b" in Describer("a", "b").row_summary(row)
    rows = _rows("(size, requires_grad=False)", "(shape, stop_gradient=True)")
    row = next(r for r in rows if r.left and r.left.name == "requires_grad")
    assert (row.right.name, row.changes) == ("stop_gradient", ("renamed",))
    rows = _rows("(window_length, periodic=True)", "(M, sym=True)")
    row = next(r for r in rows if r.left and r.left.name == "periodic")
    assert "default" in row.changes  # the same value means the opposite window


def test_small_synonym_table_pairs_the_known_mistakes():
    assert _pairs(_rows("(lambd=0.5)", "(threshold=0.5, name=None)")) == {("lambd", "threshold")}
    assert ("return_indices", "return_mask") in _pairs(
        _rows("(kernel_size, return_indices=False)", "(kernel_size, return_mask=False)")
    )
    assert ("device", "place") in _pairs(_rows("(x, device=None)", "(x, place=None)"))
    assert ("periodic", "fftbins") in _pairs(_rows("(n, periodic=True)", "(n, fftbins=True)"))
    assert name_evidence("window_length", "win_length") in ("abbreviation", "shared-words")


def _named_pairs(rows) -> set[tuple[str, str, str]]:
    return {(r.left.name, r.right.name, r.match) for r in rows if r.left and r.right}


@settings(max_examples=200, deadline=None)
@given(signatures(), signatures())
def test_the_instance_side_mirrors(method, function):
    forward = compare_signatures(method, function, instance="left")
    backward = compare_signatures(function, method, instance="right")
    assert _named_pairs(forward) == {(b, a, m) for a, b, m in _named_pairs(backward)}
    # at most one instance row; its counterpart is the function's first positional parameter
    instance = [r for r in forward if r.match == "instance"]
    assert len(instance) <= 1
    for row in instance:
        assert row.changes == () and row.right_position == 0 and row.left.name == "self"
        assert "only-right" not in {c for r in forward for c in r.changes if r.right is row.right}
    # every parameter of both sides is in exactly one row (the instance aside)
    lnames = [r.left.name for r in forward if r.left and r.match != "instance"]
    assert sorted(lnames) == sorted(method.names())
    assert sorted(r.right.name for r in forward if r.right) == sorted(function.names())


def test_the_instance_on_the_right_compares_types_left_to_right():
    # `int | None` on the left is not taken by `int` on the right; the other way round it is
    method = parse_signature("(n: int = 1)")
    function = parse_signature("(x, n: int | None = 1)")
    left_is_function = compare_signatures(function, method, instance="right")
    row = next(r for r in left_is_function if r.left and r.left.name == "n")
    assert "annotation" in row.changes
    left_is_method = compare_signatures(method, function, instance="left")
    row = next(r for r in left_is_method if r.left and r.left.name == "n")
    assert "annotation" not in row.changes


def test_the_start_bounds_a_slot_less_surely_than_a_pair():
    # PReLU: nothing in common but the values; the first index before an agreeing pair pairs
    assert _pairs(_rows("(num_parameters=1, init=0.25)", "(channel=1, w=0.25)")) == {
        ("num_parameters", "channel"),
        ("init", "w"),
    }
    # ... but not against its defaults (Dropout3d(p=0.5, inplace) and ELU(alpha=1.0, inplace))
    assert _pairs(_rows("(p=0.5, inplace=False)", "(alpha=1.0, inplace=False)")) == {
        ("inplace", "inplace")
    }


def test_one_setting_written_differently_says_so_and_compares_defaults_through_its_values():
    # Bessel's correction: PyTorch's flag `unbiased` (True divides by N - 1) is the count `ddof`
    # (1 divides by N - 1); MindSpore's default ddof=0 is unbiased=False, not PyTorch's True
    rows = _rows("(input, dim, unbiased=True, keepdim=False)", "(x, axis=None, ddof=0)")
    row = next(r for r in rows if r.left and r.left.name == "unbiased")
    assert row.right.name == "ddof" and "encoded" in row.evidence
    assert "default" in row.changes
    text = Describer("a", "b").row_summary(row)
    assert (
        "encoded differently: unbiased=True in a is ddof=1 in b, unbiased=False is ddof=0" in text
    )
    assert "default: True in a, 0 in b" in text
    # the same default written both ways is no difference, whichever side is left
    for left, right in (
        ("(x, unbiased=True)", "(x, ddof=1)"),
        ("(x, ddof=1)", "(x, unbiased=True)"),
    ):
        (row,) = (r for r in _rows(left, right) if r.left and r.left.name != "x")
        assert "encoded" in row.evidence and row.changes == ("renamed",)
    (row,) = (r for r in _rows("(x, ddof=0)", "(x, unbiased=True)") if r.left.name == "ddof")
    assert "default" in row.changes
    text = Describer("a", "b").row_summary(row)
    assert "ddof=1 in a is unbiased=True in b, ddof=0 is unbiased=False" in text
    # PyTorch's newer count and NumPy's are one encoding: a synonym, the defaults compared as is
    assert name_evidence("correction", "ddof") == "synonym"
    assert name_evidence("unbiased", "correction") == "encoded"
    assert name_evidence("unbiased", "biased") is None


def test_torch_var_read_live_pairs_unbiased_with_ddof_and_says_the_defaults_differ():
    # MindSpore's signature as its page prints it; PyTorch's overloads as its stubs list them:
    # the one with `unbiased` is the closest, and its True is ddof=1, not MindSpore's 0
    c = compare(
        "torch.var",
        "mindspore.ops.var",
        right_signature="(input, axis=None, ddof=0, keepdims=False)",
    )
    row = next(r for r in c.rows if r.left and r.left.name == "unbiased")
    assert row.right.name == "ddof"
    assert "default" in row.changes and "encoded" in row.evidence


def test_a_default_the_other_side_names_no_value_for_speaks_against_the_pair():
    # torch's padding_mode takes Literal['zeros', 'reflect', ...]: what fills the border;
    # MindSpore's pad_mode='same' (how much border) is none of them, whatever the names share
    c = compare(
        "torch.nn.Conv2d",
        "mindspore.nn.Conv2d",
        right_signature="(in_channels, out_channels, kernel_size, stride=1, pad_mode='same', "
        "padding=0, dilation=1, group=1, has_bias=False, weight_init=None, bias_init=None)",
    )
    assert pairs(c)["padding_mode"] is None
    assert (pairs(c)["groups"], pairs(c)["bias"]) == ("group", "has_bias")
    # a value the Literal does name: the abbreviation pairs, the default differs
    rows = _rows(
        "(x, pad_mode: Literal['zeros', 'reflect'] = 'zeros')", "(x, padding_mode='reflect')"
    )
    row = next(r for r in rows if r.left and r.left.name == "pad_mode")
    assert row.right.name == "padding_mode" and "default-not-accepted" not in row.evidence
    # an annotation that is no Literal says nothing of the values
    assert ("pad_mode", "padding_mode") in _pairs(
        _rows("(x, pad_mode: str = 'zeros')", "(x, padding_mode='same')")
    )


def test_batch_norm_statistics_pair_where_the_encoding_says_and_differ_where_it_cannot():
    # torch's track_running_stats=True is what MindSpore's use_batch_statistics does when None
    torch_bn = "(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)"
    ms_bn = "(num_features, eps=1e-5, momentum=0.9, affine=True, use_batch_statistics=None)"
    row = next(r for r in _rows(torch_bn, ms_bn) if r.left and r.left.name == "track_running_stats")
    assert row.right.name == "use_batch_statistics" and "default" not in row.changes
    assert "track_running_stats=True in a is use_batch_statistics=None in b" in (
        Describer("a", "b").row_summary(row)
    )
    # False has no exact counterpart on either side: its default is a difference, said as is
    rows = _rows("(n, track_running_stats=False)", "(n, use_global_stats=None)")
    (row,) = (r for r in rows if r.left.name == "track_running_stats")
    assert row.right.name == "use_global_stats" and "default" in row.changes
