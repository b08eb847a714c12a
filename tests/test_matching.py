"""Inferred renames (sphinx_apidiff.matching) and the overload choice, on real APIs and properties."""

from __future__ import annotations

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
    # a scheduler class and a learning-rate list function: nothing in common, positions chance
    rows = _rows(
        "(optimizer, T_max, eta_min=0.0, last_epoch=-1)",
        "(min_lr, max_lr, total_step, step_per_epoch, decay_epoch)",
    )
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
    # torch.Tensor.to against (dtype): its (other, non_blocking, copy) overload pairs `other` by
    # position and leaves fewer one-sided; the (dtype, ...) overload pairs dtype by its name
    c = compare("torch.Tensor.to", "mindspore.Tensor.to", right_signature="(dtype)")
    assert c.left_signature.names()[0] == "dtype"
    assert c.row_for("dtype").match == "name"
    assert c.row_for("other") is None
    not_compared = c.to_dict()["overloads"]["left_not_compared"]
    assert any(text.startswith("(other") for text in not_compared)


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
        assert paired == []
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
