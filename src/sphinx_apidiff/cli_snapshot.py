"""``sphinx-apidiff snapshot DOCS_DIR``: write the signature snapshot a project's pages use.

The command reads every page with Sphinx (``dummy`` builder, examples not run, nothing laid out
or written, in a temporary folder) and writes the snapshot its configuration names, through
:mod:`sphinx_apidiff.sphinxext.snapshots.update`. Sphinx is imported only when it runs.
"""

from __future__ import annotations

import io
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from .snapshot import holds, write_snapshot

__all__ = ["run_snapshot_command"]


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
    from sphinx.application import Sphinx
    from sphinx.errors import SphinxError
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    from .sphinxext.snapshots.load import loaded
    from .sphinxext.snapshots.update import read_records, report, updated_snapshot

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
    # as sphinx-build does: directives and roles the project registers stay inside this build
    # (a second run in the same process, a test, starts clean)
    with (
        patch_docutils(str(docs)),
        docutils_namespace(),
        tempfile.TemporaryDirectory(prefix="apidiff-snapshot-") as tmp,
    ):
        try:
            app = Sphinx(
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
            read_records(app)
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
