"""A parallel build imports what its pages compare once, in the main process, before Sphinx
forks the workers that read the pages (``sphinxext/pair/warm_up.py``, ``introspect/warm.py``)."""

from __future__ import annotations

import os
import sys
import textwrap

import pytest
from conftest import run_build

from sphinx_apidiff.introspect.warm import warm
from sphinx_apidiff.sphinxext.pair.warm_up import compared_paths

#: A package that notes, in a file, the process each import of it ran in.
PACKAGE = """
import os

with open(os.environ["WARMKIT_LOG"], "a") as log:
    log.write(f"{os.getpid()}\\n")


def scale(x, factor=2.0):
    return x * factor
"""


@pytest.fixture
def warmkit(tmp_path, monkeypatch):
    """``warmkit`` importable from ``tmp_path``; the file its imports are logged in."""
    (tmp_path / "lib" / "warmkit").mkdir(parents=True)
    (tmp_path / "lib" / "warmkit" / "__init__.py").write_text(PACKAGE, encoding="utf-8")
    log = tmp_path / "imports.log"
    monkeypatch.setenv("WARMKIT_LOG", str(log))
    monkeypatch.syspath_prepend(str(tmp_path / "lib"))
    yield log
    sys.modules.pop("warmkit", None)


def imports(log) -> list[int]:
    return [int(line) for line in log.read_text().split()] if log.exists() else []


def test_the_paths_of_rst_and_myst_directives_are_found():
    text = textwrap.dedent(
        """
        .. apidiff:: numpy.sum  math.fsum
           :rename: a=seq

        ```{apidiff} torch.nn.Conv2d megengine.module.Conv2d
        ```

        :::{apidiff} jax.numpy.sum numpy.sum
        :::

        .. apidiff-note:: a
        .. note:: apidiff:: not.this one
        """
    )
    assert compared_paths(text) == {
        "numpy.sum", "math.fsum", "torch.nn.Conv2d", "megengine.module.Conv2d",
        "jax.numpy.sum",
    }  # fmt: skip


def test_warm_imports_what_resolves_and_leaves_static_packages_alone(warmkit):
    assert warm(["warmkit.scale"], static=["warmkit"]) == 0
    assert "warmkit" not in sys.modules and imports(warmkit) == []
    # what fails (no such module, no such name, not a path) is left to the page to report
    assert warm(["warmkit.scale", "warmkit.nothing", "nosuchpackage.f", "1 bad"]) == 1
    assert imports(warmkit) == [os.getpid()]


def _eight_pages(tmp_path, conf: str):
    """A project of an index and eight pages comparing ``warmkit.scale`` (past the 5 pages
    Sphinx reads serially)."""
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(conf, encoding="utf-8")
    names = [f"p{i}" for i in range(8)]
    toctree = "\n".join(f"   {n}" for n in names)
    (src / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}\n")
    for name in names:
        (src / f"{name}.rst").write_text(
            f"{name}\n{'=' * len(name)}\n\n.. apidiff:: warmkit.scale math.fsum\n"
            "   :undocumented: auto\n",
            encoding="utf-8",
        )
    return src


def test_a_parallel_build_imports_the_compared_packages_once_before_forking(tmp_path, warmkit):
    build = run_build(_eight_pages(tmp_path, 'extensions = ["sphinx_apidiff"]\n'), parallel=2)
    assert "WARNING" not in build.warnings
    assert "scale" in build.page("p0")
    # one import, in this (the main) process: no worker imported it again
    assert imports(warmkit) == [os.getpid()]


#: A conf.py that notes, for each page read, resolved and written, the process, how many objects
#: the garbage collector was told to leave alone (:func:`gc.freeze`) and how many younger
#: collections it waits for before one of the oldest generation.
FREEZE_LOG_CONF = """
import gc
import os

extensions = ["sphinx_apidiff"]


def _note(what):
    with open(os.environ["WARMKIT_LOG"].replace("imports", "frozen"), "a") as log:
        log.write(f"{what} {os.getpid()} {gc.get_freeze_count()} {gc.get_threshold()[2]}\\n")


def setup(app):
    app.connect("doctree-read", lambda app, doctree: _note("read"))
    app.connect("doctree-resolved", lambda app, doctree, docname: _note("resolve"))
    app.connect("html-page-context", lambda app, *args: _note("write"))
"""


