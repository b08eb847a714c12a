"""An on-disk cache of page results, keyed on everything that can change them.

The key of a page is a hash of: all its blocks (code and options, since state carries from
block to block), the Python version, the versions of the packages the code imports (found with
:mod:`ast`) plus ``:requires:`` and preloaded ones, a fingerprint of the sources of packages
that are not installed from an index (a project's own package, editable installs), and
the executor's settings. Line numbers are not part of the key: when prose above an example
moves it, the stored lines in results, tracebacks and messages are moved too.

Pages with a timeout or a crash are not stored (such failures often come from the machine, not
the code); failures are stored and come back as failures, never as passes. Files are written
to a temporary name and renamed, so parallel builds may share a cache directory.
"""

from __future__ import annotations

import ast
import contextlib
import functools
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import site
import sys
import sysconfig
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ...files import atomic_write_text
from ..spec import ExampleResult, ExampleSpec, Status

__all__ = ["ExecutionCache", "imported_modules", "module_fingerprint"]

#: 2: a ``:compare:`` that disagrees is ``failed`` (it was ``passed``).
#: 3: a result keeps its output once, as ordered chunks (no ``stdout``/``stderr`` copies).
CACHE_FORMAT = 3
#: Results with these statuses are not stored: the next build tries again.
_NOT_STORED = frozenset({Status.TIMEOUT, Status.CRASHED, Status.NOT_RUN})
_MAX_FILES = 5000


def imported_modules(code: str) -> set[str]:
    """Top-level names of the modules ``code`` imports (absolute imports only)."""
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError):
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".", 1)[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".", 1)[0])
    return names


@functools.lru_cache(maxsize=1)
def _distributions() -> Mapping[str, list[str]]:
    return importlib.metadata.packages_distributions()


@functools.lru_cache(maxsize=1)
def _installed_roots() -> tuple[str, ...]:
    roots = set(site.getsitepackages()) | {site.getusersitepackages()}
    for key in ("purelib", "platlib", "stdlib", "platstdlib"):
        with contextlib.suppress(KeyError):
            roots.add(sysconfig.get_paths()[key])
    return tuple(sorted(os.path.realpath(r) + os.sep for r in roots if r))


def _source_fingerprint(paths: Iterable[str]) -> str:
    digest = hashlib.sha256()
    count = 0
    for root in sorted(set(paths)):
        base = Path(root)
        files = [base] if base.is_file() else sorted(base.rglob("*"))
        for path in files:
            if path.suffix not in (".py", ".pyi", ".so", ".pyd") or "__pycache__" in path.parts:
                continue
            with contextlib.suppress(OSError):
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
            count += 1
            if count >= _MAX_FILES:
                break
    return digest.hexdigest()[:16]


