"""The project-wide view at scale: N comparison pages with the summary, coverage and export.

What is measured, against what (all in one run, ratios)
-------------------------------------------------------
Three Sphinx projects of the same N pages (default 2,000; NumPy and standard-library pairs,
no PyTorch, made as ``bench_pages.py`` makes them; past the ~800 distinct readable pairs,
pairs repeat on further pages) are generated under ``bench/_out/project/``:

``plain/``
    the N ``.. apidiff::`` pages, an index with a toctree, ``apidiff_export = ""``: the
    extension without the project-wide view.
``project/``
    the same pages, and an index with ``.. apidiff-summary::`` (N rows), a coverage page with
    ``.. apidiff-coverage::`` of ``numpy`` against ``math``, of ``math`` and ``statistics``
    against ``numpy``, ``:apidiff:`` links, and the ``apidiff.json`` export (on by default).
``handwritten/``
    the same N pages as plain reStructuredText (the text the directive's template rendered,
    captured from one in-process build of ``plain/``, as ``bench_pages.py`` does) and an index
    with a hand-written ``list-table`` of the N pairs: what a team keeps by hand today.

Reported side by side:

1. **cost of the project-wide view**: ``project`` vs ``plain``, serial ``-E`` builds: wall
   time and peak RSS ratio (goal: at most 1.10);
2. **parallel speed-up**: serial wall / ``-j 2`` wall of ``project``, against the same
   speed-up of ``handwritten`` (goal: at least 95% of Sphinx's own);
3. **no-change rebuild**: a second ``sphinx-build`` (no ``-E``) with nothing changed, of
   ``project`` vs ``handwritten`` (goal: at most 1.1x).

Every build runs in a fresh child process (``bench_pages.run_child``: wall, CPU, ``ru_maxrss``);
the order alternates the projects so that both see the same machine load. Nothing asserts a
time. Output: tables on stdout and ``bench/_out/project.json``.

Run: ``PYTHONPATH=src /work/venv/bin/python bench/bench_project.py [--pages 2000]
[--repeats 1]``; quick check: ``--pages 100``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import bench_pages as bp
from common import OUT_DIR, finish, ratio, run_metadata, table

GOALS = {"view_cost": 1.10, "speedup_share": 0.95, "rebuild": 1.10}
DIR = OUT_DIR / "project"

INDEX = """Comparison pages
================

