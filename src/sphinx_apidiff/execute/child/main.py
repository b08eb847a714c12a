"""The page's process: runs one page's blocks in order, in one namespace, and reports each.

Imported by the supervisor (and by the fresh interpreter of the "spawn" mode), never by the
code that calls the engine. Standard library only, at import time: the supervisor forks from a
process that has imported this module and the preloaded frameworks, nothing else.

A page process is started before it has work (a *spare*, see :mod:`..server.supervisor`): it sets
itself up (:mod:`.sandbox`), then waits for its request, one JSON object on its request pipe
(``examples``, ``output_limit``, ``memory_limit``, ``sys_path``). It talks to its supervisor
over its result pipe, one JSON object a line::

    {"event": "start", "index": 0}
    {"event": "result", "index": 0, "result": {...ExampleResult.to_dict()...}}
    ...
    {"event": "done"}

A ``start`` without its ``result`` tells the supervisor which block was running if the process
dies or is killed at a timeout. ``python -m sphinx_apidiff.execute.child.main PAGE_DIR
REQUEST_FD RESULT_FD PARENT_PID`` starts one in a fresh interpreter (the "spawn" mode).
"""

from __future__ import annotations

import builtins
import contextlib
import importlib
import json
import linecache
import os
import re
import sys
import time
import traceback
import types
from collections.abc import Callable, Iterable
from typing import Any, NoReturn

from .. import wire
from ..spec import ComparisonResult, ExampleResult, ExampleSpec, Status
from . import sandbox
from .capture import FdDrain, Recorder
from .compare import compare_halves, compare_values, safe_str
from .echo import compile_block, show_value

__all__ = ["serve_page"]


