"""What sphinx-apidiff keeps for one build, beside each page's record: one :class:`BuildState`.

Made at ``builder-inited`` (once per application, after every ``config-inited`` handler, ``-D``
overrides included) and read through :func:`build_state`: the validated configuration, whether
this build read or removed a page, the examples' runs, the signature snapshot read for it, the
modules ``apidiff-coverage`` read, whether pages are read only for their records
(``sphinx-apidiff snapshot``), and the source text of the pages that what runs before Sphinx
reads them has scanned (:func:`page_source`). Never pickled: the next build starts a new one.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...snapshot import Snapshot, SnapshotError
from ..config import ApiDiffConfig, read_config

if TYPE_CHECKING:
    from ..examples.runs import ExampleRuns

__all__ = ["BuildState", "Loaded", "build_state", "forget_sources", "page_source", "start_build"]


@dataclass
class Loaded:
    """The build's snapshot: its file (None if not configured) and entries."""

    path: Path | None = None
    snapshot: Snapshot = field(default_factory=Snapshot)
    #: The file exists but could not be read: it is not used and never overwritten.
    broken: SnapshotError | None = None


@dataclass
class BuildState:
    """Everything one build (one application) keeps that is not a page's."""

    config: ApiDiffConfig
    #: Did this build read or remove a page? None until ``env-get-outdated`` says.
    changed: bool | None = None
    #: The examples' executor and the pages whose results are not in yet (made on first use).
    runs: ExampleRuns | None = None
    #: The signature snapshot, read at ``builder-inited``.
    snapshot: Loaded = field(default_factory=Loaded)
    #: ``(module, static packages)`` -> what ``apidiff-coverage`` read of it (or why not).
    modules: dict[tuple[str, tuple[str, ...]], Any] = field(default_factory=dict)
    #: The project's coverage notes (``apidiff_coverage_notes``), read at ``builder-inited``.
    coverage_notes: dict[str, Any] = field(default_factory=dict)
    #: The file they were read from (None: conf.py, or none).
    coverage_notes_file: Path | None = None
    #: Pages are read for their records only, nothing laid out (``sphinx-apidiff snapshot``).
    record_only: bool = False
    #: docname -> the page's source text, for the scans made before Sphinx reads the pages
    #: (:func:`page_source`); emptied once they are read.
    sources: dict[str, str] = field(default_factory=dict)


_STATES: weakref.WeakKeyDictionary[BuildEnvironment, BuildState] = weakref.WeakKeyDictionary()


def build_state(env: BuildEnvironment) -> BuildState:
    """The state of the build ``env`` belongs to (made from its configuration if the build did
    not make it yet)."""
    state = _STATES.get(env)
    if state is None:
        state = _STATES[env] = BuildState(read_config(env.config))
    return state


def start_build(app: Sphinx) -> None:
    """``builder-inited``: this build's state, its configuration read once."""
    _STATES[app.env] = BuildState(read_config(app.config))


def page_source(env: BuildEnvironment, docname: str) -> str | None:
    """The text of ``docname``'s source (undecodable bytes replaced), read once a build for
    every scan made before Sphinx reads the pages (the renames pages teach, the warm-ups); None
    if it cannot be read (Sphinx reports that page when it reads it)."""
    sources = build_state(env).sources
    text = sources.get(docname)
    if text is None:
        try:
            with open(env.doc2path(docname), encoding="utf-8", errors="replace") as f:
                text = sources[docname] = f.read()
        except OSError:
            return None
    return text


def forget_sources(app: Sphinx, env: BuildEnvironment) -> None:
    """``env-updated``: the pages are read; their text is not needed any more."""
    build_state(env).sources.clear()
