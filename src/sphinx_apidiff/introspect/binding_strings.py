"""The binding source: the signature strings a compiled binding parses its arguments by.

PyTorch's Python bindings, generated ones and those written by hand alike, hand every call to
an argument parser built from string literals such as ``to(Tensor tensor, bool
non_blocking=False, bool copy=False, *, MemoryFormat? memory_format=None)``; the parser
accepts exactly the names these strings give, and its error messages list them. The strings
live in the shared library the package's compiled core (``<package>._C``) loads, so they are
read from that file, never by calling anything: on Linux, the ELF libraries the core names as
``DT_NEEDED`` that lie in the package's own folder (``libtorch_python.so``), and the core
itself. Any other platform or package has no such strings and gets ``()``.

A string names the binding, not the Python path: ``linalg_cond(Tensor input, ...)`` is
``torch.linalg.cond`` (whose ``__name__`` is ``linalg_cond``), and a method's string has no
receiver (``copy_(Tensor other, ...)``) while a function's names it ``input``. Strings marked
``|deprecated`` or ``|hidden`` are overloads the parser keeps for old callers, not documented
ones, and are left out.
"""

from __future__ import annotations

import functools
import inspect
import os
import re
import struct
import sys
import types
from collections.abc import Iterable
from pathlib import Path

from ..signature import Kind, Parameter, Signature, SignatureSyntaxError, default_is_known
from .disk_cache import cached

#: What a generated function binding calls its tensor receiver.
_RECEIVER = "input"
#: One NUL-terminated string literal that reads as ``name(typed parameters)``, optionally
#: followed by a ``|flag``; a parameter's type may hold one level of brackets or parentheses.
_STRING = re.compile(
    rb"(?<=\x00)([A-Za-z_][A-Za-z0-9_]*)\(((?:[^()\x00]|\([^()\x00]*\))*)\)(?:\|([a-z_]+))?\x00"
)
#: ``Type name=default``: the name is the last word before ``=`` (``PyObject* data``).
_PARAMETER = re.compile(
    r"^(?P<type>.*?)\s*\b(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*(?:=(?P<default>.*))?$"
)
_SKIPPED_FLAGS = frozenset({"deprecated", "hidden"})
_DT_NEEDED = 1
_SHT_DYNAMIC = 6


