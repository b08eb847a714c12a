"""The ``apidiff`` directive (reStructuredText and MyST alike).

The notes inside it, and the ``apidiff-note`` directive itself, are in :mod:`.notes`.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from ...api import ApiDiffError
from ...comparison import (
    Comparison,
    compare_apis,
    parse_ignore,
    parse_rename,
    project_renames,
)
from ...describe import Describer
from ...labels import side_labels
from ..config import ApiDiffConfig, choices, get_config
from ..directive import LenientDirective
from ..i18n import _, brackets, ngettext
from ..snapshots.load import recording_only
from ..snapshots.sides import check_became_identical, read_side_api
from ..state.records import NoteRef, add_pair
from ..warnings import Warn
from .context import NoteInfo, Side, build_context
from .notes import (
    ApiDiffNoteDirective,
    author_notes,
    collect_notes,
    kwargs_keys,
    label_prefix,
    mark_row_labels,
    undocumented_notes,
)
from .rst import (
    TemplateError,
    build_nodes,
    escape_rst,
    literal_rst,
    render_text,
    template_search_path,
)
from .teach import taught_for

__all__ = ["ApiDiffDirective", "ApiDiffNoteDirective"]


def words() -> dict[str, str]:
    """Built-in headings and words in the project's language, escaped for templates."""
    raw = {
        "usage_differences": _("Usage differences"),
        "difference": _("Difference"),
        "see_more": _("See more:"),
        "version": _("Version:"),
        "recorded_from": _("recorded from"),
        "from_source": _("(read from its source, not imported)"),
        "category": _("Category:"),
        "see_note": _("note"),
        "none": "—",
        "same": _("same"),
        "not_read": _("Could not be read:"),
        "no_note": _("No usage note for this difference yet."),
    }
    escaped = {key: escape_rst(value) for key, value in raw.items()}
    # around a remark: the English opening keeps its space; a full-width one follows the text
    # directly, after an escaped space (nothing in the output) that ends inline markup such
    # as a default's ``None`` before it
    opening, escaped["close"] = brackets()
    escaped["open"] = opening if opening[:1].isspace() else "\\ " + opening
    return escaped


