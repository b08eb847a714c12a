"""Keys a side accepts only through its ``**kwargs`` (``transformers``' ``GenerationConfig``
takes ``max_length`` so), declared by the author: one row each, marked as such.

Pure Python: no docutils, no Sphinx.

A key is declared for the side (or both sides) that takes it through ``**kwargs``. Where that
side has a ``**kwargs`` and no parameter of that name:

- if the other side has a parameter of that name, in a row of its own (only on that side),
  the two become one row: the key against the parameter, nothing differs (a call passing it
  by keyword works on both sides);
- otherwise the key is a row of its own, at the end: against the other side's key when both
  sides take it through ``**kwargs`` (nothing differs), else only on its side (``only-left`` /
  ``only-right``: the other side has no such setting).

A declaration the signatures do not allow (no ``**kwargs`` on that side, or a parameter of
that name there) adds no row; the Sphinx layer says why (:func:`key_problem`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ..signature import Kind, Parameter, Signature
from .changes import Change
from .result import Row

__all__ = ["SIDES", "add_kwargs_keys", "key_parameter", "key_problem"]

#: What a declaration names: the side that takes the key through ``**kwargs``, or both.
SIDES = ("left", "right", "both")


def key_parameter(name: str) -> Parameter:
    """The key as a parameter: passed by keyword, with no default a signature shows."""
    return Parameter(name, Kind.KEYWORD_ONLY, default="...", default_known=False)


def _sides(declared: str) -> tuple[str, ...]:
    return ("left", "right") if declared == "both" else (declared,)


def key_problem(name: str, declared: str, signatures: Mapping[str, Signature]) -> str | None:
    """Why the key ``name`` declared for ``declared`` adds no row, or None (it does)."""
    if declared not in SIDES:
        return f"expected one of {', '.join(SIDES)}, not {declared!r}"
    for side in _sides(declared):
        sig = signatures[side]
        if sig.var_keyword() is None:
            return f"the {side} side has no **kwargs"
        if name in sig.names():
            return f"the {side} side has a parameter {name!r}: no key of its **kwargs"
    return None


def add_kwargs_keys(
    rows: tuple[Row, ...], left: Signature, right: Signature, keys: Mapping[str, str]
) -> tuple[Row, ...]:
    """``rows`` with a row for each declared key (``{name: "left" | "right" | "both"}``)."""
    signatures = {"left": left, "right": right}
    out = list(rows)
    for name, declared in keys.items():
        if key_problem(name, declared, signatures) is not None:
            continue
        sides = _sides(declared)
        key = key_parameter(name)
        if len(sides) == 2:
            out.append(Row(key, key, (), match="name", through_kwargs=sides))
            continue
        other = "right" if sides == ("left",) else "left"
        alone = next(
            (
                i
                for i, row in enumerate(out)
                if (row.left is None) == (other == "right")
                and (row.right is None) == (other == "left")
                and (row.left or row.right).name == name  # type: ignore[union-attr]
            ),
            None,
        )
        if alone is not None:
            found = out[alone]
            out[alone] = Row(
                found.left or key,
                found.right or key,
                (),
                found.left_position,
                found.right_position,
                match="name",
                through_kwargs=sides,
            )
        elif other == "right":
            out.append(Row(key, None, (Change.ONLY_LEFT,), through_kwargs=sides))
        else:
            out.append(Row(None, key, (Change.ONLY_RIGHT,), through_kwargs=sides))
    return tuple(out)
