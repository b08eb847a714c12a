"""Writing the signature snapshot from a build: ``apidiff_update_snapshot``, and what the
``sphinx-apidiff snapshot`` command (:mod:`sphinx_apidiff.cli_snapshot`) asks of a build.

The signatures come from the per-document records (:mod:`~sphinx_apidiff.sphinxext.state.records`): each pair's comparison JSON
holds both sides as read, with the source they came from. Only what was read from a library is
recorded (``runtime``, ``docstring``, ``stub``, ``schema``, ``static``); a side given as explicit text, or
that came from the snapshot itself (its library is not installed here), keeps its entry as it
was. Entries that no page uses are reported, and left out with ``prune``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...api import ApiDiffError, in_packages
from ...introspect import read_api
from ...signature import Signature, SignatureSyntaxError, parse_signature
from ...snapshot import RECORDED_SOURCES, Entry, Snapshot, entry_from_api, write_snapshot
from ..config import conf_location, get_config
from ..state.build import build_state
from ..state.comparisons import page_comparisons
from ..state.records import all_records
from ..warnings import Warn, file_location, logger, warn
from .load import loaded

__all__ = ["Update", "collect", "read_records", "update_from_build", "updated_snapshot"]


@dataclass
class Update:
    """What a build contributes to the snapshot, and what came of it."""

    path: Path
    snapshot: Snapshot
    #: Paths recorded from a library in this build.
    recorded: list[str] = field(default_factory=list)
    #: Paths the pages use that were not read from a library here (kept as they were).
    kept: list[str] = field(default_factory=list)
    #: Entries no page uses (left out when pruned).
    unused: list[str] = field(default_factory=list)
    written: bool = False


def _entry(side: dict, compared: int, not_compared: list[str]) -> Entry:
    """The entry of one side of a pair's comparison JSON."""
    others = iter(not_compared)
    overloads = []
    for index in range(len(side["overloads"])):
        if index == compared:
            overloads.append(Signature.from_dict(side))
        else:
            overloads.append(parse_signature(next(others), optional_unknown=False))
    package = side["path"].split(".", 1)[0]
    return Entry(
        side["path"], package, side["version"], side["source"], side["kind"], tuple(overloads)
    )


def _read_again(path: str, label: str, source: str) -> Entry | None:
    """A side without comparison JSON, or whose overloads' text cannot be parsed back: ask
    the library again (the read is memoised: in a serial build it costs nothing)."""
    try:
        api = read_api(path, label=label, static=source == "static")
    except ApiDiffError:
        return None
    if api.source not in RECORDED_SOURCES:
        return None
    return entry_from_api(api)


def collect(
    env: BuildEnvironment, packages: list[str] | None = None
) -> tuple[dict[str, Entry], set[str]]:
    """The entries the pages read from a library, by path, and every path the pages use
    (only in ``packages``, when given: ``apidiff_snapshot_packages``)."""
    packages = packages or []
    entries: dict[str, Entry] = {}
    used: set[str] = set()
    for docname, record in all_records(env).items():
        comparisons = None  # the page's comparisons file, read when first needed
        for position, pair in enumerate(record.pairs):
            for role in ("left", "right"):
                path = getattr(pair, role)
                if path in ("?", "") or (packages and not in_packages(path, packages)):
                    continue
                used.add(path)
                source = pair.sources.get(role)
                if source not in RECORDED_SOURCES or path in entries:
                    continue
                label = getattr(pair, f"{role}_label")
                if comparisons is None:
                    comparisons = page_comparisons(env, docname, len(record.pairs))
                data = comparisons[position]
                if data is None or role not in data:  # no comparison JSON (one side only)
                    entry = _read_again(path, label, source)
                    if entry is not None:
                        entries[path] = entry
                    continue
                side = data[role]
                if "member" in side:  # not a call: a snapshot entry is a signature
                    continue
                overloads = data.get("overloads", {})
                try:
                    entry = _entry(
                        side,
                        overloads.get(f"{role}_compared", 0),
                        overloads.get(f"{role}_not_compared", []),
                    )
                except (SignatureSyntaxError, ValueError, KeyError, StopIteration):
                    entry = _read_again(path, label, source)
                if entry is not None:
                    entries[path] = entry
    return entries, used


def updated_snapshot(app: Sphinx, *, prune: bool = False) -> Update | None:
    """The snapshot this build makes (not written); None (with a warning) if it cannot."""
    state = loaded(app.env)
    if state.path is None:
        # set with -D: conf.py all the same
        where = conf_location(app, "apidiff_update_snapshot", line_if_unset=1)
        warn(
            Warn.CONFIG,
            "apidiff_update_snapshot needs apidiff_signature_snapshot (the file to write)",
            where,
        )
        return None
    if state.broken is not None:
        broken = state.broken
        warn(
            Warn.SNAPSHOT,
            f"signature snapshot not updated: {broken.message}; the file is left as it is",
            file_location(broken.filename or str(state.path), broken.line or 1),
        )
        return None
    entries, used = collect(app.env, get_config(app.env).snapshot_packages)
    snapshot, unused = state.snapshot.updated(entries.values(), used, prune=prune)
    kept = sorted(p for p in used if p not in entries and snapshot.get(p) is not None)
    return Update(state.path, snapshot, sorted(entries), kept, unused)


def read_records(app: Sphinx) -> None:
    """Read every page for its record only, nothing laid out or written: what
    :func:`updated_snapshot` needs (``sphinx-apidiff snapshot``)."""
    build_state(app.env).record_only = True
    app.builder.read()


def report(update: Update, *, prune: bool, status: str) -> list[str]:
    """Lines saying what an update did (``status``: written, unchanged, up to date ...)."""
    kept = f", {len(update.kept)} kept as recorded (not readable here)" if update.kept else ""
    lines = [f"{update.path.name}: {len(update.recorded)} signature(s) recorded{kept}: {status}"]
    lines.extend(f"  kept: {path}" for path in update.kept)
    verb = "pruned" if prune else "not used by any page (prune with --prune)"
    lines.extend(f"  {verb}: {path}" for path in update.unused)
    return lines


def update_from_build(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` with ``apidiff_update_snapshot``: write the snapshot."""
    if exception is not None or not get_config(app.env).update_snapshot:
        return
    if build_state(app.env).record_only:  # run_snapshot_command writes the file itself
        return
    update = updated_snapshot(app)
    if update is None:
        return
    update.written = write_snapshot(update.path, update.snapshot)
    for line in report(update, prune=False, status="written" if update.written else "unchanged"):
        logger.info(line)
