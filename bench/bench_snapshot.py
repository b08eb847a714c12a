"""Offline builds: reading sides from the signature snapshot against reading them live, the
``sphinx-apidiff snapshot`` command, and static reading (issue 10).

1. ``--pairs`` real pairs (bench/pairs.py: ``numpy.X`` vs ``torch.X``, ``math.X`` vs
   ``numpy.X`` ..., 10 a page). The command writes
   their snapshot (timed, twice: the second run must give the same bytes). Then the same
   ``sphinx-build -b html -E`` runs in child processes, alternately: **live** (both libraries
   imported) and **snapshot** (``numpy`` and ``torch`` set to None in ``sys.modules``: every
   side comes from the snapshot). Goal: snapshot / live <= 1.
2. Static reading: the first read of a package from its source (griffe loads it), then every
   pair after it, memo cleared, against reading the same pair live (PyTorch at runtime) in the
   same run. Goal: under 50 ms a pair after the first. MegEngine's real source is used when
   ``--megengine DIR`` points at the ``.py`` files of its wheel, else the test root's GPUKit.

    PYTHONPATH=src /work/venv/bin/python bench/bench_snapshot.py [--pairs 300] [--rounds 3]
        [--megengine /tmp/meg/src]

Nothing is asserted; the script reports times and ratios, and writes bench/_out/snapshot.json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import OUT_DIR, ROOT, finish, ratio, run_metadata, table

SRC = ROOT / "src"
GPUKIT = ROOT / "tests" / "roots" / "test-snapshot" / "src"
HIDE = "import sys\nfor name in ('numpy', 'torch'):\n    sys.modules[name] = None\n"
BUILD = "from sphinx.cmd.build import main\nsys.exit(main(sys.argv[1:]))\n"


def pairs(count: int) -> list[tuple[str, str]]:
    """Real pairs (bench/pairs.py): numpy.X vs torch.X, linalg, fft, math vs numpy ..."""
    from pairs import enumerate_callables, import_modules, select_pairs

    import_modules(include_torch=True)
    chosen = select_pairs(count, enumerate_callables(include_torch=True), {}).pairs
    return [(p.left, p.right) for p in chosen]


def write_project(root: Path, names: list[tuple[str, str]]) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\n'
        'apidiff_undocumented = "ignore"\n'
        'apidiff_signature_snapshot = "signatures.json"\n'
        'suppress_warnings = ["apidiff"]\n'
    )
    pages = [names[i : i + 10] for i in range(0, len(names), 10)]
    toctree = "".join(f"   page{i}\n" for i in range(len(pages)))
    (root / "index.rst").write_text(f"Pairs\n=====\n\n.. toctree::\n\n{toctree}")
    for i, chunk in enumerate(pages):
        body = "".join(f".. apidiff:: {left} {right}\n\n" for left, right in chunk)
        (root / f"page{i}.rst").write_text(f"Page {i}\n=======\n\n{body}")


def child(code: str, argv: list[str]) -> float:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])}
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *argv], env=env, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"child failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def bench_builds(root: Path, rounds: int) -> dict:
    command = "import sys\nfrom sphinx_apidiff.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    first = child(command, ["snapshot", str(root)])
    written = (root / "signatures.json").read_bytes()
    second = child(command, ["snapshot", str(root)])
    identical = (root / "signatures.json").read_bytes() == written
    times: dict[str, list[float]] = {"live": [], "snapshot": []}
    for n in range(rounds):
        for mode in ("live", "snapshot") if n % 2 == 0 else ("snapshot", "live"):
            out = root / "_build" / mode
            code = ("import sys\n" if mode == "live" else HIDE) + BUILD
            times[mode].append(child(code, ["-q", "-E", "-b", "html", str(root), str(out)]))
    live_html = (root / "_build" / "live" / "page0.html").read_text(encoding="utf-8")
    snap_html = (root / "_build" / "snapshot" / "page0.html").read_text(encoding="utf-8")
    return {
        "command_seconds": [first, second],
        "command_output_identical": identical,
        "entries": written.count(b'"package": '),
        "build_seconds": times,
        "snapshot_page_says_recorded": "recorded from" in snap_html,
        "live_page_says_recorded": "recorded from" in live_html,
    }


def bench_static(megengine: Path | None) -> dict:
    from sphinx_apidiff.introspect import clear_caches, read_api
    from sphinx_apidiff.introspect.static import clear_static_cache, read_static

    if megengine is not None:
        sys.path.insert(0, str(megengine))
        package = "megengine"
        pairs = [
            ("torch.nn.ConvTranspose2d", "megengine.module.ConvTranspose2d"),
            ("torch.nn.Conv2d", "megengine.module.Conv2d"),
            ("torch.nn.Linear", "megengine.module.Linear"),
            ("torch.nn.BatchNorm2d", "megengine.module.BatchNorm2d"),
            ("torch.nn.Dropout", "megengine.module.Dropout"),
            ("torch.nn.functional.conv2d", "megengine.functional.conv2d"),
            ("torch.nn.functional.relu", "megengine.functional.relu"),
            ("torch.nn.functional.softmax", "megengine.functional.softmax"),
            ("torch.nn.functional.max_pool2d", "megengine.functional.max_pool2d"),
            ("torch.nn.functional.linear", "megengine.functional.linear"),
        ]
    else:
        sys.path.insert(0, str(GPUKIT))
        package = "gpukit"
        pairs = [
            ("torch.nn.ConvTranspose2d", "gpukit.ConvTranspose2d"),
            ("torch.nn.Linear", "gpukit.nn.Linear"),
            ("torch.nn.functional.conv2d", "gpukit.conv2d"),
            ("torch.nn.Module", "gpukit.nn.Module"),
        ]
    import torch  # noqa: F401  (its import is not what is measured)

    clear_static_cache()
    start = time.perf_counter()
    read_static(pairs[0][1])
    first = time.perf_counter() - start
    static_ms, live_ms = [], []
    for _ in range(5):
        for left, right in pairs:
            clear_caches()  # every answer forgotten; the loaded package is kept
            start = time.perf_counter()
            read_static(right)
            static_ms.append((time.perf_counter() - start) * 1000)
            clear_caches()
            start = time.perf_counter()
            read_api(left)
            live_ms.append((time.perf_counter() - start) * 1000)
    api = read_api(pairs[0][1])
    return {
        "package": package,
        "first_read_seconds": first,
        "static_ms_per_side": statistics.median(static_ms),
        "static_ms_max": max(static_ms),
        "live_ms_per_side": statistics.median(live_ms),
        "first_pair_source": api.source,
        "first_pair_signature": api.signature.text(),
    }


def print_report(report: dict) -> None:
    b = report["builds"]
    live, snap = min(b["build_seconds"]["live"]), min(b["build_seconds"]["snapshot"])
    print(f"\n{report['pairs']} pairs, {b['entries']} snapshot entries")
    print(
        table(
            ["what", "seconds (best)", "ratio"],
            [
                ["sphinx-apidiff snapshot (1st run)", f"{b['command_seconds'][0]:.2f}", ""],
                ["sphinx-apidiff snapshot (2nd run)", f"{b['command_seconds'][1]:.2f}", ""],
                ["build, live", f"{live:.2f}", "1.00"],
                ["build, from the snapshot", f"{snap:.2f}", f"{ratio(snap, live):.2f}"],
            ],
        )
    )
    print(f"command output identical when run twice: {b['command_output_identical']}")
    says = b["snapshot_page_says_recorded"], b["live_page_says_recorded"]
    print(f"pages say 'recorded from': snapshot {says[0]}, live {says[1]}")
    s = report["static"]
    print(
        f"\nstatic reading ({s['package']}): first read {s['first_read_seconds']:.2f} s, then "
        f"{s['static_ms_per_side']:.3f} ms a side (max {s['static_ms_max']:.3f}); the same "
        f"pairs' PyTorch side live: {s['live_ms_per_side']:.3f} ms"
    )
    print(f"  {s['first_pair_source']}: {s['first_pair_signature']}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--megengine", type=Path, default=None, help="MegEngine's .py files")
    args = parser.parse_args()
    meta = run_metadata()
    with tempfile.TemporaryDirectory(prefix="apidiff-bench-snapshot-") as tmp:
        root = Path(tmp) / "docs"
        write_project(root, pairs(args.pairs))
        builds = bench_builds(root, args.rounds)
    report = {
        "meta": meta,
        "pairs": args.pairs,
        "builds": builds,
        "static": bench_static(args.megengine),
    }
    return finish(OUT_DIR / "snapshot.json", report, meta, print_report)


if __name__ == "__main__":
    sys.exit(main())
