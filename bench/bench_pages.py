"""Build cost of comparison pages made by the ``apidiff`` directive vs the same pages by hand.

What is measured, against what
------------------------------
Goal (issue 19): the directive's pages cost at most 1.05x the time and 1.2x the peak memory of
the hand-written ones. Two Sphinx projects are generated under ``bench/_out/pages/``:

``directive/``
    N pages (default 500), each one ``.. apidiff:: LEFT RIGHT`` over a real pair (NumPy and the
    standard library; PyTorch too with ``--torch``) with ``:undocumented: auto``, a paragraph of
    prose, one ``apidiff-note`` on a parameter and one ``:general:`` note with a code block.
    ``conf.py``: ``extensions = ["sphinx_apidiff"]``.
``handwritten/``
    the same N pages written out as plain reStructuredText: for each page, the text the
    directive's template rendered for it (captured from one in-process build of ``directive/``
    with ``render_text`` wrapped), its ``.. apidiff:slot`` places filled with the author's own
    text, ``:apidiff-api:`` and ``:apidiff-see-more:`` replaced by ``:py:obj:``. So: the same
    sphinx-design grid and cards, code blocks with ``:emphasize-lines:``, list-table, "Usage differences" sections and labels.
    ``conf.py``: ``extensions = ["sphinx_design"]`` and the extension's CSS file.

Both ``conf.py`` turn the sidebars off: alabaster's navigation sidebar renders the whole toctree
on every page, which makes any N-page build O(N^2) and would drown what the pages cost.

The HTML bodies of both builds are compared page by page (reported as "identical pages"), so
the ratio is between two ways of producing the same output; the ``<wbr>`` break opportunities
the directive puts in identifiers, which plain reStructuredText cannot write, are taken out of
its HTML for that comparison only (its build still makes them).

Each project is built with ``python -m sphinx -b html -q -E`` in a fresh child process, into
an emptied output folder, alternating directive / hand-written, ``--repeats`` times (default
3: A,B,A,B,A,B), then once each with ``-j 2``. Per build: wall time, user+system CPU time and
peak RSS of the child (``os.wait4`` rusage ``ru_maxrss``: the largest single process), plus the
peak RSS of the whole process tree sampled every 20 ms with psutil (matters for ``-j 2``,
whose workers are forked), and the size of the pickled doctrees. Reported: medians, and the
ratios directive / hand-written. For context, the cost of importing the compared libraries
alone (``python -c "import numpy"``) is measured too: the directive's build imports them, the
hand-written one does not. ``--diagnose-preload`` also builds the directive project with the
libraries imported in its ``conf.py`` (``-j 2`` forks a worker per chunk of pages: without
that, each worker imports them again).

Timed ratios move by about 10% with the load of a shared machine; three options help read them:

``--count``
    one more build of each project, in-process, counting what does not depend on the load:
    docutils state machines built, garbage-collector runs per generation, and Python function
    calls (cProfile's count: a proxy of the work done, not of its time).
``--baseline-src SRC``
    the directive project is also built with the ``sphinx_apidiff`` of ``SRC`` (e.g. the main
    checkout's ``src``), alternating with this one: a change's before and after in one run.
``--same-parser``
    the hand-written pages are also built with the reused state machines the directive parses
    its own text with (``sphinxext/pair/machines.py``): the ratio to that build is what the
    directive costs beyond a cheaper parse of the same text.

If the wall-time ratio exceeds 1.05 (or with ``--profile``; never with ``--no-profile``), both
projects are built once more under cProfile in a child process and the top functions of
``sphinx_apidiff`` (cumulative time) are reported, with the Sphinx read and write phases of
both builds side by side.

Nothing here asserts a time. Output: tables on stdout and ``bench/_out/pages.json``.

Run: ``/work/venv/bin/python bench/bench_pages.py [--pages 500] [--repeats 3] [--torch]``;
quick check: ``--pages 50``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import pstats
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from common import OUT_DIR, finish, ratio, run_metadata, run_sampled, table
from pairs import Pair, enumerate_callables, import_modules, select_pairs

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.comparison import compare_apis
from sphinx_apidiff.introspect import read_api

#: Issue 19's goals: the directive's pages within 1.05x the time and 1.2x the peak memory of
#: the same pages written by hand.
GOAL = 1.05
MEMORY_GOAL = 1.2
PAGES_DIR = OUT_DIR / "pages"
PACKAGE = Path(__import__("sphinx_apidiff").__file__).resolve().parent
CSS = PACKAGE / "static" / "apidiff.css"
MACHINES = PACKAGE / "sphinxext" / "pair" / "machines.py"

#: a slot, at the start of a line or indented (the compact layout puts a parameter's note in
#: its table cell)
_SLOT = re.compile(r"^([ \t]*)\.\. apidiff:slot (\S+)[ \t]*$", re.MULTILINE)
#: the extension's roles for an API's reference: ``:py:obj:`` by hand (the "See more" line's
#: role too: without it, the hand-written page holds docutils' "unknown role" error instead)
_API_ROLE = re.compile(r":apidiff-(?:api|see-more):`")
#: A "See more:" line: the directive leaves it out when nothing resolves its link
#: (``xref.drop_unresolved_see_more``), as here (no intersphinx): so does the author by hand
_SEE_MORE_LINE = re.compile(r"^[ \t]*[^`\n]*:apidiff-see-more:`[^`\n]*`[ \t]*\n(?:[ \t]*\n)?", re.M)


# ------------------------------------------------------------------------------- pages


@dataclass
class Page:
    docname: str
    pair: Pair
    #: the parameter the parameter note is about (None: the pair has no parameter)
    note_param: str | None
    prose: str = ""
    notes: list[tuple[str, bool, str]] = field(default_factory=list)  # (title, general, body)


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def _title(pair: Pair) -> str:
    text = f"``{pair.left}`` vs ``{pair.right}``"
    return f"{text}\n{'=' * len(text)}"


def plan_pages(count: int, include_torch: bool) -> tuple[list[Page], dict]:
    """Pairs whose both sides read, and each page's notes (only names the pair has)."""
    import_modules(include_torch)
    sources = enumerate_callables(include_torch)
    readable: dict[str, bool | str] = {}
    for paths in sources.values():
        for path in paths:
            try:
                read_api(path)
                readable[path] = True
            except ApiDiffError as exc:
                readable[path] = str(exc)
    selection = select_pairs(count, sources, readable)
    pages = []
    for index, pair in enumerate(selection.pairs, start=1):
        comparison = compare_apis(read_api(pair.left), read_api(pair.right))
        changed = comparison.changed_rows or comparison.rows
        param = changed[0].name if changed else None
        page = Page(f"pages/p{index:04d}", pair, param)
        page.prose = (
            f"This page compares ``{pair.left}`` with ``{pair.right}``; the table lists every "
            "parameter, the notes below say what to do about each difference."
        )
        if param is not None:
            page.notes.append(
                (
                    param,
                    False,
                    f"When porting a call, check ``{param}`` first: its name, default or kind "
                    "differs between the two sides.",
                )
            )
        page.notes.append(
            (
                "Migration tips",
                True,
                "Convert inputs explicitly and compare results on a small example:\n\n"
                ".. code-block:: python\n\n"
                f"   result = {pair.right.rpartition('.')[2]}(data)",
            )
        )
        pages.append(page)
    info = {
        "callables_enumerated": len(readable),
        "unreadable": sum(1 for v in readable.values() if v is not True),
        "pairs_skipped": len(selection.skipped),
        "groups": {},
    }
    for page in pages:
        info["groups"][page.pair.group] = info["groups"].get(page.pair.group, 0) + 1
    return pages, info


