"""The audit's minimal check of an example block: a program that can run on its own, or a
fragment that is never run (``sphinx_apidiff.migrate.audit_examples.standalone_block``)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.migrate.audit_examples import standalone_block

PACKAGES = {"torch", "paddle"}


@pytest.mark.parametrize(
    "code",
    [
        "x = 1\nprint(x + 1)",
        "import numpy as np\nnp.zeros(2)",
        "from math import pi\nr = pi",
        "def f(a, *b, c=1, **d):\n    return a, b, c, d\nf(1)",
        "class A:\n    pass\nA()",
        "try:\n    1 / 0\nexcept ZeroDivisionError as e:\n    print(e)",
        "ys = [x * 2 for x in range(3)]",
        "g = lambda a, *r, **k: a\ng(1)",
        "for i in range(2):\n    print(i)",
        'with open("notes.txt", "w") as fh:\n    fh.write("x")',
        "import numpy\na = numpy.zeros(2, dtype=float)",  # a type read, never called
        "try:\n    pass\nexcept ValueError:\n    pass",
    ],
)
def test_a_block_that_defines_every_name_runs_as_it_is(code):
    program = standalone_block(code, PACKAGES)
    assert program is not None and program.code == code and program.line == 1


def test_a_package_the_page_compares_is_imported_before_the_block():
    program = standalone_block("t = torch.ones(2)\np = paddle.ones([2])", PACKAGES)
    assert program is not None
    assert program.code.splitlines()[0] == "import paddle, torch" and program.line == 0
    assert program.requires == ("paddle", "torch")
    imported = standalone_block("import numpy\nx = torch.ones(1)", PACKAGES)
    assert imported is not None and imported.requires == ("numpy", "torch")


@pytest.mark.parametrize(
    "code",
    [
        "y = torch.add(a, b)",  # a, b never defined
        "out = model(x)",
        "x = (1,",  # does not parse
        "result = np.zeros(2)",  # np is no package of the page, never imported
        "print(undefined_name)",
        "y = torch.aminmax(input, dim=-1)",  # `input`: the parameter, not the builtin
    ],
)
def test_a_fragment_is_never_run(code):
    assert standalone_block(code, PACKAGES) is None


@given(st.text(max_size=200))
def test_any_text_is_a_program_or_a_fragment_never_an_error(text):
    program = standalone_block(text, PACKAGES)
    assert program is None or text in program.code
