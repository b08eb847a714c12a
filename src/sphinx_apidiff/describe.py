"""Say what a comparison found in words a reader understands.

Pure Python: no docutils, no Sphinx. Used by the command line (English) and by the Sphinx layer,
which passes its own translation function so the words follow the project's ``language``.
Every sentence is a message id wrapped in ``_()`` so that message catalogs can translate it.
"""

from __future__ import annotations

from collections.abc import Callable

from .compare import Comparison, Row
from .signature import Parameter

__all__ = ["Describer", "english_ordinal"]

Translate = Callable[[str], str]


def _identity(message: str) -> str:
    return message


def english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Describer:
    """Sentences about rows and pairs, with the two sides' labels filled in."""

    def __init__(
        self,
        left_label: str,
        right_label: str,
        gettext: Translate | None = None,
        language: str | None = "en",
    ) -> None:
        self.left_label = left_label
        self.right_label = right_label
        self._ = gettext or _identity
        self.language = (language or "en").replace("-", "_")

    # -- small pieces -------------------------------------------------------------------

    def ordinal(self, index: int) -> str:
        """The 0-based positional ``index`` as a reader counts it (7th, 第 7 个)."""
        n = index + 1
        if self.language.startswith("en"):
            return english_ordinal(n)
        return self._("#{n}").format(n=n)

    def kind_name(self, param: Parameter) -> str:
        _ = self._
        return {
            "positional-only": _("positional-only"),
            "positional-or-keyword": _("positional or keyword"),
            "var-positional": _("variadic positional (*args)"),
            "keyword-only": _("keyword-only"),
            "var-keyword": _("variadic keyword (**kwargs)"),
        }[param.kind.value]

    def default_text(self, param: Parameter) -> str:
        if param.default is None:
            return self._("required")
        if not param.default_known:
            return self._("{default} (not passed: no comparable value)").format(
                default=param.default
            )
        return param.default

    # -- rows ---------------------------------------------------------------------------

    def row_sentences(self, row: Row) -> list[str]:
        """One sentence per change in ``row`` (empty: the parameter is the same)."""
        _ = self._
        lp, rp = row.left, row.right
        left, right = self.left_label, self.right_label
        out: list[str] = []
        for change in row.changes:
            if change == "renamed":
                how = (
                    _("as the author says")
                    if row.intentional
                    else (_("matched by position") if row.by_position else "")
                )
                text = _("renamed: {left_name} in {left}, {right_name} in {right}").format(
                    left_name=lp.name, right_name=rp.name, left=left, right=right
                )
                out.append(f"{text} ({how})" if how else text)
            elif change in ("only-left", "only-right"):
                param, side, other = (
                    (lp, left, right) if change == "only-left" else (rp, right, left)
                )
                if param.kind.variadic:
                    text = _("only in {side}").format(side=side)
                elif param.required:
                    text = _("only in {side}, required").format(side=side)
                else:
                    text = _("only in {side}, default {default}").format(
                        side=side, default=self.default_text(param)
                    )
                if row.intentional:
                    text += _("; no counterpart in {other}, as the author says").format(other=other)
                elif "maybe-absorbed" in row.changes:
                    text += _("; absorbed by {other}'s **kwargs? maybe").format(other=other)
                out.append(text)
            elif change == "moved":
                out.append(
                    _("moved: {left_pos} positional in {left}, {right_pos} in {right}").format(
                        left_pos=self.ordinal(row.left_position),
                        right_pos=self.ordinal(row.right_position),
                        left=left,
                        right=right,
                    )
                )
            elif change == "kind":
                out.append(
                    _("kind: {left_kind} in {left}, {right_kind} in {right}").format(
                        left_kind=self.kind_name(lp),
                        right_kind=self.kind_name(rp),
                        left=left,
                        right=right,
                    )
                )
            elif change == "required":
                side, other = (left, right) if lp.required else (right, left)
                default = (rp if lp.required else lp).default
                out.append(
                    _("required in {side}; optional in {other}, default {default}").format(
                        side=side, other=other, default=default
                    )
                )
            elif change == "default":
                out.append(
                    _("default: {left_default} in {left}, {right_default} in {right}").format(
                        left_default=lp.default,
                        right_default=rp.default,
                        left=left,
                        right=right,
                    )
                )
            elif change == "annotation":
                out.append(
                    _("type: {left_type} in {left}, {right_type} in {right}").format(
                        left_type=lp.annotation,
                        right_type=rp.annotation,
                        left=left,
                        right=right,
                    )
                )
        return out

    def row_summary(self, row: Row) -> str:
        sentences = self.row_sentences(row)
        return "; ".join(sentences) if sentences else self._("same")

    # -- pairs --------------------------------------------------------------------------

    def category(self, category: str) -> str:
        _ = self._
        return {
            "identical": _("identical parameters"),
            "no-parameters": _("no parameters"),
            "names-differ": _("only parameter names differ"),
            "defaults-differ": _("default values differ"),
            "types-differ": _("parameter types differ"),
            "left-has-more": _("{left} has more parameters"),
            "right-has-more": _("{right} has more parameters"),
            "mixed": _("several kinds of differences"),
        }.get(category, category).format(left=self.left_label, right=self.right_label)

    def pair_sentences(self, comparison: Comparison) -> list[str]:
        _ = self._
        left, right = self.left_label, self.right_label
        out: list[str] = []
        for change in comparison.pair_changes:
            if change == "return-annotation":
                out.append(
                    _("returns: {left_type} in {left}, {right_type} in {right}").format(
                        left_type=comparison.left_signature.return_annotation,
                        right_type=comparison.right_signature.return_annotation,
                        left=left,
                        right=right,
                    )
                )
            elif change == "object-kind":
                out.append(
                    _("{left} has a {left_kind}, {right} a {right_kind}").format(
                        left=left,
                        right=right,
                        left_kind=comparison.left.kind,
                        right_kind=comparison.right.kind,
                    )
                )
            elif change == "overloads":
                out.append(
                    _(
                        "overloads: {left_count} in {left}, {right_count} in {right}; "
                        "the closest pair is compared"
                    ).format(
                        left_count=len(comparison.left.overloads),
                        right_count=len(comparison.right.overloads),
                        left=left,
                        right=right,
                    )
                )
        return out