def _split_top(text: str) -> list[str]:
    """``text`` split at the commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_binding_string(text: str) -> tuple[str, Signature] | None:
    """``(name, signature)`` of one argument-parser string, or None when it does not read as
    one (it is some other literal that looks like a call)."""
    head, paren, rest = text.partition("(")
    if not paren or not rest.endswith(")"):
        return None
    params: list[Parameter] = []
    kind = Kind.POSITIONAL_OR_KEYWORD
    for part in _split_top(rest[:-1]):
        if part == "*":
            kind = Kind.KEYWORD_ONLY
            continue
        found = _PARAMETER.match(part)
        if found is None or not found["type"]:
            return None  # a parameter without a type: not the parser's dialect
        # The type is the parser's C++ name (``ScalarType``, ``IntArrayRef[2]``), not an
        # annotation a Python reader knows: it is left for the stub or docstring to state.
        default = found["default"]
        if default is None:
            params.append(Parameter(found["name"], kind))
        else:
            default = default.strip()
            params.append(Parameter(found["name"], kind, default, default_is_known(default)))
    try:
        return head, Signature(tuple(params))
    except SignatureSyntaxError:
        return None


def strings_in(data: bytes) -> dict[str, tuple[str, ...]]:
    """Every argument-parser string in ``data`` (a library's bytes), by binding name, in the
    order they appear, flagged ones left out."""
    found: dict[str, list[str]] = {}
    for match in _STRING.finditer(data):
        if match[3] is not None and match[3].decode("ascii") in _SKIPPED_FLAGS:
            continue
        text = match[0][:-1].decode("latin-1")
        if match[3] is not None:
            text = text.rpartition("|")[0]
        found.setdefault(match[1].decode("ascii"), []).append(text)
    return {name: tuple(dict.fromkeys(texts)) for name, texts in found.items()}


def needed_libraries(path: Path) -> list[str]:
    """The ``DT_NEEDED`` names of ELF file ``path`` (64-bit little-endian), or ``[]``."""
    try:
        with path.open("rb") as f:
            head = f.read(64)
            if head[:6] != b"\x7fELF\x02\x01":
                return []
            shoff = struct.unpack_from("<Q", head, 0x28)[0]
            shentsize, shnum = struct.unpack_from("<HH", head, 0x3A)
            f.seek(shoff)
            table = f.read(shentsize * shnum)
            sections = [
                struct.unpack_from("<IIQQQQIIQQ", table, i * shentsize) for i in range(shnum)
            ]
            dynamic = next((s for s in sections if s[1] == _SHT_DYNAMIC), None)
            if dynamic is None or dynamic[6] >= len(sections):
                return []
            strtab = sections[dynamic[6]]
            f.seek(dynamic[4])
            entries = f.read(dynamic[5])
            f.seek(strtab[4])
            names = f.read(strtab[5])
    except (OSError, struct.error):
        return []
    needed = []
    for i in range(0, len(entries) - 15, 16):
        tag, value = struct.unpack_from("<qQ", entries, i)
        if tag == 0:
            break
        if tag == _DT_NEEDED and value < len(names):
            needed.append(names[value : names.index(b"\x00", value)].decode("latin-1"))
    return needed


def _libraries(core: types.ModuleType) -> list[Path]:
    """The core's file and the libraries it needs that its package ships (by file name,
    anywhere under the package's folder)."""
    core_file = getattr(core, "__file__", None)
    if not isinstance(core_file, str) or not sys.platform.startswith("linux"):
        return []
    core_path = Path(core_file)
    package_dir = core_path.parent
    needed = set(needed_libraries(core_path))
    found = [core_path]
    if needed:
        for folder, _dirs, files in os.walk(package_dir):
            found.extend(Path(folder, name) for name in sorted(needed & set(files)))
    return found


@functools.lru_cache(maxsize=8)
def _read(files: tuple[Path, ...]) -> dict[str, tuple[str, ...]]:
    return cached("binding-strings", files, (), lambda: _scan(files))


def _scan(files: tuple[Path, ...]) -> dict[str, tuple[str, ...]]:
    merged: dict[str, tuple[str, ...]] = {}
    for file in files:
        try:
            data = file.read_bytes()
        except OSError:
            continue
        for name, texts in strings_in(data).items():
            merged[name] = tuple(dict.fromkeys(merged.get(name, ()) + texts))
    return merged


@functools.lru_cache(maxsize=8)
def _package_strings(top: str) -> dict[str, tuple[str, ...]] | None:
    core = sys.modules.get(f"{top}._C")
    if core is None:
        return None
    files = _libraries(core)
    return _read(tuple(files)) if files else None


def _flavour(signatures: Iterable[Signature], method: bool) -> tuple[Signature, ...]:
    """The overloads a method (no receiver) or a function (a receiver named ``input``, when
    any overload has one) binds."""
    sigs = tuple(signatures)
    with_receiver = tuple(s for s in sigs if _RECEIVER in s.names())
    if method:
        return tuple(s for s in sigs if _RECEIVER not in s.names())
    return with_receiver or sigs


def _parsed(texts: Iterable[str]) -> list[Signature]:
    return [p[1] for p in map(parse_binding_string, texts) if p is not None]


def read_binding_strings(
    obj: object, path: str, method: bool
) -> tuple[tuple[Signature, ...], frozenset[str]]:
    """The overloads the argument-parser strings of C callable ``obj`` give (those of its kind:
    a method's or a function's), and every keyword name any string of its name accepts, of
    either kind (a storage's ``copy_(Storage src)`` and a tensor's ``copy_(Tensor other)``
    share a name, so both count); ``((), frozenset())`` when it is not a C callable, its
    package has no such strings or none of its name.
    """
    c_callable = inspect.isbuiltin(obj) or isinstance(
        obj, types.MethodDescriptorType | types.WrapperDescriptorType
    )
    name = getattr(obj, "__name__", None)
    if not c_callable or not isinstance(name, str):
        return (), frozenset()
    strings = _package_strings(path.split(".", 1)[0])
    if not strings or name not in strings:
        return (), frozenset()
    every = _parsed(strings[name])
    own = tuple(dict.fromkeys(_flavour(every, method)))
    accepted = frozenset(p.name for sig in every for p in sig.parameters if p.kind.keyword)
    return own, accepted
