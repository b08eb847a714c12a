"""Drift: how a signature read live differs from its snapshot entry, in words.

Defaults and annotations are compared as the comparison compares them
(:func:`~sphinx_apidiff.signature.default_value_key`,
:func:`~sphinx_apidiff.signature.normalize_annotation`): ``1e-5`` is ``1e-05``,
``typing.Optional[typing.List[int]]`` is ``Optional[List[int]]``, a sentinel is no value. When
one side was read at run time (defaults are reprs of values: ``3.141592653589793``) and the other
from source text (static, stub, docstring: ``math.pi``), a default that is not a literal cannot
be compared with the other side's, and annotations are compared without their module
qualifiers (``torch.Tensor`` is ``Tensor``): such a pair differs only in names, kinds, order and
which parameters are required.

Of the same release (both versions known and equal), two readings by different methods are no
drift at all: the code is the same, only the reading differs (``Union[int, tuple[int, int]]``
read live against the alias ``_size_2_t`` read from the source). Then the live reading is the
better one (:func:`entry_is_better`): a snapshot entry recorded live stands in for a reading
from source or stubs.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import re

from .api import Api
from .signature import Parameter, Signature, default_value_key, normalize_annotation
from .snapshot import Entry

__all__ = ["describe_drift", "entry_is_better", "same_release_other_reading"]


def _version_words(entry: Entry, api: Api) -> str:
    old = entry.version or "an unknown version"
    new = api.version or "an unknown version"
    if old == new:
        return f"recorded from {entry.package} {old}, still {new}"
    return f"recorded from {entry.package} {old}, now {new}"


def _default(param: Parameter) -> str:
    return param.default if param.default is not None else "none"


#: Sources whose defaults are reprs of evaluated values; the others give source text.
_EVALUATED = frozenset({"runtime"})
_QUALIFIER = re.compile(r"\b(?:[A-Za-z_]\w*\.)+(?=[A-Za-z_])")


def _default_changed(before: Parameter, after: Parameter, mixed: bool) -> bool:
    """Both have a default: whether it is a different value (see the module's docstring)."""
    if before.default == after.default:
        return False
    if not (before.default_known or after.default_known):
        return False  # sentinels both: "not passed"
    if before.default_known != after.default_known:
        return not mixed  # a repr such as <function f> is not comparable with source text
    old, new = default_value_key(before.default), default_value_key(after.default)
    if old == new:
        return False
    return not (mixed and "src" in (old[0], new[0]))  # math.pi vs 3.141592653589793


def _annotation_changed(before: str | None, after: str | None, mixed: bool) -> bool:
    if normalize_annotation(before) == normalize_annotation(after):
        return False
    if mixed and before is not None and after is not None:
        unqualified = lambda text: normalize_annotation(_QUALIFIER.sub("", text))  # noqa: E731
        return unqualified(before) != unqualified(after)
    return True


def _compare_overload(old: Signature, new: Signature, mixed: bool = False) -> list[str]:
    words: list[str] = []
    old_names, new_names = old.names(), new.names()
    for param in new.parameters:
        if param.name not in old_names:
            words.append(f"gained parameter `{param.label}`")
    for param in old.parameters:
        if param.name not in new_names:
            words.append(f"lost parameter `{param.label}`")
    for param in new.parameters:
        if param.name not in old_names:
            continue
        before = old[param.name]
        if before.kind is not param.kind:
            words.append(f"`{param.name}` became {param.kind.value} (was {before.kind.value})")
        if (before.default is None) != (param.default is None) or (
            before.default is not None and _default_changed(before, param, mixed)
        ):
            if before.default is None:
                words.append(f"`{param.name}` gained a default, {param.default}")
            elif param.default is None:
                words.append(f"`{param.name}` lost its default {before.default}: now required")
            else:
                words.append(
                    f"default of `{param.name}` changed from {_default(before)} "
                    f"to {_default(param)}"
                )
        if _annotation_changed(before.annotation, param.annotation, mixed):
            words.append(
                f"annotation of `{param.name}` changed from {before.annotation or 'none'} "
                f"to {param.annotation or 'none'}"
            )
    common = set(old_names) & set(new_names)
    old_order = [p.name for p in old.parameters if p.kind.positional and p.name in common]
    new_order = [p.name for p in new.parameters if p.kind.positional and p.name in common]
    if set(old_order) == set(new_order) and old_order != new_order:
        before, after = ", ".join(old_order), ", ".join(new_order)
        words.append(f"positional order changed from ({before}) to ({after})")
    if _annotation_changed(old.return_annotation, new.return_annotation, mixed):
        words.append(
            f"return annotation changed from {old.return_annotation or 'none'} "
            f"to {new.return_annotation or 'none'}"
        )
    return words


def same_release_other_reading(entry: Entry, api: Api) -> bool:
    """Whether ``entry`` and ``api`` read one release (versions known, equal) by two methods."""
    return bool(entry.version) and entry.version == api.version and entry.source != api.source


def entry_is_better(entry: Entry, api: Api) -> bool:
    """Whether ``entry`` should stand in for ``api``: the same release, and the entry was read
    live (``runtime``) where ``api`` was not (source, stubs or a docstring)."""
    return (
        same_release_other_reading(entry, api)
        and entry.source in _EVALUATED
        and api.source not in _EVALUATED
    )


def describe_drift(entry: Entry, api: Api) -> list[str]:
    """How ``api`` (read live) differs from its recorded ``entry``, in words; empty if not.

    The first item names the versions ("recorded from torch 2.12.0, now 2.13.0"); the others
    each say one change ("gained parameter `x`", "default of `eps` changed from 1e-05 to
    1e-06", "`x` became keyword-only (was positional-or-keyword)"). A runtime and a static
    reading of the same code are no drift, nor are two readings of one release by different
    methods (see the module's docstring).
    """
    if same_release_other_reading(entry, api):
        return []
    changes: list[str] = []
    mixed = (entry.source in _EVALUATED) != (api.source in _EVALUATED)
    if len(entry.overloads) != len(api.overloads):
        changes.append(f"{len(api.overloads)} overloads, was {len(entry.overloads)}")
    for i, (old, new) in enumerate(zip(entry.overloads, api.overloads, strict=False)):
        words = _compare_overload(old, new, mixed)
        if len(entry.overloads) > 1 or len(api.overloads) > 1:
            words = [f"overload {i + 1}: {w}" for w in words]
        changes.extend(words)
    if not changes:
        return []
    return [_version_words(entry, api), *changes]
