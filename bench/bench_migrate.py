"""A real site, end to end: a PaddlePaddle-shaped set imported, audited and built (issue 22).

Run in a virtualenv that has both ``torch`` and ``paddle`` (``/work/venv-paddle``, see
``README.md``). In one run, side by side:

1. ``gen_paddle_set.py`` writes GEN, ~1,600 hand-written-style pages from the live libraries
   (kept between runs for the same ``--pages`` and ``--seed``; ``--regen`` to redo it);
2. **import** (a): ``sphinx-apidiff import paddle GEN -o OUT``, pinned to one core
   (``sched_setaffinity``): wall, CPU, peak RSS; goal < 60 s for the whole set;
3. **audit** (b): ``sphinx-apidiff audit paddle GEN --json`` (examples not run): time and the
   findings by code (f); goal <= 5 min; the same for the development set
   (``/work/shared/corpora/paddle``);
4. **build** (c): OUT (the imported pages: the extension, examples on) and HAND (the same
   hand-written GEN pages with ``extensions = ["myst_parser"]`` and the same index), each
   ``sphinx-build -E -j 2`` in a fresh child: wall, CPU, peak RSS of the process tree
   (sampled: the build, its workers, the examples' processes), the ratios OUT/HAND (goals
   <= 1.5x time, <= 1.3x memory); the examples run / failed / skipped
   (``apidiff-examples.json``). Each project is built once more for its peak PSS (forked
   workers share their parent's pages, which the RSS sum counts once per process): reading a
   process's ``smaps`` costs about 10 ms of CPU for one that holds PyTorch and PaddlePaddle,
   four times a second for each process of the tree, on the cores the build runs on, so the
   time is taken from the builds sampled for RSS only (the PSS-sampled builds' wall time is
   shown beside it);
5. **no-change rebuild** (d): each project built again (no ``-E``), ratio (goal <= 1.1x);
6. **warnings** (e) of OUT's build, by type.subtype, split into importer-caused and library
   facts (``apidiff.undocumented``, ``drift``, ``import``, ``example``, ``snapshot``); goal 0
   importer-caused.

Builds alternate the order of the two projects between repeats; with ``--repeats N`` the
figures are medians. Nothing is asserted. Output: tables on stdout and
``bench/_out/migrate.json``.

    /work/venv-paddle/bin/python bench/bench_migrate.py [--pages 1600] [--repeats 1]
    /work/venv-paddle/bin/python bench/bench_migrate.py --pages 100     # quick, ~3 min
"""

from __future__ import annotations

import argparse
import collections
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import OUT_DIR, finish, ratio, run_metadata, run_sampled, table

from sphinx_apidiff.migrate.common import LIBRARY_FACTS

GOALS = {"import_s": 60.0, "audit_s": 300.0, "time": 1.5, "memory": 1.3, "rebuild": 1.1}
DIR = OUT_DIR / "migrate"
DEV_SET = Path("/work/shared/corpora/paddle")
HAND_CONF = """project = "PyTorch → Paddle (hand-written)"
extensions = ["myst_parser"]
language = "zh_CN"
exclude_patterns = ["_build"]
"""
_WARNING = re.compile(r"WARNING: .*?(?:\[([\w.-]+)\])?\s*$")
_ERROR = re.compile(r"(?:ERROR|CRITICAL|SEVERE): ")

# ----------------------------------------------------------------------------- processes

#: Runs the measured command and reports its rusage (a small helper, not this process, forks
#: it: a child's ru_maxrss starts from its parent's RSS). ``CPUS`` pins it to those cores.
_HELPER = """
import json, os, subprocess, sys, time
cpus = os.environ.pop("BENCH_CPUS", "")
if cpus:
    os.sched_setaffinity(0, {int(c) for c in cpus.split(",")})
start = time.perf_counter()
with open(sys.argv[2], "wb") as out:
    proc = subprocess.Popen(sys.argv[3:], stdout=out)
    _pid, status, ru = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as res:
    json.dump({"wall_s": wall, "code": os.waitstatus_to_exitcode(status),
               "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss}, res)
"""


