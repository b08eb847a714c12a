"""Freeze the main process's heap before a parallel build forks its workers (``-j N`` only).

Sphinx reads and writes ``-j N`` builds in chunks, each in a fresh fork of the main process. A
forked worker shares its parent's memory until it writes to a page, and CPython's cyclic
garbage collector writes to every object it scans (its reference counts and links). The main
process of a comparison site holds the compared libraries (PyTorch and PaddlePaddle are
hundreds of thousands of Python objects, imported before the fork by :mod:`.pair.warm_up`) and
the environment; each oldest-generation collection in a worker walked all of them, copying
every page they lie on, once per chunk. :func:`gc.freeze` moves what exists now out of the
collector's sight, so the workers scan only what they make themselves.

Frozen objects are never collected, so the heap is collected once first, and thawed when the
build ends (:func:`gc.unfreeze`, before any other ``build-finished`` listener, or at the next
build's start if the last one never finished): a process that builds again (the test suite,
``sphinx-autobuild``) collects as before.

With the heap frozen, CPython collects its oldest generation far more often: it does so when the
objects promoted since the last such collection exceed a quarter of those it holds, and the
frozen ones no longer count. The main process then walked, again and again, the environments its
read workers send back and the doctrees it resolves for its write worker, most of them still in
use (in a 1,600-page build: 39 collections, 7.4 s; 40% of its CPU in the write). While the heap
is frozen, the oldest generation is collected only after ten times as many younger collections
as Python's default (:func:`gc.set_threshold`); the workers inherit the setting. Back to back on
1,600 pages this took the build's CPU from 66 to 58 s and its wall time from 46 to 41 s, and
kept up to 140 MB more garbage (PSS) at the peak; the threshold is put back with the thaw.

A build run by Sphinx's command line (``sphinx-build``, ``python -m sphinx``, make mode: the
build runs inside ``sphinx.cmd.build.build_main``) is not thawed: its process exits when the build
ends, and a thawed heap makes Python walk the whole of it once more before then, freeing one by
one what the operating system frees at once: the doctrees the write handed to its workers, by
then garbage (a 1,600-page build: 1.2 million objects, 2 s at ``build-finished`` and 1.5 s more
at exit). Instead what is left is frozen too. A program that calls ``build_main`` itself and goes
on keeps that build's memory until its next build starts (the thaw at ``builder-inited``).
"""

from __future__ import annotations

import gc
import sys

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment

__all__ = ["setup_forks"]

#: Sphinx reads in parallel only past this many pages (Sphinx 7's ``Builder.build``).
_PARALLEL_FROM = 6

#: How many younger collections, at least, between two of the oldest generation while the heap
#: is frozen (Python's default: 10).
_OLDEST_AFTER = 100

#: The collector's thresholds before a build of this process froze the heap, to put back with
#: the thaw; None while nothing is frozen (the freeze is the process's, not an application's:
#: a build that ended without ``build-finished`` leaves it to the next one).
_thresholds: tuple[int, ...] | None = None


def _freeze() -> None:
    global _thresholds
    gc.collect()
    gc.freeze()
    if _thresholds is None:
        _thresholds = gc.get_threshold()
        young, middle, oldest = _thresholds
        gc.set_threshold(young, middle, max(oldest, _OLDEST_AFTER))


def _before_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """After the warm-up (which imports what the pages compare), before the read forks."""
    if app.parallel > 1 and len(docnames) >= _PARALLEL_FROM:
        _freeze()


def _before_write(app: Sphinx, builder: Builder) -> None:
    """The environment is whole now; the write forks its workers next."""
    if getattr(builder, "parallel_ok", False):
        _freeze()


def _exits_after_build() -> bool:
    """Whether this build runs inside Sphinx's command line (``build_main``), whose process
    exits when the build ends."""
    frame = sys._getframe(1) if hasattr(sys, "_getframe") else None
    while frame is not None:
        if (
            frame.f_code.co_name == "build_main"
            and frame.f_globals.get("__name__") == "sphinx.cmd.build"
        ):
            return True
        frame = frame.f_back
    return False


def _build_finished(app: Sphinx, exception: BaseException | None) -> None:
    if _thresholds is not None and _exits_after_build():
        gc.freeze()  # what the build left (its garbage included): the process ends next
        return
    _thaw()


def _thaw(*_args: object) -> None:
    global _thresholds
    if _thresholds is not None:
        gc.set_threshold(*_thresholds)
        gc.unfreeze()
        _thresholds = None


def setup_forks(app: Sphinx) -> None:
    # after every other ``env-before-read-docs`` listener (the warm-up's imports among them)
    app.connect("env-before-read-docs", _before_read, priority=900)
    app.connect("write-started", _before_write, priority=900)
    # before every other ``build-finished`` listener: one that raises must not keep the heap
    # frozen; and a build stopped without ``build-finished`` (Ctrl-C) is thawed by the next
    app.connect("build-finished", _build_finished, priority=1)
    app.connect("builder-inited", _thaw, priority=1)
