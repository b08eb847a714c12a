"""The value types of a signature: :class:`Kind`, :class:`Parameter`, :class:`Signature`.

Pure Python: no docutils, no Sphinx. Every other layer speaks in these types.

A :class:`Signature` is one overload: an ordered tuple of :class:`Parameter` and a return
annotation. Defaults and annotations are kept as *source text* (what a reader should see), with
``default_known`` saying whether the text stands for a real value that can be compared.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .values import default_is_known

__all__ = ["Kind", "Parameter", "Signature", "SignatureSyntaxError"]


class Kind(enum.Enum):
    """How a caller passes a parameter (the values are the names used in JSON)."""

    POSITIONAL_ONLY = "positional-only"
    POSITIONAL_OR_KEYWORD = "positional-or-keyword"
    VAR_POSITIONAL = "var-positional"
    KEYWORD_ONLY = "keyword-only"
    VAR_KEYWORD = "var-keyword"

    @property
    def positional(self) -> bool:
        """True if the parameter can be filled by a positional argument at a fixed index."""
        return self in (Kind.POSITIONAL_ONLY, Kind.POSITIONAL_OR_KEYWORD)

    @property
    def keyword(self) -> bool:
        """True if the parameter can be passed by its name."""
        return self in (Kind.POSITIONAL_OR_KEYWORD, Kind.KEYWORD_ONLY)

    @property
    def variadic(self) -> bool:
        return self in (Kind.VAR_POSITIONAL, Kind.VAR_KEYWORD)


_ORDER = {
    Kind.POSITIONAL_ONLY: 0,
    Kind.POSITIONAL_OR_KEYWORD: 1,
    Kind.VAR_POSITIONAL: 2,
    Kind.KEYWORD_ONLY: 3,
    Kind.VAR_KEYWORD: 4,
}


class SignatureSyntaxError(ValueError):
    """Signature text that cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class Parameter:
    """One parameter. ``default`` is ``None`` when the parameter is required."""

    name: str
    kind: Kind = Kind.POSITIONAL_OR_KEYWORD
    default: str | None = None
    default_known: bool = True
    annotation: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None and not self.kind.variadic

    @property
    def label(self) -> str:
        """The name as a reader knows it: ``x``, ``*args``, ``**kwargs``."""
        return {Kind.VAR_POSITIONAL: "*", Kind.VAR_KEYWORD: "**"}.get(self.kind, "") + self.name

    def display(self) -> str:
        """The parameter as it is written in a ``def`` (``*args``, ``x: int = 1``)."""
        text = self.label
        if self.annotation:
            text += f": {self.annotation}"
        if self.default is not None:
            text += f" = {self.default}" if self.annotation else f"={self.default}"
        return text

    def to_dict(self, *, compact: bool = False) -> dict[str, Any]:
        """As JSON: every field; ``compact``: without what :meth:`from_dict` infers (a null
        default or annotation, ``default_known`` when ``values.default_is_known`` says it)."""
        if not compact:
            return {
                "name": self.name,
                "kind": self.kind.value,
                "default": self.default,
                "default_known": self.default_known,
                "annotation": self.annotation,
            }
        item: dict[str, Any] = {"name": self.name, "kind": self.kind.value}
        if self.default is not None:
            item["default"] = self.default
            if self.default_known != default_is_known(self.default):
                item["default_known"] = self.default_known
        if self.annotation is not None:
            item["annotation"] = self.annotation
        return item

    @classmethod
    def from_dict(cls, raw: object) -> Parameter:
        """The parameter of :meth:`to_dict`'s JSON, either form; a missing ``kind`` is
        positional-or-keyword. Raises :class:`ValueError` (one line) for anything else."""
        if not isinstance(raw, Mapping) or not isinstance(raw.get("name"), str):
            raise ValueError("a parameter needs a string 'name'")
        name = raw["name"]
        try:
            kind = Kind(raw.get("kind", Kind.POSITIONAL_OR_KEYWORD.value))
        except ValueError:
            raise ValueError(f"parameter {name!r}: unknown kind {raw.get('kind')!r}") from None
        default, annotation = raw.get("default"), raw.get("annotation")
        if default is not None and not isinstance(default, str):
            raise ValueError(f"parameter {name!r}: 'default' must be source text")
        if annotation is not None and not isinstance(annotation, str):
            raise ValueError(f"parameter {name!r}: 'annotation' must be text")
        known = raw.get("default_known")
        if known is None:
            known = default_is_known(default) if default is not None else True
        if not isinstance(known, bool):
            raise ValueError(f"parameter {name!r}: 'default_known' must be true or false")
        return cls(name, kind, default, known, annotation)


