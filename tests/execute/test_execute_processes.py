"""The example engine's processes: timeouts, crashes, preload, parallelism.

Every hang is bounded by the block's own timeout (enforced by the server), so a regression
fails a test instead of hanging the suite.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from example_blocks import alive, block, statuses, wait_dead

from sphinx_apidiff.execute import (
    Executor,
    Status,
    run_pages,
)
from sphinx_apidiff.execute.client.preload import installed_imports

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


def test_a_page_starts_with_the_preloaded_modules_frozen(torch_executor):
    """Each page's process is a fork of the warm server: its garbage collections must not
    scan (and so copy) the preloaded modules' objects, which it shares with the server."""
    (result,) = torch_executor.run_page([block("import gc\nprint(gc.get_freeze_count() > 10_000)")])
    assert result.stdout == "True\n"


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
