"""The ``apidiff-note`` directive, and the notes of one ``apidiff``.

While an ``apidiff``'s content is parsed, each ``apidiff-note`` in it registers itself in
``env.temp_data`` (:func:`collect_notes`); the directive then anchors them under one label prefix
(:func:`label_prefix`, :func:`author_notes`, which checks the names against both sides) and
generates a "no usage note yet" note for each changed row none covers (:func:`undocumented_notes`).

``:ref:`` to a note whose label is on a row of the table (the ``compact`` layout).

A label before a section gets the section's title as the text of a ``:ref:`` to it; a label on
a table cell's paragraph gets none, and ``:ref:`label``` without an explicit title would fail
("A title or caption not found"). The directive marks such a node with the note's title in
plain text (:data:`REF_TITLE`, and the label: docutils later moves a target's names to the node that
follows it); at ``doctree-read``, after Sphinx collected the page's labels,
each one still without a title gets it, so the same ``:ref:`` works in either layout.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from ...comparison.kwargs_keys import key_problem
from ...scaffold_marks import is_placeholder
from ..directive import LenientDirective
from ..i18n import _
from ..warnings import Warn, warn
from .context import NoteInfo
from .machines import nested_parse
from .rst import escape_rst, literal_rst

if TYPE_CHECKING:
    from sphinx.environment import BuildEnvironment

    from ...comparison import Comparison

__all__ = [
    "REF_LABEL",
    "REF_TITLE",
    "ApiDiffNoteDirective",
    "add_row_label_titles",
    "author_notes",
    "collect_notes",
    "kwargs_keys",
    "label_prefix",
    "mark_row_labels",
    "undocumented_notes",
]

_NOTES_KEY = "apidiff_notes"
_COUNT_KEY = "apidiff_count"
_IDENT = re.compile(r"^[A-Za-z_]\w*$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def _docname_slug(docname: str) -> str:
    """``docname`` in a label, unique in the project: as :func:`_slug`, but an underscore is
    kept, so that ``torch.Tensor.abs_`` and ``torch.Tensor.abs`` (two pages, as PyTorch has
    two functions) give two labels."""
    return re.sub(r"[^a-z0-9_]+", "-", docname.lower()).strip("-") or "x"


class ApiDiffNoteDirective(LenientDirective):
    """``.. apidiff-note:: padding`` (parameters) or ``.. apidiff-note:: Any title`` (general)."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    NAME = "apidiff-note"
    KNOWN: ClassVar = {"general": directives.flag, "kwargs": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        location = self.get_location()
        self.check_options()
        title = " ".join(self.arguments).strip()
        body = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, body)
        collecting = self.env.temp_data.get(_NOTES_KEY)
        if not title:
            warn(
                Warn.DIRECTIVE, "apidiff-note needs a title: parameter names or a heading", location
            )
            title = _("Note")
        words_ = title.split()
        general = "general" in self.options or not all(_IDENT.match(w) for w in words_)
        placeholder = any(is_placeholder(p.astext()) for p in body.findall(nodes.paragraph))
        if placeholder:
            warn(
                Warn.PLACEHOLDER,
                f"apidiff-note {title!r} still holds the placeholder that sphinx-apidiff new "
                "wrote: write the note in its place",
                location,
            )
        if collecting is None:
            warn(
                Warn.NOTE,
                "apidiff-note outside an apidiff directive: shown as a plain note",
                location,
            )
            rubric = nodes.rubric(title, title)
            self.set_source_info(rubric)
            return [rubric, *body.children]
        collecting.append(
            {
                "title": title,
                "names": () if general else tuple(words_),
                "general": general,
                "placeholder": placeholder,
                # the side(s) that take these names only as keys of **kwargs (``:kwargs:``)
                "kwargs": None if general else (self.options.get("kwargs") or "").strip() or None,
                "body": list(body.children),
                "location": (self.env.docname, self.lineno),
            }
        )
        return []


def collect_notes(directive: LenientDirective) -> tuple[list[dict], list[nodes.Node]]:
    """Parse an ``apidiff``'s content: notes are collected, other content kept in order."""
    temp = directive.env.temp_data
    if _NOTES_KEY in temp:
        directive.warn_at(Warn.DIRECTIVE, "apidiff inside apidiff is not supported")
    outer = temp.get(_NOTES_KEY)
    temp[_NOTES_KEY] = []
    try:
        body = nodes.container()
        nested_parse(directive.state, directive.content, directive.content_offset, body)
        notes = temp[_NOTES_KEY]
    finally:
        if outer is None:
            temp.pop(_NOTES_KEY, None)
        else:
            temp[_NOTES_KEY] = outer
    return notes, list(body.children)


def kwargs_keys(raw: list[dict]) -> dict[str, str]:
    """``{name: side}`` for the names of the notes that take ``:kwargs: SIDE``."""
    return {name: note["kwargs"] for note in raw if note.get("kwargs") for name in note["names"]}


def _kwargs_hint(comparison: Comparison) -> str:
    """How to say that a name is a key of a side's ``**kwargs``, where a side has one."""
    sides = [
        side
        for side, sig in (
            ("left", comparison.left_signature),
            ("right", comparison.right_signature),
        )
        if sig.var_keyword() is not None
    ]
    if not sides:
        return ""
    side = sides[0] if len(sides) == 1 else "both"
    return f"; a key of **kwargs takes :kwargs: {side}"


