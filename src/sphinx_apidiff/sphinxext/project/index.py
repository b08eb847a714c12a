"""The project index: every comparison of the project, read once from the records, and the pages
that depend on the whole project.

A page with a summary, a coverage table or an ``:apidiff:`` link shows what other pages
compare, so it is written again whenever any page was read or removed (the state's
``depends_on_project`` flag marks it). The summary, the coverage, the
``:apidiff:`` role and the export (:mod:`.export`) read the same index.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...concepts import Entry
from ..config import get_config
from ..examples.runs import settle_examples
from ..state.build import build_state
from ..state.records import all_records, example_status, from_records

__all__ = [
    "ProjectIndex",
    "build_changed",
    "page_link",
    "pages_comparing",
    "project_entries",
    "project_index",
]


@dataclass(frozen=True)
class ProjectIndex:
    """Every comparison of the project, read once from the records for all the project-wide
    views (summary, coverage, ``:apidiff:``, export) until a record changes
    (:func:`~sphinx_apidiff.sphinxext.state.records.from_records`)."""

    #: Every pair in page order (pages sorted by name), examples' status left empty.
    entries: tuple[Entry, ...]
    #: Dotted path -> the pages with a comparison one side of which it is, sorted.
    pages: dict[str, list[str]]
    #: Every ``(left, right)`` compared.
    compared: frozenset[tuple[str, str]]
    #: Dotted path -> ``(status, replacements)`` of its page with one side (``apidiff-one``).
    one_sided: dict[str, tuple[str, tuple[str, ...]]] = dataclasses.field(default_factory=dict)


def _build_index(env: BuildEnvironment) -> ProjectIndex:
    entries = []
    pages: dict[str, set[str]] = {}
    for docname, record in all_records(env).items():
        for position, pair in enumerate(record.pairs):
            entries.append(Entry(docname, pair, position))
            for path in (pair.left, pair.right) if pair.status is None else (pair.left,):
                pages.setdefault(path, set()).add(docname)
    return ProjectIndex(
        entries=tuple(entries),
        pages={path: sorted(docs) for path, docs in pages.items()},
        compared=frozenset((e.left, e.right) for e in entries if e.record.status is None),
        one_sided={
            e.left: (e.record.status, e.record.replacements)
            for e in entries
            if e.record.status is not None
        },
    )


def project_index(env: BuildEnvironment) -> ProjectIndex:
    """The project's comparisons, built once per change of the records."""
    return from_records(env, "project-index", lambda: _build_index(env))


def project_entries(app: Sphinx) -> tuple[Entry, ...]:
    """Every pair of the project with its examples' status, settled (every page's examples
    have run); built once per build."""
    settle_examples(app)  # the examples' status of every page
    env = app.env

    def with_examples() -> tuple[Entry, ...]:
        status: dict[str, dict[str, int]] = {}
        out = []
        for entry in project_index(env).entries:
            if entry.docname not in status:
                counts = example_status(env, entry.docname)
                status[entry.docname] = {k: v for k, v in counts.items() if v}
            out.append(dataclasses.replace(entry, examples=status[entry.docname]))
        return tuple(out)

    return from_records(env, "project-entries", with_examples)


def pages_comparing(env: BuildEnvironment, path: str) -> list[str]:
    """The pages with a comparison one side of which is ``path``, sorted."""
    return list(project_index(env).pages.get(path, ()))


def page_link(app: Sphinx, fromdoc: str, todoc: str, text: str | None = None) -> nodes.Element:
    """A link from ``fromdoc`` to ``todoc`` titled by its title (plain text where builders
    have no URIs, e.g. gettext)."""
    env = app.env
    if text is None:
        text = env.titles[todoc].astext() if todoc in env.titles else todoc
    try:
        uri = app.builder.get_relative_uri(fromdoc, todoc)
    except Exception:
        return nodes.inline(text, text)
    link = nodes.reference("", "", internal=True, refuri=uri)
    link += nodes.Text(text)
    return link


# ------------------------------------------------------------------------ rewrites


def _note_reads(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    state = build_state(env)
    state.changed = bool(state.changed) or bool(docnames)


def _note_removals(app, env, added: set[str], changed: set[str], removed: set[str]) -> list:
    build_state(env).changed = bool(added or changed or removed)
    return []


def build_changed(app: Sphinx) -> bool:
    """Whether this build read or removed a page, or runs every example again."""
    changed = build_state(app.env).changed
    return changed is None or changed or get_config(app.env).execution_mode == "force"


def _rewrite_holders(app: Sphinx, env: BuildEnvironment) -> list[str]:
    if not build_changed(app):
        return []
    return [doc for doc, record in all_records(env).items() if record.depends_on_project]


def setup_index(app: Sphinx) -> None:
    app.connect("env-get-outdated", _note_removals)
    app.connect("env-before-read-docs", _note_reads)
    app.connect("env-updated", _rewrite_holders)