def _register_lines(spec: ExampleSpec) -> None:
    """Let linecache (tracebacks, warnings, inspect) show the block's lines at their real lines.

    The entry holds blank lines elsewhere; lines of earlier blocks of the same file are kept.
    """
    entry = linecache.cache.get(spec.source)
    lines = list(entry[2]) if entry and entry[1] is None else []
    # Split where Python's tokenizer does (not at form feeds and other Unicode breaks).
    code_lines = re.findall(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$", spec.code)
    end = spec.line - 1 + len(code_lines)
    if len(lines) < end:
        lines.extend("\n" for _ in range(end - len(lines)))
    for offset, text in enumerate(code_lines):
        lines[spec.line - 1 + offset] = text.rstrip("\r\n") + "\n"
    linecache.cache[spec.source] = (sum(map(len, lines)), None, lines, spec.source)


def _code_objects(code: types.CodeType) -> Iterable[types.CodeType]:
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _code_objects(const)


def _lookup_class(name: str, namespace: dict[str, Any]) -> type | None:
    """The class a dotted name means on the page (``np.linalg.LinAlgError``) or by import."""
    head, *rest = name.split(".")
    if head in namespace:
        obj: Any = namespace[head]
    else:
        try:
            obj = importlib.import_module(head)
        except Exception:
            return None
    for part in rest:
        try:
            obj = getattr(obj, part)
        except AttributeError:
            try:
                obj = importlib.import_module(f"{obj.__name__}.{part}")
            except Exception:
                return None
    return obj if isinstance(obj, type) else None


def _matches(exc: BaseException, expected: str, namespace: dict[str, Any] | None = None) -> bool:
    names = {name for name in re.split(r"[\s,|]+", expected) if name}
    for cls in type(exc).__mro__:
        if {cls.__name__, cls.__qualname__, f"{cls.__module__}.{cls.__qualname__}"} & names:
            return True
    # json.JSONDecodeError is defined in json.decoder: resolve what the author wrote
    for name in names:
        if "." in name:
            cls = _lookup_class(name, namespace or {})
            if cls is not None and isinstance(exc, cls):
                return True
    return False


class Half:
    """One half of a pair: its own ``__main__``, a copy of the page's namespace as the pair
    found it; :meth:`changes` is what the half defined or rebound."""

    def __init__(self, page: dict[str, Any]) -> None:
        self.module = types.ModuleType("__main__")
        self.namespace = self.module.__dict__
        self.namespace.update(page)
        self.before = dict(page)
        self.passed = False

    def changes(self) -> dict[str, Any]:
        return {
            name: value
            for name, value in self.namespace.items()
            if name not in self.before or self.before[name] is not value
        }


class PageRun:
    """State of one page: the namespace shared by its blocks, and the author's code objects.

    The two halves of a pair (``side``) each run in a :class:`Half`; after the right half,
    what the halves defined joins the page's namespace, the right half's last, and
    ``:compare:`` compares the left half's value with the right half's.
    """

    def __init__(self, recorder: Recorder, drain: FdDrain | None) -> None:
        self.module = types.ModuleType("__main__")
        self.module.__dict__["__builtins__"] = builtins
        sys.modules["__main__"] = self.module
        self.namespace = self.module.__dict__
        self.author_codes: set[types.CodeType] = set()
        self.recorder = recorder
        self.drain = drain
        self.streams = (sys.stdout, sys.stderr)
        self.left: Half | None = None  # a left half, until its right half has run

    def run(self, spec: ExampleSpec) -> ExampleResult:
        """Run one block, in the page's namespace or, for a half, in its own."""
        left, self.left = self.left, None
        if spec.side != "right" and left is not None:  # a left half without its right
            self.namespace.update(left.changes())
        if spec.side is None:

            def compare() -> ComparisonResult | None:
                if not spec.compare:
                    return None
                return compare_values(self.namespace, spec.compare, spec.rtol, spec.atol)

            return self._run(spec, self.namespace, compare)
        half = Half(self.namespace)

        def compare_pair() -> ComparisonResult | None:
            if spec.side != "right" or not spec.compare or left is None or not left.passed:
                return None  # no left half that ran to compare with: its own status says why
            return compare_halves(
                left.namespace, half.namespace, spec.compare, spec.rtol, spec.atol
            )

        sys.modules["__main__"] = half.module
        try:
            result = self._run(spec, half.namespace, compare_pair)
        finally:
            sys.modules["__main__"] = self.module
        half.passed = result.status is Status.PASSED
        if spec.side == "left":
            self.left = half
        else:
            for done in (left, half):
                if done is not None:
                    self.namespace.update(done.changes())
        return result

    def _run(
        self,
        spec: ExampleSpec,
        namespace: dict[str, Any],
        compare: Callable[[], ComparisonResult | None],
    ) -> ExampleResult:
        if (sys.stdout, sys.stderr) != self.streams:  # an earlier block replaced them
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(Exception):
                    stream.flush()
            sys.stdout, sys.stderr = self.streams
        missing = [name for name in spec.requires if not _installed(name)]
        if missing:
            verb = "is" if len(missing) == 1 else "are"
            return ExampleResult(
                Status.SKIPPED,
                reason=f"not run: {', '.join(missing)} {verb} not installed",
                source=spec.source,
                line=spec.line,
            )
        _register_lines(spec)
        block_codes: set[types.CodeType] = set()
        error: BaseException | None = None
        start = time.perf_counter()
        try:
            # Blank lines in front make every line number (SyntaxError included) absolute.
            code, last = compile_block("\n" * (spec.line - 1) + spec.code, spec.source, spec.echo)
            for part in (code, last):
                if part is not None:
                    block_codes.update(_code_objects(part))
            self.author_codes.update(block_codes)
            exec(code, namespace)
            if last is not None:
                show_value(eval(last, namespace))
        except BaseException as exc:
            error = exc
        seconds = time.perf_counter() - start
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            pass
        if self.drain is not None:
            self.drain.sync()
        chunks, truncated = self.recorder.take()
        common: dict[str, Any] = {
            "output": tuple(chunks),
            "truncated": truncated,
            "seconds": seconds,
            "source": spec.source,
            "line": spec.line,
        }
        if error is None:
            if spec.raises:
                return ExampleResult(
                    Status.UNEXPECTED_PASS,
                    reason=f"expected {spec.raises} to be raised, but the block raised nothing",
                    **common,
                )
            comparison = compare()
            if comparison is None:
                return ExampleResult(Status.PASSED, **common)
            if comparison.agree:
                return ExampleResult(Status.PASSED, comparison=comparison, **common)
            # the block ran, but did not do what its author wrote: a failure, like an exception
            return ExampleResult(
                Status.FAILED,
                comparison=comparison,
                reason=f"comparison failed: {comparison.message}",
                **common,
            )
        error_type = type(error).__qualname__
        details = {
            "error_type": error_type,
            "error_message": safe_str(error),
            "traceback": self._traceback(error),
            "error_line": self._error_line(error, spec, block_codes),
        }
        expected = bool(spec.raises) and _matches(error, spec.raises or "", namespace)
        del error  # its frames hold the namespace; let them go
        if expected:
            return ExampleResult(Status.EXPECTED_ERROR, **details, **common)
        reason = f"expected {spec.raises}, but {error_type} was raised" if spec.raises else ""
        return ExampleResult(Status.FAILED, reason=reason, **details, **common)

    def _author_frames(self, exc: BaseException) -> list[tuple[types.FrameType, int]]:
        return [
            (frame, lineno)
            for frame, lineno in traceback.walk_tb(exc.__traceback__)
            if frame.f_code in self.author_codes
        ]

    def _traceback(self, exc: BaseException) -> str:
        lines = traceback.format_exception_only(type(exc), exc)
        frames = self._author_frames(exc)
        if frames:
            stack = traceback.StackSummary.extract(iter(frames), lookup_lines=True)
            lines = ["Traceback (most recent call last):\n", *stack.format(), *lines]
        return "".join(lines)

    def _error_line(
        self, exc: BaseException, spec: ExampleSpec, block_codes: set[types.CodeType]
    ) -> int:
        if isinstance(exc, SyntaxError) and exc.filename == spec.source and exc.lineno:
            return int(exc.lineno)
        frames = self._author_frames(exc)
        in_block = [lineno for frame, lineno in frames if frame.f_code in block_codes]
        if in_block:
            return in_block[-1]
        if frames:
            return frames[-1][1]
        return spec.line


def _installed(name: str) -> bool:
    import importlib.util

    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _read_request(fd: int) -> dict[str, Any] | None:
    """The page's request: everything until the supervisor closes the pipe (None if empty)."""
    data = b""
    while chunk := os.read(fd, 1 << 16):
        data += chunk
    os.close(fd)
    return json.loads(data) if data.strip() else None


def serve_page(page_dir: str, request_fd: int, result_fd: int, parent_pid: int) -> NoReturn:
    """Set up, wait for the request, run its blocks, report each over ``result_fd``, exit.

    The working directory is ``page_dir/work``; the supervisor creates and removes
    ``page_dir``. A spare that is never given work (its request pipe closes empty) exits.
    """
    try:
        recorder, drain = sandbox.setup_process(page_dir, parent_pid)
        request = _read_request(request_fd)
        if request is None:
            os._exit(0)
        examples = [ExampleSpec.from_dict(data) for data in request["examples"]]
        sandbox.apply_request(request, recorder, examples[0].source if examples else "")
        page = PageRun(recorder, drain)
        for index, spec in enumerate(examples):
            wire.send(result_fd, {"event": "start", "index": index})
            result = page.run(spec)
            wire.send(result_fd, {"event": "result", "index": index, "result": result.to_dict()})
        wire.send(result_fd, {"event": "done"})
    except BaseException:
        try:
            wire.send(result_fd, {"event": "internal-error", "traceback": traceback.format_exc()})
        finally:
            os._exit(sandbox.INTERNAL_ERROR_EXIT)
    os._exit(0)


if __name__ == "__main__":
    serve_page(sys.argv[1], *(int(arg) for arg in sys.argv[2:5]))  # type: ignore[call-arg]
