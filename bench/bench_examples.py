"""What ``.. apidiff-example::`` costs in a real build, next to the floor and to MyST-NB.

100 pages (``--pages``), each a title and one small PyTorch example (a conv2d of a seeded
1x3x16x16 input, and a print of the shape and the sum). Measured, each Sphinx build in a fresh
``sphinx-build -b html -q -E`` process into an emptied folder (so the execution cache starts
empty too), on/off alternating, ``--repeat`` times (default 3), medians:

* **floor**: the same 100 code strings, one after another, in ONE Python process that imports
  PyTorch once (fresh namespace per page, stdout captured in a StringIO); wall time of the
  whole process, interpreter start and ``import torch`` included;
* **sphinx-apidiff**: build with execution on (the default ``cache`` mode, empty cache) minus
  the same build with ``-D apidiff_execution_mode=off``; ``apidiff_execution_preload =
  ["torch"]`` (``--default-preload``: not set, the default); ``-j 1`` for the headline,
  ``-j 2`` as a separate line;
* **MyST-NB**: the same pages as MyST text notebooks (``.md`` with a jupytext header and one
  ``{code-cell} ipython3``), build with ``nb_execution_mode = "force"`` minus the same build
  with ``nb_execution_mode = "off"``; ``-j 1``;
* **rebuild with nothing changed** (no ``-E``) after an apidiff build with execution on: the
  examples it runs (from its status output: ``[apidiff] N example(s) on M page(s)`` is printed
  only when some page is read, then one progress line per example, ``(cached)`` when it came
  from the cache), and its wall time next to the same rebuild of the execution-off build;
* **rebuild with -E** (fresh environment, cache kept): every example must come from the cache.

Every build is checked: the on builds must show, on every page, the output the floor printed
for that page; the off builds none. Goals (from the issue): apidiff cost at most 2x the floor,
at least 10x less than MyST-NB's, zero examples run by a no-change rebuild.

Run from the repository root::

    /work/venv/bin/python bench/bench_examples.py [--pages 100] [--repeat 3] [--no-mystnb]

Output: a table on stdout, ``bench/_out/examples.json``, projects and builds under
``bench/_out/examples/``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

from common import OUT_DIR, ratio, run_metadata, table, write_json

SPHINX_BUILD = str(Path(sys.executable).with_name("sphinx-build"))
GOAL_FLOOR_RATIO = 2.0
GOAL_MYSTNB_RATIO = 10.0

# The page's code. ``i`` is the page number: every page is different (no cache sharing) and
# deterministic (the floor's output can be compared with the builds').
CODE = textwrap.dedent(
    """\
    import torch
    g = torch.Generator().manual_seed({i})
    x = torch.randn(1, 3, 16, 16, generator=g)
    w = torch.randn(8, 3, 3, 3, generator=g)
    y = torch.nn.functional.conv2d(x, w)
    print(y.shape, round(float(y.sum()), 3))"""
)

FLOOR = textwrap.dedent(
    """\
    import contextlib, io, json, sys, time
    codes = json.loads(sys.stdin.read())
    start = time.perf_counter()
    import torch
    imported = time.perf_counter()
    outputs = []
    for index, code in enumerate(codes):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(code, f"page_{index:03d}.rst", "exec"), {"__name__": "__main__"})
        outputs.append(out.getvalue())
    done = time.perf_counter()
    json.dump({"import": imported - start, "run": done - imported, "outputs": outputs},
              sys.stdout)
    """
)


def page_name(i: int) -> str:
    return f"page_{i:03d}"


def code_of(i: int) -> str:
    return CODE.format(i=i)


# -------------------------------------------------------------------------------- projects


def write_apidiff_project(src: Path, pages: int, preload: bool = True) -> None:
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        textwrap.dedent(
            """\
            project = "apidiff examples benchmark"
            extensions = ["sphinx_apidiff"]
            apidiff_execution_raise_on_error = True
            """
        )
        + ('apidiff_execution_preload = ["torch"]\n' if preload else "")
    )
    (src / "index.rst").write_text(
        "Examples\n========\n\n.. toctree::\n   :glob:\n\n   page_*\n", encoding="utf-8"
    )
    for i in range(pages):
        title = f"Convolution {i}"
        body = textwrap.indent(code_of(i), "   ")
        text = (
            f"{title}\n{'=' * len(title)}\n\n"
            "A small convolution.\n\n"
            f".. apidiff-example::\n\n{body}\n"
        )
        (src / f"{page_name(i)}.rst").write_text(text, encoding="utf-8")


def write_mystnb_project(src: Path, pages: int) -> None:
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        textwrap.dedent(
            """\
            project = "MyST-NB examples benchmark"
            extensions = ["myst_nb"]
            nb_execution_mode = "force"
            nb_execution_raise_on_error = True
            nb_execution_timeout = 300
            exclude_patterns = ["_build", "jupyter_execute"]
            """
        )
    )
    (src / "index.md").write_text(
        "# Examples\n\n```{toctree}\n:glob:\n\npage_*\n```\n", encoding="utf-8"
    )
    header = textwrap.dedent(
        """\
        ---
        jupytext:
          text_representation:
            extension: .md
            format_name: myst
        kernelspec:
          display_name: Python 3
          language: python
          name: python3
        ---
        """
    )
    for i in range(pages):
        text = (
            f"{header}\n# Convolution {i}\n\nA small convolution.\n\n"
            f"```{{code-cell}} ipython3\n{code_of(i)}\n```\n"
        )
        (src / f"{page_name(i)}.md").write_text(text, encoding="utf-8")


# -------------------------------------------------------------------------------- running


def children_cpu() -> float:
    """CPU seconds (user + system) of the waited-for child processes and their descendants."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_floor(pages: int) -> dict[str, Any]:
    codes = [code_of(i) for i in range(pages)]
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", FLOOR],
        input=json.dumps(codes),
        capture_output=True,
        text=True,
        check=True,
    )
    seconds = time.perf_counter() - start
    data = json.loads(done.stdout)
    return {"seconds": seconds, "cpu": children_cpu() - cpu, **data}


