"""The ``apidiff`` and ``apidiff-note`` directives (reStructuredText and MyST alike)."""

from __future__ import annotations

import re
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ..api import ApiDiffError
from ..comparison import (
    Comparison,
    compare_apis,
    parse_ignore,
    parse_rename,
    project_renames,
)
from ..describe import Describer
from ..introspect import read_api
from ..labels import side_labels
from .config import get_config
from .i18n import _
from .options import LenientDirective
from .render import NoteInfo, Side, TemplateError, build_context, build_nodes, render_text
from .state import NoteRef, add_pair
from .templates import escape_rst, literal_rst
from .warnings import Warn, warn

__all__ = ["ApiDiffDirective", "ApiDiffNoteDirective"]

_NOTES_KEY = "apidiff_notes"
_COUNT_KEY = "apidiff_count"
_IDENT = re.compile(r"^[A-Za-z_]\w*$")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def words() -> dict[str, str]:
    """Built-in headings and words in the project's language, escaped for templates."""
    raw = {
        "usage_differences": _("Usage differences"),
        "difference": _("Difference"),
        "see_more": _("See more:"),
        "version": _("Version:"),
        "category": _("Category:"),
        "see_note": _("note"),
        "none": "—",
        "same": _("same"),
        "not_read": _("Could not be read:"),
        "no_note": _("No usage note for this difference yet."),
    }
    return {key: escape_rst(value) for key, value in raw.items()}


