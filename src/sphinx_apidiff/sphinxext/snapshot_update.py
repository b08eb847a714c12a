"""Writing the signature snapshot from a build: ``apidiff_update_snapshot`` and the
``sphinx-apidiff snapshot`` command.

The signatures come from the per-document records (:mod:`.state`): each pair's comparison JSON
holds both sides as read, with the source they came from. Only what was read from a library is
recorded (``runtime``, ``docstring``, ``stub``, ``schema``, ``static``); a side given as explicit text, or
that came from the snapshot itself (its library is not installed here), keeps its entry as it
was. Entries that no page uses are reported, and left out with ``prune``.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from ..api import ApiDiffError, in_packages
from ..introspect import read_api
from ..signature import Signature, SignatureSyntaxError, parse_signature
from ..snapshot import RECORDED_SOURCES, Entry, Snapshot, entry_from_api, holds, write_snapshot
from .comparison_files import page_comparisons
from .config import _conf_location
from .snapshots import loaded, location
from .state import all_records
from .warnings import Warn, warn

__all__ = ["Update", "collect", "update_from_build"]

logger = logging.getLogger("sphinx_apidiff")


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
        where = _conf_location(app, "apidiff_update_snapshot")
        if where is not None and where.line is None:  # set with -D: conf.py all the same
            where.line = 1
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
            location(broken.filename or str(state.path), broken.line or 1),
        )
        return None
    entries, used = collect(app.env, app.config.apidiff_snapshot_packages)
    snapshot, unused = state.snapshot.updated(entries.values(), used, prune=prune)
    kept = sorted(p for p in used if p not in entries and snapshot.get(p) is not None)
    return Update(state.path, snapshot, sorted(entries), kept, unused)


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
    if exception is not None or not app.config.apidiff_update_snapshot:
        return
    if loaded(app.env).record_only:  # run_snapshot_command writes the file itself
        return
    update = updated_snapshot(app)
    if update is None:
        return
    update.written = write_snapshot(update.path, update.snapshot)
    for line in report(update, prune=False, status="written" if update.written else "unchanged"):
        logger.info(line)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _WarningGate(io.TextIOBase):
    """Sphinx's warning stream for the command: held back until the command knows it goes on
    (a problem it reports itself as one error line is not also a WARNING), and without colour
    codes unless ``out`` is a terminal."""

    def __init__(self, out: TextIO) -> None:
        super().__init__()
        self.out = out
        self.held: list[str] = []
        self.open = False
        self.colour = _is_terminal(out) and not os.environ.get("NO_COLOR")

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        shown = text if self.colour else _ANSI.sub("", text)
        if self.open:
            self.out.write(shown)
        else:
            self.held.append(shown)
        return len(text)

    def release(self) -> None:
        """Pass on what was held, and everything from now on."""
        self.open = True
        self.out.write("".join(self.held))
        self.held.clear()


#: Where a traceback in Sphinx's message (an error in ``conf.py``) points into the user's file.
_USER_FRAME = re.compile(r'File "([^"]+)", line (\d+)')


def _one_line(exc: Exception) -> str:
    """Sphinx's message in one line: an error in ``conf.py`` comes with its traceback; keep
    what it says, the exception and where in the file (``conf.py:2: ZeroDivisionError``)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    if len(lines) <= 1:
        return lines[0] if lines else type(exc).__name__
    frames = [m for line in lines if (m := _USER_FRAME.search(line))]
    where = f"{frames[-1][1]}:{frames[-1][2]}: " if frames else ""
    return f"{lines[0].rstrip(':')}: {where}{lines[-1]}"


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def run_snapshot_command(
    docs_dir: str, *, prune: bool = False, check: bool = False, jobs: int = 1, out=None, err=None
) -> int:
    """``sphinx-apidiff snapshot DOCS_DIR``: read every page (``dummy`` builder, examples not
    run, nothing laid out or written, in a temporary folder) and write the snapshot its
    configuration names.

    Exit status: 0 written or unchanged; 1 with ``check`` when the file is not up to date;
    2 when it cannot be made (no ``conf.py``, no ``apidiff_signature_snapshot``, a broken file),
    with one error line. The pages' warnings go to ``err``, in colour only on a terminal.
    """
    import sys
    import tempfile

    from sphinx.application import Sphinx as SphinxApp
    from sphinx.errors import SphinxError

    out = out or sys.stdout
    err = err or sys.stderr
    docs = Path(docs_dir).resolve()

    def error(message: str) -> int:
        print(f"sphinx-apidiff: error: {message}", file=err)
        return 2

    if not (docs / "conf.py").is_file():
        return error(f"no conf.py in {docs_dir}")
    conf = Path(docs_dir) / "conf.py"
    overrides = {"apidiff_update_snapshot": True, "apidiff_execution_mode": "off"}
    warnings = _WarningGate(err)
    with tempfile.TemporaryDirectory(prefix="apidiff-snapshot-") as tmp:
        try:
            app = SphinxApp(
                str(docs),
                str(docs),
                str(Path(tmp) / "out"),
                str(Path(tmp) / "doctrees"),
                "dummy",
                confoverrides=overrides,
                status=None,
                warning=warnings,
                freshenv=True,
                parallel=jobs,
            )
            if "sphinx_apidiff" not in app.extensions:
                return error(f"{conf} does not use sphinx_apidiff: add it to extensions")
            state = loaded(app.env)
            if state.path is None:
                warnings.release()  # an invalid value says why it is empty
                return error(
                    f"no signature snapshot configured: set apidiff_signature_snapshot in "
                    f'{conf}, e.g. apidiff_signature_snapshot = "apidiff-signatures.json"'
                )
            if state.broken is not None:
                return error(f"{state.broken}; the file is left as it is (fix it, or delete it)")
            warnings.release()
            state.record_only = True
            app.builder.read()  # the records are made while reading: nothing is written
        except SphinxError as exc:
            warnings.release()
            return error(f"building {docs_dir}: {_one_line(exc)}")
        update = updated_snapshot(app, prune=prune)
    if update is None:  # pragma: no cover - both reasons are checked above
        return 2
    if check:
        fresh = holds(update.path, update.snapshot)
        status = "up to date" if fresh else "not up to date (run without --check to write it)"
        for line in report(update, prune=prune, status=status):
            print(line, file=out)
        return 0 if fresh else 1
    update.written = write_snapshot(update.path, update.snapshot)
    status = "written" if update.written else "unchanged"
    for line in report(update, prune=prune, status=status):
        print(line, file=out)
    return 0