def sphinx_build(
    src: Path,
    out: Path,
    *,
    fresh: bool = True,
    env_fresh: bool = True,
    quiet: bool = True,
    jobs: int = 1,
    defines: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One build in its own process; wall time, exit code, status output, warnings."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    command = [SPHINX_BUILD, "-b", "html", "--no-color", "-j", str(jobs)]
    if quiet:
        command.append("-q")
    if env_fresh:
        command.append("-E")
    for name, value in (defines or {}).items():
        command += ["-D", f"{name}={value}"]
    command += [str(src), str(out)]
    cpu = children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    cpu = children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {done.returncode}:\n"
            f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        )
    warnings = [line for line in done.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    return {
        "seconds": seconds,
        "cpu": cpu,
        "command": command,
        "stdout": done.stdout,
        "warnings": warnings,
    }


def pages_with_output(out: Path, pages: int, outputs: list[str]) -> int:
    """How many pages' HTML show the output the floor printed for that page."""
    count = 0
    for i in range(pages):
        text = html.unescape(re.sub(r"<[^>]+>", "", (out / f"{page_name(i)}.html").read_text()))
        if outputs[i].strip() in text:
            count += 1
    return count


def apidiff_report(out: Path) -> dict[str, Any]:
    data = json.loads((out / "apidiff-examples.json").read_text())
    examples = data["examples"]
    return {
        "statuses": data["summary"]["statuses"],
        "cached": sum(1 for e in examples if e["cached"]),
        "example_seconds": sum(e["seconds"] for e in examples),
    }


_ANNOUNCE = re.compile(r"\[apidiff\] (\d+) example\(s\) on (\d+) page\(s\)")
_PROGRESS = re.compile(r"\[apidiff\] example \d+/\d+: (\S+) #\d+ (\S+)( \(cached\))?")


def examples_run(stdout: str) -> dict[str, int]:
    """From a build's status output: examples announced, executed, and taken from the cache."""
    announced = sum(int(m[1]) for m in _ANNOUNCE.finditer(stdout))
    progress = list(_PROGRESS.finditer(stdout))
    cached = sum(1 for m in progress if m[3])
    return {"announced": announced, "executed": len(progress) - cached, "cached": cached}


def check(condition: bool, message: str, problems: list[str]) -> None:
    if not condition:
        problems.append(message)
        print(f"  !! {message}", flush=True)


# ------------------------------------------------------------------------------- statistics


def stats(values: list[float]) -> dict[str, float]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "samples": values,
    }


def cost(on: list[float], off: list[float]) -> dict[str, Any]:
    """median(on) - median(off), and the spread of the paired differences."""
    pairs = [a - b for a, b in zip(on, off, strict=True)]
    return {
        "seconds": statistics.median(on) - statistics.median(off),
        "pair_min": min(pairs),
        "pair_max": max(pairs),
        "on": stats(on),
        "off": stats(off),
    }


