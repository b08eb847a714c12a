"""Where a Sphinx build's CPU time goes: a SIGPROF stack sampler, and two builds side by side.

cProfile inflates docutils' call-heavy parsing about twofold, which hides what a comparison
page costs against the same page by hand (``bench_pages.py``). This samples whole Python stacks
every 2 ms of CPU time instead; a sample taken while the garbage collector runs is marked
``<gc>``.

Record one build each (the projects ``bench_pages.py`` generates under ``bench/_out/pages``)::

    PYTHONPATH=src python bench/sample_build.py record /tmp/d.samples -- \\
        -b html -q -E -d /tmp/d/dt bench/_out/pages/directive /tmp/d/html
    PYTHONPATH=src python bench/sample_build.py record /tmp/h.samples -- \\
        -b html -q -E -d /tmp/h/dt bench/_out/pages/handwritten /tmp/h/html

then compare them: functions by samples with the function on the stack (inclusive), largest
difference first, or only the stacks under one function (``--under``)::

    python bench/sample_build.py compare /tmp/d.samples /tmp/h.samples [--top 40]
    python bench/sample_build.py compare /tmp/d.samples /tmp/h.samples \\
        --under sphinx/builders/__init__.py:read

Samples count CPU time of one process; on a loaded machine both builds' counts grow. Read the
differences between builds made back to back, not the counts of one.
"""

from __future__ import annotations

import argparse
import collections
import gc
import pickle
import signal
import sys
import time

INTERVAL_S = 0.002
_PREFIXES = ("site-packages/", "src/", "lib/python3.11/")


def record(out: str, sphinx_args: list[str]) -> int:
    stacks: collections.Counter = collections.Counter()
    in_gc = [False]
    gc_runs = [0, 0, 0]

    def on_gc(phase: str, info: dict) -> None:
        in_gc[0] = phase == "start"
        if in_gc[0]:
            gc_runs[info["generation"]] += 1

    def on_sample(_signum: int, frame) -> None:
        stack = []
        while frame is not None:
            code = frame.f_code
            stack.append((code.co_filename, code.co_name))
            frame = frame.f_back
        if in_gc[0]:
            stack.insert(0, ("<gc>", "collect"))
        stacks[tuple(reversed(stack))] += 1

    from sphinx.cmd.build import main

    gc.callbacks.append(on_gc)
    signal.signal(signal.SIGPROF, on_sample)
    start = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, INTERVAL_S, INTERVAL_S)
    try:
        code = main(sphinx_args)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
    cpu = time.process_time() - start
    with open(out, "wb") as handle:
        pickle.dump({"stacks": stacks, "cpu_s": cpu, "gc_runs": gc_runs}, handle)
    print(f"{sum(stacks.values())} samples, {cpu:.2f} s CPU, GC runs {gc_runs}: {out}")
    return code


def _name(frame: tuple[str, str]) -> str:
    filename, function = frame
    for prefix in _PREFIXES:
        if prefix in filename:
            filename = filename.split(prefix, 1)[1]
    return f"{filename}:{function}"


def _inclusive(path: str, under: str | None) -> tuple[collections.Counter, int]:
    with open(path, "rb") as handle:
        data = pickle.load(handle)
    counts: collections.Counter = collections.Counter()
    total = 0
    for stack, n in data["stacks"].items():
        names = [_name(frame) for frame in stack]
        if under is not None:
            if under not in names:
                continue
            names = names[names.index(under) + 1 :]
        total += n
        for name in set(names):
            counts[name] += n
    return counts, total


def compare(a: str, b: str, top: int, under: str | None) -> None:
    ca, ta = _inclusive(a, under)
    cb, tb = _inclusive(b, under)
    print(f"samples{' under ' + under if under else ''}: {ta} and {tb} ({ta - tb:+d})")
    print(f"{'A':>6} {'B':>6} {'A-B':>6}  function (inclusive)")
    names = sorted(set(ca) | set(cb), key=lambda n: -(ca[n] - cb[n]))
    for name in names[:top]:
        print(f"{ca[name]:6d} {cb[name]:6d} {ca[name] - cb[name]:+6d}  {name}")
    print("...")
    for name in names[-(top // 4) :]:
        print(f"{ca[name]:6d} {cb[name]:6d} {ca[name] - cb[name]:+6d}  {name}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    sub = parser.add_subparsers(dest="command", required=True)
    rec = sub.add_parser("record", help="one sphinx-build, sampled")
    rec.add_argument("out")
    rec.add_argument("sphinx_args", nargs=argparse.REMAINDER)
    cmp_ = sub.add_parser("compare", help="two recordings, by inclusive samples")
    cmp_.add_argument("a")
    cmp_.add_argument("b")
    cmp_.add_argument("--top", type=int, default=40)
    cmp_.add_argument("--under", help="only the stacks under this function (file:function)")
    args = parser.parse_args(argv)
    if args.command == "record":
        sphinx_args = args.sphinx_args[1:] if args.sphinx_args[:1] == ["--"] else args.sphinx_args
        return record(args.out, sphinx_args)
    compare(args.a, args.b, args.top, args.under)
    return 0


if __name__ == "__main__":
    sys.exit(main())
