"""Each page's full comparisons, kept beside its doctree rather than in the environment.

A comparison as JSON (:meth:`Comparison.to_dict`, the shape of ``sphinx-apidiff diff
--json``) is the largest thing a page contributes, and only the export and the snapshot update
read it. In the environment it would travel in every pickle a parallel build sends from a
worker to the main process (each worker sends the whole environment, every page merged so far
included), and stay in memory all build long. So the directive hands it to this module; once
the page is read (``doctree-read``, in the worker that read it, as Sphinx writes the page's
doctree) it is written to ``<doctreedir>/apidiff-comparisons/<docname>.json``: one list per
page in the order of :attr:`DocRecord.pairs`, ``null`` for a pair whose sides were not both
read.

The file belongs to the page's record: it is removed when the page is purged and written again
when the page is read again; a page whose file went missing or was damaged is read again
(``env-get-outdated``, :func:`comparisons_damage`).
Readers load one page at a time (:func:`page_comparisons`).
"""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...files import atomic_write_text

__all__ = [
    "GONE",
    "comparison_path",
    "comparisons_damage",
    "keep_comparison",
    "page_comparisons",
    "remove_comparisons",
    "setup_comparisons",
]

FOLDER = "apidiff-comparisons"
#: What :func:`comparisons_damage` says of a file that is not there (removed, never written).
GONE = "it is gone"
_PENDING = "apidiff_comparisons"  # env.temp_data key: this page's comparisons, in page order


def comparison_path(env: BuildEnvironment, docname: str) -> str:
    return os.path.join(str(env.doctreedir), FOLDER, f"{docname}.json")


def keep_comparison(env: BuildEnvironment, data: dict[str, Any] | None) -> None:
    """The next comparison of the page being read (``None``: its sides were not both read)."""
    env.temp_data.setdefault(_PENDING, []).append(data)


def _write(app: Sphinx, doctree: nodes.document) -> None:
    env = app.env
    pending = env.temp_data.pop(_PENDING, None)
    path = comparison_path(env, env.docname)
    if not pending:
        remove_comparisons(env, env.docname)
        return
    # a reader never sees half a file; not flushed to disk: a cache, made again when lost
    text = json.dumps(pending, ensure_ascii=False, separators=(",", ":"))
    atomic_write_text(path, text, durable=False)


def remove_comparisons(env: BuildEnvironment, docname: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.remove(comparison_path(env, docname))


def comparisons_damage(env: BuildEnvironment, docname: str, count: int) -> str | None:
    """Why the page's file cannot give its ``count`` comparisons (gone, not JSON, not a list of
    ``count`` objects or nulls: changed by hand since the page was read), or ``None``."""
    try:
        with open(comparison_path(env, docname), encoding="utf-8") as f:
            found = json.load(f)
    except FileNotFoundError:
        return GONE
    except (OSError, ValueError) as exc:
        return f"it cannot be read as JSON: {exc}"
    if not isinstance(found, list) or len(found) != count:
        return f"it does not hold a list of {count} comparison(s)"
    if not all(item is None or isinstance(item, dict) for item in found):
        return "an entry is neither a comparison nor null"
    return None


def page_comparisons(env: BuildEnvironment, docname: str, count: int) -> list[Any]:
    """The page's ``count`` comparisons in page order; ``None`` for each one the file does not
    hold (a pair not read, or a file gone or damaged since the page was read)."""
    try:
        with open(comparison_path(env, docname), encoding="utf-8") as f:
            found = json.load(f)
    except (OSError, ValueError):
        found = []
    if not isinstance(found, list):
        found = []
    return [found[i] if i < len(found) else None for i in range(count)]


def setup_comparisons(app: Sphinx) -> None:
    # late: after every directive of the page ran, whatever other extensions do at doctree-read
    app.connect("doctree-read", _write, priority=900)