def directive_source(page: Page) -> str:
    lines = [
        _title(page.pair),
        "",
        "A comparison generated from the installed libraries.",
        "",
        f".. apidiff:: {page.pair.left} {page.pair.right}",
        "   :undocumented: auto",
        "",
        _indent(page.prose, 3),
        "",
    ]
    for title, general, body in page.notes:
        lines.append(f"   .. apidiff-note:: {title}")
        if general:
            lines.append("      :general:")
        lines += ["", _indent(body, 6), ""]
    return "\n".join(lines)


def handwritten_source(page: Page, rendered: str) -> str:
    """The template's text for this page, slots filled with what the author wrote."""
    notes = {f"note-{i}": body for i, (_t, _g, body) in enumerate(page.notes, start=1)}

    def fill(match: re.Match[str]) -> str:
        return _indent(text(match.group(2)), len(match.group(1)))

    def text(slot: str) -> str:
        if slot == "body":
            return page.prose
        if slot in notes:
            return notes[slot]
        if slot.startswith("undocumented-"):
            return "*No usage note for this difference yet.*"
        raise SystemExit(f"{page.docname}: unknown slot {slot!r} in the rendered template")

    body = _API_ROLE.sub(":py:obj:`", _SEE_MORE_LINE.sub("", _SLOT.sub(fill, rendered)))
    return "\n".join(
        [_title(page.pair), "", "A comparison generated from the installed libraries.", "", body]
    )


INDEX = """Comparison pages
================

.. toctree::
   :maxdepth: 1
   :glob:

   pages/*
"""

