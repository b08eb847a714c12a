"""Say what a comparison found in words a reader understands.

Pure Python: no docutils, no Sphinx. Used by the command line (English) and by the Sphinx layer,
which passes its own translation function so the words follow the project's ``language``.
Every sentence is a message id wrapped in ``_()`` so that message catalogs can translate it.
"""

from __future__ import annotations

from collections.abc import Callable

from .comparison import INSTANCE, Comparison, Row
from .matching import encoding
from .signature import Parameter

__all__ = ["Describer", "english_ordinal", "is_placeholder"]

Translate = Callable[[str], str]


def _identity(message: str) -> str:
    return message


#: Marks a message for the catalogs without translating it here (gettext_noop).
N_ = _identity


def is_placeholder(default: str) -> bool:
    """A repr in angle brackets (``<no value>``, ``<object object at 0x...>``): not a value."""
    return default.startswith("<") and default.endswith(">")


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
        *,
        text: Translate | None = None,
        code: Translate | None = None,
    ) -> None:
        self._gettext = gettext or _identity
        #: How plain text and code are written out (identity for a terminal; the Sphinx layer
        #: passes reStructuredText escaping and inline literals).
        self.text = text or _identity
        self.code = code or _identity
        self.left_label = self.text(left_label)
        self.right_label = self.text(right_label)
        self.language = (language or "en").replace("-", "_")

    def _(self, message: str) -> str:
        """Translate a built-in message and write it out as text."""
        return self.text(self._gettext(message))

    # -- small pieces -------------------------------------------------------------------

    def ordinal(self, index: int) -> str:
        """The 0-based positional ``index`` as a reader counts it (7th, 第 7 个)."""
        n = index + 1
        if self.language.startswith("en"):
            return english_ordinal(n)
        return self._("#{n}").format(n=n)

    def kind_name(self, param: Parameter) -> str:
        return {
            "positional-only": self._("positional-only"),
            "positional-or-keyword": self._("positional or keyword"),
            "var-positional": self._("variadic positional (*args)"),
            "keyword-only": self._("keyword-only"),
            "var-keyword": self._("variadic keyword (**kwargs)"),
        }[param.kind.value]

    def default_text(self, param: Parameter) -> str:
        if param.default is None:
            return self._("required")
        if not param.default_known:
            if is_placeholder(param.default):  # NumPy's <no value>: nothing a reader can use
                return self._("no default value to compare")
            return self._("{default} (not passed: no comparable value)").format(
                default=self.code(param.default)
            )
        return self.code(param.default)

    def optional_text(self, param: Parameter) -> str:
        """ "default 0", or "optional (no default value to compare)" for ``<no value>``."""
        unknown = param.default is not None and not param.default_known
        if unknown and is_placeholder(param.default):
            return self._("optional (no default value to compare)")
        return self._("default {default}").format(default=self.default_text(param))

    # -- rows ---------------------------------------------------------------------------

    def row_sentences(self, row: Row) -> list[str]:
        """One sentence per change in ``row`` (empty: the parameter is the same)."""
        lp, rp = row.left, row.right
        left, right = self.left_label, self.right_label
        out: list[str] = []
        if row.match == "instance":
            out.append(self.instance_text(row))
        for change in row.changes:
            if change == "renamed":
                how = self._("as the author says") if row.intentional else self.how_inferred(row)
                text = self._("renamed: {left_name} in {left}, {right_name} in {right}").format(
                    left_name=self.code(lp.label),
                    right_name=self.code(rp.label),
                    left=left,
                    right=right,
                )
                out.append(self._("{text} ({how})").format(text=text, how=how) if how else text)
                if "inverted" in row.evidence:
                    out.append(
                        self._(
                            "inverted: {left_name} true in {left} is {right_name} false in {right}"
                        ).format(
                            left_name=self.code(lp.label),
                            right_name=self.code(rp.label),
                            left=left,
                            right=right,
                        )
                    )
                if "encoded" in row.evidence:
                    out.append(self.encoded_text(row))
            elif change in ("only-left", "only-right"):
                param, side, other = (
                    (lp, left, right) if change == "only-left" else (rp, right, left)
                )
                if param.kind.variadic:
                    text = self._("only in {side}").format(side=side)
                elif param.required:
                    text = self._("only in {side}, required").format(side=side)
                else:
                    text = self._("only in {side}, {optional}").format(
                        side=side, optional=self.optional_text(param)
                    )
                if row.intentional:
                    text += self._("; no counterpart in {other}, as the author says").format(
                        other=other
                    )
                elif "maybe-absorbed" in row.changes:
                    text += self._("; absorbed by {other}'s {kwargs}? maybe").format(
                        other=other, kwargs=self.code("**kwargs")
                    )
                out.append(text)
            elif change == "moved":
                out.append(
                    self._("moved: {left_pos} positional in {left}, {right_pos} in {right}").format(
                        left_pos=self.ordinal(row.left_position),
                        right_pos=self.ordinal(row.right_position),
                        left=left,
                        right=right,
                    )
                )
            elif change == "kind":
                out.append(
                    self._("kind: {left_kind} in {left}, {right_kind} in {right}").format(
                        left_kind=self.kind_name(lp),
                        right_kind=self.kind_name(rp),
                        left=left,
                        right=right,
                    )
                )
            elif change == "required":
                side, other = (left, right) if lp.required else (right, left)
                optional = rp if lp.required else lp
                out.append(
                    self._("required in {side}; optional in {other}, {optional}").format(
                        side=side, other=other, optional=self.optional_text(optional)
                    )
                )
            elif change == "default":
                out.append(
                    self._("default: {left_default} in {left}, {right_default} in {right}").format(
                        left_default=self.code(lp.default),
                        right_default=self.code(rp.default),
                        left=left,
                        right=right,
                    )
                )
            elif change == "annotation":
                out.append(
                    self._("type: {left_type} in {left}, {right_type} in {right}").format(
                        left_type=self.code(lp.annotation),
                        right_type=self.code(rp.annotation),
                        left=left,
                        right=right,
                    )
                )
        return out

    def encoded_text(self, row: Row) -> str:
        """ "encoded differently: ``unbiased=True`` in torch is ``ddof=1`` in numpy,
        ``unbiased=False`` is ``ddof=0``": one setting whose values are written differently."""
        lp, rp = row.left, row.right
        values = encoding(lp.name, rp.name) if lp is not None and rp is not None else None
        if not values:
            return ""
        lname, rname = lp.label, rp.label  # type: ignore[union-attr]
        parts = [
            self._("{left_value} in {left} is {right_value} in {right}").format(
                left_value=self.code(f"{lname}={values[0][0]}"),
                right_value=self.code(f"{rname}={values[0][1]}"),
                left=self.left_label,
                right=self.right_label,
            )
        ]
        parts += [
            self._("{left_value} is {right_value}").format(
                left_value=self.code(f"{lname}={va}"), right_value=self.code(f"{rname}={vb}")
            )
            for va, vb in values[1:]
        ]
        return self._("encoded differently: {values}").format(values=", ".join(parts))

    def instance_text(self, row: Row) -> str:
        """ "the ``Tensor`` itself: a method called on it in torch, the 1st argument in paddle"."""
        on_left = row.left is not None and row.left_position == 0 and row.left.name == INSTANCE
        method = row.left if on_left else row.right
        what = (
            self._("the {type} itself").format(type=self.code(method.annotation))
            if method is not None and method.annotation
            else self._("the instance itself")
        )
        return self._(
            "{what}: the method is called on it in {method}, it is the {ordinal} "
            "argument in {function}"
        ).format(
            what=what,
            method=self.left_label if on_left else self.right_label,
            function=self.right_label if on_left else self.left_label,
            ordinal=self.ordinal(0),
        )

    def how_inferred(self, row: Row) -> str:
        """Why an inferred pair was paired, with the doubt its evidence carries: "inferred:
        synonym, same position and same default"; "inferred: shared word parts, though the
        defaults differ"; "inferred: same position only, though the defaults differ"."""
        words = {
            "same-words": self._("same words"),
            "synonym": self._("known synonym"),
            "inverted": self._("known opposite"),
            "encoded": self._("one setting, encoded differently"),
            "abbreviation": self._("abbreviation"),
            "shared-words": self._("shared word parts"),
            "same-position": self._("same position"),
            "same-optional-position": self._("same position"),
            "same-default": self._("same default"),
            "same-common-default": self._("same default"),
            "both-required": self._("both required"),
            "same-annotation": self._("same type"),
        }
        if "project-rename" in row.evidence:
            return (
                self._("renamed the same way on {n} pages of this project").format(
                    n=row.project_pages
                )
                if row.project_pages != 1
                else self._("renamed the same way on another page of this project")
            )
        contrary = "different-default" in row.evidence
        if contrary and row.match == "position":
            found = [self._("same position only")]
        else:
            found = list(dict.fromkeys(words[e] for e in row.evidence if e in words))
        if not found:
            return ""
        listed = (
            found[0]
            if len(found) == 1
            else self._("{items} and {last}").format(
                items=self.separator(N_(", ")).join(found[:-1]), last=found[-1]
            )
        )
        if contrary:
            return self._("inferred: {evidence}, though the defaults differ").format(
                evidence=listed
            )
        return self._("inferred: {evidence}").format(evidence=listed)

    def separator(self, message: str) -> str:
        """A translated separator (``", "``, ``"; "``) written out with its own spacing: the
        space after ", " in English, none after "，" in Chinese (writing text out as markup
        may drop a space at its end)."""
        separator = self._gettext(message)
        spacing = separator[len(separator.rstrip()) :]
        return self.text(separator.rstrip()) + spacing

    def join(self, sentences: list[str]) -> str:
        """Sentences about one parameter, joined the way the language punctuates."""
        return self.separator(N_("; ")).join(sentences)

    def row_summary(self, row: Row) -> str:
        sentences = self.row_sentences(row)
        return self.join(sentences) if sentences else self._("same")

    # -- pairs --------------------------------------------------------------------------

    def category(self, category: str) -> str:
        """Words for a category code; any other text (an author's own category) as it is."""
        words = {
            "identical": self._("identical parameters"),
            "no-parameters": self._("no parameters"),
            "names-differ": self._("only parameter names differ"),
            "defaults-differ": self._("default values differ"),
            "types-differ": self._("parameter types differ"),
            "left-has-more": self._("{left} has more parameters"),
            "right-has-more": self._("{right} has more parameters"),
            "usage-differs": self._("usage differs"),
            "return-type-differs": self._("return types differ"),
            "mixed": self._("several kinds of differences"),
        }
        if category not in words:
            return self.text(category)
        return words[category].format(left=self.left_label, right=self.right_label)

    def kinds(self, kinds: dict[str, int]) -> str:
        """``{"renamed": 3, "only-right": 2}`` -> "3 renamed, 2 only in PyTorch"."""
        words = {  # kind -> (one, several)
            "renamed": (N_("{n} renamed"), N_("{n} renamed")),
            "only-left": (N_("{n} only in {left}"), N_("{n} only in {left}")),
            "only-right": (N_("{n} only in {right}"), N_("{n} only in {right}")),
            "moved": (N_("{n} moved"), N_("{n} moved")),
            "kind": (N_("{n} parameter kind differs"), N_("{n} parameter kinds differ")),
            "required": (N_("{n} required on one side"), N_("{n} required on one side")),
            "default": (N_("{n} default differs"), N_("{n} defaults differ")),
            "annotation": (N_("{n} type differs"), N_("{n} types differ")),
            "return-annotation": (N_("return type differs"), N_("return type differs")),
            "object-kind": (N_("kind of object differs"), N_("kind of object differs")),
            "overloads": (N_("overload count differs"), N_("overload count differs")),
        }
        parts = []
        for kind, n in kinds.items():
            if kind not in words:
                continue
            message = words[kind][0 if n == 1 else 1]
            parts.append(self._(message).format(n=n, left=self.left_label, right=self.right_label))
        return self.separator(N_(", ")).join(parts)

    def pair_sentences(self, comparison: Comparison) -> list[str]:
        left, right = self.left_label, self.right_label
        out: list[str] = []
        for change in comparison.pair_changes:
            if change == "return-annotation":
                out.append(
                    self._("returns: {left_type} in {left}, {right_type} in {right}").format(
                        left_type=self.code(comparison.left_signature.return_annotation),
                        right_type=self.code(comparison.right_signature.return_annotation),
                        left=left,
                        right=right,
                    )
                )
            elif change == "object-kind":
                out.append(
                    self._("{left} has a {left_kind}, {right} a {right_kind}").format(
                        left=left,
                        right=right,
                        left_kind=self.text(comparison.left.kind),
                        right_kind=self.text(comparison.right.kind),
                    )
                )
            elif change == "overloads":
                out.append(
                    self._(
                        "overloads: {left_count} in {left}, {right_count} in {right}; "
                        "the closest pair is compared"
                    ).format(
                        left_count=len(comparison.left.overloads),
                        right_count=len(comparison.right.overloads),
                        left=left,
                        right=right,
                    )
                )
                lnot, rnot = comparison.overloads_not_compared()
                for side, sig, others in (
                    (left, comparison.left_signature, lnot),
                    (right, comparison.right_signature, rnot),
                ):
                    if others:
                        out.append(
                            self._("{side}: compared {compared}; not compared: {others}").format(
                                side=side,
                                compared=self.code(sig.text()),
                                others=self.separator(N_(", ")).join(
                                    self.code(o.text()) for o in others
                                ),
                            )
                        )
        return out