.. toctree::
   :maxdepth: 1
   :glob:

   pages/*
"""

PROJECT_INDEX = (
    INDEX
    + """   coverage

Every comparison
----------------

.. apidiff-summary::

See :apidiff:`{first}` and :apidiff:`{last}`.
"""
)

COVERAGE = """Coverage
========

.. apidiff-coverage:: numpy math

.. apidiff-coverage:: math numpy

.. apidiff-coverage:: statistics numpy
"""


def _handwritten_index(pages: list[bp.Page]) -> str:
    rows = "\n".join(
        f"   * - ``{p.pair.left}``\n     - ``{p.pair.right}``\n     - :doc:`{p.docname}`"
        for p in pages
    )
    return (
        INDEX
        + "\nEvery comparison\n----------------\n\n.. list-table::\n   :header-rows: 1\n\n"
        + "   * - Left\n     - Right\n     - Page\n"
        + rows
        + "\n"
    )


def write(root: Path, conf: str, index: str, sources: dict[str, str], extra=None) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "pages").mkdir(parents=True)
    (root / "conf.py").write_text(conf)
    (root / "index.rst").write_text(index)
    for docname, text in {**sources, **(extra or {})}.items():
        (root / f"{docname}.rst").write_text(text)


@dataclass
class Build:
    project: str
    kind: str  # "fresh" (-E, empty output), "rebuild" (nothing changed)
    jobs: int
    wall_s: float
    cpu_s: float
    maxrss_mb: float
    tree_peak_mb: float | None
    returncode: int
    warnings: int
    stderr_head: str


def build(project: str, jobs: int = 1, fresh: bool = True) -> Build:
    srcdir, outdir = DIR / project, DIR / "_build" / project
    if fresh and outdir.exists():
        shutil.rmtree(outdir)
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-q"]
    argv += ["-E"] if fresh else []
    argv += ["-j", str(jobs)] if jobs > 1 else []
    argv += ["-d", str(outdir / "doctrees"), str(srcdir), str(outdir / "html")]
    stderr_path = DIR / "_build" / f"{project}-{'fresh' if fresh else 'rebuild'}-{jobs}.stderr"
    stderr_path.parent.mkdir(parents=True, exist_ok=True)
    measures, tree_peak = bp.run_child(argv, stderr_path)
    stderr = stderr_path.read_text(errors="replace")
    result = Build(
        project=project,
        kind="fresh" if fresh else "rebuild",
        jobs=jobs,
        wall_s=measures["wall_s"],
        cpu_s=measures["cpu_s"],
        maxrss_mb=measures["maxrss_kb"] / 1024,
        tree_peak_mb=tree_peak / 2**20 if tree_peak else None,
        returncode=measures["code"],
        warnings=stderr.count("WARNING"),
        stderr_head=stderr[:2000],
    )
    flag = "" if not result.returncode else "  FAILED"
    print(
        f"  {project:<11} {result.kind:<7} -j {jobs}: {result.wall_s:7.2f} s wall, "
        f"{result.cpu_s:7.2f} s cpu, {result.maxrss_mb:7.1f} MB max RSS, "
        f"{result.warnings} warnings{flag}",
        flush=True,
    )
    return result


def _median(builds: list[Build], project: str, kind: str, jobs: int, key: str) -> float:
    values = [
        getattr(b, key) for b in builds if (b.project, b.kind, b.jobs) == (project, kind, jobs)
    ]
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def prepare(count: int) -> tuple[list[bp.Page], dict]:
    pages, plan = bp.plan_pages(count, include_torch=False)
    # NumPy and the standard library give ~800 readable pairs: beyond that, pairs are compared
    # again on further pages (as a project comparing one API on several pages does)
    plan["distinct_pairs"] = len(pages)
    pages = [
        dataclasses.replace(pages[i % len(pages)], docname=f"pages/p{i + 1:04d}")
        for i in range(count)
    ]
    sources = {p.docname: bp.directive_source(p) for p in pages}
    write(DIR / "plain", bp.CONF_DIRECTIVE + 'apidiff_export = ""\n', INDEX, sources)
    index = PROJECT_INDEX.format(first=pages[0].pair.left, last=pages[-1].pair.right)
    write(DIR / "project", bp.CONF_DIRECTIVE, index, sources, {"coverage": COVERAGE})
    with tempfile.TemporaryDirectory(prefix="apidiff-capture-") as tmp:
        rendered, _warnings = bp.capture_rendered(DIR / "plain", Path(tmp))
    missing = [p.docname for p in pages if p.docname not in rendered]
    if missing:
        raise SystemExit(f"no rendered text captured for {len(missing)} pages: {missing[:5]}")
    write(
        DIR / "handwritten",
        bp.CONF_HANDWRITTEN,
        _handwritten_index(pages),
        {p.docname: bp.handwritten_source(p, rendered[p.docname]) for p in pages},
    )
    (DIR / "handwritten" / "_static").mkdir()
    shutil.copy(bp.CSS, DIR / "handwritten" / "_static" / "apidiff.css")
    return pages, plan


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=2000, help="pages per project (2000)")
    parser.add_argument("--repeats", type=int, default=1, help="rounds of every build (1)")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "project.json")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    meta = run_metadata()

    t0 = time.perf_counter()
    pages, plan = prepare(args.pages)
    print(f"{len(pages)} pages per project generated in {time.perf_counter() - t0:.1f} s")

    builds: list[Build] = []
    for _ in range(args.repeats):
        # serial builds, then the same in reverse order with -j 2: a drift of the machine's
        # speed during the round weighs on each project's two builds alike
        builds.append(build("plain"))
        builds.append(build("project"))
        builds.append(build("project", fresh=False))
        builds.append(build("handwritten"))
        builds.append(build("handwritten", fresh=False))
        builds.append(build("handwritten", jobs=2))
        builds.append(build("project", jobs=2))
        builds.append(build("plain", jobs=2))

    export = DIR / "_build" / "project" / "html" / "apidiff.json"
    exported = json.loads(export.read_text()) if export.exists() else {"pairs": [], "concepts": []}

    def m(project, kind, jobs, key="wall_s"):
        return _median(builds, project, kind, jobs, key)

    view_wall = ratio(m("project", "fresh", 1), m("plain", "fresh", 1))
    # CPU time as well: on a shared machine wall time carries everyone else's load
    view_cpu = ratio(m("project", "fresh", 1, "cpu_s"), m("plain", "fresh", 1, "cpu_s"))
    view_cpu_j2 = ratio(m("project", "fresh", 2, "cpu_s"), m("plain", "fresh", 2, "cpu_s"))
    rebuild_cpu = ratio(
        m("project", "rebuild", 1, "cpu_s"), m("handwritten", "rebuild", 1, "cpu_s")
    )
    view_rss = ratio(m("project", "fresh", 1, "maxrss_mb"), m("plain", "fresh", 1, "maxrss_mb"))
    speedup_project = ratio(m("project", "fresh", 1), m("project", "fresh", 2))
    speedup_hand = ratio(m("handwritten", "fresh", 1), m("handwritten", "fresh", 2))
    speedup_plain = ratio(m("plain", "fresh", 1), m("plain", "fresh", 2))
    rebuild = ratio(m("project", "rebuild", 1), m("handwritten", "rebuild", 1))
    report = {
        "what": "N apidiff pages with/without summary+coverage+export, and the same N by hand",
        "meta": meta,
        "pages": len(pages),
        "goals": GOALS,
        "plan": plan,
        "results": {
            "view_cost_wall_ratio": view_wall,
            "view_cost_maxrss_ratio": view_rss,
            "view_cost_cpu_ratio": view_cpu,
            "view_cost_cpu_ratio_j2": view_cpu_j2,
            "rebuild_cpu_ratio": rebuild_cpu,
            "speedup_j2_project": speedup_project,
            "speedup_j2_handwritten": speedup_hand,
            "speedup_j2_plain": speedup_plain,
            "speedup_share": ratio(speedup_project, speedup_hand),
            "rebuild_ratio": rebuild,
            "rebuild_project_s": m("project", "rebuild", 1),
            "rebuild_handwritten_s": m("handwritten", "rebuild", 1),
            "export_pairs": len(exported["pairs"]),
            "export_concepts": len(exported["concepts"]),
            "export_mb": export.stat().st_size / 2**20 if export.exists() else None,
        },
        "builds": [b.__dict__ for b in builds],
    }
    return finish(args.out, report, meta, print_report)


def print_report(report: dict) -> None:
    r, goals = report["results"], report["goals"]
    builds = [Build(**b) for b in report["builds"]]
    print(f"\n{report['pages']} pages; builds (median of {len(builds) // 8} round(s)):")
    keys = sorted({(b.project, b.kind, b.jobs) for b in builds})
    print(
        table(
            ["project", "kind", "-j", "wall s", "cpu s", "max RSS MB", "warnings"],
            [
                (
                    p,
                    k,
                    j,
                    _median(builds, p, k, j, "wall_s"),
                    _median(builds, p, k, j, "cpu_s"),
                    _median(builds, p, k, j, "maxrss_mb"),
                    max(b.warnings for b in builds if (b.project, b.kind, b.jobs) == (p, k, j)),
                )
                for p, k, j in keys
            ],
        )
    )
    print()
    print(
        table(
            ["measure", "value", "goal"],
            [
                (
                    "summary+coverage+export: wall, project/plain",
                    r["view_cost_wall_ratio"],
                    f"<= {goals['view_cost']}",
                ),
                (
                    "summary+coverage+export: max RSS, project/plain",
                    r["view_cost_maxrss_ratio"],
                    f"<= {goals['view_cost']}",
                ),
                (
                    "summary+coverage+export: CPU, project/plain",
                    r["view_cost_cpu_ratio"],
                    f"<= {goals['view_cost']}",
                ),
                (
                    "summary+coverage+export: CPU at -j 2, project/plain",
                    r["view_cost_cpu_ratio_j2"],
                    f"<= {goals['view_cost']}",
                ),
                ("-j 2 speed-up, project", r["speedup_j2_project"], ""),
                ("-j 2 speed-up, hand-written", r["speedup_j2_handwritten"], ""),
                ("-j 2 speed-up, plain (no project view)", r["speedup_j2_plain"], ""),
                (
                    "speed-up share (project / hand-written)",
                    r["speedup_share"],
                    f">= {goals['speedup_share']}",
                ),
                (
                    "no-change rebuild, project / hand-written",
                    r["rebuild_ratio"],
                    f"<= {goals['rebuild']}",
                ),
                (
                    "no-change rebuild CPU, project / hand-written",
                    r["rebuild_cpu_ratio"],
                    f"<= {goals['rebuild']}",
                ),
            ],
        )
    )
    print(
        f"\nexport: {r['export_pairs']} pairs, {r['export_concepts']} concepts, "
        f"{r['export_mb'] or 0:.1f} MB; rebuilds: {r['rebuild_project_s']:.2f} s vs "
        f"{r['rebuild_handwritten_s']:.2f} s"
    )


if __name__ == "__main__":
    sys.exit(main())
