"""What each page's ``apidiff-overview`` found, kept in the environment for the export
(``apidiff.json``'s ``overviews``): purged with its page, merged from parallel readers."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

__all__ = ["add_overview", "overview_records", "setup_records"]

_ATTR = "apidiff_overviews"


def _store(env: BuildEnvironment) -> dict[str, list[dict[str, Any]]]:
    if not hasattr(env, _ATTR):
        setattr(env, _ATTR, {})
    return getattr(env, _ATTR)


def add_overview(
    env: BuildEnvironment, line: int, data: dict, notes: list[str], recorded: str | None
) -> None:
    """Keep one overview of the page being read: where it is, its data, the members the
    author wrote a note for, the recording it was shown from (None: read live)."""
    _store(env).setdefault(env.docname, []).append(
        {
            "page": env.docname,
            "line": line,
            "notes": sorted(notes),
            "recorded": recorded,
            "overview": data,
        }
    )


def overview_records(env: BuildEnvironment) -> list[dict[str, Any]]:
    """Every overview of the project, by page and line."""
    found = [r for records in _store(env).values() for r in records]
    return sorted(found, key=lambda r: (r["page"], r["line"]))


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _store(env).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames, other: BuildEnvironment) -> None:
    theirs = _store(other)
    for docname in docnames:
        if docname in theirs:
            _store(env)[docname] = theirs[docname]


def setup_records(app: Sphinx) -> None:
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
