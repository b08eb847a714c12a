"""Things that are not calls, read from the real libraries: properties against properties,
a method against a property, constants, enum members against literal values."""

from __future__ import annotations

import json
import math

import pytest
from conftest import copy_root, parse_html, run_build
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff import compare
from sphinx_apidiff.cli import main
from sphinx_apidiff.introspect import read_api
from sphinx_apidiff.introspect.members import literal_api, parse_literal
from sphinx_apidiff.introspect.resolve import MISSING
from sphinx_apidiff.sphinxext.snapshots.update import collect

torch = pytest.importorskip("torch")


# ------------------------------------------------------------------------------ reading


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("torch.Tensor.shape", "property"),
        ("torch.Tensor.T", "property"),
        ("numpy.ndarray.shape", "property"),
        ("fractions.Fraction.numerator", "property"),
        ("math.pi", "constant"),
        ("re.IGNORECASE", "enum member"),
        ("sys.path", "attribute"),
    ],
)
def test_what_is_not_a_call_is_read_as_what_it_is(path, kind):
    api = read_api(path)
    assert api.kind == api.member.kind == kind
    assert [sig.parameters for sig in api.overloads] == [()]


def test_a_constant_and_an_enum_member_have_a_type_and_a_value():
    pi = read_api("math.pi").member
    assert (pi.type, pi.value) == ("float", repr(math.pi))
    flag = read_api("re.IGNORECASE").member
    assert (flag.type, flag.value) == ("re.RegexFlag", "2")


def test_a_literal_stands_where_a_path_would_go():
    api = read_api('"bicubic"')
    assert (api.path, api.kind, api.source) == ("'bicubic'", "value", "explicit")
    assert (api.member.type, api.member.value) == ("str", "'bicubic'")
    assert parse_literal("torch.float32") is MISSING  # a dotted path is no literal...
    assert read_api("math.pi").member.kind == "constant"  # ...and is read as one


@given(st.one_of(st.integers(), st.text(max_size=20), st.booleans(), st.none()))
def test_any_literal_reads_back_as_its_value(value):
    text = repr(value)
    api = literal_api(text)
    assert api.path == text
    assert api.member.value == (text if len(text) <= 80 else text[:79] + "…")


# ---------------------------------------------------------------------------- comparing


def test_two_properties_are_no_parameters_and_no_difference():
    comparison = compare("torch.Tensor.shape", "numpy.ndarray.shape")
    assert comparison.category == "no-parameters"
    assert comparison.rows == () and comparison.pair_changes == ()


def test_a_method_against_a_property_says_the_kind_and_the_methods_parameters():
    comparison = compare("torch.Tensor.size", "numpy.ndarray.shape")
    assert "object-kind" in comparison.pair_changes
    assert [(r.left.name if r.left else None, r.changes) for r in comparison.rows] == [
        ("dim", ("only-left",))
    ]


def test_an_enum_member_against_a_string_says_kind_and_value():
    comparison = compare("re.IGNORECASE", "'i'")
    assert comparison.pair_changes == ("object-kind", "value")
    assert comparison.category == "no-parameters"  # a mapping, not a change of calls
    same = compare("math.pi", "numpy.pi")
    assert "value" not in same.pair_changes


def test_the_command_line_shows_both_and_says_what_differs(capsys):
    assert main(["diff", "torch.Tensor.size", "numpy.ndarray.shape", "--color", "never"]) == 0
    out = capsys.readouterr().out
    assert "numpy: numpy.ndarray.shape  (property)" in out
    assert "torch has a method, numpy a property" in out
    assert main(["diff", "re.IGNORECASE", '"i"', "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["left"]["member"] == {"kind": "enum member", "type": "re.RegexFlag", "value": "2"}
    assert data["right"]["member"]["value"] == "'i'"
    assert data["pair_changes"] == ["object-kind", "value"]


# -------------------------------------------------------------------------------- a page


def test_a_page_shows_what_each_side_is_and_a_row_per_fact(tmp_path):
    srcdir = copy_root("onesided", tmp_path)
    (srcdir / "max.rst").write_text(
        "Shapes\n======\n\n"
        ".. apidiff:: torch.Tensor.size numpy.ndarray.shape\n"
        "   :undocumented: auto\n",
        encoding="utf-8",
    )
    build = run_build(srcdir)
    assert build.warnings == ""
    page = parse_html(build.page("max"))
    codes = [block.words() for block in page.find_all("pre")]
    assert "# property numpy.ndarray.shape" in codes
    table = page.find("table", cls="apidiff-table")
    rows = [[td.words() for td in tr.find_all("td")] for tr in table.find("tbody").find_all("tr")]
    assert rows[0] == ["method", "property", "kind differs"]
    assert rows[1][0] == "dim"
    # the signature snapshot records the method, not the property (it has no signature)
    entries, used = collect(build.app.env)
    assert {"torch.Tensor.size", "numpy.ndarray.shape"} <= used
    assert "torch.Tensor.size" in entries and "numpy.ndarray.shape" not in entries
