"""``.. apidiff-overview:: OLD NEW``: what a module's public members did between two releases
(:mod:`sphinx_apidiff.releases.overview`), grouped and counted, each member linked where the
project (or ``apidiff_reference_urls``) has a page for it, with the deprecation note the
sources state and the author's ``apidiff-note`` for it. A changed member without a note is
warning ``apidiff.undocumented``; an overview that cannot be built is warning
``apidiff.release`` and a visible placeholder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes

from ...api import ApiDiffError
from ...releases import KINDS, ReleaseUnavailable, overview_of
from ...releases.fetch import default_base_dir
from ..config import choices, get_config
from ..directive import LenientDirective
from ..i18n import _
from ..pair.notes import collect_notes
from ..pair.xref import _QUIET
from ..warnings import Warn, warn
from .pages import compared_on
from .recorded import read_recorded, recorded_file, write_recorded
from .records import add_overview

__all__ = ["ApiDiffOverviewDirective"]

_TITLES = {
    "removed": "Removed",
    "renamed": "Renamed",
    "moved": "Moved",
    "changed": "Changed",
    "added": "Added",
}


def _kinds(value: str | None) -> str:
    return " ".join((value or "").replace(",", " ").split())


def _code_spans(text: str) -> list[nodes.Node]:
    """A library's message as it is written, its ```code``` spans as code."""
    out: list[nodes.Node] = []
    for i, piece in enumerate(re.split(r"``?([^`]+)``?", text)):
        if piece:
            out.append(nodes.literal(text=piece) if i % 2 else nodes.Text(piece))
    return out


def _api_link(path: str, docname: str) -> nodes.Node:
    """``path`` as ``:apidiff-api:`` writes it: a link where something documents it."""
    ref = addnodes.pending_xref(
        path,
        refdomain="py",
        reftype="obj",
        reftarget=path,
        refexplicit=False,
        refwarn=False,
        refdoc=docname,
    )
    ref[_QUIET] = True
    ref += nodes.literal(path, path, classes=["xref", "py", "py-obj"])
    return ref


