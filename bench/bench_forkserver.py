"""The example engine's page processes next to ``multiprocessing``'s forkserver.

The question of issue 9: could ``multiprocessing.get_context("forkserver")`` with
``set_forkserver_preload(["torch"])`` (one ``Process`` and one ``Pipe`` per page) replace the
engine's own fork server? Same pages as ``bench_execute_engine.py`` (``--pages`` small PyTorch
examples), same run, alternating, medians of ``--repeat``:

* **floor**: the code page after page in ONE process that imports torch once;
* **engine**: ``run_pages(pages, executor=Executor(preload=["torch"]))`` (jobs 1, then
  ``--jobs``);
* **forkserver**: the smallest forkserver runner that does the same job: per page a
  ``Process`` running the page's code with stdout captured in a ``StringIO`` and the text sent
  back over a ``Pipe``; no timeouts, no crash reports, no output cap, no fd-level capture
  (so it does less than the engine: a lower bound for a forkserver design).

Every wall time includes starting the processes and importing torch. Run::

    PYTHONPATH=src /work/venv/bin/python bench/bench_forkserver.py [--pages 100] [--repeat 3]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import multiprocessing
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

# the same pages and the same one-process floor as bench_execute_engine.py
from bench_execute_engine import PAGE, floor


def engine(pages: int, jobs: int, expected: str) -> float:
    from sphinx_apidiff.execute import ExampleSpec, Executor, run_pages

    specs = {f"p{i:03d}": [ExampleSpec(PAGE, f"p{i:03d}.rst", 1)] for i in range(pages)}
    start = time.perf_counter()
    with Executor(preload=["torch"]) as executor:
        results = run_pages(specs, executor=executor, jobs=jobs)
    seconds = time.perf_counter() - start
    assert all(r[0].stdout == expected for r in results.values()), next(iter(results.values()))
    return seconds


def _page(code: str, conn) -> None:  # the forkserver's page process
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "page.rst", "exec"), {"__name__": "__main__"})
    conn.send(out.getvalue())
    conn.close()


def forkserver(pages: int, jobs: int, expected: str) -> float:
    start = time.perf_counter()
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["torch"])

    def run_one(_: int) -> str:
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_page, args=(PAGE, writer))
        process.start()
        writer.close()
        text = reader.recv()
        process.join()
        reader.close()
        return text

    with ThreadPoolExecutor(max_workers=jobs) as pool:
        outputs = list(pool.map(run_one, range(pages)))
    from multiprocessing import forkserver as fs

    fs._forkserver._stop()  # the next run pays the start and the preload again, as the engine
    seconds = time.perf_counter() - start
    assert set(outputs) == {expected}, outputs[:2]
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[float]] = {}
    expected = ""
    for _ in range(args.repeat):
        seconds, expected = floor(args.pages)
        rows.setdefault("floor: one process, one torch import", []).append(seconds)
        for jobs in (1, args.jobs):
            rows.setdefault(f"engine Executor(preload=['torch']), jobs={jobs}", []).append(
                engine(args.pages, jobs, expected)
            )
            rows.setdefault(f"forkserver + set_forkserver_preload, jobs={jobs}", []).append(
                forkserver(args.pages, jobs, expected)
            )
    base = statistics.median(next(iter(rows.values())))
    print(f"{args.pages} pages, medians of {args.repeat}, {os.cpu_count()} CPUs")
    print(f"{'configuration':<52} {'seconds':>8} {'vs floor':>9} {'ms/page':>8}")
    for label, values in rows.items():
        seconds = statistics.median(values)
        per_page = 1000 * seconds / args.pages
        print(f"{label:<52} {seconds:8.2f} {seconds / base:8.2f}x {per_page:8.1f}")


if __name__ == "__main__":
    main()
