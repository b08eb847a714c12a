"""Keys a side takes only through ``**kwargs``, declared by the author: a row each (pure)."""

from __future__ import annotations

from test_comparison import api

from sphinx_apidiff.comparison import compare_apis
from sphinx_apidiff.comparison.kwargs_keys import key_problem
from sphinx_apidiff.describe import Describer
from sphinx_apidiff.export import load_schema

GENERATE = ("hf.generate", "(inputs=None, generation_config=None, **kwargs)")
OTHER = ("other.generate", "(input_ids, max_length=20, **kwargs)")


def test_a_key_meets_the_parameter_of_its_name_on_the_other_side():
    plain = compare_apis(api(*GENERATE), api(*OTHER))
    assert set(plain.row_for("max_length").changes) == {"only-right", "maybe-absorbed"}
    c = compare_apis(api(*GENERATE), api(*OTHER), kwargs_keys={"max_length": "left"})
    row = c.row_for("max_length")
    assert row.left.name == row.right.name == "max_length"
    assert row.changes == () and row.through_kwargs == ("left",)
    assert row.right_position == 1 and len(c.rows) == len(plain.rows)
    words = Describer("HF", "Other").row_summary(row)
    assert words == "taken through **kwargs in HF"
    assert c.to_dict()["rows"][-1]["through_kwargs"] == ["left"]


def test_a_key_of_one_side_only_is_a_row_of_its_own():
    c = compare_apis(
        api(*GENERATE), api(*OTHER), kwargs_keys={"top_k": "left", "num_beams": "both"}
    )
    top_k, beams = c.row_for("top_k"), c.row_for("num_beams")
    assert top_k.changes == ("only-left",) and top_k.right is None
    assert Describer("HF", "Other").row_summary(top_k) == (
        "taken through **kwargs in HF; only in HF"
    )
    assert beams.changes == () and beams.through_kwargs == ("left", "right")
    assert c.kinds["only-left"] == 2  # generation_config and top_k


def test_a_declaration_the_signatures_do_not_allow_adds_no_row():
    c = compare_apis(api(*GENERATE), api("x.f", "(a)"), kwargs_keys={"top_k": "right"})
    assert c.row_for("top_k") is None
    sigs = {"left": api(*GENERATE).signature, "right": api("x.f", "(a)").signature}
    assert key_problem("top_k", "right", sigs) == "the right side has no **kwargs"
    assert "has a parameter" in key_problem("inputs", "left", sigs)
    assert key_problem("top_k", "left", sigs) is None


def test_schema_knows_keys_of_kwargs():
    rows = load_schema()["$defs"]["row"]["properties"]
    assert "through_kwargs" in rows
