"""Signature snapshots in a build: where each side's signature comes from, and drift.

A side is read live (imported), else from its source on disk (static reading, also for the
packages in ``apidiff_static``), else from its entry in ``apidiff_signature_snapshot``; with
none of them the directive's own warning and placeholder follow. A side read live that differs
from its entry is warning ``apidiff.drift``, in words; so is a pair that differed when it was
recorded and is identical now. An entry of the installed release that was recorded live (imported)
stands in for a reading of the same release from source or stubs here (its import fails): the two
readings are no drift, and the live one is the better. The snapshot file is read once a build (``builder-inited``);
one that cannot be read is warning ``apidiff.snapshot`` at its line, the build goes on without
it and nothing overwrites it (:mod:`.load`).

The writing side (``apidiff_update_snapshot``, ``sphinx-apidiff snapshot``) is in
:mod:`.update`.
"""

from __future__ import annotations

import dataclasses

from sphinx.environment import BuildEnvironment

from ...api import Api, ApiDiffError, in_packages
from ...comparison import Comparison, compare_apis
from ...drift import describe_drift, entry_is_better
from ...introspect import ImportFailed, NoSource, read_api
from ...snapshot import RECORDED_SOURCES
from ..config import ApiDiffConfig
from ..warnings import Warn
from .load import loaded

__all__ = [
    "REFRESH",
    "check_became_identical",
    "read_side_api",
]

#: How a reader is told to refresh the snapshot.
REFRESH = "refresh it with 'sphinx-apidiff snapshot DOCS_DIR'"


def read_side_api(
    directive, config: ApiDiffConfig, path: str, label: str, text: str | None, role: str
) -> Api:
    """One side's :class:`Api`: live, static, or the snapshot's entry; warns about drift.

    The snapshot is used when the library cannot be read here at all (its import fails and
    its source is not on disk), and in place of a reading from source or stubs when its entry
    was recorded live from the installed release (:func:`~sphinx_apidiff.drift.entry_is_better`);
    a library that is installed and lacks the path is an error,
    whatever the snapshot recorded. Raises :class:`ApiDiffError` when no source has it (the
    message says the snapshot has no entry either).
    """
    env: BuildEnvironment = directive.env
    snap = loaded(env)
    entry = snap.snapshot.get(path) if text is None else None
    try:
        api = read_api(path, label=label, signature=text, static=in_packages(path, config.static))
    except (ImportFailed, NoSource) as exc:  # the library cannot be read here at all
        if text is not None or snap.path is None:
            raise
        if entry is None:
            raise ApiDiffError(f"{exc}; and no entry in the snapshot {snap.path.name}") from None
        env.note_dependency(snap.path)  # a refreshed snapshot reads the page again
        return entry.to_api(label)
    except ApiDiffError as exc:
        if entry is None:
            raise
        # the library is here and no longer has it: the old entry must not hide that
        raise ApiDiffError(
            f"{exc} (its snapshot entry, recorded from {entry.release}, is not used: "
            f"{entry.package} is installed here)"
        ) from None
    if entry is not None and api.source in RECORDED_SOURCES:
        env.note_dependency(snap.path)
        if entry_is_better(entry, api):
            # same release, recorded live: the better reading (an update keeps it, too)
            recorded = entry.to_api(label)
            why = tuple(n for n in api.notes if n.startswith("not imported"))
            return dataclasses.replace(recorded, notes=(*recorded.notes, *why))
    if entry is not None and api.source in RECORDED_SOURCES and not config.update_snapshot:
        words = describe_drift(entry, api)
        if words:
            directive.warn_at(
                Warn.DRIFT,
                f"apidiff {role} side: {path} changed since its snapshot entry "
                f"({words[0]}): {'; '.join(words[1:])}; review the page's notes, then {REFRESH}",
            )
    return api


def check_became_identical(
    directive, config: ApiDiffConfig, comparison: Comparison, renames, ignore, private=False
) -> None:
    """Warn when both sides were recorded different and are identical now (live)."""
    if comparison.category != "identical" or config.update_snapshot:
        return
    snapshot = loaded(directive.env).snapshot
    left, right = comparison.left, comparison.right
    if left.source not in RECORDED_SOURCES or right.source not in RECORDED_SOURCES:
        return
    old_left, old_right = snapshot.get(left.path), snapshot.get(right.path)
    if old_left is None or old_right is None:
        return
    try:
        before = compare_apis(
            old_left.to_api(left.label),
            old_right.to_api(right.label),
            rename=renames,
            ignore=ignore,
            precedence=config.category_precedence,
            type_equivalents=config.type_equivalents,
            private_parameters=private,
            perspective=comparison.perspective,
            keyword_calls=comparison.keyword_calls,
        )
    except ApiDiffError:
        return
    if before.category != "identical":
        changed = len(before.changed_rows)
        directive.warn_at(
            Warn.DRIFT,
            f"apidiff: {left.path} and {right.path} are identical now; when recorded "
            f"({before.category}) they had {changed} "
            f"difference{'s' if changed != 1 else ''}: the page may be retired, or {REFRESH}",
        )
