"""Coverage of a module by comparison pages: pure logic on real and fake modules, and builds."""

from __future__ import annotations

import py_compile
import shutil
import sys
from pathlib import Path

import pytest
from conftest import Build, main_body, run_build
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.coverage import (
    ModuleCallables,
    coverage,
    coverage_of,
    public_callables,
    read_module,
)
from sphinx_apidiff.introspect.static import clear_static_cache


def test_public_callables_follow_all_and_leave_out_data_and_modules():
    found = public_callables("json")
    assert list(found) == sorted(found)
    assert {"dump", "dumps", "load", "loads", "JSONDecoder"} <= set(found)
    assert "decoder" not in found  # a submodule, not in __all__
    math = public_callables("math")
    assert "sqrt" in math and "pi" not in math and "__loader__" not in math


def test_each_callable_has_a_page_a_counterpart_or_nothing():
    rows = {r.name: r for r in coverage("math", "numpy", {("math.sqrt", "numpy.sqrt")})}
    assert (rows["sqrt"].status, rows["sqrt"].compared_as) == ("page", "math.sqrt")
    assert (rows["sin"].status, rows["sin"].counterpart) == ("counterpart", "numpy.sin")
    assert (rows["comb"].status, rows["comb"].counterpart) == ("missing", None)


def test_an_alias_of_the_same_object_counts_as_a_page():
    # os.path is posixpath on this platform: a page comparing posixpath.join covers os.path.join
    rows = {r.name: r for r in coverage("os.path", "ntpath", {("posixpath.join", "ntpath.join")})}
    assert (rows["join"].status, rows["join"].compared_as) == ("page", "posixpath.join")
    assert rows["split"].status == "counterpart"


def test_a_module_that_does_not_import_is_a_one_line_error():
    with pytest.raises(ApiDiffError, match="cannot import 'no_such_module_xyz'"):
        coverage("no_such_module_xyz", "math", set())
    with pytest.raises(ApiDiffError, match=r"'math\.sqrt' is not a module"):
        coverage("math.sqrt", "math", set())


# ---------------------------------------------------- the test-coverage root's fake frameworks

COVERAGE_ROOT = Path(__file__).resolve().parents[1] / "roots" / "test-coverage"
MODULES = ("nn_left", "nn_right", "exits_at_import", "static_pkg")


def _forget_modules() -> None:
    for name in list(sys.modules):
        if name.split(".", 1)[0] in MODULES:
            del sys.modules[name]
    clear_static_cache()


@pytest.fixture
def frameworks(tmp_path, monkeypatch):
    """A fresh copy of the root's modules on ``sys.path``; forgotten afterwards."""
    root = tmp_path / "coverage"
    shutil.copytree(COVERAGE_ROOT, root)
    monkeypatch.syspath_prepend(str(root))
    _forget_modules()
    yield root
    _forget_modules()


def test_a_counterpart_may_differ_in_case_but_not_in_kind(frameworks):
    rows = {r.name: r for r in coverage("nn_left", "nn_right", ())}
    assert (rows["Conv2d"].status, rows["Conv2d"].counterpart) == ("counterpart", "nn_right.Conv2D")
    assert rows["AvgPool2d"].counterpart == "nn_right.AvgPool2D"
    # the same name wins over another case (nn_right has relu and ReLU)
    assert rows["relu"].counterpart == "nn_right.relu"
    assert (rows["Unfold"].status, rows["Unfold"].counterpart) == ("missing", None)
    # a function is not the counterpart of a class whose name differs only in case
    exits = {r.name: r for r in coverage("exits_at_import", "nn_right", ())}
    assert (exits["conv2d"].status, exits["conv2d"].counterpart) == ("missing", None)


def test_a_compared_row_says_what_its_page_compares_it_with(frameworks):
    pairs = {("nn_left.BatchNorm2d", "nn_right.BatchNorm2D"), ("nn_right.Linear", "nn_left.Linear")}
    rows = {r.name: r for r in coverage("nn_left", "nn_right", pairs)}
    assert rows["BatchNorm2d"].status == "page"
    assert rows["BatchNorm2d"].compared_with == ("nn_right.BatchNorm2D",)
    assert rows["Linear"].compared_with == ("nn_right.Linear",)  # either side of the pair
    assert rows["Conv2d"].compared_with == ()


@given(
    # names unique whatever their case: "SX" and "sx" on one side make the swapped twins collide
    st.lists(
        st.from_regex(r"[A-Za-z][A-Za-z0-9]{0,6}", fullmatch=True),
        min_size=1,
        unique_by=str.lower,
    ),
    st.data(),
)
def test_case_alone_never_hides_a_counterpart(names, data):
    """Whatever the case on either side, a left name finds a right name of the same kind that
    differs only in case, and the exact name when there is one."""
    size = len(names)
    flips = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))
    kinds = data.draw(st.lists(st.booleans(), min_size=size, max_size=size))  # True: a class
    twins = {n.swapcase() if f else n: n for n, f in zip(names, flips, strict=True)}
    classes = {n for n, is_class in zip(names, kinds, strict=True) if is_class}
    right = ModuleCallables(
        "r", {n: n for n in twins}, frozenset(t for t in twins if twins[t] in classes)
    )
    left = ModuleCallables("l", {n: n for n in names}, frozenset(classes))
    for row in coverage_of(left, right, ()):
        assert row.counterpart is not None
        other = row.counterpart.removeprefix("r.")
        assert other.casefold() == row.name.casefold()
        if row.name in right.callables:
            assert other == row.name
        else:
            assert (other in right.classes) == (row.name in left.classes)