#: Both projects: no sidebars. Alabaster's navigation sidebar renders the whole toctree on every
#: page, which makes any build of N pages O(N^2) (500 pages: ~150 s instead of ~15 s) and would
#: drown what the pages themselves cost.
CONF_COMMON = """project = "apidiff-bench"
html_sidebars = {"**": []}
"""

CONF_DIRECTIVE = (
    CONF_COMMON
    + """extensions = ["sphinx_apidiff"]
"""
)


#: Diagnostic only: the directive project with the compared libraries imported by conf.py, so
#: that ``-j N`` workers (forked per chunk of pages) inherit them instead of importing them.
def conf_preload(libraries: list[str]) -> str:
    return CONF_DIRECTIVE + _imports(libraries) + "\n"


CONF_HANDWRITTEN = (
    CONF_COMMON
    + """extensions = ["sphinx_design"]
html_static_path = ["_static"]
html_css_files = ["apidiff.css"]
"""
)

#: Diagnostic only (``--same-parser``): the hand-written pages parsed with the reused state
#: machines the directive parses its generated text with (``sphinxext/pair/machines.py``,
#: loaded from its file: no other part of the extension), so that the ratio to it is what the
#: directive costs beyond the parse of the same text.
CONF_SAME_PARSER = """
import importlib.util
from sphinx.parsers import RSTParser
_spec = importlib.util.spec_from_file_location("apidiff_machines", {path!r})
_machines = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_machines)


class ReusedMachinesParser(RSTParser):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.state_classes = _machines.STATE_CLASSES


def setup(app):
    app.add_source_parser(ReusedMachinesParser, override=True)
"""


def write_project(root: Path, conf: str, sources: dict[str, str]) -> None:
    if root.exists():
        shutil.rmtree(root)
    (root / "pages").mkdir(parents=True)
    (root / "conf.py").write_text(conf)
    (root / "index.rst").write_text(INDEX)
    for docname, text in sources.items():
        (root / f"{docname}.rst").write_text(text)


def capture_rendered(srcdir: Path, workdir: Path) -> tuple[dict[str, str], str]:
    """Build ``srcdir`` in-process once; the template text each page's directive rendered."""
    from sphinx.application import Sphinx

    from sphinx_apidiff.sphinxext.pair import directive as directives

    captured: dict[str, str] = {}
    original = directives.render_text

    def recording(template, search, context):
        text = original(template, search, context)
        docname = recording.env.docname  # type: ignore[attr-defined]
        if docname in captured:
            raise SystemExit(f"{docname}: more than one apidiff directive")
        captured[docname] = text
        return text

    warnings = _StringIO()
    directives.render_text = recording
    try:
        app = Sphinx(
            str(srcdir),
            str(srcdir),
            str(workdir / "html"),
            str(workdir / "doctrees"),
            "html",
            status=None,
            warning=warnings,
            freshenv=True,
        )
        recording.env = app.env  # type: ignore[attr-defined]
        app.build()
    finally:
        directives.render_text = original
    return captured, warnings.getvalue()


class _StringIO:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def write(self, text: str) -> int:
        self.parts.append(text)
        return len(text)

    def flush(self) -> None:
        pass

    def getvalue(self) -> str:
        return "".join(self.parts)


# ------------------------------------------------------------------------------ builds


@dataclass
class Build:
    project: str
    jobs: int
    wall_s: float
    cpu_s: float
    maxrss_mb: float
    tree_peak_mb: float | None
    returncode: int
    warnings: int
    #: size of the pickled doctrees (``-d`` folder), MB: what each page's doctree holds
    doctrees_mb: float
    stderr_head: str


#: Runs the measured command and reports its rusage. A small helper, not this process, starts
#: the build: on Linux a child's ``ru_maxrss`` starts from the RSS of the process that forked
#: it (``subprocess`` uses ``vfork``), and this process holds NumPy and a whole Sphinx build.
_HELPER = """
import json, os, subprocess, sys, time
start = time.perf_counter()
proc = subprocess.Popen(sys.argv[2:], stdout=subprocess.DEVNULL)
_pid, status, ru = os.wait4(proc.pid, 0)
wall = time.perf_counter() - start
with open(sys.argv[1], "w") as out:
    json.dump({"wall_s": wall, "code": os.waitstatus_to_exitcode(status),
               "cpu_s": ru.ru_utime + ru.ru_stime, "maxrss_kb": ru.ru_maxrss}, out)
"""


def run_child(
    argv: list[str], stderr_path: Path, env: dict[str, str] | None = None
) -> tuple[dict, int]:
    """Run ``argv`` under the helper: its measures, and the sampled peak RSS of its tree."""
    result_path = stderr_path.with_suffix(".json")
    with open(stderr_path, "wb") as err:
        # its own process group: stopped as a whole if we are
        sampler = run_sampled([sys.executable, "-c", _HELPER, str(result_path), *argv], err, env)
    measures = json.loads(result_path.read_text())
    return measures, (sampler.peak if sampler is not None else 0)


