"""Comparing signatures: the taxonomy, the matching rules, the categories (pure logic)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.api import Api, ApiDiffError
from sphinx_apidiff.comparison import (
    CATEGORIES,
    categorize,
    compare_apis,
    compare_signatures,
    parse_ignore,
    parse_rename,
)
from sphinx_apidiff.signature import Kind, Parameter, Signature, parse_signature

TORCH_CONV_T = (
    "(in_channels: int, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,"
    " groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = 'zeros',"
    " device=None, dtype=None)"
)
MEGENGINE_CONV_T = (
    "(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0,"
    " dilation=1, groups=1, bias=True, conv_mode='cross_correlation',"
    " compute_mode='default', **kwargs)"
)


def api(path: str, text: str, *, kind: str = "function", label: str | None = None) -> Api:
    overloads = tuple(parse_signature(line) for line in text.split("\n"))
    return Api(path, label or path.split(".")[0], kind, "explicit", overloads)


def changes(comparison, name):
    row = comparison.row_for(name)
    assert row is not None, name
    return set(row.changes)


def test_conv_transpose_order_trap():
    c = compare_apis(
        api("torch.nn.ConvTranspose2d", TORCH_CONV_T, kind="class"),
        api("megengine.module.ConvTranspose2d", MEGENGINE_CONV_T, kind="class"),
    )
    for name in ("groups", "bias", "dilation"):
        assert changes(c, name) == {"moved"}, name
    for name in ("padding_mode", "device", "dtype"):
        assert changes(c, name) == {"only-left", "maybe-absorbed"}, name
    for name in ("conv_mode", "compute_mode"):
        assert changes(c, name) == {"only-right"}, name
    for name in ("in_channels", "stride", "output_padding"):
        assert changes(c, name) == set(), name
    row = c.row_for("dilation")
    assert (row.left_position, row.right_position) == (8, 6)
    # moved parameters change how a call is written: the highest group reached
    assert c.category == "usage-differs"
    # left's order first, then right-only in right's order
    names = [(r.left.name if r.left else None, r.right.name if r.right else None) for r in c.rows]
    assert names[:3] == [("in_channels",) * 2, ("out_channels",) * 2, ("kernel_size",) * 2]
    assert names[-3:] == [(None, "conv_mode"), (None, "compute_mode"), (None, "kwargs")]


def test_ignore_removes_rows_and_unknown_ignore_is_a_problem():
    c = compare_apis(
        api("t.f", TORCH_CONV_T), api("m.f", MEGENGINE_CONV_T), ignore="device, dtype, nonexistent"
    )
    assert c.row_for("device") is None and c.row_for("dtype") is None
    assert c.ignored == {"device", "dtype", "nonexistent"}
    assert c.problems == ("ignore nonexistent: neither t.f nor m.f has it",)
    # ignoring keeps the real positions: a positional caller still counts device
    assert c.row_for("groups").left_position == 6


def test_rename_pairs_and_intentional_absence():
    c = compare_apis(
        api("numpy.sum", "(a, axis=None, keepdims=False)"),
        api("torch.sum", "(input, dim=None, keepdim=False, *, dtype=None)"),
        rename="axis=dim, keepdims=keepdim",
    )
    assert changes(c, "a") == {"renamed"}  # a/input: known synonym at the same position
    assert c.row_for("a").match == "inferred"
    assert "synonym" in c.row_for("a").evidence
    assert changes(c, "axis") == {"renamed"} and c.row_for("axis").intentional
    assert changes(c, "keepdims") == {"renamed"}
    assert changes(c, "dtype") == {"only-right"}
    c2 = compare_apis(api("a.f", "(x, y=1)"), api("b.f", "(x, **kw)"), rename=["y="])
    row = c2.row_for("y")
    assert row.intentional and set(row.changes) == {"only-left"}  # no "maybe" when on purpose


def test_optional_parameters_at_same_index_are_not_paired():
    c = compare_apis(api("a.f", "(x, padding_mode='zeros')"), api("b.f", "(x, conv_mode='c')"))
    assert changes(c, "padding_mode") == {"only-left"}
    assert changes(c, "conv_mode") == {"only-right"}
    assert c.category == "left-has-more"  # ranks above right-has-more


def test_positional_only_paired_by_position():
    c = compare_apis(api("a.f", "(x, /, y=2)"), api("b.f", "(a, /, y=2)"))
    assert changes(c, "x") == {"renamed"}
    assert c.category == "names-differ"


def test_kind_required_default_annotation():
    c = compare_apis(
        api("a.f", "(a, b: int = 1, *, c=None, d: Optional[int] = None, e=3)"),
        api("b.f", "(a, *, b: int = 1, c, d: int | None = None, e=4)"),
    )
    assert changes(c, "b") == {"kind"}
    assert changes(c, "c") == {"required"}
    assert changes(c, "d") == set()  # Optional[int] == int | None
    assert changes(c, "e") == {"default"}


def test_true_and_one_are_different_defaults():
    c = compare_apis(api("a.f", "(x=True)"), api("b.f", "(x=1)"))
    assert changes(c, "x") == {"default"}
    c = compare_apis(api("a.f", "(x=(1, 2))"), api("b.f", "(x=(1,2))"))
    assert changes(c, "x") == set()


def test_sentinel_is_never_a_different_default():
    c = compare_apis(
        api("numpy.sum", "(a, axis=None, keepdims=<no value>)"),
        api("other.sum", "(a, axis=None, keepdims=False)"),
    )
    assert changes(c, "keepdims") == set()
    assert c.category == "identical"
    c = compare_apis(api("a.f", "(x=...)"), api("b.f", "(x=0)"))
    assert changes(c, "x") == set()


def test_varargs_matched_by_kind_whatever_the_name():
    c = compare_apis(api("a.f", "(*args, **kwargs)"), api("b.f", "(*values, **options)"))
    assert [r.changes for r in c.rows] == [(), ()]
    assert c.category == "identical"


def test_maybe_absorbed_by_args_only_for_positional_only():
    c = compare_apis(api("a.f", "(x, /, y)"), api("b.f", "(*args)"))
    assert "maybe-absorbed" in changes(c, "x")
    assert "maybe-absorbed" not in changes(c, "y")


@pytest.mark.parametrize(
    ("left", "right", "category"),
    [
        ("()", "()", "no-parameters"),
        ("(a, b=1)", "(a, b=1)", "identical"),
        ("(a, /, b=1)", "(x, /, b=1)", "names-differ"),
        ("(a, b=1)", "(a, b=2)", "defaults-differ"),
        ("(a, b=1)", "(a, b)", "defaults-differ"),
        ("(a: int)", "(a: str)", "types-differ"),
        ("(a) -> int", "(a) -> str", "return-type-differs"),
        ("(a, b=1)", "(a)", "left-has-more"),
        ("(a)", "(a, b=1)", "right-has-more"),
        ("(a, b=1)", "(a, c=2, b=1)", "usage-differs"),  # b moved, c only right
        ("(a, b=1)", "(a, *, b=1)", "usage-differs"),
        # renames and extra left parameters: the higher of the two groups
        ("(a, /, b=1, c=2)", "(x, /, b=1)", "left-has-more"),
        ("(a, /, b=1)", "(x, /, b=2, c=3)", "defaults-differ"),
        ("(a: int, b=1) -> int", "(a: str) -> str", "return-type-differs"),
        # seen from the left: the right side takes all the left side accepts
        ("(a: int | tuple)", "(a: int | list | tuple)", "identical"),
        ("(a: int | list | tuple)", "(a: int | tuple)", "types-differ"),
        ("(a: Optional[int])", "(a: int)", "types-differ"),
        ("(a: int)", "(a: Any)", "identical"),
    ],
)
def test_categories(left, right, category):
    assert compare_apis(api("l.f", left), api("r.f", right)).category == category


def test_overloads_best_pair_is_compared():
    left = api(
        "torch.sum",
        "(input, *, dtype=None) -> Tensor\n(input, dim, keepdim=False, *, dtype=None) -> Tensor",
    )
    right = api("numpy.sum", "(input, dim, keepdim=False, *, dtype=None)")
    c = compare_apis(left, right)
    assert c.left_signature is left.overloads[1]
    assert "overloads" in c.pair_changes
    assert c.category == "identical"


def test_class_versus_function_is_a_pair_change():
    c = compare_apis(api("a.C", "(x)", kind="class"), api("b.f", "(x)", kind="function"))
    assert c.pair_changes == ("object-kind",)
    assert c.category == "identical"  # called the same way: object-kind ranks in no group


def test_rename_problems_name_the_side():
    c = compare_apis(api("a.f", "(x)"), api("b.f", "(y)"), rename="q=y, x=z")
    assert c.problems == (
        "rename q=y: a.f has no parameter 'q'",
        "rename x=z: b.f has no parameter 'z'",
    )


@pytest.mark.parametrize("spec", ["a", "a=b=c", "=", "1x=y", "a=b, a=c"])
def test_malformed_rename(spec):
    with pytest.raises(ApiDiffError):
        parse_rename(spec)


def test_parse_rename_forms():
    assert parse_rename("a=b, c=").pairs == (("a", "b"), ("c", None))
    assert parse_rename(["a=b", "=d"]).pairs == (("a", "b"), (None, "d"))
    assert parse_rename({"a": "b"}).pairs == (("a", "b"),)
    assert parse_ignore("device, dtype") == {"device", "dtype"}
    with pytest.raises(ApiDiffError):
        parse_ignore("not a name")


def test_to_dict_shape():
    c = compare_apis(api("a.f", "(x, y=1)", label="A"), api("b.f", "(x, z=2)", label="B"))
    d = c.to_dict()
    assert set(d) >= {"left", "right", "category", "rows"}
    assert d["left"]["label"] == "A" and d["left"]["source"] == "explicit"
    assert d["left"]["parameters"][1] == {
        "name": "y",
        "kind": "positional-or-keyword",
        "default": "1",
        "default_known": True,
        "annotation": None,
    }
    assert d["rows"][1] == {
        "left": "y",
        "right": None,
        "changes": ["only-left"],
        "left_position": 1,
        "right_position": None,
        "intentional": False,
        "match": None,
        "evidence": [],
    }
    assert d["rows"][0]["match"] == "name"
    assert d["category"] == "left-has-more"
    assert d["kinds"] == {"only-left": 1, "only-right": 1}


# ---------------------------------------------------------------------------- properties

NAMES = st.sampled_from(["a", "b", "c", "x", "y", "axis", "dim", "out", "dtype", "keepdims"])
DEFAULTS = st.sampled_from(
    [None, "None", "0", "1", "True", "'zeros'", "(1, 2)", "...", "<no value>"]
)
ANNOTATIONS = st.sampled_from([None, "int", "str", "Optional[int]", "int | None"])


@st.composite
def signatures(draw) -> Signature:
    names = draw(st.lists(NAMES, unique=True, max_size=7))
    kinds = sorted(
        draw(
            st.lists(
                st.sampled_from(
                    [Kind.POSITIONAL_ONLY, Kind.POSITIONAL_OR_KEYWORD, Kind.KEYWORD_ONLY]
                ),
                min_size=len(names),
                max_size=len(names),
            )
        ),
        key=lambda k: [Kind.POSITIONAL_ONLY, Kind.POSITIONAL_OR_KEYWORD, Kind.KEYWORD_ONLY].index(
            k
        ),
    )
    params = []
    seen_default = False
    for name, kind in zip(names, kinds, strict=True):
        default = draw(DEFAULTS)
        if kind.positional and seen_default and default is None:
            default = "0"  # Python's rule: no required positional after an optional one
        seen_default |= default is not None and kind.positional
        known = default is None or default not in ("...", "<no value>")
        params.append(Parameter(name, kind, default, known, draw(ANNOTATIONS)))
    if draw(st.booleans()):
        params.insert(
            sum(1 for p in params if p.kind.positional), Parameter("args", Kind.VAR_POSITIONAL)
        )
    if draw(st.booleans()):
        params.append(Parameter("kwargs", Kind.VAR_KEYWORD))
    return Signature(tuple(params))


@settings(max_examples=300, deadline=None)
@given(signatures())
def test_self_comparison_has_no_changes(sig):
    rows = compare_signatures(sig, sig)
    assert all(not row.changes for row in rows)
    assert len(rows) == len(sig.parameters)
    assert categorize(rows) in ("identical", "no-parameters")


@settings(max_examples=300, deadline=None)
@given(signatures(), signatures())
def test_swapping_sides_mirrors(left, right):
    forward = compare_signatures(left, right)
    backward = compare_signatures(right, left)
    mirror = {"only-left": "only-right", "only-right": "only-left"}

    def key(row, flip):
        lname = row.left.name if row.left else None
        rname = row.right.name if row.right else None
        return (rname, lname) if flip else (lname, rname)

    # a type difference is seen from the left (can the right take it?), so it need not mirror
    fwd = {key(r, False): {mirror.get(c, c) for c in r.changes} - {"annotation"} for r in forward}
    bwd = {key(r, True): set(r.changes) - {"annotation"} for r in backward}
    assert fwd == bwd


@settings(max_examples=200, deadline=None)
@given(signatures(), signatures())
def test_every_parameter_appears_once(left, right):
    rows = compare_signatures(left, right)
    assert [r.left.name for r in rows if r.left] == left.names()
    assert sorted(r.right.name for r in rows if r.right) == sorted(right.names())
    assert categorize(rows) in CATEGORIES


@settings(max_examples=200, deadline=None)
@given(signatures())
def test_signature_text_round_trips(sig):
    again = parse_signature(sig.text())
    assert again.parameters == sig.parameters


# ------------------------------------------------------------------------- private parameters


def test_private_parameters_are_left_out_by_default():
    left = api("torch.softmax", "(input, dim=None, _stacklevel=3, dtype=None)")
    right = api("paddle.softmax", "(x, axis=-1, dtype=None, name=None)")
    hidden = compare_apis(left, right, rename="input=x, dim=axis", ignore="name")
    assert hidden.row_for("_stacklevel") is None
    assert hidden.ignored == {"_stacklevel", "name"}
    assert hidden.problems == ()
    shown = compare_apis(
        left, right, rename="input=x, dim=axis", ignore="name", private_parameters=True
    )
    assert changes(shown, "_stacklevel") == {"only-left"}
    assert shown.ignored == {"name"}


def test_a_private_parameter_the_author_renames_is_compared():
    left = api("a.f", "(x, _scale=1)")
    right = api("b.f", "(x, scale=1)")
    comparison = compare_apis(left, right, rename="_scale=scale")
    assert changes(comparison, "_scale") == {"renamed"}
    assert comparison.category == "names-differ"


@settings(max_examples=200, deadline=None)
@given(signatures(), signatures())
def test_no_row_names_a_private_parameter_unless_asked(left, right):
    def private(sig):
        return Signature(
            tuple(p if p.kind.variadic else replace(p, name="_" + p.name) for p in sig.parameters)
        )

    lapi = Api("a.f", "a", "function", "explicit", (private(left),))
    rapi = Api("b.f", "b", "function", "explicit", (right,))
    rows = compare_apis(lapi, rapi).rows
    assert not any(r.left and r.left.name.startswith("_") for r in rows)
    shown = compare_apis(lapi, rapi, private_parameters=True).rows
    assert [r.left.name for r in shown if r.left] == private(left).names()


def test_a_rename_between_two_releases_of_one_library_says_keyword_calls_break():
    """Across releases of one package a renamed parameter breaks every call that passes the
    old name; between two frameworks a port rewrites the call anyway, so nothing is added."""
    from sphinx_apidiff.api import Api
    from sphinx_apidiff.comparison import compare_apis
    from sphinx_apidiff.describe import Describer
    from sphinx_apidiff.signature import parse_signature

    def api(path: str, text: str, version: str) -> Api:
        return Api(path, path, "function", "explicit", (parse_signature(text),), version)

    old = api("lib.reshape@1.0", "(a, newshape, order='C')", "1.0")
    new = api("lib.reshape", "(a, shape, order='C')", "2.0")
    comparison = compare_apis(old, new, rename={"newshape": "shape"})
    assert comparison.across_releases
    words = Describer("lib 1.0", "lib 2.0", across_releases=comparison.across_releases)
    sentences = words.row_sentences(comparison.row_for("newshape"))
    assert sentences[-1] == "a call that passes newshape by keyword breaks in lib 2.0"
    # a positional-only parameter cannot be passed by keyword: nothing breaks
    positional = compare_apis(
        api("lib.f@1.0", "(a, /)", "1.0"), api("lib.f", "(b, /)", "2.0"), rename={"a": "b"}
    )
    assert not any(
        "breaks" in s
        for s in Describer("1", "2", across_releases=True).row_sentences(positional.rows[0])
    )
    # two frameworks, or one release on both sides, are not across releases
    other = api("other.reshape", "(a, shape, order='C')", "2.0")
    assert not compare_apis(old, other).across_releases
    assert not compare_apis(new, new).across_releases
