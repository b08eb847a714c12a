"""An API with one side: no counterpart, removable in the target, or replaced by a combination.

A page for such an API (``apidiff-one``) has no second signature to compare with: it states the
API's *status* in the target framework and, for a composite replacement, the APIs that replace
it. :class:`OneSided` is that statement with the API as read, as data (the shape the export and
the comparisons file keep). Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .api import Api, ApiDiffError
from .introspect.resolve import DOTTED_PATH

__all__ = ["STATUSES", "OneSided", "parse_replacements"]

#: What can be said of an API with no one-to-one counterpart: none at all (``missing``), the
#: call can be dropped in the target (``removable``), a combination of the target's APIs does
#: the same (``composite``).
STATUSES = ("missing", "removable", "composite")


def parse_replacements(text: str | None) -> tuple[str, ...]:
    """``"paddle.amin, paddle.amax"`` (commas, spaces or ``+`` between them) as dotted paths,
    in the author's order, each once. Raises :class:`ApiDiffError` for anything that is not a
    dotted path."""
    parts = (text or "").replace("+", " ").replace(",", " ").split()
    bad = [p for p in parts if not DOTTED_PATH.fullmatch(p)]
    if bad:
        raise ApiDiffError(f"{', '.join(map(repr, bad))} is not a dotted Python path")
    return tuple(dict.fromkeys(parts))


@dataclass(frozen=True)
class OneSided:
    """One API and what becomes of it in the target framework."""

    #: The API as read (None when it could not be read).
    api: Api | None
    #: One of :data:`STATUSES`.
    status: str
    #: The APIs that replace it (a ``composite`` status), in the author's order.
    replacements: tuple[str, ...] = ()
    #: The target framework's label (``PaddlePaddle``), when known.
    target: str | None = None

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"status {self.status!r} is not one of {', '.join(STATUSES)}")

    def to_dict(self) -> dict[str, Any]:
        """As data: the status, the replacements, the target and the API read (the shape of
        one side of ``sphinx-apidiff diff --json``; null when not read)."""
        return {
            "status": self.status,
            "replacements": list(self.replacements),
            "target": self.target,
            "api": None if self.api is None else self.api.to_dict(),
        }