@dataclass(frozen=True)
class Variant:
    """What is built: a project's folder, with the sphinx_apidiff found first on ``src``."""

    label: str
    project: str
    #: a folder to put first on PYTHONPATH (another checkout's ``src``), or None: this one's
    src: Path | None = None


DIRECTIVE = Variant("directive", "directive")
HANDWRITTEN = Variant("handwritten", "handwritten")


def _env(variant: Variant) -> dict[str, str] | None:
    if variant.src is None:
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(variant.src), *filter(None, [os.environ.get("PYTHONPATH")])]
    )
    return env


def _build_argv(variant: Variant, outdir: Path, jobs: int = 1) -> list[str]:
    argv = ["-b", "html", "-q", "-E"]
    if jobs > 1:
        argv += ["-j", str(jobs)]
    argv += ["-d", str(outdir / "doctrees")]
    return [*argv, str(PAGES_DIR / variant.project), str(outdir / "html")]


def sphinx_build(variant: Variant, jobs: int = 1) -> Build:
    outdir = PAGES_DIR / "_build" / variant.label
    if outdir.exists():
        shutil.rmtree(outdir)
    argv = [sys.executable, "-m", "sphinx", *_build_argv(variant, outdir, jobs)]
    stderr_path = PAGES_DIR / "_build" / f"{variant.label}.stderr"
    stderr_path.parent.mkdir(parents=True, exist_ok=True)
    measures, tree_peak = run_child(argv, stderr_path, _env(variant))
    stderr = stderr_path.read_text(errors="replace")
    return Build(
        project=variant.label,
        jobs=jobs,
        wall_s=measures["wall_s"],
        cpu_s=measures["cpu_s"],
        maxrss_mb=measures["maxrss_kb"] / 1024,
        tree_peak_mb=tree_peak / 2**20 if tree_peak else None,
        returncode=measures["code"],
        warnings=stderr.count("WARNING"),
        doctrees_mb=_tree_size(outdir / "doctrees") / 2**20,
        stderr_head=stderr[:2000],
    )


#: One build in-process, counting what does not depend on the machine's load: docutils state
#: machines built (``StateMachine.__init__``), collections of each generation of the garbage
#: collector, and Python function calls (cProfile's count; its times are not used).
_COUNTER = """
import cProfile, gc, json, pstats, sys
from docutils import statemachine
counts = {"state_machines": 0, "gc_collections": [0, 0, 0]}
init = statemachine.StateMachine.__init__
def counting_init(self, *args, **kwargs):
    counts["state_machines"] += 1
    init(self, *args, **kwargs)
statemachine.StateMachine.__init__ = counting_init
def on_gc(phase, info):
    if phase == "start":
        counts["gc_collections"][info["generation"]] += 1
gc.callbacks.append(on_gc)
from sphinx.cmd.build import main
profile = cProfile.Profile()
counts["code"] = profile.runcall(main, sys.argv[2:])
counts["python_calls"] = pstats.Stats(profile).total_calls
with open(sys.argv[1], "w") as out:
    json.dump(counts, out)
"""


def count_build(variant: Variant) -> dict:
    """The load-independent counts of one serial build of ``variant`` (:data:`_COUNTER`)."""
    outdir = PAGES_DIR / "_build" / f"{variant.label}-count"
    if outdir.exists():
        shutil.rmtree(outdir)
    result = PAGES_DIR / "_build" / f"{variant.label}-count.json"
    argv = [sys.executable, "-c", _COUNTER, str(result), *_build_argv(variant, outdir)]
    subprocess.run(argv, check=True, env=_env(variant), stdout=subprocess.DEVNULL)
    counts = json.loads(result.read_text())
    gen0, gen1, gen2 = counts.pop("gc_collections")
    return counts | {"gc_gen0": gen0, "gc_gen1": gen1, "gc_gen2": gen2}


COUNT_KEYS = ("state_machines", "gc_gen0", "gc_gen1", "gc_gen2", "python_calls")


def _tree_size(root: Path) -> int:
    return sum(f.stat().st_size for f in root.rglob("*") if f.is_file())


def import_cost(modules: list[str]) -> dict[str, float]:
    """Wall time and peak RSS of a child that only imports ``modules`` (and of an empty one)."""
    out = {}
    for label, code in (("python", "pass"), ("python + " + ", ".join(modules), _imports(modules))):
        walls, rss = [], []
        for _ in range(3):
            measures, _peak = run_child(
                [sys.executable, "-c", code], PAGES_DIR / "_build" / "import.stderr"
            )
            walls.append(measures["wall_s"])
            rss.append(measures["maxrss_kb"] / 1024)
        out[label] = {"wall_s": statistics.median(walls), "maxrss_mb": statistics.median(rss)}
    return out


