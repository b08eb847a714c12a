"""Two halves of an example and ``:echo:`` in the example engine: the pure parts (compiling a
block around its final expression, what a REPL shows, comparing two halves' values) and real
page processes (each half in its own namespace, the comparison after the right half)."""

from __future__ import annotations

import ast
import textwrap
import types

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.execute import ExampleResult, ExampleSpec, Executor, Status
from sphinx_apidiff.execute.child.compare import compare_halves
from sphinx_apidiff.execute.child.echo import compile_block, shown_value
from sphinx_apidiff.execute.child.main import Half

SRC = "docs/page.rst"


def page_namespace(**names) -> dict:
    """A page's namespace as the page process has it: a ``__main__`` module's."""
    return {**vars(types.ModuleType("__main__")), **names}


def block(code: str, line: int = 1, **options) -> ExampleSpec:
    return ExampleSpec(textwrap.dedent(code).strip("\n") + "\n", SRC, line, **options)


def statuses(results: list[ExampleResult]) -> list[str]:
    return [str(r.status) for r in results]


def stdout(result: ExampleResult) -> str:
    return result.stdout


@pytest.fixture(scope="module")
def executor():
    with Executor() as ex:
        yield ex


# -- the pure parts ---------------------------------------------------------------------------


def test_compile_block_sets_the_final_expression_apart_with_its_own_line():
    text = "\n" * 9 + "x = 2\nx * 21\n"
    body, last = compile_block(text, SRC, echo=True)
    namespace: dict = {}
    exec(body, namespace)
    assert eval(last, namespace) == 42
    assert {line for line, *_ in last.co_positions() if line} == {11}
    assert last.co_filename == SRC


@pytest.mark.parametrize(
    "code",
    [
        "x = 1\n",  # ends with an assignment
        "for i in range(2):\n    i\n",  # the expression is inside a loop
        "",  # nothing at all
        "import math  # a comment after\n",
    ],
)
def test_compile_block_has_no_final_expression_to_show(code):
    _body, last = compile_block(code, SRC, echo=True)
    assert last is None


def test_compile_block_without_echo_is_one_code_object():
    body, last = compile_block("1 + 1\n", SRC)
    assert last is None and body.co_filename == SRC


def test_compile_block_raises_syntax_errors_at_their_line():
    with pytest.raises(SyntaxError) as info:
        compile_block("\n" * 4 + "x = (\n", SRC, echo=True)
    assert info.value.lineno == 5 and info.value.filename == SRC


def test_shown_value_is_the_repr_without_addresses():
    assert shown_value(None) is None
    assert shown_value([1, "a"]) == "[1, 'a']"
    text = shown_value(object())
    assert text == "<object object>" and "0x" not in text

    class Box:
        pass

    assert "0x" not in shown_value(Box())
    assert shown_value(hex(2**40)) == "'0x…'"  # a long hexadecimal number reads as an address


names = st.sampled_from(["a", "b", "c", "d"])
statements = st.lists(
    st.tuples(names, st.integers(-5, 5), names).map(lambda t: f"{t[0]} = {t[1]} + len('{t[2]}')"),
    max_size=5,
)


@given(statements, names, st.integers(-3, 3))
def test_echo_runs_what_exec_runs_and_shows_the_final_value(lines, name, number):
    code = "\n".join([*lines, f"({number!r}, {name!r})"]) + "\n"
    whole: dict = {}
    exec(compile(code, SRC, "exec"), whole)
    body, last = compile_block(code, SRC, echo=True)
    split: dict = {}
    exec(body, split)
    value = eval(last, split)
    assert {k: v for k, v in split.items() if k != "__builtins__"} == {
        k: v for k, v in whole.items() if k != "__builtins__"
    }
    assert value == ast.literal_eval(f"({number!r}, {name!r})")


def test_compare_halves_names_the_half_a_value_is_missing_from():
    np = pytest.importorskip("numpy")
    agree = compare_halves({"y": [1.0, 2.0]}, {"y": np.array([1.0, 2.0])}, ("y", "y"), 1e-5, 1e-8)
    assert agree.agree and agree.message == "agree: max abs diff 0"
    differ = compare_halves({"a": [1.0]}, {"b": [1.5]}, ("a", "b"), 1e-5, 1e-8)
    assert not differ.agree and differ.message.startswith("differ: max abs diff 0.5")
    missing = compare_halves({}, {"y": 1}, ("y", "y"), 1e-5, 1e-8)
    assert missing.message == "name 'y' is not defined after the left half"
    both = compare_halves({}, {}, ("y", "z"), 1e-5, 1e-8)
    assert both.message == (
        "name 'y' is not defined after the left half; name 'z' is not defined after the right half"
    )


def test_a_half_changes_are_what_it_defined_or_rebound():
    kept, replaced = object(), object()
    half = Half(page_namespace(kept=kept, replaced=replaced))
    half.namespace["replaced"] = object()
    half.namespace["new"] = 1
    assert set(half.changes()) == {"replaced", "new"}


@given(st.dictionaries(names, st.integers()), st.dictionaries(names, st.integers()))
def test_a_half_changes_are_exactly_its_new_and_rebound_names(page, assigned):
    before = page_namespace(**page)
    half = Half(before)
    half.namespace.update(assigned)
    changes = half.changes()
    assert set(changes) <= set(assigned)
    for name, value in assigned.items():
        if name not in before or before[name] is not value:
            assert changes[name] is value


def test_a_spec_round_trips_its_side_and_echo_and_keeps_old_keys_without_them():
    plain = block("x = 1")
    assert "side" not in plain.to_dict() and "echo" not in plain.to_dict()
    half = block("x = 1", side="right", compare=("x", "x"), echo=True)
    assert ExampleSpec.from_dict(half.to_dict()) == half
    with pytest.raises(ValueError):
        block("x = 1", side="middle")