def run(argv: list[str], name: str, cpus: str = "", *, pss: bool = True) -> dict:
    """``argv`` in a fresh child: wall, CPU, ru_maxrss, the tree's peak RSS (and with ``pss``
    its peak PSS), stdout and stderr."""
    logs = DIR / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    res, out, err = logs / f"{name}.json", logs / f"{name}.stdout", logs / f"{name}.stderr"
    env = dict(os.environ, BENCH_CPUS=cpus, PYTHONWARNINGS="ignore")
    with open(err, "wb") as err_file:
        command = [sys.executable, "-c", _HELPER, str(res), str(out), *argv]
        sampler = run_sampled(command, err_file, env, pss=pss)
    measures = json.loads(res.read_text())
    measures["tree_peak_mb"] = sampler.peak / 2**20 if sampler is not None else None
    measures["tree_peak_pss_mb"] = sampler.peak_pss / 2**20 if sampler is not None and pss else None
    measures["maxrss_mb"] = measures.pop("maxrss_kb") / 1024
    measures["stdout"] = out.read_text(encoding="utf-8", errors="replace")
    measures["stderr"] = err.read_text(encoding="utf-8", errors="replace")
    return measures


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "sphinx_apidiff", *args]


# --------------------------------------------------------------------------------- steps


def generate(gen: Path, pages: int, seed: int, regen: bool) -> dict:
    stamp = gen / "generated.json"
    if not regen and stamp.exists():
        summary = json.loads(stamp.read_text())
        if summary.get("asked") == pages and summary.get("seed") == seed:
            return summary
    argv = [sys.executable, str(Path(__file__).with_name("gen_paddle_set.py"))]
    argv += ["-o", str(gen), "--pages", str(pages), "--seed", str(seed)]
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    summary = json.loads(stamp.read_text())
    summary["asked"] = pages
    summary["generate_s"] = time.perf_counter() - start
    stamp.write_text(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
    return summary


def import_set(gen: Path, out: Path, index: int) -> dict:
    if out.exists():
        shutil.rmtree(out)
    measures = run(cli("import", "paddle", str(gen), "-o", str(out)), f"import-{index}", "0")
    report = out / "import-report.json"
    if report.exists():
        pages = json.loads(report.read_text())["pages"]
        measures["pages"] = sum(1 for p in pages if "output" in p)
        measures["pages_not_read"] = sum(1 for p in pages if "error" in p)
        parts = collections.Counter(
            f"{part.get('kind')} -> {part.get('became')}"
            for p in pages
            for part in p.get("parts") or ()
            if isinstance(part, dict)
        )
        measures["parts"] = dict(parts.most_common())
    return measures


def _audit_flags() -> list[str]:
    """Examples off, if this version of the audit can run them (``--help`` tells)."""
    help_text = subprocess.run(
        cli("audit", "--help"), capture_output=True, text=True, check=False
    ).stdout
    for flag in ("--no-examples", "--examples=off", "--no-run"):
        if flag.split("=")[0] in help_text:
            return [flag]
    return []


def audit(src: Path, name: str) -> dict:
    argv = cli("audit", "paddle", str(src), "--json", "--fail-on", "never", *_audit_flags())
    measures = run(argv, name)
    try:
        body = json.loads(measures["stdout"])
    except json.JSONDecodeError:
        measures["error"] = measures["stderr"][-500:]
        return measures
    by_code = collections.Counter(f["code"] for f in body["findings"])
    by_severity = collections.Counter(f["severity"] for f in body["findings"])
    measures["pages"] = body["summary"].get("pages")
    measures["findings"] = len(body["findings"])
    measures["by_code"] = dict(by_code.most_common())
    measures["by_severity"] = dict(by_severity.most_common())
    measures["sample"] = body["findings"][:: max(1, len(body["findings"]) // 25)][:25]
    return measures


def prepare_hand(gen: Path, out: Path, hand: Path) -> None:
    """HAND: GEN's pages as they are, myst-parser only, with OUT's ``index.rst`` (same
    toctree; the ``apidiff-summary`` line left out) or, when the importer wrote another
    index, the importer's toctrees by folder (:mod:`sphinx_apidiff.migrate.folders`)."""
    if hand.exists():
        shutil.rmtree(hand)
    shutil.copytree(gen, hand, ignore=shutil.ignore_patterns("generated.json"))
    (hand / "conf.py").write_text(HAND_CONF, encoding="utf-8")
    if (out / "index.rst").exists():
        index = (out / "index.rst").read_text(encoding="utf-8")
        # the same toctree, without the extension's summary (HAND has no extension to run it)
        index = "\n".join(line for line in index.splitlines() if "apidiff-" not in line) + "\n"
    else:  # the importer's own index shape: the same toctrees by folder as OUT's (a single
        # toctree of every page would put all of them into each page's sidebar: HAND's cost)
        from sphinx_apidiff.migrate.folders import folder_index_text, folder_indexes
        from sphinx_apidiff.migrate.syntax import MYST

        docnames = sorted(p.relative_to(gen).with_suffix("").as_posix() for p in gen.rglob("*.md"))
        folders, top = folder_indexes(docnames)
        for folder in folders:
            path = hand / (folder.docname + MYST.suffix)
            path.write_text(folder_index_text(folder, MYST), encoding="utf-8")
        index = "Pages\n=====\n\n.. toctree::\n   :maxdepth: 1\n   :hidden:\n\n"
        index += "".join(f"   {d}\n" for d in top)
    (hand / "index.rst").write_text(index, encoding="utf-8")


def build(project: Path, name: str, fresh: bool, *, pss: bool = False) -> dict:
    outdir = project / "_build"
    if fresh and outdir.exists():
        shutil.rmtree(outdir)
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", "2"]
    argv += ["-E"] if fresh else []
    argv += ["-d", str(outdir / "doctrees"), str(project), str(outdir / "html")]
    measures = run(argv, name, pss=pss)
    measures["warnings"] = warnings_by_subtype(measures["stderr"])
    measures["errors"] = sum(1 for line in measures["stderr"].splitlines() if _ERROR.search(line))
    report = outdir / "html" / "apidiff-examples.json"
    if report.exists():
        summary = json.loads(report.read_text())["summary"]
        measures["examples"] = summary
    return measures


def warnings_by_subtype(stderr: str) -> dict[str, int]:
    counts: collections.Counter = collections.Counter()
    for line in stderr.splitlines():
        match = _WARNING.search(line)
        if match:
            counts[match.group(1) or "(no type)"] += 1
    return dict(counts.most_common())


def split_warnings(counts: dict[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    importer = {k: n for k, n in counts.items() if k not in LIBRARY_FACTS}
    facts = {k: n for k, n in counts.items() if k in LIBRARY_FACTS}
    return importer, facts


def examples_line(summary: dict | None) -> str:
    if not summary:
        return "no example executed (none written as apidiff-example)"
    statuses = summary.get("statuses", {})
    return (
        f"{summary.get('examples', 0)} examples: "
        + ", ".join(f"{n} {s}" for s, n in statuses.items())
        + f"; {summary.get('problems', 0)} problems"
    )


def warning_samples(stderr: str, per_subtype: int = 3) -> dict[str, list[str]]:
    """A few lines of each importer-caused subtype, for the report."""
    out: dict[str, list[str]] = collections.defaultdict(list)
    for line in stderr.splitlines():
        match = _WARNING.search(line)
        if not match:
            continue
        key = match.group(1) or "(no type)"
        if key not in LIBRARY_FACTS and len(out[key]) < per_subtype:
            out[key].append(line.strip()[:300])
    return dict(out)


# ---------------------------------------------------------------------------------- main


def _median(runs: list[dict], key: str) -> float:
    values = [r[key] for r in runs if r.get(key) is not None]
    return statistics.median(values) if values else float("nan")


def _lean(measures: dict) -> dict:
    return {k: v for k, v in measures.items() if k not in ("stdout", "stderr", "sample")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1600)
    parser.add_argument("--seed", type=int, default=22)
    parser.add_argument("--repeats", type=int, default=1, help="builds of each project")
    parser.add_argument("--regen", action="store_true", help="generate GEN again")
    parser.add_argument(
        "--no-sidebars",
        action="store_true",
        help='both projects with html_sidebars = {"**": []}: without the theme\'s sidebar, '
        "which repeats the whole toctree on every page (quadratic writing in both builds)",
    )
    parser.add_argument("--dev-set", type=Path, default=DEV_SET)
    parser.add_argument("--out", type=Path, default=OUT_DIR / "migrate.json")
    args = parser.parse_args(argv)

    meta = run_metadata()
    meta["load_before"] = os.getloadavg()
    gen, out, hand = DIR / "gen", DIR / "out", DIR / "hand"
    generated = generate(gen, args.pages, args.seed, args.regen)
    print(f"GEN: {generated['pages']} pages in {gen}", flush=True)

    imports = [import_set(gen, out, i) for i in range(max(args.repeats, 1))]
    print(f"import: {_median(imports, 'wall_s'):.1f} s", flush=True)
    audit_gen = audit(gen, "audit-gen")
    audit_dev = audit(args.dev_set, "audit-dev") if args.dev_set.exists() else None
    print(f"audit: {audit_gen.get('wall_s', float('nan')):.1f} s", flush=True)

    # what one process pays to hold the two libraries (the build imports them in each worker)
    libraries = run([sys.executable, "-c", "import torch, paddle"], "libraries")
    prepare_hand(gen, out, hand)
    if args.no_sidebars:
        for conf in (out / "conf.py", hand / "conf.py"):
            with open(conf, "a", encoding="utf-8") as f:
                f.write('\nhtml_sidebars = {"**": []}  # bench_migrate --no-sidebars\n')
    meta["sidebars"] = "none" if args.no_sidebars else "theme default (alabaster)"
    builds: dict[str, list[dict]] = {"out": [], "hand": []}
    sampled: dict[str, list[dict]] = {"out": [], "hand": []}
    rebuilds: dict[str, list[dict]] = {"out": [], "hand": []}
    for i in range(max(args.repeats, 1)):
        order = ("hand", "out") if i % 2 == 0 else ("out", "hand")
        for name in order:  # timed: RSS sampled only (cheap)
            project = out if name == "out" else hand
            builds[name].append(build(project, f"build-{name}-{i}", fresh=True))
            print(f"build {name}: {builds[name][-1]['wall_s']:.1f} s", flush=True)
        for name in order:  # PSS sampled: memory only (reading smaps costs the machine CPU)
            project = out if name == "out" else hand
            sampled[name].append(build(project, f"pss-{name}-{i}", fresh=True, pss=True))
            print(f"build {name}, PSS sampled: {sampled[name][-1]['wall_s']:.1f} s", flush=True)
        for name in order:
            project = out if name == "out" else hand
            rebuilds[name].append(build(project, f"rebuild-{name}-{i}", fresh=False))

    first_out = builds["out"][0]
    importer, facts = split_warnings(first_out["warnings"])
    report = {
        "meta": meta,
        "goals": GOALS,
        "generated": generated,
        "import": {"runs": [_lean(m) for m in imports], "wall_s": _median(imports, "wall_s")},
        "audit": {"generated": _lean(audit_gen), "dev_set": _lean(audit_dev or {})},
        "audit_sample": audit_gen.get("sample", []),
        "build": {
            name: {
                "runs": [_lean(m) for m in runs],
                "wall_s": _median(runs, "wall_s"),
                "cpu_s": _median(runs, "cpu_s"),
                "tree_peak_mb": _median(runs, "tree_peak_mb"),
                "tree_peak_pss_mb": _median(sampled[name], "tree_peak_pss_mb"),
                "maxrss_mb": _median(runs, "maxrss_mb"),
                "pss_runs": [_lean(m) for m in sampled[name]],
                "wall_s_pss_sampled": _median(sampled[name], "wall_s"),
            }
            for name, runs in builds.items()
        },
        "rebuild": {
            name: {"runs": [_lean(m) for m in runs], "wall_s": _median(runs, "wall_s")}
            for name, runs in rebuilds.items()
        },
        "libraries_alone": {k: libraries[k] for k in ("wall_s", "maxrss_mb")},
        "examples": first_out.get("examples"),
        "warnings": {
            "importer_caused": importer,
            "library_facts": facts,
            "importer_caused_total": sum(importer.values()),
            "samples": warning_samples(first_out["stderr"]),
            "hand": builds["hand"][0]["warnings"],
        },
    }
    b, r = report["build"], report["rebuild"]
    report["ratios"] = {
        "time": ratio(b["out"]["wall_s"], b["hand"]["wall_s"]),
        "cpu": ratio(b["out"]["cpu_s"], b["hand"]["cpu_s"]),
        "time_pss_sampled": ratio(b["out"]["wall_s_pss_sampled"], b["hand"]["wall_s_pss_sampled"]),
        "memory": ratio(b["out"]["tree_peak_mb"], b["hand"]["tree_peak_mb"]),
        "memory_pss": ratio(b["out"]["tree_peak_pss_mb"], b["hand"]["tree_peak_pss_mb"]),
        # what the build holds beyond one process importing the compared libraries, which the
        # examples need while the build runs (the floor no arrangement of processes is under)
        "memory_pss_net": ratio(_net_pss(b["out"], libraries), b["hand"]["tree_peak_pss_mb"])
        if b["out"]["tree_peak_pss_mb"] is not None
        else math.nan,
        "rebuild": ratio(r["out"]["wall_s"], r["hand"]["wall_s"]),
    }
    meta["load_after"] = os.getloadavg()
    return finish(args.out, report, meta, print_report)


def _net_pss(build: dict, libraries: dict) -> float | None:
    """The build's peak PSS less one process holding the compared libraries (its peak RSS)."""
    pss = build["tree_peak_pss_mb"]
    return None if pss is None else pss - libraries["maxrss_mb"]


def print_report(report: dict) -> None:
    g, imp, au = report["generated"], report["import"], report["audit"]
    b, r, ratios = report["build"], report["rebuild"], report["ratios"]
    first = imp["runs"][0]
    print(f"\nGEN: {g['pages']} pages (seed {g['seed']}): {g['forms']}")
    print(f"     examples written: {g['examples']}; variants: {g['variants']}")
    print(f"sidebars: {report['meta']['sidebars']}")
    print(
        f"load average before {report['meta']['load_before']}, after "
        f"{report['meta'].get('load_after')}"
    )
    rows = [
        (
            "import (1 core)",
            imp["wall_s"],
            first["cpu_s"],
            first["tree_peak_mb"],
            f"< {GOALS['import_s']:.0f} s",
            f"{first.get('pages', '?')} pages, {first.get('pages_not_read', '?')} not read",
        ),
        (
            "audit GEN",
            au["generated"].get("wall_s", float("nan")),
            au["generated"].get("cpu_s", float("nan")),
            au["generated"].get("tree_peak_mb"),
            f"<= {GOALS['audit_s']:.0f} s",
            f"{au['generated'].get('findings', '?')} findings",
        ),
        (
            "audit dev set",
            au["dev_set"].get("wall_s", float("nan")),
            au["dev_set"].get("cpu_s", float("nan")),
            au["dev_set"].get("tree_peak_mb"),
            "",
            f"{au['dev_set'].get('findings', '?')} findings",
        ),
    ]
    print()
    print(table(("step", "wall s", "cpu s", "peak MB", "goal", ""), rows))
    print()
    rows = [
        (
            "build -E -j 2",
            b["hand"]["wall_s"],
            b["out"]["wall_s"],
            ratios["time"],
            f"<= {GOALS['time']}",
        ),
        ("  CPU s", b["hand"]["cpu_s"], b["out"]["cpu_s"], ratios["cpu"], ""),
        (
            "  wall s, a build whose PSS is sampled",
            b["hand"]["wall_s_pss_sampled"],
            b["out"]["wall_s_pss_sampled"],
            ratios["time_pss_sampled"],
            "",
        ),
        (
            "  peak RSS of the tree, MB",
            b["hand"]["tree_peak_mb"],
            b["out"]["tree_peak_mb"],
            ratios["memory"],
            f"<= {GOALS['memory']}",
        ),
        (
            "  peak PSS of the tree, MB",
            b["hand"]["tree_peak_pss_mb"],
            b["out"]["tree_peak_pss_mb"],
            ratios["memory_pss"],
            "",
        ),
        (
            "  PSS net of one import of the libraries",
            b["hand"]["tree_peak_pss_mb"],
            _net_pss(b["out"], report["libraries_alone"]),
            ratios["memory_pss_net"],
            "",
        ),
        (
            "no-change rebuild, s",
            r["hand"]["wall_s"],
            r["out"]["wall_s"],
            ratios["rebuild"],
            f"<= {GOALS['rebuild']}",
        ),
    ]
    print(table(("", "hand (myst)", "OUT (apidiff)", "ratio", "goal"), rows))
    lib = report["libraries_alone"]
    print(
        f"\n(one process importing torch and paddle alone: {lib['maxrss_mb']:.0f} MB, "
        f"{lib['wall_s']:.1f} s)"
    )
    print(f"examples in OUT's build: {examples_line(report['examples'])}")
    w = report["warnings"]
    print(f"\nwarnings building OUT: importer-caused {w['importer_caused_total']} (goal 0)")
    for key, n in w["importer_caused"].items():
        print(f"  {key:32} {n}")
    print("library facts:")
    for key, n in w["library_facts"].items():
        print(f"  {key:32} {n}")
    print(f"warnings building HAND: {w['hand']}")
    for name, body in (("GEN", au["generated"]), ("dev set", au["dev_set"])):
        print(f"\naudit findings by code, {name} ({body.get('pages', '?')} pages):")
        for code, n in body.get("by_code", {}).items():
            print(f"  {code:32} {n}")
    parts = first.get("parts")
    if parts:
        print("\nimport report, what became of each part (kind -> became):")
        for key, n in parts.items():
            print(f"  {key:40} {n}")


if __name__ == "__main__":
    sys.exit(main())