def _imports(modules: list[str]) -> str:
    return "; ".join(f"import {m}" for m in modules)


# ---------------------------------------------------------------------------- compare html

_BODY = re.compile(r'<div class="body" role="main">(.*?)<div class="clearer">', re.DOTALL)


def _body(path: Path) -> str:
    match = _BODY.search(path.read_text())
    text = match.group(1) if match else ""
    return " ".join(text.split())


_ID = re.compile(r'\sid="([^"]*)"')


_HEADERLINK = re.compile(r'(<a class="headerlink") href="#[^"]*"')


def _without_ids(text: str) -> str:
    text = _HEADERLINK.sub(r"\1", text)
    return _ID.sub("", text).replace("<span></span>", "")


def _without_breaks(text: str) -> str:
    """The directive's HTML without the ``<wbr>`` break opportunities it puts in identifiers
    (``sphinxext/pair/transforms.py``), which plain reStructuredText cannot write: in code, a broken
    identifier is one ``<span class="pre">`` per piece."""
    return text.replace('</span><wbr><span class="pre">', "").replace("<wbr>", "")


def compare_html(pages: list[Page]) -> dict:
    """Pages with the same HTML body in both builds: identical, or the same up to which of a
    section's ids is the element's and which an anchor (same ids, same markup otherwise).
    The directive's break opportunities are left out of the comparison (the build still makes
    them: they are part of what it costs)."""
    same, same_up_to_ids, differing, first = 0, 0, [], None
    for page in pages:
        a = _without_breaks(
            _body(PAGES_DIR / "_build" / "directive" / "html" / f"{page.docname}.html")
        )
        b = _body(PAGES_DIR / "_build" / "handwritten" / "html" / f"{page.docname}.html")
        if a and a == b:
            same += 1
            continue
        if (
            a
            and _without_ids(a) == _without_ids(b)
            and sorted(_ID.findall(a)) == sorted(_ID.findall(b))
        ):
            same_up_to_ids += 1
            continue
        differing.append(page.docname)
        if first is None:
            a, b = _without_ids(a), _without_ids(b)
            at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), 0)
            first = {
                "page": page.docname,
                "directive": html.unescape(a[max(0, at - 150) : at + 150]),
                "handwritten": html.unescape(b[max(0, at - 150) : at + 150]),
            }
    return {
        "identical": same,
        "identical_up_to_id_placement": same_up_to_ids,
        "differing": len(differing),
        "differing_pages": differing[:20],
        "first_difference": first,
    }


# ------------------------------------------------------------------------------ profile


def profile_build(project: str) -> pstats.Stats:
    """One serial build of ``project`` under cProfile, in a child process."""
    outdir = PAGES_DIR / "_build" / f"{project}-profile"
    if outdir.exists():
        shutil.rmtree(outdir)
    stats_path = PAGES_DIR / "_build" / f"{project}.prof"
    argv = [sys.executable, "-m", "cProfile", "-o", str(stats_path), "-m", "sphinx"]
    argv += ["-b", "html", "-q", "-E", "-d", str(outdir / "doctrees")]
    argv += [str(PAGES_DIR / project), str(outdir / "html")]
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return pstats.Stats(str(stats_path))


def _entries(stats: pstats.Stats) -> Iterator[tuple[str, str, int, float, float]]:
    for (filename, _line, func), (_cc, ncalls, tottime, cumtime, _c) in stats.stats.items():  # type: ignore[attr-defined]
        yield filename, func, ncalls, tottime, cumtime


def _phase(stats: pstats.Stats, suffix: str, func: str) -> float:
    return max(
        (cum for f, fn, _n, _t, cum in _entries(stats) if f.endswith(suffix) and fn == func),
        default=0.0,
    )


def profile_report(top: int = 20) -> dict:
    directive = profile_build("directive")
    handwritten = profile_build("handwritten")
    phases = {}
    for name, (suffix, func) in {
        "total (build_main)": ("sphinx/cmd/build.py", "build_main"),
        "read (parse all pages)": ("sphinx/builders/__init__.py", "read"),
        "write (resolve + html)": ("sphinx/builders/__init__.py", "write"),
        "  of read: pickling doctrees": ("sphinx/builders/__init__.py", "write_doctree"),
    }.items():
        phases[name] = {
            "directive_s": _phase(directive, suffix, func),
            "handwritten_s": _phase(handwritten, suffix, func),
        }
    total = phases["total (build_main)"]["directive_s"] or 1.0
    ours = sorted(
        (e for e in _entries(directive) if "sphinx_apidiff" in e[0]), key=lambda e: -e[4]
    )[:top]
    return {
        "phases": phases,
        "sphinx_apidiff_by_cumulative": [
            {
                "function": f"{f[f.index('sphinx_apidiff') :]}:{fn}",
                "calls": n,
                "cumulative_s": cum,
                "cumulative_pct": 100 * cum / total,
                "own_s": own,
            }
            for f, fn, n, own, cum in ours
        ],
        "note": "cProfile inflates Python-heavy code; use the percentages, not the seconds",
    }


