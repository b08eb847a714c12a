"""The project's coverage notes (``apidiff_coverage_notes``), read once a build.

Read at ``builder-inited`` from the dict in ``conf.py`` or the file it names
(:mod:`sphinx_apidiff.coverage_notes`), before any page is read (so that parallel readers
share them and each problem is said once): each problem is a warning ``apidiff.coverage``
at the file's line, or at ``conf.py``; the build goes on without that note. A page with
``apidiff-coverage`` depends on the notes file (edited, the page is read again).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...coverage_notes import CoverageNote, parse_notes, read_notes_file
from ..config import conf_location, get_config
from ..state.build import build_state
from ..warnings import Warn, file_location, warn

__all__ = ["load_coverage_notes", "notes_file", "project_notes"]

NAME = "apidiff_coverage_notes"


def _configured_file(app: Sphinx) -> Path | None:
    """The notes file the configuration names, None for a dict or nothing."""
    value = get_config(app.env).coverage_notes
    if isinstance(value, str) and value.strip():
        return Path(app.confdir or ".") / value.strip()
    return None


def notes_file(env: BuildEnvironment) -> Path | None:
    """The notes file of this build, when there is one."""
    return build_state(env).coverage_notes_file


def load_coverage_notes(app: Sphinx) -> None:
    """``builder-inited``: read the notes into the build's state, saying each problem."""
    value = get_config(app.env).coverage_notes
    path = _configured_file(app)
    if path is not None:
        if not path.is_file():
            warn(
                Warn.COVERAGE,
                f"{NAME}: no file {path}; no coverage notes",
                conf_location(app, NAME),
            )
            return
        notes, problems = read_notes_file(path)
        build_state(app.env).coverage_notes_file = path
        for problem in problems:
            warn(Warn.COVERAGE, f"{NAME}: {problem.message}", file_location(path, problem.line))
    elif isinstance(value, dict):
        notes, problems = parse_notes((api, fields, None) for api, fields in value.items())
        for problem in problems:
            warn(Warn.COVERAGE, f"{NAME}: {problem.message}", conf_location(app, NAME))
    else:
        return
    build_state(app.env).coverage_notes = notes


def project_notes(env: BuildEnvironment) -> dict[str, CoverageNote]:
    """``{api: note}`` of this build."""
    return build_state(env).coverage_notes
