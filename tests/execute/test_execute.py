"""The example engine, with real processes: a block's errors, output, :requires:, :raises: and state.

The other ``test_execute_*.py`` files: processes (timeouts, crashes, preload, parallelism),
``:compare:``, the cache and modes, values and reports.

Every hang is bounded by the block's own timeout (enforced by the server), so a regression
fails a test instead of hanging the suite.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

import pytest
from example_blocks import SRC, block, statuses

from sphinx_apidiff.execute import (
    Executor,
    run_pages,
)

PACKAGE_DIR = Path(__file__).resolve().parents[2] / "src" / "sphinx_apidiff" / "execute"


# -- errors and their lines ---------------------------------------------------------------------


def test_syntax_error_points_at_the_real_line(executor):
    results = executor.run_page([block("x = 1\ny = (2,\nz = 3", line=12)])
    (result,) = results
    assert result.status == "failed"
    assert result.error_type == "SyntaxError"
    assert result.error_line == 13
    assert result.error_message == "'(' was never closed"
    assert 'File "docs/page.rst", line 13' in result.traceback
    assert (result.source, result.line) == (SRC, 12)


def test_exception_mid_block_is_trimmed_to_the_authors_frames(executor):
    code = """\
        a = 1
        print("before")
        c = a / 0
        print("after")
    """
    (result,) = executor.run_page([block(code, line=20)])
    assert result.status == "failed"
    assert result.error_type == "ZeroDivisionError"
    assert result.error_message == "division by zero"
    assert result.error_line == 22
    assert result.stdout == "before\n"
    assert result.traceback == (
        "Traceback (most recent call last):\n"
        '  File "docs/page.rst", line 22, in <module>\n'
        "    c = a / 0\n"
        "ZeroDivisionError: division by zero\n"
    )
    for internal in ("child.py", "_server", "sphinx_apidiff", "<string>"):
        assert internal not in result.traceback


def test_error_in_a_function_of_an_earlier_block(executor):
    first = block("def f(n):\n    return 10 // n", line=3)
    second = block("x = 5\ny = f(0)", line=30)
    results = executor.run_page([first, second])
    assert statuses(results) == ["passed", "failed"]
    failure = results[1]
    assert failure.error_line == 31  # the failing line inside the block that ran
    lines = re.findall(r'File "docs/page.rst", line (\d+)', failure.traceback)
    assert lines == ["31", "4"]
    assert "return 10 // n" in failure.traceback


def test_sys_exit_is_a_failure_and_the_page_goes_on(executor):
    results = executor.run_page(
        [block("import sys\nsys.exit(0)", line=1), block("print('after')", line=5)]
    )
    assert statuses(results) == ["failed", "passed"]
    assert results[0].error_type == "SystemExit"
    assert results[0].error_line == 2
    assert results[1].stdout == "after\n"


# -- output ---------------------------------------------------------------------------------


def test_stdout_and_stderr_keep_their_order(executor):
    code = """\
        import os, subprocess, sys
        print("a")
        print("b", file=sys.stderr)
        os.write(1, b"c\\n")
        subprocess.run(["echo", "d"])
        print("e")
        os.write(2, b"f\\n")
        print("g", file=sys.stderr)
    """
    (result,) = executor.run_page([block(code)])
    assert result.output == (
        ("stdout", "a\n"),
        ("stderr", "b\n"),
        ("stdout", "c\nd\ne\n"),
        ("stderr", "f\ng\n"),
    )
    assert (result.stdout, result.stderr) == ("a\nc\nd\ne\n", "b\nf\ng\n")
    assert not result.truncated


def test_warnings_show_the_real_line_and_replaced_streams_are_restored(executor):
    page = [
        block("import warnings\nwarnings.warn('careful')", line=7),
        block("import io, sys\nsys.stdout = io.StringIO()\nprint('hidden')", line=20),
        block("print('visible')", line=30),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["passed"] * 3
    assert results[0].stderr == (
        "docs/page.rst:8: UserWarning: careful\n  warnings.warn('careful')\n"
    )
    assert results[1].stdout == ""
    assert results[2].stdout == "visible\n"


def test_fifty_megabytes_of_output_are_capped_quickly(executor):
    page = [
        block("for _ in range(50_000):\n    print('x' * 999)"),
        block("import sys\nsys.stdout.write('y' * 50_000_000)"),
        block("import os\nos.write(1, b'z' * 50_000_000)"),
        block("import subprocess\nsubprocess.run(['echo', 'from a subprocess'])"),
        block("print('tail')"),
    ]
    results = executor.run_page(page)  # how fast: bench/bench_execute_bounds.py
    assert statuses(results) == ["passed"] * 5
    for result, char in zip(results[:3], "xyz", strict=True):
        assert result.truncated
        assert len(result.stdout) == 100_000
        assert set(result.stdout) <= {char, "\n"}
    assert results[3].stdout == "from a subprocess\n"
    assert (results[4].stdout, results[4].truncated) == ("tail\n", False)


def test_output_limit_is_configurable():
    with Executor(output_limit=10) as ex:
        (result,) = ex.run_page([block("print('0123456789abcdef')")])
    assert (result.stdout, result.truncated) == ("0123456789", True)


def test_files_land_in_a_temporary_directory(executor, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = """\
        import os
        with open("out.txt", "w") as f:
            f.write("data")
        print(os.path.abspath("out.txt"))
        print(sorted(os.listdir(".")))
    """
    (result,) = executor.run_page([block(code)])
    assert result.status == "passed"
    written, listing = result.stdout.splitlines()
    assert listing == "['out.txt']"
    assert Path(written).parent != tmp_path
    assert not Path(written).exists()
    assert not Path(written).parent.exists()
    assert list(tmp_path.iterdir()) == []


# -- :requires:, :raises:, state -------------------------------------------------------------


def test_requires_skips_and_a_missing_import_fails(executor):
    page = [
        block("import megengine", line=3, requires=("megengine",)),
        block("import numpy", line=6, requires=("numpy",)),
        block("x = 1\nimport megengine", line=9),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["skipped", "passed", "failed"]
    assert results[0].reason == "not run: megengine is not installed"
    assert results[2].error_type == "ModuleNotFoundError"
    assert results[2].error_line == 10
    assert results[2].error_message == "No module named 'megengine'"


def test_raises(executor):
    page = [
        block("x = undefined_name", line=1, raises="NameError"),
        block("1 / 0", line=2, raises="ArithmeticError"),
        block("y = 1", line=3, raises="NameError"),
        block("1 / 0", line=4, raises="NameError"),
    ]
    results = executor.run_page(page)
    assert statuses(results) == ["expected-error", "expected-error", "unexpected-pass", "failed"]
    assert results[0].error_type == "NameError"
    assert results[0].error_line == 1
    assert results[0].problem() is None
    assert results[2].reason == "expected NameError to be raised, but the block raised nothing"
    assert results[3].reason == "expected NameError, but ZeroDivisionError was raised"
    assert results[3].problem() == (
        "expected NameError, but ZeroDivisionError was raised (ZeroDivisionError: division by zero)"
    )


def test_a_hundred_blocks_share_state_in_order(executor):
    page = [block("v0 = 0", line=1)]
    page += [block(f"v{i} = v{i - 1} + 1", line=1 + 3 * i) for i in range(1, 100)]
    page.append(block("assert v99 == 99\nprint(v99)", line=400))
    results = executor.run_page(page)
    assert statuses(results) == ["passed"] * 101
    assert results[-1].stdout == "99\n"
    assert [r.line for r in results[:3]] == [1, 4, 7]


def test_state_does_not_carry_between_pages(executor):
    pages = {
        "a": [block("secret = 41\nimport colorsys")],
        "b": [block("print(secret)", line=5)],
        "c": [block("import sys\nprint('colorsys' in sys.modules, __name__)")],
    }
    for jobs in (1, 2):
        results = run_pages(pages, executor=executor, jobs=jobs)
        assert statuses(results["a"]) == ["passed"]
        assert results["b"][0].error_type == "NameError"
        assert results["b"][0].error_line == 5
        assert results["c"][0].stdout == "False __main__\n"


def test_pages_run_in_a_process_that_never_imported_sphinx():
    pytest.importorskip("sphinx.application")  # the caller has imported Sphinx; pages must not
    code = f"""\
        import os, sys
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("sphinx", "docutils")))
        print(os.getpid() != {os.getpid()}, os.getppid() != {os.getpid()})
    """
    with Executor() as ex:
        (result,) = ex.run_page([block(code)])
    assert "sphinx" in sys.modules
    assert result.stdout == "[]\nTrue True\n"


def test_the_engine_never_imports_sphinx_or_docutils():
    for path in PACKAGE_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in ("sphinx", "docutils"), (path.name, name)


def test_on_result_sees_every_block(executor):
    seen = []
    pages = {f"p{i}": [block("1"), block("2")] for i in range(4)}
    run_pages(
        pages,
        executor=executor,
        jobs=2,
        on_result=lambda p, i, r: seen.append((p, i, str(r.status))),
    )
    assert sorted(seen) == [(f"p{i}", j, "passed") for i in range(4) for j in range(2)]