# -------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=500, help="pages per project (500)")
    parser.add_argument("--repeats", type=int, default=3, help="serial builds of each (3)")
    parser.add_argument("--torch", action="store_true", help="include PyTorch pairs")
    parser.add_argument("--no-parallel", action="store_true", help="skip the -j 2 builds")
    parser.add_argument(
        "--diagnose-preload",
        action="store_true",
        help="also build the directive project with the libraries imported in conf.py",
    )
    parser.add_argument("--profile", action="store_true", help="always profile the builds")
    parser.add_argument(
        "--no-profile", action="store_true", help="never profile (timed runs on a loaded machine)"
    )
    parser.add_argument(
        "--count",
        action="store_true",
        help="also count, in one more build of each: state machines, GC collections, calls",
    )
    parser.add_argument(
        "--baseline-src",
        type=Path,
        metavar="SRC",
        help="also build the directive project with the sphinx_apidiff of SRC (another "
        "checkout's src/), alternating with this one: before/after in one run",
    )
    parser.add_argument(
        "--same-parser",
        action="store_true",
        help="also build the hand-written pages with the directive's reused state machines",
    )
    parser.add_argument("--out", type=Path, default=OUT_DIR / "pages.json")
    args = parser.parse_args(argv)
    # a SIGTERM becomes SystemExit, so that a running build's process group is stopped too
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    meta = run_metadata()

    t0 = time.perf_counter()
    pages, plan = plan_pages(args.pages, args.torch)
    if len(pages) < args.pages:
        print(f"only {len(pages)} readable pairs found", file=sys.stderr)
    write_project(
        PAGES_DIR / "directive", CONF_DIRECTIVE, {p.docname: directive_source(p) for p in pages}
    )
    with tempfile.TemporaryDirectory(prefix="apidiff-capture-") as tmp:
        rendered, capture_warnings = capture_rendered(PAGES_DIR / "directive", Path(tmp))
    missing = [p.docname for p in pages if p.docname not in rendered]
    if missing:
        print(f"no rendered text captured for {len(missing)} pages: {missing[:5]}", file=sys.stderr)
        return 2
    write_project(
        PAGES_DIR / "handwritten",
        CONF_HANDWRITTEN,
        {p.docname: handwritten_source(p, rendered[p.docname]) for p in pages},
    )
    libraries = ["numpy", *(["torch"] if args.torch else [])]
    shutil.rmtree(PAGES_DIR / "directive-preload", ignore_errors=True)
    if args.diagnose_preload:
        shutil.copytree(PAGES_DIR / "directive", PAGES_DIR / "directive-preload")
        (PAGES_DIR / "directive-preload" / "conf.py").write_text(conf_preload(libraries))
    (PAGES_DIR / "handwritten" / "_static").mkdir()
    shutil.copy(CSS, PAGES_DIR / "handwritten" / "_static" / "apidiff.css")
    variants = [DIRECTIVE, HANDWRITTEN]
    if args.baseline_src is not None:
        variants.insert(1, Variant("directive-baseline", "directive", args.baseline_src.resolve()))
    shutil.rmtree(PAGES_DIR / "handwritten-same-parser", ignore_errors=True)
    if args.same_parser:
        shutil.copytree(PAGES_DIR / "handwritten", PAGES_DIR / "handwritten-same-parser")
        with open(PAGES_DIR / "handwritten-same-parser" / "conf.py", "a") as conf:
            conf.write(CONF_SAME_PARSER.format(path=str(MACHINES)))
        variants.append(Variant("handwritten-same-parser", "handwritten-same-parser"))
    prepare_s = time.perf_counter() - t0
    print(f"{len(pages)} pages per project generated in {prepare_s:.1f} s; building...")

    builds: list[Build] = []
    for _ in range(args.repeats):
        for variant in variants:
            builds.append(sphinx_build(variant))
            _progress(builds[-1])
    equivalence = compare_html(pages)
    if not args.no_parallel:
        for variant in (DIRECTIVE, HANDWRITTEN):
            builds.append(sphinx_build(variant, jobs=2))
            _progress(builds[-1])
    if args.diagnose_preload:
        print("  diagnostic: the directive project with the libraries imported in conf.py")
        for jobs in (1, 2):
            builds.append(sphinx_build(Variant("directive-preload", "directive-preload"), jobs))
            _progress(builds[-1])
    counts = None
    if args.count:
        print("  counting (one more build of each, in-process, under cProfile)...", flush=True)
        counts = {variant.label: count_build(variant) for variant in variants}

    imports = import_cost(libraries)

    summary = {}
    for jobs in sorted({b.jobs for b in builds}):
        row = {}
        for project in ("directive", "handwritten"):
            these = [b for b in builds if b.project == project and b.jobs == jobs]
            row[project] = {
                "builds": len(these),
                "wall_s": statistics.median(b.wall_s for b in these),
                "cpu_s": statistics.median(b.cpu_s for b in these),
                "maxrss_mb": statistics.median(b.maxrss_mb for b in these),
                "tree_peak_mb": _median_or_none([b.tree_peak_mb for b in these]),
                "doctrees_mb": these[-1].doctrees_mb,
                "warnings": max(b.warnings for b in these),
                "failed": sum(1 for b in these if b.returncode),
            }
        d, h = row["directive"], row["handwritten"]
        row["ratio"] = {
            key: ratio(d[key], h[key]) if d[key] and h[key] else None
            for key in ("wall_s", "cpu_s", "maxrss_mb", "tree_peak_mb", "doctrees_mb")
        }
        pre = [b for b in builds if b.project == "directive-preload" and b.jobs == jobs]
        if pre:
            row["diagnostic_directive_preload"] = {
                "wall_s": pre[0].wall_s,
                "cpu_s": pre[0].cpu_s,
                "maxrss_mb": pre[0].maxrss_mb,
                "tree_peak_mb": pre[0].tree_peak_mb,
                "wall_ratio_to_handwritten": ratio(pre[0].wall_s, h["wall_s"]),
            }
        for label in ("directive-baseline", "handwritten-same-parser"):
            extra = [b for b in builds if b.project == label and b.jobs == jobs]
            if extra:
                row[label] = {
                    "builds": len(extra),
                    **{
                        key: statistics.median(getattr(b, key) for b in extra)
                        for key in ("wall_s", "cpu_s", "maxrss_mb")
                    },
                }
        summary[f"-j {jobs}"] = row

    wall_ratio = summary["-j 1"]["ratio"]["wall_s"]
    profile = None
    if args.profile or (not args.no_profile and wall_ratio is not None and wall_ratio > GOAL):
        print("profiling both builds (cProfile, serial)...")
        profile = profile_report()

    report = {
        "what": "sphinx-build -b html -q -E of N apidiff pages vs the same N pages by hand",
        "meta": meta,
        "pages": len(pages),
        "goal_ratio": GOAL,
        "memory_goal_ratio": MEMORY_GOAL,
        "plan": plan,
        "capture_build_warnings": capture_warnings.splitlines()[:50],
        "html_equivalence": equivalence,
        "summary": summary,
        "library_import_alone": imports,
        "builds": [b.__dict__ for b in builds],
        "profile": profile,
        "counts": counts,
        "pairs": [[p.docname, p.pair.left, p.pair.right] for p in pages],
    }
    return finish(args.out, report, meta, print_report)


