"""``:compare:``: an example's values checked against the other framework's, in real processes."""

from __future__ import annotations

import pytest
from example_blocks import block, statuses

# -- :compare: ------------------------------------------------------------------------------


def test_compare_numpy(executor):
    page = [
        block("import numpy as np\na = np.ones((2, 3))\nb = a + 1e-9", compare=("a", "b")),
        block("c = a + 0.5", compare=("a", "c")),
        block("d = np.ones((3, 2))", compare=("a", "d")),
        block("e = [[1.0, 1.0, 1.0], [1.0, 1.0, 1.0]]", compare=("e", "a")),
        block("f = 1", compare=("a", "zz")),
    ]
    results = executor.run_page(page)
    # one status for the block: values that disagree (or cannot be compared) fail it
    assert statuses(results) == ["passed", "failed", "failed", "passed", "failed"]
    assert [r.error_type for r in results] == [None] * 5  # nothing raised
    agree, differ, shapes, listed, missing = (r.comparison for r in results)
    assert agree.agree and agree.message == "agree: max abs diff 1e-09"
    assert agree.left_shape == agree.right_shape == (2, 3)
    assert not differ.agree
    assert differ.message == "differ: max abs diff 0.5 (rtol 1e-05, atol 1e-08)"
    assert differ.max_abs_diff == pytest.approx(0.5)
    assert differ.max_rel_diff == pytest.approx(0.5 / 1.5)
    assert results[1].problem() == (
        "comparison failed: differ: max abs diff 0.5 (rtol 1e-05, atol 1e-08)"
    )
    assert not shapes.agree and shapes.message == "shapes differ: (2, 3) vs (3, 2)"
    assert listed.agree and listed.message == "agree: max abs diff 0"
    assert not missing.agree and missing.message == "name 'zz' is not defined after the block"


def test_compare_reports_numpy_missing(executor):
    code = "import sys\nsys.modules['numpy'] = None\nx = [1.0]\ny = [1.0]"
    (result,) = executor.run_page([block(code, compare=("x", "y"))])
    assert result.status == "failed" and not result.comparison.agree
    assert result.comparison.message.startswith(
        "cannot compare: numpy is not importable in the example process"
    )


def test_compare_torch_tensors_that_require_grad(torch_executor):
    code = """\
        import numpy as np
        import torch
        t = torch.ones(2, 3, requires_grad=True)
        u = t * 1.0 + 1e-7
        n = np.ones((2, 3))
        w = t.T
    """
    page = [
        block(code, compare=("t", "u")),
        block("pass", compare=("t", "n")),
        block("pass", compare=("t", "w")),
        block("v = t * 2", compare=("v", "n")),
    ]
    results = torch_executor.run_page(page)
    assert statuses(results) == ["passed", "passed", "failed", "failed"]
    assert [r.comparison.agree for r in results] == [True, True, False, False]
    assert 0 < results[0].comparison.max_abs_diff < 1e-6  # float32 rounding of 1 + 1e-7
    assert results[2].comparison.message == "shapes differ: (2, 3) vs (3, 2)"
    assert results[3].comparison.message.startswith("differ: max abs diff 1 ")
