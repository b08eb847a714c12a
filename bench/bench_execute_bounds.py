"""How fast the example engine handles its hard cases, as ratios to a baseline of the same run.

These were timed assertions in ``tests/execute/test_execute*.py``; the tests keep what happens, this
script reports how long it takes (the old bounds are shown next to the figures):

* **timeouts**: three pages whose blocks run past a 1 s timeout, ``jobs=3``: wall time over
  the timeout (old bound: under 10 s);
* **capped output**: a page writing 50 MB three ways plus a subprocess, against the same page
  writing one line per block (old bound: under 15 s);
* **preloaded import**: a block ``import torch`` in a page of ``Executor(preload=["torch"])``
  against a block ``pass`` (old bound: under 0.2 s);
* **torch page**: a page of PyTorch operations against the same code run in this process (best of 5, warm)
  (old bound: under 5 s).

Run from the repository root::

    PYTHONPATH=src /work/venv/bin/python bench/bench_execute_bounds.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time

from common import ratio

from sphinx_apidiff.execute import ExampleSpec, Executor, run_pages

TORCH_PAGE = """\
import torch
import torch.nn.functional as F
x = torch.arange(48, dtype=torch.float32).reshape(1, 3, 4, 4)
w = torch.ones(2, 3, 3, 3)
y = F.conv2d(x, w)
a = torch.ones(256, 256)
b = torch.matmul(a, a)
"""

BIG_OUTPUT = [
    "for _ in range(50_000):\n    print('x' * 999)",
    "import sys\nsys.stdout.write('y' * 50_000_000)",
    "import os\nos.write(1, b'z' * 50_000_000)",
    "import subprocess\nsubprocess.run(['echo', 'from a subprocess'])",
    "print('tail')",
]
SMALL_OUTPUT = ["print('x')", "print('y')", "import os\nos.write(1, b'z')", "print('s')", "1"]


def wall(run) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def page(codes: list[str], timeout: float = 30.0) -> list[ExampleSpec]:
    return [
        ExampleSpec(code, "page.rst", 1 + 10 * i, timeout=timeout) for i, code in enumerate(codes)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, list[tuple[float, float]]] = {}
    with Executor() as plain, Executor(preload=["torch"]) as warm:
        plain.wait_ready()
        warm.wait_ready()
        for _ in range(args.repeat):
            stuck = {
                "busy": page(["x = 0\nwhile True:\n    x += 1"], timeout=1),
                "sleep": page(["import time\ntime.sleep(60)"], timeout=1),
                "nested": page(["def f():\n    while True:\n        pass\nf()"], timeout=1),
            }
            rows.setdefault("timeouts: 3 pages at jobs=3 / 1 s timeout", []).append(
                (wall(lambda s=stuck: run_pages(s, executor=plain, jobs=3)), 1.0)
            )
            big = wall(lambda: plain.run_page(page(BIG_OUTPUT)))
            small = wall(lambda: plain.run_page(page(SMALL_OUTPUT)))
            rows.setdefault("capped output: 3 x 50 MB page / small page", []).append((big, small))
            (imported,) = warm.run_page(page(["import torch"]))
            (empty,) = warm.run_page(page(["pass"]))
            rows.setdefault("preloaded: block 'import torch' / block 'pass'", []).append(
                (imported.seconds, empty.seconds)
            )
            (torch_block,) = warm.run_page(page([TORCH_PAGE]))
            namespace: dict[str, object] = {}
            exec(compile(TORCH_PAGE, "page.rst", "exec"), namespace)  # warm this process up
            in_process = min(
                wall(lambda: exec(compile(TORCH_PAGE, "page.rst", "exec"), {})) for _ in range(5)
            )
            rows.setdefault("torch page: block seconds / same code in-process", []).append(
                (torch_block.seconds, in_process)
            )
    print(f"medians of {args.repeat}")
    print(f"{'case':<52} {'seconds':>9} {'baseline':>9} {'ratio':>8}")
    for label, values in rows.items():
        measured = statistics.median(v for v, _ in values)
        base = statistics.median(b for _, b in values)
        print(f"{label:<52} {measured:9.4f} {base:9.4f} {ratio(measured, base):7.1f}x")


if __name__ == "__main__":
    main()
