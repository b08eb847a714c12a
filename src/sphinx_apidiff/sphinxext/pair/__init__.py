"""The comparison page: the ``apidiff``, ``apidiff-note`` and ``apidiff-one`` directives and the
roles of its cards.

Read: the directive (:mod:`.directive`) reads both sides, compares them, renders the template's
context (:mod:`.context`) into nodes (:mod:`.rst`) with the author's notes (:mod:`.notes`), and
the transforms tidy the page (:mod:`.transforms`); before reading, the pages' renames teach
every other page (:mod:`.teach`) and a parallel read imports what they compare
(:mod:`.warm_up`). A page for one API with a stated status (``apidiff-one``) reads its side the
same way (:mod:`.one`); a side that is not a call gets its kind, type and value rows
(:mod:`.member_rows`). Resolved: the links to each API's own reference (:mod:`.xref`).
"""

from __future__ import annotations

from sphinx.application import Sphinx

from .directive import ApiDiffDirective, ApiDiffNoteDirective
from .notes import add_row_label_titles
from .one import ApiDiffOneDirective
from .teach import setup_teach
from .transforms import MoveAddedSections, add_break_opportunities
from .warm_up import setup_warm_up
from .xref import ApiRole, SeeMoreRole, drop_unresolved_see_more, quiet_missing_reference

__all__ = ["setup_pair"]


def setup_pair(app: Sphinx) -> None:
    app.add_directive("apidiff", ApiDiffDirective)
    app.add_directive("apidiff-note", ApiDiffNoteDirective)
    app.add_directive("apidiff-one", ApiDiffOneDirective)
    app.add_role("apidiff-api", ApiRole())
    app.add_role("apidiff-see-more", SeeMoreRole())
    setup_warm_up(app)
    setup_teach(app)
    app.connect("doctree-read", add_row_label_titles)
    app.add_transform(MoveAddedSections)
    # after intersphinx (priority 500): only what nothing else resolved becomes plain text
    app.connect("missing-reference", quiet_missing_reference, priority=900)
    app.connect("doctree-resolved", drop_unresolved_see_more)
    # after the project views (summary, coverage) have put their tables in
    app.connect("doctree-resolved", add_break_opportunities, priority=900)
