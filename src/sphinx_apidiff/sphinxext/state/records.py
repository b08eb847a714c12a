"""The one owner of what each document contributes: its comparisons, examples and index.

Everything sphinx-apidiff keeps between phases lives in the ``apidiff`` domain's data, one
frozen :class:`DocRecord` per document, purged when the page is read again and merged from the
workers of a parallel build (as ``sphinx/ext/todo.py`` keeps its todos); only each pair's full
comparison is kept elsewhere, beside the page's doctree (:mod:`.comparisons`).
Directives fill the record while the page is read (each change replaces the record); the
examples' results are added in the main process at ``env-updated``, so every writer, serial or
parallel, sees them.

Staleness lives here too: a page is read again when a library it compares changed version
(so no page shows an old signature), and run again when its examples have no results.

Public API (read by the index, the examples, snapshots and the project-wide export):
:func:`doc_record`, :func:`all_records`, :func:`add_pair`, :func:`set_examples`,
:func:`depends_on_project`, :func:`set_results`, :func:`example_status`; :func:`from_records` keeps
what is computed from every record (the project index) until a record changes. The records
themselves (:class:`PairRecord`, :class:`NoteRef`) are pure data (:mod:`sphinx_apidiff.records`).
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Callable, Iterable, Set
from dataclasses import dataclass
from importlib import metadata
from typing import TYPE_CHECKING, Any, TypeVar

from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment

from ...execute import ExampleResult, ExampleSpec, Status
from ...introspect import package_version, version_origin
from ...records import NoteRef, PairRecord
from ..warnings import logger
from .comparisons import (
    GONE,
    comparison_path,
    comparisons_damage,
    keep_comparison,
    remove_comparisons,
)

T = TypeVar("T")

if TYPE_CHECKING:
    from docutils.nodes import Element
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder

__all__ = [
    "DocRecord",
    "NoteRef",
    "PairRecord",
    "add_pair",
    "all_records",
    "depends_on_project",
    "doc_record",
    "example_status",
    "from_records",
    "set_examples",
    "set_results",
    "setup_records",
]


@dataclass(frozen=True)
class DocRecord:
    """Everything one document contributes."""

    docname: str
    pairs: tuple[PairRecord, ...] = ()
    #: The page's examples in page order; an example's key (``node["key"]``) is its index.
    examples: tuple[ExampleSpec, ...] = ()
    #: Results of ``examples`` (same order), once run at ``env-updated``; None before.
    results: tuple[ExampleResult, ...] | None = None
    #: The page shows what other pages compare (a summary, a coverage table, an ``:apidiff:``
    #: link): it is written again whenever any page was read or removed.
    depends_on_project: bool = False


class ApiDiffDomain(Domain):
    """Holds ``{"docs": {docname: DocRecord}}``; no directives or roles of its own."""

    name = "apidiff"
    label = "API comparisons"
    initial_data: dict[str, Any] = {"docs": {}}  # noqa: RUF012 (Domain's own ClassVar)
    #: bump when DocRecord or its nodes change (5: the comparisons live in the comparisons files)
    data_version = 5

    @property
    def docs(self) -> dict[str, DocRecord]:
        return self.data["docs"]

    @property
    def derived(self) -> dict[str, Any]:
        """What was computed from the records (:func:`from_records`), until one changes; never
        pickled (the domain is not)."""
        return self.__dict__.setdefault("_derived", {})

    def clear_doc(self, docname: str) -> None:
        self.derived.clear()
        if self.docs.pop(docname, None) is not None:
            remove_comparisons(self.env, docname)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        self.derived.clear()
        for docname in docnames:
            if docname in otherdata["docs"]:
                self.docs[docname] = otherdata["docs"][docname]

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: Element,
    ) -> list[tuple[str, Element]]:
        """No objects of its own to link to (``:apidiff:`` resolves on its own): nothing here
        for a link that names no role (MyST asks every domain, and warns about a domain that
        does not answer)."""
        return []


def _domain(env: BuildEnvironment) -> ApiDiffDomain:
    return env.get_domain(ApiDiffDomain.name)  # type: ignore[return-value]


def _docs(env: BuildEnvironment) -> dict[str, DocRecord]:
    return _domain(env).docs


def _update(env: BuildEnvironment, docname: str, **changes: Any) -> DocRecord:
    _domain(env).derived.clear()
    docs = _docs(env)
    record = dataclasses.replace(docs.get(docname) or DocRecord(docname), **changes)
    docs[docname] = record
    return record


# ----------------------------------------------------------------------------- reading


def doc_record(env: BuildEnvironment, docname: str) -> DocRecord:
    """The record of ``docname`` (an empty one if the page contributes nothing)."""
    return _docs(env).get(docname) or DocRecord(docname)


def all_records(env: BuildEnvironment) -> dict[str, DocRecord]:
    """Every page that contributes something, sorted by docname."""
    docs = _docs(env)
    return {docname: docs[docname] for docname in sorted(docs)}


def from_records(env: BuildEnvironment, key: str, compute: Callable[[], T]) -> T:
    """``compute()``, once until a record changes (a page read, purged or merged, its examples'
    results added): what the project-wide views compute from every record."""
    derived = _domain(env).derived
    if key not in derived:
        derived[key] = compute()
    return derived[key]


def example_status(env: BuildEnvironment, docname: str) -> dict[str, int]:
    """How many of the page's examples ended in each status (every :class:`Status` value is a
    key); all zero before the examples ran. Examples finish during the write phase: a caller that
    reads other pages' statuses calls :func:`~sphinx_apidiff.sphinxext.examples.runs.settle_examples` first (as
    ``export_pairs`` does)."""
    counts = {status.value: 0 for status in Status}
    for result in doc_record(env, docname).results or ():
        counts[result.status.value] += 1
    return counts


# ----------------------------------------------------------------------------- writing


def add_pair(
    env: BuildEnvironment,
    left,
    right,
    comparison,
    category: str | None,
    line: int,
    *,
    notes: Iterable[NoteRef] = (),
    one_side: dict[str, Any] | None = None,
    **fields: Any,
) -> PairRecord:
    """Record one comparison of ``env.docname`` (``left``/``right``: the directive's sides).

    A page with one side (``apidiff-one``) passes its data as ``one_side`` (kept as its
    comparison) and its :class:`PairRecord` fields (``status``...) as ``fields``."""
    pair = PairRecord(
        left=left.path,
        right=right.path,
        left_label=left.label,
        right_label=right.label,
        category=category or (comparison.category if comparison else None),
        kinds=dict(comparison.kinds) if comparison else {},
        changed=len(comparison.changed_rows) if comparison else None,
        read=comparison is not None or (one_side is not None and left.api is not None),
        line=line,
        versions={
            # a side from the snapshot: its library is not installed (None), so the page is
            # read again, live, once it is
            side.api.package: side.api.version if side.api.source != "snapshot" else None
            for side in (left, right)
            if side.api is not None and side.api.source != "explicit"
        },
        sources={
            "left": left.api.source if left.api is not None else None,
            "right": right.api.source if right.api is not None else None,
        },
        version_origins={
            side.api.package: version_origin(side.api.package)
            for side in (left, right)
            if side.api is not None and side.api.source not in ("explicit", "snapshot")
        },
        notes=tuple(notes),
        **fields,
    )
    # the full comparison goes beside the doctree, not into the environment
    keep_comparison(env, comparison.to_dict() if comparison is not None else one_side)
    _update(env, env.docname, pairs=(*doc_record(env, env.docname).pairs, pair))
    return pair


def set_examples(env: BuildEnvironment, docname: str, examples: Iterable[ExampleSpec]) -> None:
    """The page's examples, in page order (read phase); clears their results."""
    examples = tuple(examples)
    if examples or docname in _docs(env):
        _update(env, docname, examples=examples, results=None)


def set_results(env: BuildEnvironment, docname: str, results: Iterable[ExampleResult]) -> None:
    """The results of the page's examples (main process, ``env-updated``)."""
    _update(env, docname, results=tuple(results))


def depends_on_project(env: BuildEnvironment, docname: str) -> None:
    """``docname`` shows what other pages compare: write it again when any page changes."""
    _update(env, docname, depends_on_project=True)


# --------------------------------------------------------------------------- staleness


def _installed(package: str) -> str | None:
    try:
        return package_version(package)
    except (metadata.PackageNotFoundError, ValueError):
        return None


def _version_changed(package: str, recorded: str | None, origin: str | None) -> bool:
    """Whether ``package``'s version is not ``recorded`` any more.

    A version from installed metadata is looked up again. One from ``__version__`` alone (a
    local package without metadata) is known only once the package is imported, and this check
    runs before any page is read, so it imports nothing (that would run library code to decide
    staleness): the package counts as unchanged unless it is imported already or now has
    metadata. Such a page is read again when it changes, or with ``-E``.
    """
    now = _installed(package)
    if origin == "module" and now is None and package not in sys.modules:
        return False
    return now != recorded


def _get_outdated(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose libraries changed version since they were read, pages whose examples have
    no results (the last build stopped before running them), and pages whose comparisons file
    is gone (:mod:`.comparisons`)."""
    outdated = []
    for docname, record in all_records(env).items():
        if docname in changed or docname in removed:
            continue
        versions = {
            pkg: (version, pair.version_origins.get(pkg))
            for pair in record.pairs
            for pkg, version in pair.versions.items()
        }
        upgraded = any(_version_changed(pkg, *known) for pkg, known in versions.items())
        unrun = record.examples and record.results is None
        if upgraded or unrun or (record.pairs and _comparisons_lost(env, docname, record)):
            outdated.append(docname)
    return outdated


def _comparisons_lost(env: BuildEnvironment, docname: str, record: DocRecord) -> bool:
    damage = comparisons_damage(env, docname, len(record.pairs))
    if damage not in (None, GONE):  # gone: read again quietly, as before
        logger.info(
            f"[apidiff] the comparisons file of {docname!r} ({comparison_path(env, docname)}) "
            f"is damaged ({damage}): the page is read again"
        )
    return damage is not None


def setup_records(app: Sphinx) -> None:
    app.add_domain(ApiDiffDomain)
    app.connect("env-get-outdated", _get_outdated)
