"""Things that are not calls: properties, attributes, constants, enum members, literal values.

``torch.Tensor.shape`` is a property, ``math.pi`` a constant, ``InterpolationMode.BICUBIC`` an
enum member, ``"bicubic"`` (a Python literal where a dotted path would go) a value. What can be
read of each is its kind, its type where one is known and its value where it is a constant
(:class:`~sphinx_apidiff.api.Member`); :func:`read_member` gives the
:class:`~sphinx_apidiff.api.Api` of one, with one empty signature, so that it compares with
anything (a method against a property: ``Tensor.size()`` and ``ndarray.shape``).
"""

from __future__ import annotations

import ast
import enum
import inspect
import types

from ..api import Api, Member
from ..signature import Signature, scrub_repr
from .resolve import MISSING, package_version
from .runtime import format_annotation

__all__ = ["literal_api", "parse_literal", "read_member"]

#: The types whose value is shown and compared: a constant's value is one of these.
_LITERAL_TYPES = (bool, int, float, complex, str, bytes, type(None))
#: Longer reprs are cut: a value is a fact on a card, not a dump.
_VALUE_LIMIT = 80


def _value_text(value: object) -> str | None:
    """The repr of a literal value (cut when long); None for any other object."""
    if not isinstance(value, _LITERAL_TYPES):
        return None
    text = scrub_repr(repr(value))
    return text if len(text) <= _VALUE_LIMIT else text[: _VALUE_LIMIT - 1] + "…"


def _type_text(cls: type) -> str:
    return format_annotation(cls)


def parse_literal(text: str) -> object:
    """The value of ``text`` if it is a Python literal of a constant type (``"bicubic"``,
    ``3``, ``None``), else :data:`~.resolve.MISSING`."""
    try:
        value = ast.literal_eval(text.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return MISSING
    return value if isinstance(value, _LITERAL_TYPES) else MISSING


def literal_api(text: str, label: str | None = None) -> Api:
    """The :class:`Api` of a literal written where a dotted path would go (``"bicubic"``: what
    an enum member maps to in a framework that takes strings)."""
    value = parse_literal(text)
    if value is MISSING:
        raise ValueError(f"{text!r} is not a literal")
    member = Member("value", _type_text(type(value)), _value_text(value))
    path = repr(value)  # as Python writes it: "bicubic" and 'bicubic' are one value
    # written by the author, as an explicit signature is: no library, no version to track
    return Api(path, label or path, "value", "explicit", (Signature(),), None, (), member)


def _property_type(prop: object) -> str | None:
    fget = getattr(prop, "fget", None)
    if fget is None:
        return None
    try:
        annotation = inspect.signature(fget).return_annotation
    except (TypeError, ValueError):
        return None
    return None if annotation is inspect.Signature.empty else format_annotation(annotation)


def _member(obj: object, owner: object | None, name: str) -> Member:
    """What ``obj`` (``owner.name``, or a module's ``name`` when ``owner`` is None) is."""
    if isinstance(obj, enum.Enum):
        return Member("enum member", _type_text(type(obj)), _value_text(obj.value))
    static = MISSING
    if isinstance(owner, type):
        try:
            static = inspect.getattr_static(owner, name)
        except AttributeError:
            static = MISSING
    if isinstance(static, property) or isinstance(obj, property):
        return Member("property", _property_type(static if static is not MISSING else obj))
    if isinstance(static, types.GetSetDescriptorType | types.MemberDescriptorType):
        return Member("property")  # a C descriptor: read on an instance, its type unknown here
    value = _value_text(obj)
    if value is not None:
        return Member("constant", _type_text(type(obj)), value)
    return Member("attribute", _type_text(type(obj)))


def read_member(path: str, label: str, obj: object, owner: object | None, module: str) -> Api:
    """The :class:`Api` of ``obj``, which is not callable: its kind, type and value."""
    member = _member(obj, owner, path.rpartition(".")[2])
    version = package_version(module)
    return Api(path, label, member.kind, "runtime", (Signature(),), version, (), member)