@dataclass(frozen=True)
class Signature:
    """One overload of a callable."""

    parameters: tuple[Parameter, ...] = ()
    return_annotation: str | None = None
    #: Extra facts from the reader, e.g. ``"instance parameter 'self' dropped"``.
    notes: tuple[str, ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        seen: set[str] = set()
        last = -1
        for param in self.parameters:
            if param.name in seen:
                raise SignatureSyntaxError(f"duplicate parameter name {param.name!r}")
            seen.add(param.name)
            order = _ORDER[param.kind]
            if order < last:
                raise SignatureSyntaxError(
                    f"parameter {param.name!r} ({param.kind.value}) is out of order"
                )
            last = order

    def __getitem__(self, name: str) -> Parameter:
        for param in self.parameters:
            if param.name == name:
                return param
        raise KeyError(name)

    def names(self) -> list[str]:
        return [p.name for p in self.parameters]

    def var_positional(self) -> Parameter | None:
        return next((p for p in self.parameters if p.kind is Kind.VAR_POSITIONAL), None)

    def var_keyword(self) -> Parameter | None:
        return next((p for p in self.parameters if p.kind is Kind.VAR_KEYWORD), None)

    def is_bare_varargs(self) -> bool:
        """``(*args, **kwargs)``: what C classes and dispatchers report. Means "unknown"."""
        kinds = [p.kind for p in self.parameters]
        return kinds == [Kind.VAR_POSITIONAL, Kind.VAR_KEYWORD]

    def without_first(self) -> Signature:
        """Drop the instance parameter of a method reached through its class."""
        if not self.parameters or not self.parameters[0].kind.positional:
            return self
        first = self.parameters[0].name
        return Signature(
            self.parameters[1:],
            self.return_annotation,
            (*self.notes, f"instance parameter {first!r} not compared"),
        )

    def parameter_lines(self) -> list[str]:
        """The parameters one per line, with ``/`` and ``*`` markers where Python needs them."""
        lines: list[str] = []
        params = self.parameters
        for i, param in enumerate(params):
            if param.kind is Kind.KEYWORD_ONLY and (
                i == 0 or params[i - 1].kind not in (Kind.KEYWORD_ONLY, Kind.VAR_POSITIONAL)
            ):
                lines.append("*")
            lines.append(param.display())
            if param.kind is Kind.POSITIONAL_ONLY and (
                i + 1 == len(params) or params[i + 1].kind is not Kind.POSITIONAL_ONLY
            ):
                lines.append("/")
        return lines

    def text(self) -> str:
        """The signature on one line: ``(a, b=1, *, c) -> int``."""
        out = "(" + ", ".join(self.parameter_lines()) + ")"
        if self.return_annotation:
            out += f" -> {self.return_annotation}"
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "signature": self.text(),
            "parameters": [p.to_dict() for p in self.parameters],
            "return_annotation": self.return_annotation,
        }

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any]) -> Signature:
        """The signature of :meth:`to_dict`'s JSON (``"signature"``, the text, is not read).
        Raises :class:`ValueError` (:class:`SignatureSyntaxError` for parameters out of
        order)."""
        params = tuple(Parameter.from_dict(p) for p in raw.get("parameters") or ())
        return cls(params, raw.get("return_annotation"))
