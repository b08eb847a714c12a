"""Signature text, defaults and annotations (pure logic)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.signature import (
    Kind,
    Parameter,
    Signature,
    SignatureSyntaxError,
    default_is_known,
    normalize_annotation,
    parse_signature,
    scan_code,
    scrub_repr,
)


def test_parse_keeps_default_text_and_kinds():
    sig = parse_signature("add(input, other, /, *args, alpha: float = 1, out=None, **kw) -> Tensor")
    assert [p.kind for p in sig.parameters] == [
        Kind.POSITIONAL_ONLY,
        Kind.POSITIONAL_ONLY,
        Kind.VAR_POSITIONAL,
        Kind.KEYWORD_ONLY,
        Kind.KEYWORD_ONLY,
        Kind.VAR_KEYWORD,
    ]
    assert sig["alpha"].default == "1" and sig["alpha"].annotation == "float"
    assert sig.return_annotation == "Tensor"
    assert sig.text() == "(input, other, /, *args, alpha: float = 1, out=None, **kw) -> Tensor"


def test_docstring_brackets_make_optional_unknown_parameters():
    sig = parse_signature("sum(a[, axis[, dtype]])")
    assert sig.names() == ["a", "axis", "dtype"]
    assert not sig["axis"].required and not sig["axis"].default_known


def test_pasted_reprs_are_kept_and_unknown():
    sig = parse_signature("(a, keepdims=<no value>, s=<object object at 0x7f00deadbeef>)")
    assert sig["keepdims"].default == "<no value>" and not sig["keepdims"].default_known
    assert sig["s"].default == "<object object>"


@pytest.mark.parametrize("text", ["", "(a, b=", "f(a) extra", "(a, a)", "(*, **kw, x)", "f[x]"])
def test_malformed_text_is_one_line_error(text):
    with pytest.raises(SignatureSyntaxError) as info:
        parse_signature(text)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("text", "known"),
    [
        ("None", True),
        ("'zeros'", True),
        ("(1, 2)", True),
        ("torch.float32", True),
        ("...", False),
        ("<no value>", False),
        ("np._NoValue", False),
        ("object()", False),
        ("_MISSING", False),
    ],
)
def test_default_is_known(text, known):
    assert default_is_known(text) is known


def test_annotations_normalise_equivalent_spellings():
    assert normalize_annotation("Optional[int]") == normalize_annotation("int | None")
    assert normalize_annotation("typing.List[int]") == normalize_annotation("list[int]")
    assert normalize_annotation("Union[str, int]") == normalize_annotation("int | str")
    assert normalize_annotation("int") != normalize_annotation("str")


def test_scrub_repr_drops_addresses():
    assert scrub_repr("<function f at 0x7f3a2b1c4d50>") == "<function f>"


def test_scan_code_skips_strings_and_counts_brackets():
    text = "f(a, ')', [b, c])"
    seen = [(ch, depth) for _i, ch, depth in scan_code(text) if ch in "()[],"]
    assert seen == [("(", 0), (",", 1), (",", 1), ("[", 1), (",", 2), ("]", 1), (")", 0)]


# ------------------------------------------------------------- string defaults, dialects

_TRICKY = st.text(alphabet=st.sampled_from(list(" \t()[]{},'\"\\<>=*:#-x\n")), max_size=12)


@given(_TRICKY)
def test_string_defaults_round_trip_exactly(value):
    literal = repr(value)
    sig = parse_signature(f"(a, sep={literal}, *, end={literal}) -> None")
    assert sig["sep"].default == literal and sig["end"].default == literal
    assert sig["sep"].default_known
    assert sig.names() == ["a", "sep", "end"]


def test_whitespace_in_string_defaults_is_a_difference():
    one, two = parse_signature("(sep=' ')"), parse_signature("(sep='  ')")
    assert one["sep"].default == "' '" and two["sep"].default == "'  '"
    assert one != two


def test_brackets_inside_strings_do_not_end_the_parameters():
    sig = parse_signature("f(sep=')', x='[, y]', z='<a>') -> str")
    assert sig.names() == ["sep", "x", "z"]
    assert sig["sep"].default == "')'" and sig["x"].default == "'[, y]'"
    assert sig["z"].default == "'<a>'" and sig["z"].default_known
    assert sig.return_annotation == "str"


def test_bracketed_parameter_with_its_default():
    sig = parse_signature("log(x, [base=math.e])")
    assert sig.names() == ["x", "base"]
    assert sig["x"].required and sig["base"].default == "math.e" and sig["base"].default_known


def test_c_typed_parameters_become_annotations():
    text = "(Tensor input, int dim=-1, *, bool pivot=True, Tensor? out=None)"
    with pytest.raises(SignatureSyntaxError):
        parse_signature(text)  # an author's "(a, b c)" is a missing comma
    sig = parse_signature(text, c_types=True)
    assert sig.names() == ["input", "dim", "pivot", "out"]
    assert sig["input"].annotation == "Tensor" and sig["input"].required
    assert (sig["dim"].annotation, sig["dim"].default) == ("int", "-1")
    assert sig["pivot"].kind is Kind.KEYWORD_ONLY and sig["pivot"].default == "True"
    assert sig["out"].annotation == "Tensor | None"


def test_c_array_types_are_dropped_and_python_parameters_stay():
    sig = parse_signature("(int[2] stride=1, x: list[int] = [1, 2], key=lambda v: v)", c_types=True)
    assert sig["stride"].annotation is None and sig["stride"].default == "1"
    assert sig["x"].annotation == "list[int]" and sig["x"].default == "[1, 2]"
    assert sig["key"].default == "lambda v: v"


def test_integer_literals_are_not_scrubbed_as_addresses():
    assert parse_signature("(mask=0xFFFFFFFF)")["mask"].default == "0xFFFFFFFF"


_PARAMETERS = st.builds(
    Parameter,
    name=st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True),
    kind=st.sampled_from(list(Kind)),
    default=st.none() | st.sampled_from(["1", "None", "...", "<no value>", "'a'", "x.y"]),
    default_known=st.booleans(),
    annotation=st.none() | st.sampled_from(["int", "str | None"]),
).filter(lambda p: p.default is not None or p.default_known)  # no default: nothing unknown


@given(_PARAMETERS)
def test_a_parameter_reads_back_from_either_json_form(param):
    assert Parameter.from_dict(param.to_dict()) == param
    assert Parameter.from_dict(param.to_dict(compact=True)) == param
    assert set(param.to_dict(compact=True)) <= set(param.to_dict())


def test_a_signature_reads_back_from_its_json():
    sig = parse_signature("(a, /, b: int = 1, *args, c=..., **kw) -> str")
    assert Signature.from_dict(sig.to_dict()) == sig
    assert Parameter.from_dict({"name": "x"}) == Parameter("x")
    for bad in ({"kind": "positional"}, {"name": "x", "kind": "both"}, {"name": "x", "default": 1}):
        with pytest.raises(ValueError):
            Parameter.from_dict(bad)