def _median_or_none(values: list[float | None]) -> float | None:
    known = [v for v in values if v is not None]
    return statistics.median(known) if known else None


def _progress(build: Build) -> None:
    flag = "" if not build.returncode else "  FAILED"
    print(
        f"  {build.project:<11} -j {build.jobs}: {build.wall_s:6.2f} s wall, "
        f"{build.cpu_s:6.2f} s cpu, {build.maxrss_mb:6.1f} MB max RSS, "
        f"{build.warnings} warnings{flag}",
        flush=True,
    )


def _print_variants(r: dict) -> None:
    """The other variants of the same run (``--baseline-src``, ``--same-parser``), and the counts."""
    row = r["summary"]["-j 1"]
    others = [label for label in ("directive-baseline", "handwritten-same-parser") if label in row]
    if others:
        print("\n-j 1, medians; ratios: CPU (wall), peak RSS")
        lines = []
        for label in ("directive", *others, "handwritten"):
            m = row[label]
            to = [
                f"{ratio(m['cpu_s'], row[base]['cpu_s']):.3f} ({ratio(m['wall_s'], row[base]['wall_s']):.3f}), "
                f"{ratio(m['maxrss_mb'], row[base]['maxrss_mb']):.3f}"
                if base in row
                else ""
                for base in ("handwritten", "handwritten-same-parser")
            ]
            lines.append([label, m["builds"], m["cpu_s"], m["wall_s"], m["maxrss_mb"], *to])
        headers = ["", "builds", "CPU s", "wall s", "peak RSS MB", "to handwritten"]
        if "handwritten-same-parser" in others:
            headers.append("to handwritten-same-parser")
        print(table(headers, [line[: len(headers)] for line in lines]))
    counts = r.get("counts")
    if counts:
        labels = list(counts)
        print("\ncounted in one build each (load-independent)")
        headers = ["", *labels, "directive / handwritten"]
        if "directive-baseline" in counts:
            headers.append("directive / baseline")
        lines = []
        for key in COUNT_KEYS:
            line = [key, *(counts[label][key] for label in labels)]
            line.append(ratio(counts["directive"][key], counts["handwritten"][key]))
            if "directive-baseline" in counts:
                line.append(ratio(counts["directive"][key], counts["directive-baseline"][key]))
            lines.append(line)
        print(table(headers, lines))


