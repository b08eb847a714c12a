"""What a page records of one comparison: :class:`PairRecord` and its :class:`NoteRef` notes.

The ``apidiff`` directive makes one :class:`PairRecord` per comparison (kept in the build's
state, :mod:`sphinx_apidiff.sphinxext.state`); the project-wide views read the same record,
composed with where it is (:class:`sphinx_apidiff.concepts.Entry`: its page, its order there,
its examples' status) and, for the export, with its URL and full comparison
(:class:`sphinx_apidiff.export.ExportPair`). Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["NoteRef", "PairRecord"]


@dataclass(frozen=True)
class NoteRef:
    """A usage note of a pair: its anchor and the parameters it is about (none: a general
    note)."""

    #: Its label (``:ref:`` target and HTML id), as in :attr:`PairRecord.note_anchors`.
    anchor: str
    #: The parameter names it is about; () for a general note.
    names: tuple[str, ...] = ()
    #: A generated "no note yet" placeholder rather than the author's note.
    generated: bool = False
    #: The author's note still holds the placeholder ``sphinx-apidiff new`` wrote.
    placeholder: bool = False

    @property
    def by_author(self) -> bool:
        """The author's own words: neither generated nor a placeholder left as written."""
        return not (self.generated or self.placeholder)


@dataclass(frozen=True)
class PairRecord:
    """One ``apidiff`` directive: what was compared, and what came of it."""

    #: Dotted paths as the author wrote them (``"?"`` when missing).
    left: str
    right: str
    left_label: str
    right_label: str
    #: The ``:category:`` option, else the computed category; None if a side was not read.
    category: str | None = None
    #: Kind of difference -> how many rows (empty if a side was not read).
    kinds: dict[str, int] = field(default_factory=dict)
    #: Number of changed rows; None if a side was not read.
    changed: int | None = None
    #: True if both sides were read and compared.
    read: bool = False
    #: Line of the directive in its page.
    line: int | None = None
    #: Package -> installed version, for the sides read from a library (staleness).
    versions: dict[str, str | None] = field(default_factory=dict)
    #: ``{"left": ..., "right": ...}``: where each signature came from (``runtime``, ``stub``,
    #: ``schema``, ``docstring``, ``explicit``), None for a side that was not read.
    sources: dict[str, str | None] = field(default_factory=dict)
    #: Package -> where its version in ``versions`` came from (``version_origin``).
    version_origins: dict[str, str | None] = field(default_factory=dict)
    #: The pair's notes in page order, generated "no note yet" notes included, each with
    #: its label (``:ref:`` target and HTML id) and the parameters it is about.
    notes: tuple[NoteRef, ...] = ()
    #: A page with one side (``apidiff-one``): ``missing``, ``removable`` or ``composite``
    #: (:data:`sphinx_apidiff.onesided.STATUSES`); ``right`` is then ``""`` and
    #: ``right_label`` the target framework's label. None for a comparison of two APIs.
    status: str | None = None
    #: The APIs that replace ``left`` (a ``composite`` status), in the author's order.
    replacements: tuple[str, ...] = ()
    #: The target framework's package when the page names one (a one-sided page), else None.
    target: str | None = None

    @property
    def note_anchors(self) -> tuple[str, ...]:
        """The labels of :attr:`notes`, in page order."""
        return tuple(note.anchor for note in self.notes)

    def sides(self) -> tuple[tuple[str, str], ...]:
        """``((path, label), (path, label))``, left then right; for a page with one side, the
        left then each replacement (with the target's label)."""
        if self.status is not None:
            replaced = ((path, self.right_label) for path in self.replacements)
            return ((self.left, self.left_label), *replaced)
        return ((self.left, self.left_label), (self.right, self.right_label))

    @property
    def right_package(self) -> str | None:
        """The right side's framework (top-level package): the target of a page with one side
        (None when it names none)."""
        if self.status is not None:
            return self.target
        return self.right.split(".", 1)[0]
