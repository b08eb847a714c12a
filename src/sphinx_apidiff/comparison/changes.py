"""The kinds of difference between two callables: one vocabulary for the rows, the pair, the
category and the words.

Pure Python: no docutils, no Sphinx.

A :class:`Change` is its code (the value: what ``Row.changes``, ``Comparison.pair_changes``,
``kinds``, the JSON output and the export hold) and carries what every other part asks of it:
whether it is found in a parameter's row or in the pair, the category group it ranks in
(:mod:`.categories`), and how a count of it is said. Members are declared in the order they are
listed: in a row, in ``kinds``, under the table.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["N_", "Change", "N_plural"]


def N_(message: str) -> str:
    """Mark ``message`` for the catalogs without translating it here (``gettext_noop``)."""
    return message


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message said one way for one and another for several (read with ``ngettext``)."""
    return singular, plural


ROW, PAIR = "row", "pair"


class Change(StrEnum):
    """A kind of difference. Its value is the code (``"only-left"``); it also says:

    - ``scope``: ``"row"`` (about one parameter) or ``"pair"`` (about the two callables);
    - ``group``: the category group it ranks in, or ``None`` where it is said but does not
      decide the category (:attr:`ranks`);
    - ``counted``: how ``n`` of it are said in ``kinds`` ("2 only in PyTorch"), one message or
      a (singular, plural) pair; ``None`` where it is not counted on its own.
    """

    scope: str
    group: str | None
    counted: str | tuple[str, str] | None

    def __new__(
        cls, code: str, scope: str, group: str | None, counted: str | tuple[str, str] | None
    ) -> Change:
        member = str.__new__(cls, code)
        member._value_ = code
        member.scope = scope
        member.group = group
        member.counted = counted
        return member

    def __repr__(self) -> str:
        # a change is its code wherever it is shown: ('renamed', 'kind'), as JSON reads back
        return repr(self.value)

    # -- about one parameter, in the order a row lists them
    #: Several parameters that are one setting on the other side (the author's group, one row):
    #: the values are written differently, so a call changes.
    REGROUPED = (
        "regrouped",
        ROW,
        "usage-differs",
        N_plural("{n} group written differently", "{n} groups written differently"),
    )
    RENAMED = "renamed", ROW, "names-differ", N_("{n} renamed")
    ONLY_LEFT = "only-left", ROW, "left-has-more", N_("{n} only in {left}")
    ONLY_RIGHT = "only-right", ROW, "right-has-more", N_("{n} only in {right}")
    #: Qualifies an ``only-left``/``only-right`` (the other side has ``**kwargs``) that already
    #: ranks and counts.
    MAYBE_ABSORBED = "maybe-absorbed", ROW, None, None
    # an order or kind difference changes how a call is written
    MOVED = "moved", ROW, "usage-differs", N_("{n} moved")
    KIND = (
        "kind",
        ROW,
        "usage-differs",
        N_plural("{n} parameter kind differs", "{n} parameter kinds differ"),
    )
    REQUIRED = "required", ROW, "defaults-differ", N_("{n} required on one side")
    DEFAULT = (
        "default",
        ROW,
        "defaults-differ",
        N_plural("{n} default differs", "{n} defaults differ"),
    )
    ANNOTATION = "annotation", ROW, "types-differ", N_plural("{n} type differs", "{n} types differ")

    # -- about the pair
    RETURN_ANNOTATION = (
        "return-annotation",
        PAIR,
        "return-type-differs",
        N_("return type differs"),
    )
    #: A class against a function: both are called the same way.
    OBJECT_KIND = "object-kind", PAIR, None, N_("kind of object differs")
    #: Different overload counts: the closest pair is compared, and its own changes rank.
    OVERLOADS = "overloads", PAIR, None, N_("overload count differs")
    #: Two sides that are not calls (constants, enum members) hold different values: said, and
    #: counted, but a call is not written differently for it.
    VALUE = "value", PAIR, None, N_("value differs")

    @property
    def ranks(self) -> bool:
        """Whether it decides the category. The category tells how a call written for the left
        side has to change on the right; the changes that do not rank do not change it."""
        return self.group is not None

    @classmethod
    def of(cls, code: str) -> Change | None:
        """The change with this code; ``None`` for a code this version does not know."""
        try:
            return cls(code)
        except ValueError:
            return None