def test_a_module_that_exits_at_import_is_read_from_its_source(frameworks):
    module = read_module("exits_at_import")
    assert module.from_source and set(module.callables) == {"Linear", "conv2d"}
    assert "exits_at_import" not in sys.modules


def test_a_module_that_exits_at_import_without_source_is_a_one_line_error(frameworks):
    source = frameworks / "exits_at_import.py"
    py_compile.compile(str(source), cfile=str(frameworks / "exits_at_import.pyc"), doraise=True)
    source.unlink()
    with pytest.raises(ApiDiffError, match=r"importing 'exits_at_import' raised SystemExit: 3"):
        coverage("exits_at_import", "nn_right", ())


def test_a_static_package_is_listed_from_its_source_and_never_imported(frameworks):
    module = read_module("static_pkg", static=["static_pkg"])
    assert module.from_source
    assert set(module.callables) == {"Conv2d", "Linear", "gelu"}  # its __all__
    assert module.classes == {"Conv2d", "Linear"}
    # a page comparing the class where it is defined covers its re-export
    rows = {
        r.name: r
        for r in coverage(
            "static_pkg",
            "nn_right",
            {("static_pkg.layers.Conv2d", "nn_right.Conv2D")},
            static=["static_pkg"],
        )
    }
    assert (rows["Conv2d"].status, rows["Conv2d"].compared_as) == (
        "page",
        "static_pkg.layers.Conv2d",
    )
    assert not (frameworks / "static_pkg" / "IMPORTED").exists()
    assert "static_pkg" not in sys.modules


# ------------------------------------------------------------------------------ real builds


def _table(build: Build, index: int) -> dict[str, list[str]]:
    """``{covered path: [status, other cell]}`` of the page's ``index``-th coverage table."""
    table = main_body(build.page("coverage")).find_all("table", cls="apidiff-coverage")[index]
    cells = (tr.find_all("td") for tr in table.find_all("tr"))
    return {tds[0].words(): [td.words() for td in tds[1:]] for tds in cells if tds}


@pytest.fixture
def built(frameworks):
    return run_build(frameworks)


def test_build_matches_other_case_and_shows_what_a_page_compares(built):
    assert built.warnings == ""
    rows = _table(built, 0)
    assert rows["nn_left.Conv2d"] == ["counterpart, no page yet", "nn_right.Conv2D"]
    assert rows["nn_left.AvgPool2d"] == ["counterpart, no page yet", "nn_right.AvgPool2D"]
    assert rows["nn_left.BatchNorm2d"] == ["compared", "nn_right.BatchNorm2D"]
    assert rows["nn_left.Unfold"] == ["no counterpart", "—"]
    words = main_body(built.page("coverage")).words()
    assert "6 public callables in nn_left: 1 compared, 4 with a counterpart" in words


def test_build_goes_on_past_a_module_that_exits_at_import(built):
    assert _table(built, 1) == {
        "exits_at_import.Linear": ["counterpart, no page yet", "nn_right.Linear"],
        "exits_at_import.conv2d": ["no counterpart", "—"],
    }
    words = main_body(built.page("coverage")).words()
    assert "exits_at_import (read from its source, not imported)" in words
    assert all((built.outdir / f"{doc}.html").is_file() for doc in ("index", "batchnorm"))


def test_build_lists_a_static_package_without_importing_it(built):
    assert _table(built, 2) == {
        "static_pkg.Conv2d": ["compared", "nn_right.Conv2D"],
        "static_pkg.Linear": ["counterpart, no page yet", "nn_right.Linear"],
        "static_pkg.gelu": ["no counterpart", "—"],
    }
    assert not (built.srcdir / "static_pkg" / "IMPORTED").exists()
    assert "static_pkg" not in sys.modules


def test_build_warns_where_a_module_exits_at_import_and_has_no_source(frameworks):
    source = frameworks / "exits_at_import.py"
    py_compile.compile(str(source), cfile=str(frameworks / "exits_at_import.pyc"), doraise=True)
    source.unlink()
    build = run_build(frameworks)
    line = build.source_line("coverage", "apidiff-coverage:: exits_at_import")
    assert build.warning_lines() == [
        f"{build.srcdir / 'coverage.rst'}:{line}: WARNING: apidiff-coverage: importing "
        "'exits_at_import' raised SystemExit: 3 [apidiff.import]"
    ]
    assert len(main_body(build.page("coverage")).find_all("table", cls="apidiff-coverage")) == 2
