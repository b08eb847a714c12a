"""How a signature is laid out in a card: one parameter per line, long ones wrapped."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.signature import parse_signature
from sphinx_apidiff.sphinxext.pair.context import signature_code, wrap_parameter


def test_long_annotation_breaks_at_the_outer_brackets():
    text = "output_padding: Union[int, tuple[int, int]] = 0"
    assert wrap_parameter(text, width=30) == [
        "output_padding: Union[int,",
        "    tuple[int, int]] = 0",
    ]


def test_commas_inside_strings_are_not_break_points():
    text = "mode: Literal['a, b', 'c, d', 'e, f', 'g, h'] = 'a, b'"
    lines = wrap_parameter(text, width=24)
    assert all(line.count("'") % 2 == 0 for line in lines)


def test_short_and_unbreakable_parameters_stay_whole():
    assert wrap_parameter("x=1") == ["x=1"]
    long = "a_very_long_parameter_name_without_any_brackets_at_all=12345"
    assert wrap_parameter(long, width=20) == [long]


@given(
    st.lists(
        st.sampled_from(["int", "str", "tuple[int, int]", "'x, y'", "None"]), min_size=1, max_size=8
    ),
    st.integers(10, 60),
)
def test_wrapping_loses_nothing(members, width):
    text = f"p: Union[{', '.join(members)}] = None"
    lines = wrap_parameter(text, width=width)
    assert "".join(line.strip() + (" " if line.endswith(",") else "") for line in lines) == text


def test_changed_parameters_are_emphasized_on_every_line():
    sig = parse_signature(
        "(x, padding_mode: Literal['zeros', 'reflect', 'replicate', 'circular'] = 'zeros')"
    )
    code, lines = signature_code("lib.f", sig, {"padding_mode"})
    text = code.splitlines()
    wrapped = wrap_parameter(sig["padding_mode"].display())
    assert len(wrapped) > 1
    assert lines == list(range(3, 3 + len(wrapped)))  # line 1 "lib.f(", line 2 "x,"
    assert text[lines[0] - 1].strip().startswith("padding_mode:")
    assert text[0] == "lib.f(" and text[-1] == ")"
