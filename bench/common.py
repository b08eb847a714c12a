"""Small helpers shared by the benchmark scripts: statistics, tables, run metadata."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import platform
import signal
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

try:
    import psutil
except ImportError:  # the samplers then measure nothing (their callers say so)
    psutil = None

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "_out"


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``values``; NaN when empty."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def summary(values: Sequence[float]) -> dict[str, float]:
    """median, p90, p99, max and count of ``values``."""
    return {
        "n": len(values),
        "median": statistics.median(values) if values else math.nan,
        "p90": percentile(values, 90),
        "p99": percentile(values, 99),
        "max": max(values) if values else math.nan,
    }


def ratio(a: float, b: float) -> float:
    return a / b if b else math.nan


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A plain-text table, columns right-aligned except the first."""
    cells = [[str(h) for h in headers], *[[_cell(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for index, row in enumerate(cells):
        parts = [
            row[i].ljust(widths[i]) if i == 0 else row[i].rjust(widths[i]) for i in range(len(row))
        ]
        lines.append("  ".join(parts).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _cell(value: object) -> str:
    if isinstance(value, float):
        if math.isnan(value):
            return "-"
        return f"{value:.3f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def _git(*args: str) -> str:
    try:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False, timeout=10
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def src_fingerprint() -> str:
    """Hash of the extension's sources: compared at the start and end of a run, it tells
    whether ``src/`` was edited while the benchmark ran (numbers would mix two versions)."""
    digest = hashlib.sha1()
    for path in sorted((ROOT / "src" / "sphinx_apidiff").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".jinja", ".css", ".po"):
            digest.update(str(path.relative_to(ROOT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def run_metadata() -> dict[str, object]:
    """Where and on what the numbers were taken (the source tree is edited concurrently)."""
    import sphinx

    import sphinx_apidiff

    return {
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "sphinx": sphinx.__version__,
        "sphinx_apidiff": sphinx_apidiff.__version__,
        "git_head": _git("rev-parse", "--short", "HEAD"),
        "src_uncommitted_files": len(_git("status", "--porcelain", "src").splitlines()),
        "src_fingerprint": src_fingerprint(),
    }


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, sort_keys=False, default=str) + "\n")


def finish(out: Path, report: dict, meta: dict, print_report) -> int:
    """Write the JSON, print the table, and say whether ``src/`` changed during the run."""
    meta["src_changed_during_run"] = src_fingerprint() != meta["src_fingerprint"]
    write_json(out, report)
    print_report(report)
    if meta["src_changed_during_run"]:
        print("\nWARNING: src/sphinx_apidiff changed while this ran; numbers mix two versions")
    print(f"\nJSON: {out}")
    return 0


class TreeSampler(threading.Thread):
    """Peaks of a process's descendants (not itself): their summed RSS, sampled every 50 ms,
    and with ``pss`` their summed PSS, every 0.25 s (``smaps_rollup`` costs more to read).
    Workers forked from a build share the pages their parent had (imported libraries): an RSS
    sum counts those once per process, a PSS sum splits each shared page between its sharers.
    The list of descendants is refreshed every 0.5 s (walking /proc is what costs)."""

    def __init__(self, pid: int, *, pss: bool = False) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.pss = pss
        self.peak = 0
        self.peak_pss = 0
        self.done = threading.Event()

    def run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        procs: list = []
        last = last_pss = 0.0
        while not self.done.is_set():
            now = time.monotonic()
            if now - last > 0.5 or not procs:
                with contextlib.suppress(psutil.Error):
                    procs = root.children(recursive=True)
                last = now
            total = 0
            for proc in procs:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            self.peak = max(self.peak, total)
            if self.pss and now - last_pss > 0.25:
                pss = 0
                for proc in procs:
                    with contextlib.suppress(psutil.Error, AttributeError):
                        pss += proc.memory_full_info().pss
                self.peak_pss = max(self.peak_pss, pss)
                last_pss = now
            self.done.wait(0.05)


def run_sampled(command: list[str], stderr, env: dict, *, pss: bool = False) -> TreeSampler | None:
    """Run ``command`` in a session of its own (stdout dropped, stderr to the open file
    ``stderr``) until it ends, with its descendants' memory sampled meanwhile; the sampler
    (None without psutil). Interrupted, the whole session is stopped."""
    helper = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=stderr, env=env, start_new_session=True
    )
    sampler = TreeSampler(helper.pid, pss=pss) if psutil is not None else None
    if sampler is not None:
        sampler.start()
    try:
        helper.wait()
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(helper.pid, signal.SIGTERM)
        raise
    finally:
        if sampler is not None:
            sampler.done.set()
            sampler.join()
    return sampler