def print_report(r: dict) -> None:
    eq = r["html_equivalence"]
    print(
        f"\n{r['pages']} pages per project. HTML bodies: {eq['identical']} identical, "
        f"{eq['identical_up_to_id_placement']} identical up to id placement, "
        f"{eq['differing']} differing. Warnings in the capture build: "
        f"{len(r['capture_build_warnings'])}"
    )
    rows = []
    for jobs, row in r["summary"].items():
        d, h, q = row["directive"], row["handwritten"], row["ratio"]
        for key, label in (
            ("wall_s", "wall time, s"),
            ("cpu_s", "user+sys CPU, s"),
            ("maxrss_mb", "peak RSS (largest process), MB"),
            ("tree_peak_mb", "peak RSS (process tree, sampled), MB"),
            ("doctrees_mb", "pickled doctrees on disk, MB"),
        ):
            rows.append(
                [
                    f"{jobs}  {label}",
                    d["builds"],
                    d[key] if d[key] is not None else float("nan"),
                    h[key] if h[key] is not None else float("nan"),
                    q[key] if q[key] is not None else float("nan"),
                ]
            )
    print(table(["medians", "builds", "directive", "handwritten", "ratio"], rows))
    _print_variants(r)
    ratio_ = r["summary"]["-j 1"]["ratio"]["wall_s"]
    pre_rows = [
        [
            jobs,
            row["diagnostic_directive_preload"]["wall_s"],
            row["handwritten"]["wall_s"],
            row["diagnostic_directive_preload"]["wall_ratio_to_handwritten"],
            row["diagnostic_directive_preload"]["maxrss_mb"],
        ]
        for jobs, row in r["summary"].items()
        if "diagnostic_directive_preload" in row
    ]
    if pre_rows:
        print(
            "\ndiagnostic (1 build each): directive project with the libraries imported in conf.py"
        )
        print(table(["", "wall s", "handwritten wall s", "ratio", "max RSS MB"], pre_rows))
    print(
        f"\nwall-time ratio (-j 1): {ratio_:.2f}x, goal <= {r['goal_ratio']}x: "
        f"{'met' if ratio_ <= r['goal_ratio'] else 'NOT met'}"
    )
    for jobs, row in r["summary"].items():
        for project in ("directive", "handwritten"):
            if row[project]["warnings"] or row[project]["failed"]:
                print(
                    f"{jobs} {project}: {row[project]['warnings']} warnings, "
                    f"{row[project]['failed']} failed builds (see builds[].stderr_head in JSON)"
                )
    print("\nlibrary import alone (child process, medians of 3)")
    print(
        table(
            ["", "wall s", "max RSS MB"],
            [[k, v["wall_s"], v["maxrss_mb"]] for k, v in r["library_import_alone"].items()],
        )
    )
    if eq["first_difference"]:
        diff = eq["first_difference"]
        print(f"\nfirst HTML difference, {diff['page']}:")
        print(f"  directive:   ...{diff['directive']}...")
        print(f"  handwritten: ...{diff['handwritten']}...")
    if r["profile"]:
        p = r["profile"]
        print("\ncProfile (serial build, child process), seconds under the profiler")
        print(
            table(
                ["phase", "directive", "handwritten", "ratio"],
                [
                    [
                        k,
                        v["directive_s"],
                        v["handwritten_s"],
                        ratio(v["directive_s"], v["handwritten_s"]),
                    ]
                    for k, v in p["phases"].items()
                ],
            )
        )
        print()
        print(
            table(
                ["sphinx_apidiff function", "calls", "cum s", "% of build"],
                [
                    [x["function"], x["calls"], x["cumulative_s"], x["cumulative_pct"]]
                    for x in p["sphinx_apidiff_by_cumulative"]
                ],
            )
        )


if __name__ == "__main__":
    sys.exit(main())