def spread(values: dict[str, float]) -> str:
    return f"{values['min']:.2f}-{values['max']:.2f}"


# ------------------------------------------------------------------------------------ main


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-mystnb", action="store_true", help="skip the MyST-NB builds")
    parser.add_argument("--no-j2", action="store_true", help="skip the -j 2 builds")
    parser.add_argument(
        "--default-preload",
        action="store_true",
        help="no apidiff_execution_preload in conf.py: what a project that says nothing gets",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR / "examples.json")
    args = parser.parse_args()
    pages, repeat = args.pages, args.repeat

    base = OUT_DIR / "examples"
    apidiff_src = base / "apidiff" / "src"
    mystnb_src = base / "mystnb" / "src"
    write_apidiff_project(apidiff_src, pages, preload=not args.default_preload)
    if not args.no_mystnb:
        write_mystnb_project(mystnb_src, pages)
    problems: list[str] = []
    off_apidiff = {"apidiff_execution_mode": "off"}
    off_mystnb = {"nb_execution_mode": "off"}

    def build_dir(tool: str, name: str) -> Path:
        return base / tool / f"_build-{name}"

    print(f"{pages} pages, {repeat} repeats, {os.cpu_count()} CPUs", flush=True)

    # -- rounds: the floor, then each on/off pair of builds, so that all of them see the same
    # load (the floor's outputs are what every page of an "on" build must show)
    floor_runs: list[dict[str, Any]] = []
    outputs: list[str] = []
    samples: dict[str, list[float]] = {
        k: []
        for k in (
            "floor",
            "apidiff_on",
            "apidiff_off",
            "mystnb_on",
            "mystnb_off",
            "apidiff_j2_on",
            "apidiff_j2_off",
        )
    }
    cpu: dict[str, list[float]] = {k: [] for k in samples}

    def record(name: str, run: dict[str, Any]) -> None:
        samples[name].append(run["seconds"])
        cpu[name].append(run["cpu"])

    example_seconds: list[float] = []
    for round_ in range(repeat):
        run = run_floor(pages)
        floor_runs.append(run)
        record("floor", run)
        outputs = outputs or run["outputs"]
        check(run["outputs"] == outputs, "the floor's outputs changed between runs", problems)

        out = build_dir("apidiff", "on")
        b = sphinx_build(apidiff_src, out)
        record("apidiff_on", b)
        report = apidiff_report(out)
        example_seconds.append(report["example_seconds"])
        check(report["statuses"] == {"passed": pages}, f"apidiff on: {report}", problems)
        check(report["cached"] == 0, f"apidiff on: {report['cached']} cached", problems)
        shown = pages_with_output(out, pages, outputs)
        check(shown == pages, f"apidiff on: floor output on {shown}/{pages} pages", problems)
        check(not b["warnings"], f"apidiff on: warnings {b['warnings'][:3]}", problems)

        out = build_dir("apidiff", "off")
        b = sphinx_build(apidiff_src, out, defines=off_apidiff)
        record("apidiff_off", b)
        report = apidiff_report(out)
        check(report["statuses"] == {"not-run": pages}, f"apidiff off: {report}", problems)
        shown = pages_with_output(out, pages, outputs)
        check(shown == 0, f"apidiff off: output on {shown} pages", problems)

        if not args.no_j2:
            out = build_dir("apidiff", "j2-on")
            b = sphinx_build(apidiff_src, out, jobs=2)
            record("apidiff_j2_on", b)
            report = apidiff_report(out)
            check(report["statuses"] == {"passed": pages}, f"apidiff -j 2: {report}", problems)
            shown = pages_with_output(out, pages, outputs)
            check(shown == pages, f"apidiff -j 2: output on {shown}/{pages} pages", problems)
            out = build_dir("apidiff", "j2-off")
            b = sphinx_build(apidiff_src, out, jobs=2, defines=off_apidiff)
            record("apidiff_j2_off", b)

        if not args.no_mystnb:
            out = build_dir("mystnb", "on")
            b = sphinx_build(mystnb_src, out)
            record("mystnb_on", b)
            shown = pages_with_output(out, pages, outputs)
            check(shown == pages, f"MyST-NB on: floor output on {shown}/{pages} pages", problems)
            out = build_dir("mystnb", "off")
            b = sphinx_build(mystnb_src, out, defines=off_mystnb)
            record("mystnb_off", b)
            shown = pages_with_output(out, pages, outputs)
            check(shown == 0, f"MyST-NB off: output on {shown} pages", problems)

        done = {k: f"{v[-1]:.2f}" for k, v in samples.items() if v}
        print(f"round {round_ + 1}/{repeat}: {done}", flush=True)

    floor = {
        **stats(samples["floor"]),
        "cpu": stats(cpu["floor"]),
        "import_torch": statistics.median(r["import"] for r in floor_runs),
        "run_pages": statistics.median(r["run"] for r in floor_runs),
    }

    def cost_of(tool: str) -> dict[str, Any]:
        result = cost(samples[f"{tool}_on"], samples[f"{tool}_off"])
        result["cpu"] = cost(cpu[f"{tool}_on"], cpu[f"{tool}_off"])
        return result

    apidiff = cost_of("apidiff")
    apidiff["example_seconds"] = statistics.median(example_seconds)
    j2 = cost_of("apidiff_j2") if not args.no_j2 else None
    mystnb = cost_of("mystnb") if not args.no_mystnb else None

    # -- rebuilds of the last apidiff builds (on, and off as the baseline)
    on_out, off_out = build_dir("apidiff", "on"), build_dir("apidiff", "off")
    rebuilds: dict[str, Any] = {"on": [], "off": []}
    runs_counted = []
    for _ in range(repeat):
        b = sphinx_build(apidiff_src, on_out, fresh=False, env_fresh=False, quiet=False)
        rebuilds["on"].append(b["seconds"])
        runs_counted.append(examples_run(b["stdout"]))
        b = sphinx_build(
            apidiff_src, off_out, fresh=False, env_fresh=False, quiet=False, defines=off_apidiff
        )
        rebuilds["off"].append(b["seconds"])
    no_change = {
        "examples_executed": max(r["executed"] for r in runs_counted),
        "examples_announced": max(r["announced"] for r in runs_counted),
        "seconds": stats(rebuilds["on"]),
        "off_seconds": stats(rebuilds["off"]),
        "cached_flags_in_report": apidiff_report(on_out)["cached"],
    }
    check(no_change["examples_executed"] == 0, f"no-change rebuild: {runs_counted}", problems)
    check(no_change["examples_announced"] == 0, f"no-change rebuild: {runs_counted}", problems)

    env_fresh_runs = []
    for _ in range(repeat):
        b = sphinx_build(apidiff_src, on_out, fresh=False, env_fresh=True, quiet=False)
        counted = examples_run(b["stdout"])
        report = apidiff_report(on_out)
        env_fresh_runs.append(
            {"seconds": b["seconds"], **counted, "report_cached": report["cached"]}
        )
        check(counted["executed"] == 0, f"-E rebuild executed {counted}", problems)
        check(report["cached"] == pages, f"-E rebuild: {report['cached']} cached", problems)
        shown = pages_with_output(on_out, pages, outputs)
        check(shown == pages, f"-E rebuild: output on {shown}/{pages} pages", problems)
    env_rebuild = {
        "seconds": stats([r["seconds"] for r in env_fresh_runs]),
        "cached": min(r["cached"] for r in env_fresh_runs),
        "executed": max(r["executed"] for r in env_fresh_runs),
        "report_cached": min(r["report_cached"] for r in env_fresh_runs),
    }

    # -- one page edited: prose (its example comes from the cache), then code (it runs)
    page0 = apidiff_src / f"{page_name(0)}.rst"
    original = page0.read_text()
    edits = {}
    for label, text in (
        ("prose", original.replace("A small convolution.", "A small convolution.\n\nMore.")),
        ("code", original.replace("print(y.shape", "y = y + 0\n   print(y.shape")),
    ):
        page0.write_text(text)
        later = time.time() + 2
        os.utime(page0, (later, later))
        b = sphinx_build(apidiff_src, on_out, fresh=False, env_fresh=False, quiet=False)
        edits[label] = {"seconds": b["seconds"], **examples_run(b["stdout"])}
    page0.write_text(original)
    check(edits["prose"]["executed"] == 0, f"prose edit: {edits['prose']}", problems)
    check(edits["code"]["executed"] == 1, f"code edit: {edits['code']}", problems)

    # -- the table
    def cost_rows(label: str, data: dict[str, Any], ratio_text: str, goal: str) -> list:
        on_label, off_label = ("force", "off") if label.startswith("MyST") else ("on", "off")
        return [
            [
                label,
                data["seconds"],
                f"{data['pair_min']:.2f}-{data['pair_max']:.2f}",
                data["cpu"]["seconds"],
                ratio_text,
                goal,
            ],
            *(
                [
                    f"  build, execution {name}",
                    data[key]["median"],
                    spread(data[key]),
                    data["cpu"][key]["median"],
                    "",
                    "",
                ]
                for name, key in ((on_label, "on"), (off_label, "off"))
            ),
        ]

    rows: list[list[object]] = [
        [
            "floor: one process, one import torch",
            floor["median"],
            spread(floor),
            floor["cpu"]["median"],
            "",
            "",
        ],
        *cost_rows(
            "apidiff -j 1: on - off",
            apidiff,
            f"{ratio(apidiff['seconds'], floor['median']):.2f}x floor",
            f"<= {GOAL_FLOOR_RATIO:g}x",
        ),
    ]
    if j2 is not None:
        rows += cost_rows(
            "apidiff -j 2: on - off",
            j2,
            f"{ratio(j2['seconds'], floor['median']):.2f}x floor",
            "",
        )
    if mystnb is not None:
        rows += cost_rows(
            "MyST-NB -j 1: force - off",
            mystnb,
            f"{ratio(mystnb['seconds'], apidiff['seconds']):.1f}x apidiff",
            f">= {GOAL_MYSTNB_RATIO:g}x",
        )
    rows += [
        [
            "no-change rebuild (after on)",
            no_change["seconds"]["median"],
            spread(no_change["seconds"]),
            "",
            f"{no_change['examples_executed']} examples run",
            "0 run",
        ],
        [
            "no-change rebuild (after off)",
            no_change["off_seconds"]["median"],
            spread(no_change["off_seconds"]),
            "",
            "",
            "",
        ],
        [
            "-E rebuild, cache kept",
            env_rebuild["seconds"]["median"],
            spread(env_rebuild["seconds"]),
            "",
            f"{env_rebuild['cached']}/{pages} cached, {env_rebuild['executed']} run",
            f"{pages} cached",
        ],
        [
            "edit one page's prose",
            edits["prose"]["seconds"],
            "",
            "",
            f"{edits['prose']['executed']} run, {edits['prose']['cached']} cached",
            "0 run",
        ],
        [
            "edit one page's code",
            edits["code"]["seconds"],
            "",
            "",
            f"{edits['code']['executed']} run",
            "1 run",
        ],
    ]
    print()
    print(table(["", "wall s", "min-max", "cpu s", "ratio (wall)", "goal"], rows))
    print()
    print(
        f"floor: import torch {floor['import_torch']:.2f} s + {pages} pages "
        f"{floor['run_pages']:.3f} s; apidiff: time inside the examples (sum of the report's "
        f"seconds) {apidiff['example_seconds']:.3f} s"
    )

    goals = {
        "apidiff_within_2x_floor": apidiff["seconds"] <= GOAL_FLOOR_RATIO * floor["median"],
        "mystnb_at_least_10x_apidiff": (
            None if mystnb is None else mystnb["seconds"] >= GOAL_MYSTNB_RATIO * apidiff["seconds"]
        ),
        "no_change_rebuild_runs_zero": no_change["examples_executed"] == 0
        and no_change["examples_announced"] == 0,
        "env_rebuild_all_cached": env_rebuild["cached"] == pages
        and env_rebuild["report_cached"] == pages,
    }
    print("goals:", ", ".join(f"{k}={v}" for k, v in goals.items()))
    if problems:
        print(f"{len(problems)} problem(s):", *problems, sep="\n  ")

    write_json(
        args.out,
        {
            "metadata": run_metadata(),
            "settings": {"pages": pages, "repeat": repeat, "code": CODE},
            "floor": floor,
            "apidiff": apidiff,
            "apidiff_j2": j2,
            "mystnb": mystnb,
            "no_change_rebuild": no_change,
            "env_fresh_rebuild": env_rebuild,
            "one_page_edited": edits,
            "ratios": {
                "apidiff_over_floor": ratio(apidiff["seconds"], floor["median"]),
                "apidiff_j2_over_floor": ratio(j2["seconds"], floor["median"]) if j2 else None,
                "mystnb_over_apidiff": ratio(mystnb["seconds"], apidiff["seconds"])
                if mystnb
                else None,
            },
            "goals": goals,
            "problems": problems,
        },
    )
    print(f"wrote {args.out}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
