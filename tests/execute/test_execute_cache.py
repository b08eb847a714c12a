"""The example cache and the execution modes, with real processes."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest
from example_blocks import block, statuses

from sphinx_apidiff.execute import (
    ExampleSpec,
    ExecutionCache,
    run_pages,
)
from sphinx_apidiff.execute.client.cache import imported_modules, module_fingerprint

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
