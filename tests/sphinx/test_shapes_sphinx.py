"""Groups, keys of **kwargs and the perspective in a real Sphinx build: what a reader sees, what
the author is warned about, what the export keeps."""

from __future__ import annotations

import json

import jsonschema
import pytest
from conftest import main_body, run_build

from sphinx_apidiff.export import load_schema

pytestmark = pytest.mark.sphinx

CONF = """
project = "shapes"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build"]
apidiff_labels = {"old": "OldLib", "new": "NewLib"}
"""

PAGE = """
Shapes
======

Transposing
-----------

.. apidiff:: old.transpose new.transpose
   :left-signature: (input, dim0, dim1)
   :right-signature: (x, perm)
   :rename: input=x, dim0 dim1=perm

   .. apidiff-note:: input

      The tensor.

   .. apidiff-note:: dim0 dim1

      One order of the axes.

Generating
----------

.. apidiff:: old.generate new.generate
   :left-signature: (inputs=None, **kwargs)
   :right-signature: (inputs=None, max_length=20, **kwargs)

   .. apidiff-note:: max_length
      :kwargs: left

      Read from the keyword arguments.

   .. apidiff-note:: top_k
      :kwargs: right

      Not in its signature at all.

   .. apidiff-note:: num_beams

      Typed without :kwargs:.

Diagonals
---------

.. apidiff:: old.diagonal new.diagonal
   :left-signature: (a, *, offset=0, dim1=-2)
   :right-signature: (a, offset=0, dim1=0)
   :perspective: sideways

   .. apidiff-note:: dim1

      Defaults differ.
"""


def build(tmp_path, **conf):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "conf.py").write_text(CONF)
    (tmp_path / "index.rst").write_text(PAGE)
    return run_build(tmp_path, confoverrides={"apidiff_export": "apidiff.json", **conf})


def test_shapes_as_a_reader_and_an_author_see_them(tmp_path):
    result = build(tmp_path)
    warnings = result.warnings
    # the group: one row, its members neither undocumented nor one-sided
    # (two notes cover it: no undocumented difference, no "a second apidiff-note for dim1")
    assert not [w for w in warnings.splitlines() if "old.transpose" in w or "dim1" in w]
    body = main_body(result.page("index"))
    text = body.words()
    assert "one setting written differently: dim0, dim1 in OldLib, perm in NewLib" in text
    assert "only in OldLib" not in text.split("Generating")[0]
    # a declared key of **kwargs: its own row, marked
    assert "max_length (through **kwargs)" in text
    assert "taken through **kwargs in OldLib" in text
    # a declaration the signature does not allow, and a key that is not declared
    assert ":kwargs: right: the right side has a parameter" not in warnings
    assert "apidiff-note top_k :kwargs: right" not in warnings  # the right side has **kwargs
    assert (
        "apidiff-note names 'num_beams', which neither old.generate nor new.generate has "
        "(a general note takes the :general: flag; a key of **kwargs takes :kwargs: both)"
    ) in warnings
    assert "apidiff :perspective: 'sideways' is not one of 'both', 'left', 'right'" in warnings
    document = json.loads((result.outdir / "apidiff.json").read_text())
    jsonschema.validate(document, load_schema())
    rows = {
        tuple(r["left_group"]): r for p in document["pairs"] for r in p["rows"] if "left_group" in r
    }
    assert rows[("dim0", "dim1")]["right_group"] == ["perm"]
    assert rows[("dim0", "dim1")]["note"].endswith("dim0-dim1")
    keyed = [r for p in document["pairs"] for r in p["rows"] if r.get("through_kwargs")]
    assert {(r["left"], r["right"], tuple(r["through_kwargs"])) for r in keyed} == {
        ("max_length", "max_length", ("left",)),
        (None, "top_k", ("right",)),
    }


def test_a_key_declared_for_a_side_without_kwargs_is_a_warning(tmp_path):
    (tmp_path / "conf.py").write_text(CONF)
    (tmp_path / "index.rst").write_text(
        "Page\n====\n\n.. apidiff:: old.f new.f\n   :left-signature: (a)\n"
        "   :right-signature: (a)\n\n   .. apidiff-note:: top_k\n      :kwargs: left\n\n"
        "      Text.\n"
    )
    warnings = run_build(tmp_path).warnings
    assert "apidiff-note top_k :kwargs: left: the left side has no **kwargs [apidiff.note]" in (
        warnings
    )


def test_the_perspective_changes_the_verdict_and_the_warnings_not_the_facts(tmp_path):
    both = build(tmp_path / "both")
    left = build(tmp_path / "left", apidiff_perspective="left")
    undocumented = [w for w in both.warnings.splitlines() if "old.diagonal" in w]
    assert any("no apidiff-note for offset" in w for w in undocumented)
    assert not any("old.diagonal" in w and "undocumented" in w for w in left.warnings.splitlines())
    both_text = main_body(both.page("index")).words().split("Diagonals")[-1]
    left_text = main_body(left.page("index")).words().split("Diagonals")[-1]
    assert "usage differs" in both_text and "default values differ" in left_text
    fact = "kind: keyword-only in OldLib, positional or keyword in NewLib"
    assert fact in both_text and f"{fact} (not a difference from this side)" in left_text
    pair = json.loads((left.outdir / "apidiff.json").read_text())["pairs"][-1]
    assert pair["category"] == "defaults-differ"
    assert pair["comparison"]["perspective"] == {"side": "left", "keyword_calls": "keyword-only"}
    assert next(r for r in pair["rows"] if r["left"] == "offset")["uncounted"] == ["kind"]


def test_the_command_line_shows_a_group_and_reads_from_a_side(capsys):
    from sphinx_apidiff.cli import main

    args = ["diff", "old.transpose", "new.transpose", "--left-signature", "(input, dim0, dim1)"]
    args += ["--right-signature", "(x, perm)", "--rename", "input=x, dim0 dim1=perm"]
    assert main([*args, "--color", "never"]) == 0
    assert "dim0, dim1  perm" in capsys.readouterr().out
    sides = ["diff", "a.f", "b.f", "--left-signature", "(x, *, k=0)", "--right-signature"]
    assert main([*sides, "(x, k=0)", "--perspective", "left", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["category"] == "identical"


def test_a_project_wide_group_is_a_config_warning(tmp_path):
    warnings = build(tmp_path, apidiff_renames={"dim0 dim1": "perm"}).warnings
    assert "apidiff_renames" in warnings and "not a group" in warnings
    assert warnings.count("[apidiff.config]") == 1