def module_fingerprint(name: str) -> str:
    """What identifies the installed version of top-level module ``name``.

    ``"stdlib"``, ``"not-installed"``, ``"dist==1.2.3"`` for a package from an index, plus a
    fingerprint of its files for a package outside site-packages (a project's own sources,
    editable installs), whose version number does not change when its code does.
    """
    if name in sys.stdlib_module_names or name in sys.builtin_module_names:
        return "stdlib"
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        spec = None
    if spec is None:
        return "not-installed"
    parts = []
    for dist in sorted(set(_distributions().get(name, ()))):
        try:
            parts.append(f"{dist}=={importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            continue
    locations = list(spec.submodule_search_locations or ())
    if not locations and spec.origin and os.path.isfile(spec.origin):
        locations = [spec.origin]
    local = [loc for loc in locations if not os.path.realpath(loc).startswith(_installed_roots())]
    if local:
        parts.append("source:" + _source_fingerprint(local))
    return " ".join(parts) or "unknown-version"


def _location_pattern(source: str) -> re.Pattern[str]:
    s = re.escape(source)
    return re.compile(rf'(File "{s}", line |\({s}, line |{s}:)(\d+)')


def _moved(
    result: ExampleResult, old: Sequence[ExampleSpec], new: Sequence[ExampleSpec], index: int
) -> ExampleResult:
    """``result`` with the lines of ``old`` blocks changed to where ``new`` has them."""

    def shift(line: int | None, source: str) -> int | None:
        if line is None:
            return None
        for before, after in zip(old, new, strict=True):
            if before.source == source and before.line <= line <= before.last_line:
                return line + after.line - before.line
        return line

    sources = {spec.source for spec in old}

    def text(value: str | None) -> str | None:
        if not value:
            return value
        for source in sources:
            value = _location_pattern(source).sub(
                lambda m, s=source: f"{m[1]}{shift(int(m[2]), s)}", value
            )
        return value

    spec = new[index]
    return replace(
        result,
        line=spec.line,
        error_line=shift(result.error_line, old[index].source),
        traceback=text(result.traceback),
        reason=text(result.reason) or "",
        error_message=text(result.error_message),
        output=tuple((stream, text(chunk) or "") for stream, chunk in result.output),
    )


class ExecutionCache:
    """Results of pages, one JSON file per page key, under ``directory``."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        self._fingerprints: dict[str, str] = {}

    def key(
        self,
        examples: Sequence[ExampleSpec],
        *,
        preload: Sequence[str] = (),
        settings: Mapping[str, Any] | None = None,
    ) -> str:
        modules: set[str] = set(preload)
        for spec in examples:
            modules |= imported_modules(spec.code)
            modules |= {name.split(".", 1)[0] for name in spec.requires}
        blocks = []
        for spec in examples:
            block = spec.to_dict()
            del block["line"]  # moved lines are fixed up on reading, see _moved
            blocks.append(block)
        material = {
            "format": CACHE_FORMAT,
            "python": f"{platform.python_implementation()} {platform.python_version()}",
            "blocks": blocks,
            "packages": {name: self._fingerprint(name) for name in sorted(modules)},
            "preload": list(preload),
            "settings": dict(settings or {}),
        }
        text = json.dumps(material, sort_keys=True, ensure_ascii=True)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def _fingerprint(self, name: str) -> str:
        """:func:`module_fingerprint`, once per module for this cache object (one build)."""
        try:
            return self._fingerprints[name]
        except KeyError:
            value = self._fingerprints[name] = module_fingerprint(name)
            return value

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(
        self,
        examples: Sequence[ExampleSpec],
        *,
        preload: Sequence[str] = (),
        settings: Mapping[str, Any] | None = None,
    ) -> list[ExampleResult] | None:
        """The stored results of this page (``cached=True``), or None."""
        examples = list(examples)
        key = self.key(examples, preload=preload, settings=settings)
        try:
            with open(self._path(key), encoding="utf-8") as stream:
                data = json.load(stream)
            if data.get("format") != CACHE_FORMAT or data.get("key") != key:
                return None
            stored = [ExampleSpec.from_dict(d) for d in data["examples"]]
            results = [ExampleResult.from_dict(d) for d in data["results"]]
        except (OSError, ValueError, KeyError, TypeError):
            return None
        if len(results) != len(examples) or len(stored) != len(examples):
            return None
        return [
            replace(_moved(result, stored, examples, i), cached=True)
            for i, result in enumerate(results)
        ]

    def put(
        self,
        examples: Sequence[ExampleSpec],
        results: Sequence[ExampleResult],
        *,
        preload: Sequence[str] = (),
        settings: Mapping[str, Any] | None = None,
    ) -> bool:
        """Store the page's results; False if they are not worth storing (timeout, crash)."""
        examples = list(examples)
        if len(results) != len(examples) or any(r.status in _NOT_STORED for r in results):
            return False
        key = self.key(examples, preload=preload, settings=settings)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": CACHE_FORMAT,
            "key": key,
            "examples": [spec.to_dict() for spec in examples],
            "results": [replace(r, cached=False).to_dict() for r in results],
        }
        atomic_write_text(path, json.dumps(data, sort_keys=True))
        return True