def label_prefix(env: BuildEnvironment, left: str) -> str:
    """The prefix of one ``apidiff``'s note anchors, unique in its document."""
    count = env.temp_data.get(_COUNT_KEY, {}).get(env.docname, 0) + 1
    env.temp_data.setdefault(_COUNT_KEY, {})[env.docname] = count
    prefix = f"apidiff-{_docname_slug(env.docname)}-{_slug(left.rsplit('.', 1)[-1])}"
    return prefix if count == 1 else f"{prefix}-{count}"


def author_notes(raw: list[dict], comparison: Comparison | None, prefix: str) -> list[NoteInfo]:
    """The author's notes, anchored and checked against both sides' parameters."""
    labels: dict[str, str] = {}  # parameter name -> how a reader writes it (**kwargs)
    if comparison is not None:
        for api in (comparison.left, comparison.right):
            for sig in api.overloads:
                labels.update({p.name: p.label for p in sig.parameters})
    # one note per row: x and its rename z (or the names of a group) count once
    seen: dict[object, tuple[str, int, int]] = {}
    notes: list[NoteInfo] = []
    for index, note in enumerate(raw, start=1):
        names = note["names"]
        location = note["location"]
        if names and comparison is not None:
            signatures = {"left": comparison.left_signature, "right": comparison.right_signature}
            declared = note.get("kwargs")
            for name in names:
                problem = key_problem(name, declared, signatures) if declared else None
                if problem:
                    warn(Warn.NOTE, f"apidiff-note {name} :kwargs: {declared}: {problem}", location)
                elif not declared and name not in labels:  # a declared key has a row
                    warn(
                        Warn.NOTE,
                        f"apidiff-note names {name!r}, which neither "
                        f"{comparison.left.path} nor {comparison.right.path} has "
                        f"(a general note takes the :general: flag{_kwargs_hint(comparison)})",
                        location,
                    )
                row = comparison.row_for(name)
                key = frozenset(row.names()) if row is not None else name
                if key in seen and seen[key][2] != index:
                    first, line, _ = seen[key]
                    also = "" if first == name else f" (as {first!r})"
                    warn(
                        Warn.NOTE,
                        f"a second apidiff-note for {name!r}{also} (the first is at line {line})",
                        location,
                    )
                seen.setdefault(key, (name, location[1], index))
        slug = "-".join(_slug(n) for n in names) if names else f"note-{index}"
        label = f"{prefix}-{slug}"
        if any(n.label == label for n in notes):
            label = f"{label}-{index}"
        if names:
            title = ", ".join(literal_rst(labels.get(n, n)) for n in names)
        else:
            title = escape_rst(note["title"])
        notes.append(
            NoteInfo(
                title=title,
                label=label,
                slot=f"note-{index}",
                names=names,
                general=note["general"],
                placeholder=note["placeholder"],
                body=note["body"],
            )
        )
    return notes


def undocumented_notes(
    directive: LenientDirective,
    comparison: Comparison | None,
    notes: list[NoteInfo],
    prefix: str,
    policy: str,
) -> list[NoteInfo]:
    """Generated notes for the changed rows no note covers (``:undocumented:`` ``policy``)."""
    if comparison is None or policy == "ignore":
        return []
    covered = {name for note in notes for name in note.names}
    generated: list[NoteInfo] = []
    missing: list[str] = []
    for row in comparison.changed_rows:
        if row.names() & covered:
            continue
        param = row.left or row.right
        assert param is not None
        shown = ", ".join(p.label for p in row.side_parameters("left" if row.left else "right"))
        missing.append(shown)
        paragraph = nodes.paragraph()
        paragraph += nodes.emphasis(text=_("No usage note for this difference yet."))
        paragraph["translatable"] = False
        generated.append(
            NoteInfo(
                title=", ".join(
                    literal_rst(p.label)
                    for p in row.side_parameters("left" if row.left else "right")
                ),
                label=f"{prefix}-{_slug(param.name)}",
                slot=f"undocumented-{param.name}",
                names=(param.name,),
                generated=True,
                body=[paragraph],
            )
        )
    if missing and policy == "warn":
        directive.warn_at(
            Warn.UNDOCUMENTED,
            f"apidiff {comparison.left.path} vs {comparison.right.path}: no apidiff-note for "
            f"{', '.join(missing)} (write one, or set :undocumented: auto)",
        )
    return generated


# ---------------------------------------------------------------- notes labelled on rows

#: The node attributes holding a note's label and the text of a ``:ref:`` to it.
REF_LABEL = "apidiff_ref_label"
REF_TITLE = "apidiff_ref_title"


def mark_row_labels(generated: Iterable[nodes.Node], titles: Mapping[str, str]) -> None:
    """Give each node (not a section) named by a key of ``titles`` its title."""
    for top in generated:
        if not isinstance(top, nodes.Element):
            continue
        for node in top.findall(nodes.Element):
            if isinstance(node, nodes.section):
                continue
            for name in node.get("names", []):
                if titles.get(name):
                    node[REF_LABEL] = name
                    node[REF_TITLE] = titles[name]


def add_row_label_titles(app: Sphinx, doctree: nodes.document) -> None:
    std = app.env.get_domain("std")
    docname = app.env.docname
    for node in doctree.findall(nodes.Element):
        name, title = node.get(REF_LABEL), node.get(REF_TITLE)
        if not (name and title):
            continue
        anon = std.anonlabels.get(name)  # type: ignore[attr-defined]
        if anon is not None and anon[0] == docname and name not in std.labels:  # type: ignore[attr-defined]
            std.labels[name] = (docname, anon[1], title)  # type: ignore[attr-defined]