@pytest.mark.parametrize("parallel", [2, 1])
def test_a_parallel_build_forks_its_workers_from_a_frozen_heap_and_thaws_it(
    tmp_path, warmkit, parallel
):
    """The workers of ``-j 2`` start with the main process's objects (the compared libraries,
    the environment) frozen, so that their garbage collections neither scan nor copy them; the
    build leaves the heap thawed. A serial build forks nothing and freezes nothing."""
    import gc

    src = _eight_pages(tmp_path, FREEZE_LOG_CONF)
    assert gc.get_freeze_count() == 0
    thresholds = gc.get_threshold()
    build = run_build(src, parallel=parallel)
    assert "WARNING" not in build.warnings
    assert gc.get_freeze_count() == 0  # thawed
    assert gc.get_threshold() == thresholds  # and collected as before
    notes = [line.split() for line in (tmp_path / "frozen.log").read_text().splitlines()]
    by_step = {
        step: [(int(pid), int(n), int(oldest)) for s, pid, n, oldest in notes if s == step]
        for step in ("read", "resolve", "write")
    }
    assert len(by_step["read"]) == 9 and len(by_step["write"]) >= 9
    for pid, frozen, oldest in by_step["read"] + by_step["write"]:
        if parallel == 1:
            assert pid == os.getpid() and frozen == 0 and oldest == thresholds[2]
        elif pid != os.getpid():  # a worker
            assert frozen > 0 and oldest > thresholds[2]
    for pid, frozen, oldest in by_step["resolve"]:  # in this process
        assert pid == os.getpid()
        if parallel == 2:  # the write's worker forks from it
            assert frozen > 0 and oldest > thresholds[2]
        else:
            assert frozen == 0 and oldest == thresholds[2]
    if parallel == 2:  # the pages were read and written in workers, not in this process
        assert any(pid != os.getpid() for pid, *_ in by_step["read"])
        assert any(pid != os.getpid() for pid, *_ in by_step["write"])


def test_the_heap_is_thawed_when_another_build_finished_listener_raises(tmp_path, warmkit):
    """The thaw runs before every other ``build-finished`` listener: one that raises (Sphinx
    then sends the event again, and raises) leaves no frozen heap behind."""
    import gc

    conf = FREEZE_LOG_CONF + (
        "\n\ndef _fail(app, exception):\n    raise RuntimeError('a listener fails')\n\n\n"
        "_setup = setup\n\n\ndef setup(app):\n    _setup(app)\n"
        '    app.connect("build-finished", _fail)\n'
    )
    thresholds = gc.get_threshold()
    with pytest.raises(Exception, match="a listener fails"):
        run_build(_eight_pages(tmp_path, conf), parallel=2)
    notes = (tmp_path / "frozen.log").read_text().split()
    assert any(int(n) > 0 for n in notes[2::4])  # it was frozen in the build
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == thresholds


#: Sphinx's command line, noting at exit whether the heap is frozen and for how many objects.
AT_EXIT = """
import atexit, gc, sys
atexit.register(lambda: print("frozen at exit:", gc.get_freeze_count() > 0, flush=True))
from sphinx.cmd.build import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("parallel", ["2", "1"])
def test_the_command_line_leaves_a_parallel_build_frozen_for_its_exit(tmp_path, warmkit, parallel):
    """``sphinx-build -j 2`` exits when the build ends: what the build left stays out of the
    collector's sight, so that Python's exit does not walk it all once more. A serial build
    froze nothing."""
    import subprocess

    src = _eight_pages(tmp_path, FREEZE_LOG_CONF)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "lib"), *sys.path])}
    command = [sys.executable, "-c", AT_EXIT, "-j", parallel, "-b", "html", "-q", str(src)]
    done = subprocess.run(
        [*command, str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr
    assert "scale" in (tmp_path / "out" / "p0.html").read_text(encoding="utf-8")
    assert done.stdout.splitlines()[-1] == f"frozen at exit: {parallel == '2'}"


def test_a_program_calling_the_command_line_keeps_it_frozen_until_its_next_build(tmp_path, warmkit):
    import gc

    from sphinx.cmd.build import build_main

    thresholds = gc.get_threshold()
    src = _eight_pages(tmp_path, FREEZE_LOG_CONF)
    try:
        assert build_main(["-j", "2", "-q", "-b", "html", str(src), str(tmp_path / "one")]) == 0
        assert gc.get_freeze_count() > 0
        build = run_build(src, parallel=1)  # the next build, serial: thawed as it starts
        assert "scale" in build.page("p0")
        notes = (tmp_path / "frozen.log").read_text().splitlines()
        assert notes[-1].split()[2] == "0"  # the serial build's last page: nothing frozen
        assert gc.get_freeze_count() == 0
        assert gc.get_threshold() == thresholds
    finally:  # whatever failed above, the next test starts thawed
        gc.unfreeze()
        gc.set_threshold(*thresholds)


def test_what_runs_before_the_read_reads_each_page_once(tmp_path, warmkit, monkeypatch):
    """The renames pages teach, the compared packages and the examples' imports are all found
    in the pages' text before Sphinx reads them: one read of each page serves them all."""
    import builtins

    from sphinx_apidiff.sphinxext.state import build as build_module

    opened: list[str] = []

    def counting(path, *args, **kwargs):
        opened.append(os.path.basename(path))
        return builtins.open(path, *args, **kwargs)

    monkeypatch.setattr(build_module, "open", counting, raising=False)
    src = _eight_pages(tmp_path, 'extensions = ["sphinx_apidiff"]\n')
    (src / "p0.rst").write_text(
        (src / "p0.rst").read_text() + "\n.. apidiff-example::\n\n   import warmkit\n"
    )
    build = run_build(src, parallel=2)
    assert "WARNING" not in build.warnings
    assert sorted(opened) == sorted(["index.rst", *(f"p{i}.rst" for i in range(8))])
