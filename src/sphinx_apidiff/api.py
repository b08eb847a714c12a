"""What is known about one side of a comparison: the callable, where its signature came from.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from .signature import Signature

__all__ = ["SOURCES", "Api", "ApiDiffError", "Member", "in_packages", "release"]

#: Where a signature came from, in the order they are tried: ``static`` is the package's source
#: read without importing it, ``snapshot`` the signature recorded in the docs' snapshot file.
SOURCES = ("explicit", "runtime", "docstring", "stub", "schema", "binding", "static", "snapshot")


class ApiDiffError(Exception):
    """A problem the user caused (bad path, no signature...). ``str()`` is one line."""


def in_packages(path: str, packages: Iterable[str]) -> bool:
    """Whether dotted ``path`` is one of ``packages`` or inside one (``torch.nn`` in ``torch``;
    ``torchvision`` is not)."""
    return any(path == p or path.startswith(p + ".") for p in packages)


def release(package: str, version: str | None) -> str:
    """How a reader is told which release a signature came from: ``torch 2.13.0``."""
    return f"{package} {version}" if version else package


@dataclass(frozen=True)
class Member:
    """What a side that is not a call is: ``property``, ``attribute``, ``constant``,
    ``enum member`` or ``value`` (a literal written in place of a path), its type where known,
    its value (source text) where it is a constant."""

    kind: str
    type: str | None = None
    value: str | None = None

    def text(self, path: str) -> str:
        """``path: type = value``, as much of it as is known."""
        out = path
        if self.type:
            out += f": {self.type}"
        if self.value is not None and self.value != path:
            out += f" = {self.value}"
        return out

    def to_dict(self) -> dict:
        return {"kind": self.kind, "type": self.type, "value": self.value}


@dataclass(frozen=True)
class Api:
    """One callable, as read for comparison."""

    path: str
    label: str
    #: ``class``, ``function``, ``method``, ``builtin``, ``explicit`` (text only) ...
    kind: str
    #: One of :data:`SOURCES`.
    source: str
    #: All overloads, in the order the source lists them; never empty.
    overloads: tuple[Signature, ...]
    version: str | None = None
    #: Facts a reader may want: "instance parameter 'self' not compared", sources that failed.
    notes: tuple[str, ...] = field(default=(), compare=False)
    #: Not a call (a property, a constant...): what it is; None for a callable. Its
    #: ``overloads`` are then one empty signature.
    member: Member | None = None

    def __post_init__(self) -> None:
        if not self.overloads:
            raise ValueError("an Api needs at least one signature")

    @property
    def signature(self) -> Signature:
        """The first overload (the one compared unless another matches better)."""
        return self.overloads[0]

    def parameter_names(self) -> frozenset[str]:
        """The names of the parameters of every overload."""
        return frozenset(p.name for sig in self.overloads for p in sig.parameters)

    def without_annotations(self) -> Api:
        """This API's calls alone: no annotations, no return annotation (overloads that
        differed only in types become one)."""
        overloads = tuple(
            dict.fromkeys(
                Signature(tuple(replace(p, annotation=None) for p in s.parameters))
                for s in self.overloads
            )
        )
        return replace(self, overloads=overloads)

    @property
    def package(self) -> str:
        return self.path.split(".", 1)[0]

    @property
    def release(self) -> str:
        """``torch 2.13.0`` (the package alone if its version is not known)."""
        return release(self.package, self.version)

    def to_dict(self, signature: Signature | None = None) -> dict:
        sig = signature or self.signature
        return {
            "path": self.path,
            "label": self.label,
            "kind": self.kind,
            "source": self.source,
            "signature": sig.text(),
            "overloads": [o.text() for o in self.overloads],
            "version": self.version,
            "parameters": [p.to_dict() for p in sig.parameters],
            "return_annotation": sig.return_annotation,
            "notes": list(self.notes),
            **({"member": self.member.to_dict()} if self.member is not None else {}),
        }