# -- real page processes ----------------------------------------------------------------------


def test_each_half_runs_in_its_own_namespace_and_both_join_the_page(executor):
    page = [
        block("base = [1.0, 2.0]"),
        block("y = [2 * v for v in base]\nonly_left = 'L'\nshared = 'left'", 3, side="left"),
        block("print(sorted(n for n in ('only_left',) if n in globals()))", 7, side="right"),
        block("print(only_left, shared, y)", 10),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["passed"] * 4
    assert stdout(results[2]) == "[]\n"  # the right half never sees the left half's names
    assert stdout(results[3]) == "L left [2.0, 4.0]\n"


def test_the_right_half_wins_where_both_define_a_name(executor):
    page = [
        block("shared = 'page'\nuntouched = 'page'"),
        block("shared = 'left'", 3, side="left"),
        block("shared = 'right'", 5, side="right"),
        block("print(shared, untouched)", 7),
    ]
    results = executor.run_page(page)
    assert stdout(results[3]) == "right page\n"


def test_compare_takes_the_value_named_in_each_half(executor):
    pytest.importorskip("numpy")
    page = [
        block("import numpy\ny = numpy.cumsum([1.0, 2.0, 3.0])", 1, side="left"),
        block(
            "import itertools\ny = list(itertools.accumulate([1.0, 2.0, 3.0]))",
            4,
            side="right",
            compare=("y", "y"),
        ),
        block("out = [1.0, 2.0]", 8, side="left"),
        block("result = [1.0, 2.5]", 10, side="right", compare=("out", "result")),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["passed", "passed", "passed", "failed"]
    assert results[0].comparison is None  # the comparison is the right half's
    assert results[1].comparison.agree and results[1].comparison.message == "agree: max abs diff 0"
    failed = results[3]
    assert failed.comparison.message == "differ: max abs diff 0.5 (rtol 1e-05, atol 1e-08)"
    assert failed.problem() == f"comparison failed: {failed.comparison.message}"
    assert (failed.line, failed.error_line) == (10, None)  # the right half's first line


def test_tolerances_apply_to_halves_as_to_one_block(executor):
    pytest.importorskip("numpy")
    page = [
        block("y = [1.0]", 1, side="left"),
        block("y = [1.001]", 3, side="right", compare=("y", "y"), rtol=1e-2),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["passed", "passed"]
    assert results[1].comparison.agree


def test_no_comparison_when_the_left_half_did_not_run_to_its_end(executor):
    page = [
        block("import not_a_module_anywhere\ny = 1", 1, side="left", requires=("nowhere_mod",)),
        block("y = 2", 4, side="right", compare=("y", "y")),
        block("y = 1\n1 / 0", 6, side="left"),
        block("y = 2", 9, side="right", compare=("y", "y")),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["skipped", "passed", "failed", "passed"]
    assert results[1].comparison is None and results[3].comparison is None
    assert results[2].error_line == 7


def test_echo_shows_the_final_expression_as_a_repl_does(executor):
    page = [
        block("x = 20\nprint('first')\nx + 22", echo=True),
        block("x", 5),  # without :echo: nothing is shown
        block("print('printed')", 7, echo=True),  # None: nothing more
        block("object()", 9, echo=True),
        block("x = 1\n(x +\n 'a')", 11, echo=True),
    ]
    results = executor.run_page(page)
    assert [stdout(r) for r in results[:4]] == ["first\n42\n", "", "printed\n", "<object object>\n"]
    assert statuses(results) == ["passed"] * 4 + ["failed"]
    assert results[4].error_type == "TypeError" and results[4].error_line in (12, 13)
    assert 'File "docs/page.rst", line 1' in results[4].traceback


def test_echo_in_a_right_half_and_a_skipped_right_half(executor):
    page = [
        block("y = 3", 1, side="left", echo=True),
        block("y = 4\ny", 3, side="right", echo=True),
        block("z = 1", 6, side="left"),
        block("z = 2", 8, side="right", requires=("nowhere_mod",), compare=("z", "z")),
        block("print(y, z)", 10),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["passed", "passed", "passed", "skipped", "passed"]
    assert stdout(results[1]) == "4\n"
    assert stdout(results[4]) == "4 1\n"


def test_a_half_without_its_other_half_still_joins_the_page(executor):
    # the Sphinx layer pairs every half; the engine keeps what a lone left half defined
    page = [block("lone = 1", 1, side="left"), block("print(lone)", 3)]
    results = executor.run_page(page)
    assert statuses(results) == ["passed", "passed"] and stdout(results[1]) == "1\n"


def test_halves_results_round_trip_through_the_cache(executor, tmp_path):
    from sphinx_apidiff.execute import ExecutionCache, run_pages

    cache = ExecutionCache(tmp_path)
    page = {
        "p": [
            block("y = [1.0]\ny", 1, side="left", echo=True),
            block("y = [2.0]", 4, side="right", compare=("y", "y")),
        ]
    }
    first = run_pages(page, mode="cache", cache=cache, executor=executor)["p"]
    again = run_pages(page, mode="cache", cache=cache, executor=executor)["p"]
    assert [r.cached for r in again] == [True, True]
    expected = [Status.PASSED, Status.FAILED]
    assert [r.status for r in again] == [r.status for r in first] == expected
    assert again[0].stdout == "[1.0]\n" and again[1].comparison == first[1].comparison
    # a plain page and a page of halves with the same code are different pages
    plain = {"p": [block("y = [1.0]\ny", 1), block("y = [2.0]", 4)]}
    assert cache.key(plain["p"]) != cache.key(page["p"])
