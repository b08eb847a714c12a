"""Coverage of a module by comparison pages: pure logic on real modules."""

from __future__ import annotations

import pytest

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.coverage import coverage, public_callables


def test_public_callables_follow_all_and_leave_out_data_and_modules():
    found = public_callables("json")
    assert list(found) == sorted(found)
    assert {"dump", "dumps", "load", "loads", "JSONDecoder"} <= set(found)
    assert "decoder" not in found  # a submodule, not in __all__
    math = public_callables("math")
    assert "sqrt" in math and "pi" not in math and "__loader__" not in math


def test_each_callable_has_a_page_a_counterpart_or_nothing():
    rows = {r.name: r for r in coverage("math", "numpy", {"math.sqrt", "numpy.sqrt"})}
    assert (rows["sqrt"].status, rows["sqrt"].compared_as) == ("page", "math.sqrt")
    assert (rows["sin"].status, rows["sin"].counterpart) == ("counterpart", "numpy.sin")
    assert (rows["comb"].status, rows["comb"].counterpart) == ("missing", None)


def test_an_alias_of_the_same_object_counts_as_a_page():
    # os.path is posixpath on this platform: a page comparing posixpath.join covers os.path.join
    rows = {r.name: r for r in coverage("os.path", "ntpath", {"posixpath.join"})}
    assert (rows["join"].status, rows["join"].compared_as) == ("page", "posixpath.join")
    assert rows["split"].status == "counterpart"


def test_a_module_that_does_not_import_is_a_one_line_error():
    with pytest.raises(ApiDiffError, match="cannot import module 'no_such_module_xyz'"):
        coverage("no_such_module_xyz", "math", set())