def _plain_title(note: NoteInfo, comparison: Comparison) -> str:
    """A parameter note's title as text: its parameters as the signatures spell them."""
    shown = []
    for name in note.names:
        row = comparison.row_for(name)
        sides = (row.left, row.right) if row is not None else ()
        param = next((p for p in sides if p is not None and p.name == name), None)
        shown.append(param.label if param is not None else name)
    return ", ".join(shown)


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
        "private-parameters": directives.flag,
        "perspective": directives.unchanged,
        "keyword-calls": directives.unchanged,
    }

    # ------------------------------------------------------------------ helpers

    def _option(self, name: str) -> str | None:
        value = self.options.get(name)
        if value is None:
            return None
        value = " ".join(str(value).split())
        return value or None

    def _choice_option(self, name: str, config: ApiDiffConfig) -> str:
        """The option ``name`` if it is one of the config field's choices, else the config's."""
        value = self._option(name)
        configured = getattr(config, name.replace("-", "_"))
        allowed = choices(name.replace("-", "_"))
        if value is None:
            return configured
        if value not in allowed:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff :{name}: {value!r} is not one of {', '.join(map(repr, allowed))}; "
                "using the configured value",
                name,
            )
            return configured
        return value

    def _read_side(self, path: str | None, role: str, config: ApiDiffConfig, label: str) -> Side:
        side = Side(path=path or "?", label=label, role=role)
        if path is None:
            side.failed = _("no dotted path given")
            return side
        option = f"{role}-signature"
        text = self.options.get(option) or config.signatures.get(path)
        try:
            side.api = read_side_api(self, config, path, label, text, role)
            side.signature = side.api.signature
        except ApiDiffError as exc:
            explicit = text is not None
            subtype = Warn.SIGNATURE if explicit else Warn.IMPORT
            self.warn_at(subtype, f"{self.NAME} {role} side: {exc}", option if explicit else None)
            side.failed = str(exc)
        except Exception as exc:  # a library can fail in ways nobody foresaw: say so, go on
            reason = f"reading {path!r} raised {type(exc).__name__}: {exc}".splitlines()[0]
            self.warn_at(Warn.IMPORT, f"{self.NAME} {role} side: {reason}")
            side.failed = reason
        return side

    # ---------------------------------------------------------------------- run

    def run(self) -> list[nodes.Node]:
        config = get_config(self.env)
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
        undocumented = self._choice_option("undocumented", config)
        layout = self._choice_option("layout", config)
        category = self._option("category")
        private = config.private_parameters or "private-parameters" in self.options
        perspective = self._choice_option("perspective", config)
        keyword_calls = self._choice_option("keyword-calls", config)

        notes_raw, body = collect_notes(self)
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
            lnames, rnames = left.api.parameter_names(), right.api.parameter_names()
            ignore = frozenset(
                n for n in ignore if n in lnames or n in rnames or n not in config.ignore
            )
            try:
                renames = project_renames(renames, config.renames, lnames, rnames)
            except ApiDiffError as exc:
                self.warn_at(Warn.CONFIG, f"apidiff_renames: {exc}", "rename")
            comparison = compare_apis(
                left.api,
                right.api,
                rename=renames,
                ignore=ignore,
                precedence=config.category_precedence,
                taught=taught_for(self.env, self.env.docname, left.api.path, right.api.path),
                type_equivalents=config.type_equivalents,
                private_parameters=private,
                perspective=perspective,
                keyword_calls=keyword_calls,
                kwargs_keys=kwargs_keys(notes_raw),
            )
            left.signature = comparison.left_signature
            right.signature = comparison.right_signature
            check_became_identical(self, config, comparison, renames, ignore, private)
            for problem in comparison.problems:
                option = "rename" if problem.startswith("rename") else "ignore"
                self.warn_at(Warn.RENAME, f"apidiff: {problem}", option)
        if recording_only(self.env):  # sphinx-apidiff snapshot: the record is all it needs
            add_pair(self.env, left, right, comparison, category, self.lineno)
            return []

        describer = Describer(
            left.label,
            right.label,
            gettext=_,
            language=self.config.language,
            ngettext=ngettext,
            text=escape_rst,
            code=literal_rst,
        )
        prefix = label_prefix(self.env, left.path)
        notes: list[NoteInfo] = author_notes(notes_raw, comparison, prefix)
        notes += undocumented_notes(self, comparison, notes, prefix, undocumented)

        context = build_context(
            left, right, comparison, notes, describer, words(), category, layout=layout
        )
        slots = {"body": body}
        # compact: a generated note's "no note yet" has no place (the table says the fact)
        slots.update({n.slot: n.body for n in notes if not (layout == "compact" and n.generated)})
        template = self._option("template") or config.template
        search = template_search_path(self.env.srcdir, self.config.templates_path)
        source, line = self.get_source_info()
        # recorded even if the template fails: the page is still in the index and staleness check
        add_pair(
            self.env,
            left,
            right,
            comparison,
            category,
            self.lineno,
            notes=[NoteRef(n.label, tuple(n.names), n.generated, n.placeholder) for n in notes],
        )
        try:
            text = render_text(template, search, context)
        except TemplateError as exc:
            self.warn_at(
                Warn.TEMPLATE, f"apidiff: {exc}", "template" if "template" in self.options else None
            )
            return [*body, *(n for note in notes for n in note.body)]
        general_titles = frozenset(n["title"] for n in notes_raw if n["general"])
        result = build_nodes(text, self.state.document, source, line, slots, general_titles)
        if comparison is not None:  # a note labelled on its row: a :ref: to it needs a title
            mark_row_labels(result, {n.label: _plain_title(n, comparison) for n in notes})
        return result