class ApiDiffOverviewDirective(LenientDirective):
    has_content = True
    required_arguments = 0
    optional_arguments = 2
    NAME = "apidiff-overview"
    KNOWN: ClassVar = {
        "types": directives.flag,
        "class-members": directives.flag,
        "submodules": directives.flag,
        "kinds": _kinds,
        "undocumented": directives.unchanged,
    }

    # ------------------------------------------------------------------ reading

    def _placeholder(self, reason: str) -> list[nodes.Node]:
        box = nodes.container(classes=["apidiff-overview", "apidiff-overview-failed"])
        para = nodes.paragraph()
        para += nodes.strong(text=_("Release overview not available: "))
        para += nodes.Text(reason)
        box += para
        self.set_source_info(box)
        return [box]

    def _options(self) -> tuple[str, ...]:
        return tuple(o for o in ("types", "class-members", "submodules") if o in self.options)

    def _overview(self, old: str, new: str) -> tuple[dict | None, str | None, str | None]:
        """``(data, recorded-from, failure)``."""
        config = get_config(self.env)
        # the folder of conf.py (set at config-inited, as relative release paths start there)
        confdir = Path(default_base_dir())
        folder = confdir / config.overview_snapshots if config.overview_snapshots else None
        record = recorded_file(folder, old, new, self._options()) if folder else None
        try:
            overview = overview_of(
                old,
                new,
                types="types" in self.options,
                class_members="class-members" in self.options,
                submodules="submodules" in self.options,
            )
        except ReleaseUnavailable as exc:
            recorded = self._recorded(record)
            if recorded is not None:
                self.env.note_dependency(str(record))
                return recorded, record.name, None
            return None, None, str(exc)
        except ApiDiffError as exc:
            return None, None, str(exc)
        except Exception as exc:  # a release's source can fail in ways nobody foresaw
            return None, None, f"{type(exc).__name__}: {exc}".splitlines()[0]
        data = overview.to_dict()
        if record is not None and config.update_snapshot:
            try:
                write_recorded(record, data)
            except OSError as exc:
                self.warn_at(Warn.RELEASE, f"apidiff-overview: cannot write {record}: {exc}")
        return data, None, None

    def _recorded(self, record: Path | None) -> dict | None:
        if record is None:
            return None
        try:
            return read_recorded(record)
        except ValueError as exc:
            self.warn_at(Warn.RELEASE, f"apidiff-overview: {exc}")
            return None

    # ---------------------------------------------------------------------- run

    def run(self) -> list[nodes.Node]:
        self.check_options()
        config = get_config(self.env)
        notes_raw, body = collect_notes(self)
        sides = " ".join(self.arguments).split()
        if len(sides) != 2:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-overview takes two releases (OLD NEW), got {len(sides)}"
                + (f": {' '.join(sides)}" if sides else ""),
            )
            return [*self._placeholder(_("it takes two releases, OLD NEW")), *body]
        policy = self.options.get("undocumented", "").strip() or config.undocumented
        if policy not in choices("undocumented"):
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-overview :undocumented: {policy!r} is not one of "
                f"{', '.join(map(repr, choices('undocumented')))}; using the configured value",
                "undocumented",
            )
            policy = config.undocumented
        shown = self.options.get("kinds", "").split() or list(KINDS)
        unknown = [k for k in shown if k not in KINDS]
        if unknown:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-overview :kinds: {', '.join(unknown)}: not one of {', '.join(KINDS)}",
                "kinds",
            )
            shown = [k for k in shown if k in KINDS] or list(KINDS)
        data, recorded, failure = self._overview(*sides)
        if data is None:
            self.warn_at(Warn.RELEASE, f"apidiff-overview {sides[0]} {sides[1]}: {failure}")
            return [*self._placeholder(failure or ""), *body]
        notes = self._notes(notes_raw, data)
        self._warn_undocumented(data, notes, shown, policy)
        add_overview(self.env, self.lineno, data, list(notes), recorded)
        return [self._render(data, notes, shown, recorded), *body]

    # -------------------------------------------------------------------- notes

    def _notes(self, notes_raw: list[dict], data: dict) -> dict[str, list[nodes.Node]]:
        """The author's notes by member path; a note naming no member listed is a warning."""
        listed = {c["path"] for kind in KINDS for c in data[kind]}
        notes: dict[str, list[nodes.Node]] = {}
        for note in notes_raw:
            path = note["title"].strip()
            if path not in listed:
                warn(
                    Warn.NOTE,
                    f"apidiff-overview: apidiff-note {path!r} names no member this overview "
                    "lists (removed, renamed, moved, changed or added)",
                    note["location"],
                )
                continue
            if path in notes:
                warn(
                    Warn.NOTE,
                    f"apidiff-overview: a second apidiff-note for {path}",
                    note["location"],
                )
                continue
            notes[path] = note["body"]
        return notes

    def _warn_undocumented(self, data: dict, notes: dict, shown: list[str], policy: str) -> None:
        if policy != "warn" or "changed" not in shown:
            return
        for change in data["changed"]:
            if change["path"] in notes:
                continue
            first = change["differences"][0] if change["differences"] else ""
            self.warn_at(
                Warn.UNDOCUMENTED,
                f"apidiff-overview: {change['path']} changed ({first}) and no apidiff-note "
                "covers it (write one, or set :undocumented: auto)",
            )

    # ------------------------------------------------------------------- render

    def _render(
        self, data: dict, notes: dict, shown: list[str], recorded: str | None
    ) -> nodes.Node:
        box = nodes.container(classes=["apidiff-overview"])
        self.set_source_info(box)
        head = nodes.paragraph(classes=["apidiff-overview-releases"])
        head += nodes.literal(text=data["module"])
        head += nodes.Text(": " + data["old"]["read"] + " → " + data["new"]["read"])
        if recorded:
            before, _sep, after = _("(as recorded in {file})").partition("{file}")
            head += nodes.Text(" " + before)
            head += nodes.literal(text=recorded)
            head += nodes.Text(after)
        box += head
        counts = data["counts"]
        summary = ", ".join(f"{counts[k]} {k}" for k in KINDS if k in shown)
        summary += "; " + _("{n} unchanged").format(n=counts["unchanged"])
        if counts.get("retyped"):
            summary += " " + _("({n} of them with other annotations only)").format(
                n=counts["retyped"]
            )
        box += nodes.paragraph(text=summary, classes=["apidiff-overview-counts"])
        docname = self.env.docname
        for kind in shown:
            changes = data[kind]
            section = nodes.container(classes=["apidiff-overview-group", f"apidiff-{kind}"])
            title = f"{_(_TITLES[kind])} ({len(changes)})"
            section += nodes.rubric(title, title)
            if not changes:
                box += section
                continue
            items = nodes.bullet_list()
            for change in changes:
                items += self._item(kind, change, notes.get(change["path"]), docname)
            section += items
            box += section
        return box

    def _item(self, kind: str, change: dict, note: list | None, docname: str) -> nodes.Node:
        item = nodes.list_item(classes=["apidiff-overview-member"])
        line = nodes.paragraph()
        line += _api_link(change["path"], docname)
        if change.get("to"):
            line += nodes.Text(" → ")
            line += _api_link(change["to"], docname)
        line += compared_on(self.env, change.get("to") or change["path"])
        item += line
        if change.get("differences"):
            differences = nodes.bullet_list(classes=["apidiff-overview-differences"])
            for text in change["differences"]:
                differences += nodes.list_item("", nodes.paragraph(text=text))
            item += differences
        if change.get("deprecated_place"):
            item += _deprecated_place(change["deprecated_place"])
        if change.get("note"):
            said = nodes.paragraph(classes=["apidiff-overview-deprecation"])
            said += nodes.emphasis(text=_("Deprecation note: "))
            said.extend(_code_spans(change["note"]))
            if change.get("note_source"):
                said += nodes.Text(" (")
                said += nodes.literal(text=change["note_source"])
                said += nodes.Text(")")
            said["translatable"] = False
            item += said
        if note:
            author = nodes.container(classes=["apidiff-overview-note"])
            author.extend(note)
            item += author
        return item


def _deprecated_place(place: dict) -> nodes.paragraph:
    """Where a removed member remains in a module the new release deprecates (``Still
    reachable as numpy.core.records, in the deprecated module numpy.core (...)``): named,
    not linked, as no place to send a reader."""
    para = nodes.paragraph(classes=["apidiff-overview-deprecated-place"])
    para["translatable"] = False  # the library's paths and the engine's words
    template = _("Still reachable as {path}, in the deprecated module {module} ({source}).")
    for part in re.split(r"(\{path\}|\{module\}|\{source\})", template):
        if part in ("{path}", "{module}"):
            para += nodes.literal(text=place[part[1:-1]])
        elif part == "{source}":
            para += nodes.Text(place["source"])
        elif part:
            para += nodes.Text(part)
    return para
