"""Drift: how a signature read live differs from its snapshot entry, in words.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from .api import Api
from .signature import Parameter, Signature
from .snapshot import Entry

__all__ = ["describe_drift"]


def _version_words(entry: Entry, api: Api) -> str:
    old = entry.version or "an unknown version"
    new = api.version or "an unknown version"
    if old == new:
        return f"recorded from {entry.package} {old}, still {new}"
    return f"recorded from {entry.package} {old}, now {new}"


def _default(param: Parameter) -> str:
    return param.default if param.default is not None else "none"


def _compare_overload(old: Signature, new: Signature) -> list[str]:
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
        if before.default != param.default:
            if before.default is None:
                words.append(f"`{param.name}` gained a default, {param.default}")
            elif param.default is None:
                words.append(f"`{param.name}` lost its default {before.default}: now required")
            else:
                words.append(
                    f"default of `{param.name}` changed from {_default(before)} "
                    f"to {_default(param)}"
                )
        if before.annotation != param.annotation:
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
    if old.return_annotation != new.return_annotation:
        words.append(
            f"return annotation changed from {old.return_annotation or 'none'} "
            f"to {new.return_annotation or 'none'}"
        )
    return words


def describe_drift(entry: Entry, api: Api) -> list[str]:
    """How ``api`` (read live) differs from its recorded ``entry``, in words; empty if not.

    The first item names the versions ("recorded from torch 2.12.0, now 2.13.0"); the others
    each say one change ("gained parameter `x`", "default of `eps` changed from 1e-05 to
    1e-06", "`x` became keyword-only (was positional-or-keyword)").
    """
    changes: list[str] = []
    if len(entry.overloads) != len(api.overloads):
        changes.append(f"{len(api.overloads)} overloads, was {len(entry.overloads)}")
    for i, (old, new) in enumerate(zip(entry.overloads, api.overloads, strict=False)):
        words = _compare_overload(old, new)
        if len(entry.overloads) > 1 or len(api.overloads) > 1:
            words = [f"overload {i + 1}: {w}" for w in words]
        changes.extend(words)
    if not changes:
        return []
    return [_version_words(entry, api), *changes]
