"""What running documentation examples costs: the engine next to the floor.

100 pages (``--pages``), each one small PyTorch example (a 1x3x16x16 conv2d and the print of
a sum). Rows:

* floor: the same code, page after page, in ONE Python process that imports torch once
  (no isolation at all; this is what ``sphinx.ext.doctest`` would cost);
* Executor(preload=["torch"]): a warm server imports torch once, each page is forked from it;
* the same with ``jobs`` pages at a time;
* Executor() without preload: each page's fresh process imports torch itself.

Every wall time includes starting the process(es) and importing torch. Run::

    /work/venv/bin/python bench/bench_execute_engine.py [--pages 100] [--jobs 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import textwrap
import time

PAGE = textwrap.dedent(
    """\
    import torch
    import torch.nn.functional as F
    x = torch.randn(1, 3, 16, 16, generator=torch.Generator().manual_seed(0))
    w = torch.ones(4, 3, 3, 3)
    print(round(float(F.conv2d(x, w).sum()), 3))
    """
)

FLOOR = textwrap.dedent(
    """\
    import contextlib, io, sys
    import torch
    code = compile(sys.stdin.read(), "page.rst", "exec")
    outputs = []
    for _ in range(int(sys.argv[1])):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(code, {"__name__": "__main__"})
        outputs.append(out.getvalue())
    print(len(set(outputs)), outputs[0], end="")
    """
)


def floor(pages: int) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", FLOOR, str(pages)],
        input=PAGE,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    distinct, output = done.stdout.split(" ", 1)
    assert distinct == "1", done.stdout
    return seconds, output


def engine(pages: int, jobs: int, preload: list[str], expected: str) -> tuple[float, str]:
    # imported here: bench_forkserver.py imports this module, and its forkserver children
    # re-import it; they must not pay for the engine they are compared with
    from sphinx_apidiff.execute import ExampleSpec, Executor, run_pages

    specs = {f"page{i:03d}.rst": [ExampleSpec(PAGE, f"page{i:03d}.rst", 1)] for i in range(pages)}
    start = time.perf_counter()
    with Executor(preload=preload) as executor:
        results = run_pages(specs, executor=executor, jobs=jobs)
        mode = executor.mode
    seconds = time.perf_counter() - start
    bad = [
        (page, r.status, r.stdout, r.reason or r.error_message)
        for page, rs in results.items()
        for r in rs
        if r.status != "passed" or r.stdout != expected
    ]
    assert not bad, bad[:3]
    return seconds, mode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100, help="number of pages (default 100)")
    parser.add_argument("--jobs", type=int, default=2, help="pages at a time (default 2)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each fast row; the best is shown (default 3; the row without preload "
        "runs once)",
    )
    parser.add_argument(
        "--skip-no-preload", action="store_true", help="leave out the slow row without preload"
    )
    args = parser.parse_args()

    floors = [floor(args.pages) for _ in range(args.repeat)]
    base, expected = min(floors)
    rows = [("floor: one process, one torch import, no isolation", base, "-")]
    for label, jobs, preload in (
        ("Executor(preload=['torch']), jobs=1", 1, ["torch"]),
        (f"Executor(preload=['torch']), jobs={args.jobs}", args.jobs, ["torch"]),
        (f"Executor() without preload, jobs={args.jobs}", args.jobs, []),
    ):
        if args.skip_no_preload and not preload:
            continue
        runs = [
            engine(args.pages, jobs, preload, expected)
            for _ in range(args.repeat if preload else 1)
        ]
        seconds, mode = min(runs)
        rows.append((label, seconds, mode))

    print(f"{args.pages} pages, one small PyTorch example each (conv2d 1x3x16x16 + print)")
    print(f"best of {args.repeat} runs (the row without preload: 1 run), {os.cpu_count()} CPUs")
    print(f"{'configuration':<54} {'mode':>5} {'seconds':>8} {'vs floor':>9} {'ms/page':>8}")
    for label, seconds, mode in rows:
        per_page = 1000 * seconds / args.pages
        print(f"{label:<54} {mode:>5} {seconds:8.2f} {seconds / base:8.2f}x {per_page:8.1f}")


if __name__ == "__main__":
    main()
