"""Every warning sphinx-apidiff emits: type ``apidiff`` and one subtype from :class:`Warn`.

``suppress_warnings = ["apidiff.undocumented"]`` silences one subtype; ``-W`` fails on any.
"""

from __future__ import annotations

import enum
import os
from typing import Any

from sphinx.util import logging

__all__ = ["Warn", "file_location", "logger", "warn"]

logger = logging.getLogger("sphinx_apidiff")


class Warn(enum.Enum):
    """Warning subtypes; each member documents itself (the docs list them from here)."""

    def __new__(cls, value: str, doc: str) -> Warn:
        member = object.__new__(cls)
        member._value_ = value
        member.doc = doc  # type: ignore[attr-defined]
        return member

    DIRECTIVE = (
        "directive",
        "A directive is written wrongly: wrong number of arguments, an unknown option, an "
        "option value that is malformed, an option written after the blank line that starts "
        "the content, a directive used where it cannot work, or one half of an example in "
        "two halves (``:side:``) without its other half.",
    )
    IMPORT = (
        "import",
        "A dotted path cannot be imported or read, or no signature can be obtained for it "
        "from any source. The page still renders what it can.",
    )
    SIGNATURE = (
        "signature",
        "Explicit signature text (an option or ``apidiff_signatures``) cannot be parsed.",
    )
    RENAME = (
        "rename",
        "A ``rename`` or ``ignore`` entry names a parameter that neither side has.",
    )
    NOTE = (
        "note",
        "An ``apidiff-note`` outside ``apidiff``, naming a parameter neither side has, "
        "written twice for the same parameter, or declaring a key of ``**kwargs`` "
        "(``:kwargs:``) for a side without ``**kwargs`` or with a parameter of that name.",
    )
    UNDOCUMENTED = (
        "undocumented",
        "A difference that no ``apidiff-note`` covers (see ``apidiff_undocumented``).",
    )
    PLACEHOLDER = (
        "placeholder",
        "An ``apidiff-note`` still holds the placeholder ``sphinx-apidiff new`` wrote (a "
        "paragraph that begins with ``TODO:``, ``待补充：`` in Chinese), or an "
        "``apidiff-example`` its placeholder comment (``# TODO: ...``): the note or example "
        "is still to be written, and ``apidiff.json`` does not count such a note as the "
        "author's.",
    )
    TEMPLATE = (
        "template",
        "A page template cannot be found, or raises while rendering.",
    )
    CONFIG = (
        "config",
        "A configuration value has the wrong type or an unknown choice (located at its line "
        "in ``conf.py``); its default is used. Also: the :confval:`apidiff_export` file "
        "cannot be written (the build goes on without it).",
    )
    REFERENCE = (
        "reference",
        "An ``apidiff_reference_urls`` entry is not a URL template whose placeholders are "
        "those of :ref:`reference-urls` (``{path}``, ``{name}``...); that entry is left out.",
    )
    EXAMPLE = (
        "example",
        "An ``apidiff-example`` failed: it raised, timed out, crashed, did not raise what "
        "``:raises:`` says, or its ``:compare:`` values disagree.",
    )
    COVERAGE = (
        "coverage",
        "A coverage note (:confval:`apidiff_coverage_notes`) cannot be used: the file is "
        "missing, unreadable or not valid CSV, JSON or TOML, a note is malformed or written "
        "twice (with the file and line), or a note names an API that the module an "
        "``apidiff-coverage`` lists does not have (at the directive). The build goes on "
        "without that note.",
    )
    UNCOMPARED = (
        "uncompared",
        "An ``:apidiff:`` link names an API that no page of the project compares; it is shown "
        "as plain code.",
    )

    DRIFT = (
        "drift",
        "A signature read from its library differs from its entry in the signature snapshot "
        "(what changed, in words, and the versions), or a pair that differed when it was "
        "recorded is identical now (its page may be retired). Refresh the snapshot with "
        "``sphinx-apidiff snapshot``.",
    )
    SNAPSHOT = (
        "snapshot",
        "The signature snapshot file cannot be used: it is not valid JSON, an entry is "
        "malformed or a key is written twice (all with the file and line), it is nested too "
        "deeply to read, or it was written by a newer "
        "sphinx-apidiff. The build goes on without it, and never overwrites it.",
    )

    RELEASE = (
        "release",
        "An ``apidiff-overview`` cannot be built: a release cannot be found, fetched (the "
        "package index cannot be reached, or :confval:`apidiff_release_fetch` is off) or "
        "read (a file that is not a wheel or sdist, a git ref that does not exist, a module "
        "the release lacks), and no overview snapshot stands in; or an overview snapshot "
        "cannot be read or written. The page shows a placeholder in its place.",
    )

    @property
    def qualified(self) -> str:
        return f"apidiff.{self.value}"


def file_location(path: str | os.PathLike[str] | None, line: int | None = None) -> str | None:
    """Where a warning points in a file that is not a document (``conf.py``, the signature
    snapshot, an example's source): ``path:line``, ``path:`` without a line, as Sphinx writes
    a node's location. A document's location is ``(docname, line)`` or a node."""
    if path is None:
        return f"<unknown>:{line}" if line else None
    return f"{os.fspath(path)}:{line}" if line else f"{os.fspath(path)}:"


def warn(subtype: Warn, message: str, location: Any, **kwargs: Any) -> None:
    """Emit ``message`` as a located warning of type ``apidiff``."""
    logger.warning(message, type="apidiff", subtype=subtype.value, location=location, **kwargs)