class ApiDiffNoteDirective(LenientDirective):
    """``.. apidiff-note:: padding`` (parameters) or ``.. apidiff-note:: Any title`` (general)."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    NAME = "apidiff-note"
    KNOWN: ClassVar = {"general": directives.flag}

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
                "body": list(body.children),
                "location": (self.env.docname, self.lineno),
            }
        )
        return []


class ApiDiffDirective(LenientDirective):
    """``.. apidiff:: LEFT RIGHT``: the whole comparison of two callables."""

    has_content = True
    required_arguments = 0
    optional_arguments = 1
    final_argument_whitespace = True
    NAME = "apidiff"
    KNOWN: ClassVar = {
        "left-label": directives.unchanged,
        "right-label": directives.unchanged,
        "rename": directives.unchanged,
        "ignore": directives.unchanged,
        "left-signature": directives.unchanged,
        "right-signature": directives.unchanged,
        "category": directives.unchanged,
        "undocumented": directives.unchanged,
        "template": directives.unchanged,
        "layout": directives.unchanged,
    }

    # ------------------------------------------------------------------ helpers

    def _option(self, name: str) -> str | None:
        value = self.options.get(name)
        if value is None:
            return None
        value = " ".join(str(value).split())
        return value or None

    def _read_side(self, path: str | None, role: str, config, label: str) -> Side:
        side = Side(path=path or "?", label=label, role=role)
        if path is None:
            side.failed = _("no dotted path given")
            return side
        option = f"{role}-signature"
        text = self.options.get(option) or config.signatures.get(path)
        try:
            side.api = read_api(path, label=label, signature=text)
            side.signature = side.api.signature
        except ApiDiffError as exc:
            explicit = text is not None
            subtype = Warn.SIGNATURE if explicit else Warn.IMPORT
            self.warn_at(subtype, f"apidiff {role} side: {exc}", option if explicit else None)
            side.failed = str(exc)
        except Exception as exc:  # a library can fail in ways nobody foresaw: say so, go on
            reason = f"reading {path!r} raised {type(exc).__name__}: {exc}".splitlines()[0]
            self.warn_at(Warn.IMPORT, f"apidiff {role} side: {reason}")
            side.failed = reason
        return side

    def _collect_notes(self) -> tuple[list[dict], list[nodes.Node]]:
        """Parse the directive's content: notes are collected, other content kept in order."""
        temp = self.env.temp_data
        if _NOTES_KEY in temp:
            self.warn_at(Warn.DIRECTIVE, "apidiff inside apidiff is not supported")
        outer = temp.get(_NOTES_KEY)
        temp[_NOTES_KEY] = []
        try:
            body = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, body)
            notes = temp[_NOTES_KEY]
        finally:
            if outer is None:
                temp.pop(_NOTES_KEY, None)
            else:
                temp[_NOTES_KEY] = outer
        return notes, list(body.children)

    def _label_prefix(self, left: str) -> str:
        count = self.env.temp_data.get(_COUNT_KEY, {}).get(self.env.docname, 0) + 1
        self.env.temp_data.setdefault(_COUNT_KEY, {})[self.env.docname] = count
        prefix = f"apidiff-{_slug(self.env.docname)}-{_slug(left.rsplit('.', 1)[-1])}"
        return prefix if count == 1 else f"{prefix}-{count}"

    # ---------------------------------------------------------------------- run

    def run(self) -> list[nodes.Node]:
        config = get_config(self.config)
        self.check_options()

        paths = " ".join(self.arguments).split()
        if len(paths) != 2:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff takes two dotted paths (LEFT RIGHT), got {len(paths)}"
                + (f": {' '.join(paths)}" if paths else ""),
            )
        left_path = paths[0] if paths else None
        right_path = paths[1] if len(paths) > 1 else None

        try:
            renames = parse_rename(self._option("rename"))
        except ApiDiffError as exc:
            self.warn_at(Warn.DIRECTIVE, f"apidiff: {exc}", "rename")
            renames = parse_rename(None)
        try:
            ignore = parse_ignore(self._option("ignore")) | parse_ignore(config.ignore)
        except ApiDiffError as exc:
            self.warn_at(Warn.DIRECTIVE, f"apidiff: {exc}", "ignore")
            ignore = parse_ignore(config.ignore)
        undocumented = self._option("undocumented") or config.undocumented
        if undocumented not in ("warn", "auto", "ignore"):
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff :undocumented: {undocumented!r} is not one of "
                "'warn', 'auto', 'ignore'; using the configured value",
                "undocumented",
            )
            undocumented = config.undocumented
        layout = self._option("layout") or config.layout
        if layout not in ("full", "compact"):
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff :layout: {layout!r} is not one of 'full', 'compact'; "
                "using the configured value",
                "layout",
            )
            layout = config.layout
        category = self._option("category")

        notes_raw, body = self._collect_notes()
        left_label, right_label = side_labels(
            left_path or "?",
            right_path or "?",
            config.labels,
            self._option("left-label"),
            self._option("right-label"),
        )
        left = self._read_side(left_path, "left", config, left_label)
        right = self._read_side(right_path, "right", config, right_label)

        comparison: Comparison | None = None
        if left.api is not None and right.api is not None:
            # apidiff_ignore names parameters of *some* pairs: ignoring one neither side has is
            # no mistake, so only the directive's own :ignore: is checked (apidiff.rename)
            mentioned = {
                p.name for api in (left.api, right.api) for s in api.overloads for p in s.parameters
            }
            ignore = frozenset(n for n in ignore if n in mentioned or n not in config.ignore)
            try:
                renames = project_renames(
                    renames,
                    config.renames,
                    (p.name for s in left.api.overloads for p in s.parameters),
                    (p.name for s in right.api.overloads for p in s.parameters),
                )
            except ApiDiffError as exc:
                self.warn_at(Warn.CONFIG, f"apidiff_renames: {exc}", "rename")
            comparison = compare_apis(
                left.api,
                right.api,
                rename=renames,
                ignore=ignore,
                precedence=config.category_precedence,
            )
            left.signature = comparison.left_signature
            right.signature = comparison.right_signature
            for problem in comparison.problems:
                option = "rename" if problem.startswith("rename") else "ignore"
                self.warn_at(Warn.RENAME, f"apidiff: {problem}", option)

        describer = Describer(
            left.label,
            right.label,
            gettext=_,
            language=self.config.language,
            text=escape_rst,
            code=literal_rst,
        )
        prefix = self._label_prefix(left.path)
        notes = self._notes(notes_raw, comparison, prefix)
        notes += self._undocumented(comparison, notes, prefix, undocumented, describer)

        context = build_context(
            left, right, comparison, notes, describer, words(), category, layout=layout
        )
        slots = {"body": body}
        # compact: a generated note's "no note yet" has no place (the table says the fact)
        slots.update({n.slot: n.body for n in notes if not (layout == "compact" and n.generated)})
        template = self._option("template") or config.template
        search = tuple(
            str((self.env.srcdir / p).resolve()) if not str(p).startswith("/") else str(p)
            for p in self.config.templates_path
        )
        source, line = self.get_source_info()
        # recorded even if the template fails: the page is still in the index and staleness check
        add_pair(
            self.env,
            left,
            right,
            comparison,
            category,
            self.lineno,
            note_anchors=[n.label for n in notes],
            notes=[NoteRef(n.label, tuple(n.names), n.generated) for n in notes],
        )
        try:
            text = render_text(template, search, context)
        except TemplateError as exc:
            self.warn_at(
                Warn.TEMPLATE, f"apidiff: {exc}", "template" if "template" in self.options else None
            )
            return [*body, *(n for note in notes for n in note.body)]
        general_titles = frozenset(n["title"] for n in notes_raw if n["general"])
        return build_nodes(text, self.state.document, source, line, slots, general_titles)

    # -------------------------------------------------------------------- notes

    def _notes(self, raw: list[dict], comparison: Comparison | None, prefix: str) -> list[NoteInfo]:
        labels: dict[str, str] = {}  # parameter name -> how a reader writes it (**kwargs)
        if comparison is not None:
            for api in (comparison.left, comparison.right):
                for sig in api.overloads:
                    labels.update({p.name: p.label for p in sig.parameters})
        seen: dict[object, tuple[str, int]] = {}  # one note per row: x and its rename z count once
        notes: list[NoteInfo] = []
        for index, note in enumerate(raw, start=1):
            names = note["names"]
            location = note["location"]
            if names and comparison is not None:
                for name in names:
                    if name not in labels:
                        warn(
                            Warn.NOTE,
                            f"apidiff-note names {name!r}, which neither "
                            f"{comparison.left.path} nor {comparison.right.path} has "
                            "(a general note takes the :general: flag)",
                            location,
                        )
                    row = comparison.row_for(name)
                    key = frozenset(row.names()) if row is not None else name
                    if key in seen:
                        first, line = seen[key]
                        also = "" if first == name else f" (as {first!r})"
                        warn(
                            Warn.NOTE,
                            f"a second apidiff-note for {name!r}{also} "
                            f"(the first is at line {line})",
                            location,
                        )
                    seen.setdefault(key, (name, location[1]))
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
                    body=note["body"],
                )
            )
        return notes

    def _undocumented(
        self,
        comparison: Comparison | None,
        notes: list[NoteInfo],
        prefix: str,
        policy: str,
        describer: Describer,
    ) -> list[NoteInfo]:
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
            missing.append(param.label)
            paragraph = nodes.paragraph()
            paragraph += nodes.emphasis(text=_("No usage note for this difference yet."))
            paragraph["translatable"] = False
            generated.append(
                NoteInfo(
                    title=literal_rst(param.label),
                    label=f"{prefix}-{_slug(param.name)}",
                    slot=f"undocumented-{param.name}",
                    names=(param.name,),
                    generated=True,
                    body=[paragraph],
                )
            )
        if missing and policy == "warn":
            self.warn_at(
                Warn.UNDOCUMENTED,
                f"apidiff {comparison.left.path} vs {comparison.right.path}: no apidiff-note for "
                f"{', '.join(missing)} (write one, or set :undocumented: auto)",
            )
        return generated
