"""``start_pages``: results from the cache at once, the other pages in the background.

Most tests use a stand-in executor (the scheduling is what is tested, not the processes); the
last ones run real pages.
"""

from __future__ import annotations

import gc
import threading
import weakref
from concurrent.futures import CancelledError
from pathlib import Path

import pytest

from sphinx_apidiff.execute import (
    ExampleResult,
    ExampleSpec,
    ExecutionCache,
    Executor,
    Status,
    run_pages,
    start_pages,
)


def block(code: str, line: int = 1) -> ExampleSpec:
    return ExampleSpec(code=code, source="docs/page.rst", line=line)


class StandIn:
    """What ``start_pages`` uses of an executor. A page is named by its first block's code; a
    page named ``bad*`` raises, a page waits for its gate if it has one."""

    preload = ()
    preload_key = ()

    def __init__(self, gates: dict[str, threading.Event] | None = None) -> None:
        self.gates = gates or {}
        self.started: list[str] = []

    def settings_key(self) -> dict:
        return {}

    def run_page(self, examples):
        page_id = examples[0].code
        self.started.append(page_id)
        if page_id in self.gates:
            assert self.gates[page_id].wait(30), "the test never opened the gate"
        if page_id.startswith("bad"):
            raise OSError("cannot start a process")
        output = (("stdout", page_id),)
        return [ExampleResult(Status.PASSED, output=output, source=s.source) for s in examples]


def test_returns_before_the_pages_ran_and_get_waits_for_one_page():
    gate = threading.Event()
    runner = StandIn({"a": gate})
    pending = start_pages({"a": [block("a")], "b": [block("b")]}, executor=runner)
    assert not pending.done("a") and not pending.done("b")  # "b" waits behind "a" (jobs=1)
    gate.set()
    assert [r.stdout for r in pending.get("b")] == ["b"]
    assert pending.done("a")
    assert runner.started == ["a", "b"]  # in the order given


def test_pages_in_the_cache_are_known_at_once(tmp_path):
    cache = ExecutionCache(tmp_path / "cache")
    page = [block("print(1)")]
    cache.put(
        page, [ExampleResult(Status.PASSED, output=(("stdout", "1\n"),), source="docs/page.rst")]
    )
    gate = threading.Event()
    runner = StandIn({"new": gate})
    pending = start_pages({"old": page, "new": [block("new")]}, cache=cache, executor=runner)
    assert pending.done("old") and not pending.done("new")
    (old,) = pending.get("old")
    assert (old.cached, old.stdout) == (True, "1\n")
    gate.set()
    assert pending.wait()["new"][0].stdout == "new"
    # what ran is stored: the next build finds it
    assert cache.get([block("new")]) is not None


def test_a_page_that_cannot_run_raises_its_error_and_the_others_keep_their_results():
    pending = start_pages({"bad": [block("bad")], "good": [block("good")]}, executor=StandIn())
    with pytest.raises(OSError, match="cannot start a process"):
        pending.get("bad")
    assert pending.get("good")[0].stdout == "good"
    with pytest.raises(OSError):
        pending.wait()


def test_cancel_starts_no_further_page():
    gate = threading.Event()
    runner = StandIn({"first": gate})
    pending = start_pages({"first": [block("first")], "second": [block("second")]}, executor=runner)
    while not runner.started:  # "first" has started
        threading.Event().wait(0.005)
    pending.cancel()
    gate.set()
    assert pending.get("first")[0].stdout == "first"  # it had started: it finishes
    with pytest.raises(CancelledError):
        pending.get("second")
    assert runner.started == ["first"]


def test_a_cache_that_cannot_store_leaves_the_results_standing(tmp_path):
    (tmp_path / "cache").write_text("not a folder")
    cache = ExecutionCache(tmp_path / "cache")
    pending = start_pages({"p": [block("p")]}, cache=cache, executor=StandIn())
    assert pending.get("p", timeout=30)[0].stdout == "p"


def test_take_gives_a_page_once_and_keeps_nothing_of_it():
    """What a build collects is released: a page's results (their output is the largest part)
    live in the caller's hands only."""
    pending = start_pages({"a": [block("a")], "bad": [block("bad")]}, executor=StandIn())
    results = pending.take("a", timeout=30)
    assert [r.stdout for r in results] == ["a"]
    kept = weakref.ref(results[0])
    del results
    gc.collect()
    assert kept() is None
    assert not pending.done("a")
    with pytest.raises(OSError, match="cannot start a process"):
        pending.take("bad", timeout=30)
    assert not pending.done("bad")


def test_get_can_give_up():
    gate = threading.Event()
    pending = start_pages({"a": [block("a")]}, executor=StandIn({"a": gate}))
    with pytest.raises(TimeoutError):
        pending.get("a", timeout=0.01)
    gate.set()
    assert pending.get("a")


def test_mode_off_needs_no_executor_and_other_modes_do():
    pending = start_pages({"p": [block("1")]}, mode="off")
    assert [r.status for r in pending.get("p")] == [Status.NOT_RUN]
    assert pending.get("p")[0].reason == "execution is off"
    with pytest.raises(ValueError, match="needs an executor"):
        start_pages({"p": [block("1")]}, mode="force")
    with pytest.raises(ValueError, match="must be one of"):
        start_pages({"p": [block("1")]}, mode="sometimes")


def test_real_pages_run_while_the_caller_goes_on(tmp_path):
    go = tmp_path / "go"
    waits = f"import pathlib, time\nwhile not pathlib.Path({str(go)!r}).exists():\n    time.sleep(0.01)\nprint('went')"
    with Executor() as executor:
        pending = start_pages(
            {"waits": [block(waits)], "next": [block("print('next')")]},
            executor=executor,
            jobs=2,
        )
        assert pending.get("next")[0].stdout == "next\n"  # not held up by the waiting page
        assert not pending.done("waits")
        Path(go).touch()
        (result,) = pending.get("waits")
        assert (result.status, result.stdout) == (Status.PASSED, "went\n")


def test_run_pages_reports_each_block_once_the_page_is_known():
    seen = []
    with Executor() as executor:
        results = run_pages(
            {"p": [block("print(1)"), block("print(2)")], "q": [block("print(3)")]},
            executor=executor,
            jobs=2,
            on_result=lambda page, index, result: seen.append((page, index, result.stdout)),
        )
    assert sorted(seen) == [("p", 0, "1\n"), ("p", 1, "2\n"), ("q", 0, "3\n")]
    assert [r.stdout for r in results["p"]] == ["1\n", "2\n"]
