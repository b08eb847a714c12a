"""The example engine, with real processes: isolation, errors, timeouts, crashes, cache.

Every hang is bounded by the block's own timeout (enforced by the server), so a regression
fails a test instead of hanging the suite.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sphinx_apidiff.execute import (
    ExampleResult,
    ExampleSpec,
    ExecutionCache,
    Executor,
    Status,
    junit_xml,
    report_dict,
    run_pages,
    write_report,
)
from sphinx_apidiff.execute.client.cache import imported_modules, module_fingerprint
from sphinx_apidiff.execute.client.preload import installed_imports
from sphinx_apidiff.execute.server.postmortem import parse_trace, timeout_line

SRC = "docs/page.rst"
PACKAGE_DIR = Path(__file__).resolve().parents[2] / "src" / "sphinx_apidiff" / "execute"


def block(code: str, line: int = 1, **options) -> ExampleSpec:
    return ExampleSpec(textwrap.dedent(code).strip("\n") + "\n", SRC, line, **options)


def statuses(results: list[ExampleResult]) -> list[str]:
    return [str(r.status) for r in results]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process reused the pid
        return True
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" not in status


def wait_dead(pids: list[int], seconds: float = 10.0) -> list[int]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        living = [pid for pid in pids if alive(pid)]
        if not living:
            return []
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]


@pytest.fixture(scope="module")
def executor():
    with Executor() as ex:
        yield ex


@pytest.fixture(scope="module")
def torch_executor():
    pytest.importorskip("torch")
    with Executor(preload=["torch"]) as ex:
        yield ex


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


# -- timeouts and crashes -----------------------------------------------------------------------


def test_timeouts_name_the_line_and_stop_the_page(executor):
    busy = [
        block("x = 1", line=1),
        block("while True:\n    x += 1", line=5, timeout=1),
        block("print(x)", line=10),
    ]
    sleeping = [block("import time\ntime.sleep(60)", line=40, timeout=1), block("1", line=50)]
    nested = [
        block("def spin():\n    while True:\n        pass\nx = 1\nspin()", line=60, timeout=1)
    ]
    pages = {"busy": busy, "sleeping": sleeping, "nested": nested}
    results = run_pages(pages, executor=executor, jobs=3)
    assert statuses(results["busy"]) == ["passed", "timeout", "not-run"]
    timeout = results["busy"][1]
    # the statement that was running, not the line of the loop it happened to be on
    assert timeout.reason == "timed out after 1 s at docs/page.rst:5"
    assert timeout.traceback == (
        "Traceback (most recent call last):\n"
        '  File "docs/page.rst", line 5, in <module>\n'
        "    while True:\n"
        "TimeoutError: timed out after 1 s\n"
    )
    assert timeout.seconds >= 0.9  # it ran until it was stopped (how fast: bench/)
    assert results["nested"][0].reason == "timed out after 1 s at docs/page.rst:64"
    assert results["nested"][0].error_line == 64
    assert results["busy"][2].reason == "not run: the example at docs/page.rst:5 timed out"
    assert statuses(results["sleeping"]) == ["timeout", "not-run"]
    assert results["sleeping"][0].reason == "timed out after 1 s at docs/page.rst:41"
    assert results["sleeping"][0].error_line == 41
    assert "time.sleep(60)" in results["sleeping"][0].traceback


def test_segfault_crashes_the_page_not_the_caller(executor):
    page = [block("import ctypes\nctypes.string_at(0)", line=3), block("print(1)", line=9)]
    results = executor.run_page(page)
    assert statuses(results) == ["crashed", "not-run"]
    assert "killed by signal SIGSEGV" in results[0].reason
    assert results[0].reason.startswith("crashed at docs/page.rst:4:")
    assert results[0].error_line == 4
    assert results[1].reason == "not run: the example at docs/page.rst:3 crashed"
    # the server survived and runs the next page
    assert executor.run_page([block("print('still here')")])[0].stdout == "still here\n"


def test_os_exit_crashes_with_the_exit_code(executor):
    results = executor.run_page([block("import os\nos._exit(3)", line=7), block("2", line=9)])
    assert statuses(results) == ["crashed", "not-run"]
    assert results[0].reason == "crashed at docs/page.rst:7: the process exited with code 3"


def test_memory_limit_turns_a_huge_allocation_into_memory_error():
    with Executor(memory_limit=1 << 30) as ex:
        results = ex.run_page([block("b = bytearray(4 << 30)", line=2), block("print('ok')")])
    assert statuses(results) == ["failed", "passed"]
    assert results[0].error_type == "MemoryError"


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


# -- preload, parallelism, processes ----------------------------------------------------------

TORCH_PAGE = """\
import torch
import torch.nn.functional as F
x = torch.arange(48, dtype=torch.float32).reshape(1, 3, 4, 4)
w = torch.ones(2, 3, 3, 3)
y = F.conv2d(x, w)
a = torch.ones(256, 256)
b = torch.matmul(a, a)
print(tuple(y.shape), float(y.sum()), float(b[0, 0]), torch.get_num_threads() >= 1)
"""


def test_preload_torch_pages_run_after_torch_ops_without_hanging(torch_executor):
    expected = "(1, 2, 2, 2) 5076.0 256.0 True\n"
    ex = torch_executor
    assert ex.mode == "fork"
    assert ex.warnings == []
    for _ in range(3):  # sequential: every page runs torch ops in its own fork
        results = ex.run_page([block(TORCH_PAGE, timeout=60)])
        assert statuses(results) == ["passed"], results[0].traceback
        assert results[0].stdout == expected
    pages = {f"p{i}": [block(TORCH_PAGE, timeout=60)] for i in range(2)}
    concurrent = run_pages(pages, executor=ex, jobs=2)
    assert [r[0].stdout for r in concurrent.values()] == [expected, expected]
    # the import is paid by the server, once: a page starts with torch imported
    (imported,) = ex.run_page([block("import sys\nprint('torch' in sys.modules)\nimport torch")])
    assert imported.stdout == "True\n"
    # the warm server itself never ran a torch operation: it still has one thread
    tasks = Path(f"/proc/{ex.wait_ready()['pid']}/task")
    if tasks.exists():
        assert len(list(tasks.iterdir())) == 1


@pytest.mark.skipif("GLIBC_TUNABLES" in os.environ, reason="the caller chose its own tunables")
def test_the_warm_server_heap_is_in_huge_pages_and_pages_do_not_see_the_setting(torch_executor):
    code = "import os\nprint(sorted(k for k in os.environ if 'TUNABLES' in k))"
    (result,) = torch_executor.run_page([block(code)])
    assert result.stdout == "[]\n"
    thp = Path("/sys/kernel/mm/transparent_hugepage/enabled")
    rollup = Path(f"/proc/{torch_executor.wait_ready()['pid']}/smaps_rollup")
    if thp.exists() and "[never]" not in thp.read_text() and rollup.exists():
        huge = re.search(r"AnonHugePages:\s+(\d+) kB", rollup.read_text())
        assert huge and int(huge[1]) > 0, rollup.read_text()


def test_a_preload_that_follows_the_pages_leaves_their_failures_to_them(tmp_path):
    """``auto_preload``: a module that fails to import is the pages' to fail (no fallback,
    no warning, nothing half-imported left behind); the list is not in the cache key."""
    (tmp_path / "halfway").mkdir()
    (tmp_path / "halfway" / "__init__.py").write_text(
        "import colorsys\nfrom . import part\nraise ImportError('no')"
    )
    (tmp_path / "halfway" / "part.py").write_text("")
    sys.path.insert(0, str(tmp_path))
    try:
        with Executor(preload=["halfway", "json"], auto_preload=True) as ex:
            assert ex.mode == "fork"
            assert ex.wait_ready()["preloaded"] == ["json"]
            assert ex.warnings == []
            assert ex.preload_key == ()
            code = "import sys\nprint('halfway.part' in sys.modules, 'colorsys' in sys.modules)"
            [result] = ex.run_page([block(code)])
            assert result.stdout == "False True\n"  # its dependency stays, loaded once
            [failed] = ex.run_page([block("import halfway")])
            assert (failed.status, failed.error_message) == (Status.FAILED, "no")
    finally:
        sys.path.remove(str(tmp_path))


def test_installed_imports_are_the_installed_packages_the_examples_import():
    examples = [
        block("import numpy as np\nimport os.path\nfrom json import loads"),
        block("from numpy.linalg import norm\nimport my_local_module\nfrom . import x"),
        block("this is not python"),
    ]
    assert installed_imports(examples) == ["numpy"]


def test_preload_of_a_missing_module_falls_back_to_fresh_processes():
    with Executor(preload=["no_such_module_apidiff"]) as ex:
        assert ex.mode == "spawn"
        assert ex.warnings == [
            "could not preload 'no_such_module_apidiff' (ModuleNotFoundError: "
            "No module named 'no_such_module_apidiff'); "
            "each page runs in a fresh Python process instead"
        ]
        results = run_pages(
            {"a": [block("x = 2"), block("print(x * 21)")], "b": [block("print(x)")]},
            executor=ex,
            jobs=2,
        )
        assert statuses(results["a"]) == ["passed", "passed"]
        assert results["a"][1].stdout == "42\n"
        assert results["b"][0].error_type == "NameError"
        crash = ex.run_page([block("import os\nos._exit(5)", line=3), block("1")])
        assert statuses(crash) == ["crashed", "not-run"]
        assert crash[0].reason.endswith("the process exited with code 5")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(n) for n in (task / "children").read_text().split()]
    return found


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_the_next_pages_process_waits_ready_and_a_dead_one_is_replaced():
    with Executor() as ex:
        server = ex.wait_ready()["pid"]
        assert ex.run_page([block("print(1)")])[0].stdout == "1\n"
        # between pages, one process is already started for the next page
        deadline = time.monotonic() + 10
        while len(spares := [p for p in children(server) if alive(p)]) != 1:
            assert time.monotonic() < deadline, f"processes waiting for the next page: {spares}"
            time.sleep(0.01)
        (spare,) = spares
        os.kill(spare, signal.SIGKILL)  # it dies before it gets work
        assert wait_dead([spare]) == []
        # the server may not have seen the death yet (/proc shows the leader as a zombie while
        # its other threads still exit, and waitpid does not report it): either way the page
        # goes to a live process
        results = ex.run_page([block("import os\nprint(os.getpid())"), block("print(2)")])
        assert statuses(results) == ["passed", "passed"]
        assert int(results[0].stdout) != spare
        assert results[1].stdout == "2\n"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_a_spare_that_dies_as_it_gets_its_page_is_replaced():
    """The spare is handed the page, then dies before it begins the first block (nothing of
    the page's doing): the page runs in a new process instead of failing."""
    with Executor() as ex:
        server = ex.wait_ready()["pid"]
        ex.run_page([block("print(1)")])
        deadline = time.monotonic() + 10
        while len(spares := [p for p in children(server) if alive(p)]) != 1:
            assert time.monotonic() < deadline, f"processes waiting for the next page: {spares}"
            time.sleep(0.01)
        (spare,) = spares
        os.kill(spare, signal.SIGSTOP)  # alive (the server hands it the page), never reads it
        got: list = []
        runner = threading.Thread(
            target=lambda: got.append(ex.run_page([block("import os\nprint(os.getpid())")]))
        )
        runner.start()
        time.sleep(0.5)  # the server has written the request into the spare's pipe
        os.kill(spare, signal.SIGKILL)
        runner.join(60)
        [results] = got
        assert statuses(results) == ["passed"], results[0].reason
        assert int(results[0].stdout) != spare


def test_close_leaves_no_process_behind(tmp_path):
    marker = tmp_path / "pid"
    ex = Executor()
    server_pid = ex.wait_ready()["pid"]
    ex.run_page([block(f"import os\nopen({str(marker)!r}, 'w').write(str(os.getpid()))")])
    page_pid = int(marker.read_text())
    ex.close()
    ex.close()
    assert wait_dead([server_pid, page_pid]) == []


def test_a_killed_server_fails_its_pages_and_is_replaced(tmp_path):
    marker = tmp_path / "page"
    code = f"import os, time\nopen({str(marker)!r}, 'w').write(str(os.getpid()))\ntime.sleep(60)"

    def kill_server_when_the_page_runs(pid: int) -> None:
        while not (marker.exists() and marker.stat().st_size):
            time.sleep(0.01)
        os.kill(pid, signal.SIGKILL)

    with Executor() as ex:
        first = ex.wait_ready()["pid"]
        killer = threading.Thread(target=kill_server_when_the_page_runs, args=(first,))
        killer.start()
        results = ex.run_page([block(code, line=3, timeout=120), block("1", line=9)])
        killer.join()
        assert statuses(results) == ["crashed", "not-run"]
        assert results[0].reason.startswith(
            "crashed at docs/page.rst:3: the example server exited (-9)"
        )
        assert wait_dead([int(marker.read_text())]) == []  # the page died with its server
        again = ex.run_page([block("print('new')")])
        assert again[0].stdout == "new\n"
        assert ex.wait_ready()["pid"] != first


CALLER_DIES = """\
import os, sys, threading, time
from sphinx_apidiff.execute import Executor, ExampleSpec
marker = sys.argv[1]
ex = Executor()
info = ex.wait_ready()
code = (f"import os, time\\nopen({marker!r}, 'w').write(f'{{os.getpid()}} {{os.getcwd()}}')\\n"
        "time.sleep(60)")
page = [ExampleSpec(code, "x.rst", 1, timeout=120)]
threading.Thread(target=ex.run_page, args=(page,), daemon=True).start()
while not (os.path.exists(marker) and os.path.getsize(marker)):
    time.sleep(0.01)
print(info["pid"], flush=True)
os._exit(0)
"""


def test_when_the_caller_dies_the_server_and_pages_go_too(tmp_path):
    marker = tmp_path / "page"
    script = tmp_path / "caller.py"
    script.write_text(CALLER_DIES)
    done = subprocess.run(
        [sys.executable, str(script), str(marker)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    server_pid = int(done.stdout)
    page_pid, page_cwd = marker.read_text().split(" ", 1)
    assert wait_dead([server_pid, int(page_pid)]) == []
    assert not Path(page_cwd).exists()


def test_executors_add_no_fork_hook_each(monkeypatch):
    """The one hook is the module's: hooks cannot be unregistered, one an executor piles up."""
    from sphinx_apidiff.execute.client import executor as executor_module

    added = []
    monkeypatch.setattr(os, "register_at_fork", lambda **hooks: added.append(hooks))
    made = [Executor() for _ in range(3)]
    assert added == []
    assert set(made) <= set(executor_module._LIVE)
    for ex in made:
        ex.close()


FORKED_CALLER = """\\
import os, sys, threading, time
from sphinx_apidiff.execute import Executor, ExampleSpec
marker = sys.argv[1]
ex = Executor(preload=["colorsys"])
first = ex.wait_ready()["pid"]
assert ex.run_page([ExampleSpec("print('parent')")])[0].stdout == "parent\\n"
pid = os.fork()
if pid == 0:  # like a worker of a parallel Sphinx build: runs pages with a server of its own
    out = ex.run_page([ExampleSpec("import os\\nprint('worker', os.getppid() != 0)")])
    ok = out[0].stdout == "worker True\\n" and ex.wait_ready()["pid"] != first
    ex.close()
    os._exit(0 if ok else 1)
_, status = os.waitpid(pid, 0)
pid = os.fork()
if pid == 0:  # a worker that dies while its page runs: its page dies with it
    code = f"import os, time\\nopen({marker!r}, 'w').write(str(os.getpid()))\\ntime.sleep(60)"
    page = [ExampleSpec(code, timeout=120)]
    threading.Thread(target=ex.run_page, args=(page,), daemon=True).start()
    while not (os.path.exists(marker) and os.path.getsize(marker)):
        time.sleep(0.01)
    os._exit(0)
os.waitpid(pid, 0)
again = ex.run_page([ExampleSpec("print('parent again')")])[0].stdout
sleeper = os.fork()
if sleeper == 0:  # a worker that outlives the caller: it holds none of the server's pipes
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    time.sleep(60)
    os._exit(0)
print(os.waitstatus_to_exitcode(status), again.strip(), ex.wait_ready()["pid"] == first,
      first, sleeper, flush=True)
os._exit(0)
"""


def test_forked_workers_hold_none_of_the_servers_pipes(tmp_path):
    script = tmp_path / "forked.py"
    script.write_text(FORKED_CALLER)
    marker = tmp_path / "page"
    done = subprocess.run(
        [sys.executable, str(script), str(marker)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    *words, server_pid, sleeper_pid = done.stdout.split()
    try:
        assert words == ["0", "parent", "again", "True"]
        assert wait_dead([int(marker.read_text())]) == []
        # the caller is gone, its forked worker lives: the server saw its caller go
        assert alive(int(sleeper_pid))
        assert wait_dead([int(server_pid)]) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(sleeper_pid), signal.SIGKILL)


# -- cache and modes --------------------------------------------------------------------------


def counting_page(counter: Path, code: str = "print('ran')", line: int = 10) -> list[ExampleSpec]:
    return [block(f"with open({str(counter)!r}, 'a') as f:\n    f.write('x')\n{code}", line=line)]


def test_cache_hit_does_not_run_again(executor, tmp_path):
    cache = ExecutionCache(tmp_path / "cache")
    counter = tmp_path / "count"
    pages = {"index": counting_page(counter)}
    first = run_pages(pages, cache=cache, executor=executor)
    second = run_pages(pages, cache=cache, executor=executor)
    assert counter.read_text() == "x"
    assert [r.cached for r in first["index"]] == [False]
    assert [r.cached for r in second["index"]] == [True]
    assert second["index"][0].stdout == "ran\n"
    assert second["index"][0].status == "passed"
    forced = run_pages(pages, mode="force", cache=cache, executor=executor)
    assert forced["index"][0].cached is False
    assert counter.read_text() == "xx"
    changed = run_pages(
        {"index": counting_page(counter, "print('ran!')")}, cache=cache, executor=executor
    )
    assert changed["index"][0].cached is False
    assert counter.read_text() == "xxx"


def test_cached_failure_stays_a_failure_and_follows_moved_lines(executor, tmp_path):
    cache = ExecutionCache(tmp_path / "cache")
    counter = tmp_path / "count"
    code = "def g():\n    return 1 / 0\ng()"
    first = run_pages({"p": counting_page(counter, code, line=10)}, cache=cache, executor=executor)[
        "p"
    ][0]
    moved = run_pages({"p": counting_page(counter, code, line=15)}, cache=cache, executor=executor)[
        "p"
    ][0]
    assert counter.read_text() == "x"
    assert (first.status, moved.status) == ("failed", "failed")
    assert (first.cached, moved.cached) == (False, True)
    assert (first.error_line, moved.error_line) == (13, 18)  # the raising line
    assert re.findall(r"line (\d+)", first.traceback) == ["14", "13"]
    assert re.findall(r"line (\d+)", moved.traceback) == ["19", "18"]
    assert moved.line == 15
    assert moved.problem() == "example failed: ZeroDivisionError: division by zero"


def test_cache_key_covers_code_options_and_packages(tmp_path, monkeypatch):
    cache = ExecutionCache(tmp_path / "cache")
    base = [block("import numpy\nx = 1", line=3)]
    key = cache.key(base)
    assert cache.key([block("import numpy\nx = 1", line=30)]) == key  # lines are not in the key
    assert cache.key([block("import numpy\nx = 2", line=3)]) != key
    assert cache.key([block("import numpy\nx = 1", line=3, timeout=5)]) != key
    assert cache.key(base, preload=["torch"]) != key
    assert cache.key(base, settings={"output_limit": 5}) != key
    assert imported_modules("import a.b\nfrom c.d import e\nfrom . import f\nimport g as h") == {
        "a",
        "c",
        "g",
    }
    numpy = importlib.import_module("numpy")
    assert module_fingerprint("numpy") == f"numpy=={numpy.__version__}"
    assert module_fingerprint("no_such_module_apidiff") == "not-installed"
    assert module_fingerprint("json") == "stdlib"
    # a project's own package, not installed from an index: its sources are in the key
    package = tmp_path / "src" / "localpkg_apidiff"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    importlib.invalidate_caches()
    page = [block("import localpkg_apidiff")]
    before = cache.key(page)
    (package / "__init__.py").write_text("VALUE = 22\n")
    # a cache object remembers fingerprints for one build; the next build sees the edit
    assert ExecutionCache(tmp_path / "cache").key(page) != before


def test_timeouts_are_not_cached_and_mode_off_runs_nothing(executor, tmp_path):
    cache = ExecutionCache(tmp_path / "cache")
    hang = [block("import time\ntime.sleep(30)", timeout=0.5)]
    results = run_pages({"p": hang}, cache=cache, executor=executor)
    assert statuses(results["p"]) == ["timeout"]
    assert not cache.put(hang, results["p"])
    assert cache.get(hang) is None
    counter = tmp_path / "count"
    seen = []
    off = run_pages(
        {"p": counting_page(counter)},
        mode="off",
        cache=cache,
        on_result=lambda p, i, r: seen.append((p, i, str(r.status))),
    )
    assert statuses(off["p"]) == ["not-run"]
    assert off["p"][0].reason == "execution is off"
    assert seen == [("p", 0, "not-run")]
    assert not counter.exists()
    with pytest.raises(ValueError, match="execution mode"):
        run_pages({}, mode="sometimes")


def test_run_pages_without_an_executor_makes_and_closes_one(tmp_path):
    results = run_pages({"p": [block("print(6 * 7)")]}, mode="force")
    assert results["p"][0].stdout == "42\n"


# -- values and reports -----------------------------------------------------------------------


def test_results_and_specs_round_trip_through_json(executor):
    spec = block("x = 1", line=4, raises="ValueError", compare=("x", "x"), requires=("numpy",))
    assert ExampleSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec
    results = executor.run_page([block("import numpy as np\nx = np.ones(2)", compare=("x", "x"))])
    again = ExampleResult.from_dict(json.loads(json.dumps(results[0].to_dict())))
    assert again == results[0]
    assert again.comparison.left_shape == (2,)


def test_parse_trace_prefers_the_thread_that_runs_the_author_code():
    dump = textwrap.dedent(
        """\
        Fatal Python error: Segmentation fault

        Thread 0x00007f0000000001 (most recent call first):
          File "/usr/lib/python3.11/threading.py", line 324 in wait
          File "docs/page.rst", line 9 in worker

        Current thread 0x00007f0000000002 (most recent call first):
          File "/usr/lib/python3.11/ctypes/__init__.py", line 519 in string_at
          File "docs/page.rst", line 4 in <module>
        """
    )
    line, lines = parse_trace(dump, {SRC}, lambda f, n: "ctypes.string_at(0)" if n == 4 else None)
    assert line == 4
    assert lines == [
        "Fatal Python error: Segmentation fault",
        "Traceback (most recent call first):",
        '  File "docs/page.rst", line 4, in <module>',
        "    ctypes.string_at(0)",
    ]


def test_timeout_line_is_the_running_statement_of_the_main_thread():
    spec = block("import time\nfor i in range(10):\n    time.sleep(i)\nprint(i)", line=20)
    dump = textwrap.dedent(
        """\
        Thread 0x00007f0000000001 (most recent call first):
          File "docs/page.rst", line 3 in worker

        Current thread 0x00007f0000000002 (most recent call first):
          File "docs/page.rst", line 22 in <module>
        """
    )
    assert timeout_line(dump, spec) == 21  # line 22 is inside the for statement at 21
    assert timeout_line("", spec) == 20
    other_block = dump.replace("line 22", "line 5")  # a frame of another block: not this one
    assert timeout_line(other_block, spec) == 20


def test_reports_are_deterministic(tmp_path):
    results = {
        "b": [
            ExampleResult(Status.PASSED, seconds=0.01234, source="b.rst", line=3),
            ExampleResult(
                Status.FAILED,
                error_type="KeyError",
                error_message="'k'",
                traceback="Traceback...\nKeyError: 'k'\n",
                source="b.rst",
                line=9,
                seconds=0.5,
                output=(("stdout", "partial\x1b[0m\n"),),
            ),
        ],
        "a": [
            ExampleResult(
                Status.SKIPPED,
                reason="not run: megengine is not installed",
                source="a.rst",
                line=1,
                cached=True,
            ),
            ExampleResult(
                Status.TIMEOUT,
                reason="timed out after 2 s at a.rst:14",
                source="a.rst",
                line=12,
                seconds=2.2,
            ),
            ExampleResult(
                Status.NOT_RUN,
                reason="not run: the example at a.rst:12 timed out",
                source="a.rst",
                line=20,
            ),
        ],
    }
    write_report(results, tmp_path / "r.json", tmp_path / "out" / "r.xml")
    first = (tmp_path / "r.json").read_bytes(), (tmp_path / "out" / "r.xml").read_bytes()
    write_report(results, tmp_path / "r.json", tmp_path / "out" / "r.xml")
    assert ((tmp_path / "r.json").read_bytes(), (tmp_path / "out" / "r.xml").read_bytes()) == first

    data = json.loads(first[0])
    assert data == report_dict(results)
    assert [(e["page"], e["line"], e["status"]) for e in data["examples"]] == [
        ("a", 1, "skipped"),
        ("a", 12, "timeout"),
        ("a", 20, "not-run"),
        ("b", 3, "passed"),
        ("b", 9, "failed"),
    ]
    assert data["examples"][0]["cached"] is True
    assert data["examples"][3]["seconds"] == 0.012
    assert data["examples"][4]["error"] == "example failed: KeyError: 'k'"
    assert data["summary"] == {
        "examples": 5,
        "problems": 2,
        "statuses": {"failed": 1, "not-run": 1, "passed": 1, "skipped": 1, "timeout": 1},
    }

    root = ET.fromstring(junit_xml(results))
    assert {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "5",
        "failures": "1",
        "errors": "1",
        "skipped": "2",
    }
    cases = root.findall("testsuite/testcase")
    assert [c.get("name") for c in cases] == [
        "a.rst:1",
        "a.rst:12",
        "a.rst:20",
        "b.rst:3",
        "b.rst:9",
    ]
    assert cases[1].find("error").get("message") == "timed out after 2 s at a.rst:14"
    failure = cases[4].find("failure")
    assert failure.get("type") == "KeyError"
    assert cases[4].find("system-out").text == "partial[0m\n"
    assert cases[3].find("failure") is None and cases[3].get("time") == "0.012"
