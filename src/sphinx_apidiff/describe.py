"""Say what a comparison found in words a reader understands.

Pure Python: no docutils, no Sphinx. Used by the command line (English) and by the Sphinx layer,
which passes its own translation functions so the words follow the project's ``language``.
Every sentence is a message id wrapped in ``_()`` (or marked with ``N_``, ``N_plural``) so that
message catalogs can translate it; the words for a count of each change are on
:class:`~sphinx_apidiff.comparison.Change`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import NamedTuple

from .comparison import INSTANCE, Change, Comparison, Row
from .comparison.changes import N_
from .matching import encoding
from .signature import Parameter

__all__ = ["Describer", "english_ordinal", "is_placeholder"]

Translate = Callable[[str], str]
#: ``ngettext(singular, plural, n)``: the message for ``n`` things.
TranslatePlural = Callable[[str, str, int], str]


def _identity(message: str) -> str:
    return message


def is_placeholder(default: str) -> bool:
    """A repr in angle brackets (``<no value>``, ``<object object at 0x...>``): not a value."""
    return default.startswith("<") and default.endswith(">")


def english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class Template(NamedTuple):
    """A change said side by side, "what: this in left, that in right"."""

    message: str
    #: The two values are ``{left_<name>}`` and ``{right_<name>}`` in the message.
    name: str
    #: One side's value: of a row, from its parameter and position; of the pair, from its API
    #: and the compared signature.
    value: Callable[..., object]


#: The row changes said by a template alone.
ROW_TEMPLATES = {
    Change.MOVED: Template(
        N_("moved: {left_pos} positional in {left}, {right_pos} in {right}"),
        "pos",
        lambda d, param, position: d.ordinal(position),
    ),
    Change.KIND: Template(
        N_("kind: {left_kind} in {left}, {right_kind} in {right}"),
        "kind",
        lambda d, param, position: d.kind_name(param),
    ),
    Change.DEFAULT: Template(
        N_("default: {left_default} in {left}, {right_default} in {right}"),
        "default",
        lambda d, param, position: d.code(param.default),
    ),
    Change.ANNOTATION: Template(
        N_("type: {left_type} in {left}, {right_type} in {right}"),
        "type",
        lambda d, param, position: d.code(param.annotation),
    ),
}

#: The pair changes, each said by a template (``overloads`` adds what was not compared).
PAIR_TEMPLATES = {
    Change.RETURN_ANNOTATION: Template(
        N_("returns: {left_type} in {left}, {right_type} in {right}"),
        "type",
        lambda d, api, signature: d.code(signature.return_annotation),
    ),
    Change.OBJECT_KIND: Template(
        N_("{left} has a {left_kind}, {right} a {right_kind}"),
        "kind",
        lambda d, api, signature: d.text(api.kind),
    ),
    Change.OVERLOADS: Template(
        N_(
            "overloads: {left_count} in {left}, {right_count} in {right}; "
            "the closest pair is compared"
        ),
        "count",
        lambda d, api, signature: len(api.overloads),
    ),
    Change.VALUE: Template(
        N_("value: {left_value} in {left}, {right_value} in {right}"),
        "value",
        lambda d, api, signature: d.code(api.member.value) if api.member else "",
    ),
}


class Describer:
    """Sentences about rows and pairs, with the two sides' labels filled in."""

    def __init__(
        self,
        left_label: str,
        right_label: str,
        gettext: Translate | None = None,
        language: str | None = "en",
        *,
        ngettext: TranslatePlural | None = None,
        text: Translate | None = None,
        code: Translate | None = None,
    ) -> None:
        self._gettext = gettext or _identity
        self._ngettext = ngettext
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

    def _n(self, singular: str, plural: str, n: int) -> str:
        """The message for ``n`` things (by the catalog's plural rule; without a catalog, by
        English's: one, or several), written out as text."""
        if self._ngettext is not None:
            return self.text(self._ngettext(singular, plural, n))
        return self._(singular if n == 1 else plural)

    def _join(self, parts: Iterable[str], separator: str = N_(", ")) -> str:
        """``parts`` joined by a translated ``separator`` written out with its own spacing: the
        space after ", " in English, none after "，" in Chinese (writing text out as markup
        may drop a space at its end)."""
        translated = self._gettext(separator)
        spacing = translated[len(translated.rstrip()) :]
        return (self.text(translated.rstrip()) + spacing).join(parts)

    def _side_by_side(self, template: Template, left: tuple, right: tuple) -> str:
        """``template`` with each side's label and its value (``left``, ``right``: what
        ``template.value`` reads a side's value from)."""
        values = {
            f"left_{template.name}": template.value(self, *left),
            f"right_{template.name}": template.value(self, *right),
        }
        return self._(template.message).format(
            left=self.left_label, right=self.right_label, **values
        )

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
        out = [self.instance_text(row)] if row.match == "instance" else []
        out += [self.through_kwargs_text(side) for side in row.through_kwargs]
        sides = (row.left, row.left_position), (row.right, row.right_position)
        for change in row.changes:
            start = len(out)
            if change in ROW_TEMPLATES:
                out.append(self._side_by_side(ROW_TEMPLATES[change], *sides))
            elif change == Change.REGROUPED:
                out.append(self.group_text(row))
            elif change == Change.RENAMED:
                out += self.renamed_sentences(row)
            elif change in (Change.ONLY_LEFT, Change.ONLY_RIGHT):
                out.append(self.one_side_text(row, change))
            elif change == Change.REQUIRED:
                out.append(self.required_text(row))
            if change in row.uncounted and len(out) > start:
                out[-1] = self.uncounted_text(out[-1])
        return out

    def through_kwargs_text(self, side: str) -> str:
        """ "taken through ``**kwargs`` in transformers": a key ``side`` takes only so."""
        return self._("taken through {kwargs} in {side}").format(
            kwargs=self.code("**kwargs"),
            side=self.left_label if side == "left" else self.right_label,
        )

    def through_kwargs_mark(self) -> str:
        """Beside a key a side takes only through its ``**kwargs``: "(through ``**kwargs``)"."""
        return self._("(through {kwargs})").format(kwargs=self.code("**kwargs"))

    def uncounted_text(self, sentence: str) -> str:
        """A fact that is no difference from the side the page is read from."""
        return self._("{fact} (not a difference from this side)").format(fact=sentence)

    def group_text(self, row: Row) -> str:
        """ "one setting written differently: ``dim0``, ``dim1`` in torch, ``perm`` in paddle
        (as the author says)"."""
        names = [
            self._join(self.code(p.label) for p in row.side_parameters(side))
            for side in ("left", "right")
        ]
        return self._(
            "one setting written differently: {left_names} in {left}, {right_names} in {right} "
            "(as the author says)"
        ).format(
            left_names=names[0], right_names=names[1], left=self.left_label, right=self.right_label
        )

    def renamed_sentences(self, row: Row) -> list[str]:
        """ "renamed: ``a`` in numpy, ``x`` in torch (inferred: ...)", and what the evidence
        adds: the two names mean opposite things, or one setting is written differently."""
        lp, rp = row.left, row.right
        names = {
            "left_name": self.code(lp.label),
            "right_name": self.code(rp.label),
            "left": self.left_label,
            "right": self.right_label,
        }
        how = self._("as the author says") if row.intentional else self.how_inferred(row)
        text = self._("renamed: {left_name} in {left}, {right_name} in {right}").format(**names)
        out = [self._("{text} ({how})").format(text=text, how=how) if how else text]
        if "inverted" in row.evidence:
            out.append(
                self._(
                    "inverted: {left_name} true in {left} is {right_name} false in {right}"
                ).format(**names)
            )
        if "encoded" in row.evidence:
            out.append(self.encoded_text(row))
        return out

    def one_side_text(self, row: Row, change: str) -> str:
        """ "only in numpy, default 0", and why there is no counterpart, if known."""
        left, right = self.left_label, self.right_label
        param, side, other = (
            (row.left, left, right) if change == Change.ONLY_LEFT else (row.right, right, left)
        )
        keyed = change.removeprefix("only-") in row.through_kwargs  # no default shown
        if param.kind.variadic or keyed:
            text = self._("only in {side}").format(side=side)
        elif param.required:
            text = self._("only in {side}, required").format(side=side)
        else:
            text = self._("only in {side}, {optional}").format(
                side=side, optional=self.optional_text(param)
            )
        if row.intentional:
            text += self._("; no counterpart in {other}, as the author says").format(other=other)
        elif Change.MAYBE_ABSORBED in row.changes:
            text += self._("; absorbed by {other}'s {kwargs}? maybe").format(
                other=other, kwargs=self.code("**kwargs")
            )
        return text

    def required_text(self, row: Row) -> str:
        """ "required in numpy; optional in torch, default 0"."""
        lp, rp = row.left, row.right
        side, other = (
            (self.left_label, self.right_label)
            if lp.required
            else (self.right_label, self.left_label)
        )
        optional = rp if lp.required else lp
        return self._("required in {side}; optional in {other}, {optional}").format(
            side=side, other=other, optional=self.optional_text(optional)
        )

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
            else self._("{items} and {last}").format(items=self._join(found[:-1]), last=found[-1])
        )
        if contrary:
            return self._("inferred: {evidence}, though the defaults differ").format(
                evidence=listed
            )
        return self._("inferred: {evidence}").format(evidence=listed)

    def join(self, sentences: list[str]) -> str:
        """Sentences about one parameter, joined the way the language punctuates."""
        return self._join(sentences, N_("; "))

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
        parts = []
        for code, n in kinds.items():
            change = Change.of(code)
            if change is None or change.counted is None:
                continue
            if isinstance(change.counted, tuple):
                message = self._n(*change.counted, n)
            else:
                message = self._(change.counted)
            parts.append(message.format(n=n, left=self.left_label, right=self.right_label))
        return self._join(parts)

    def pair_sentences(self, comparison: Comparison) -> list[str]:
        """One sentence per pair change, and the overloads that were not compared."""
        sides = (
            (comparison.left, comparison.left_signature),
            (comparison.right, comparison.right_signature),
        )
        out: list[str] = []
        for change in comparison.pair_changes:
            if change in PAIR_TEMPLATES:
                out.append(self._side_by_side(PAIR_TEMPLATES[change], *sides))
            if change == Change.OVERLOADS:
                out += self.not_compared_sentences(comparison)
        return out

    def not_compared_sentences(self, comparison: Comparison) -> list[str]:
        """ "numpy: compared ``(a)``; not compared: ``(a, b)``", for each side with others."""
        lnot, rnot = comparison.overloads_not_compared()
        return [
            self._("{side}: compared {compared}; not compared: {others}").format(
                side=side,
                compared=self.code(sig.text()),
                others=self._join(self.code(o.text()) for o in others),
            )
            for side, sig, others in (
                (self.left_label, comparison.left_signature, lnot),
                (self.right_label, comparison.right_signature, rnot),
            )
            if others
        ]
