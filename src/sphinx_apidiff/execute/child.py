"""The code that runs inside one page's process: it runs the page's blocks in order.

This module is imported by the fork server (and by the fresh interpreter of the "spawn" start
method), never by the code that calls the engine. Standard library only, at import time: the
fork server forks from a process that has imported this module and the preloaded frameworks,
nothing else.

The page process talks to its supervisor over one pipe, one JSON object a line::

    {"event": "start", "index": 0}
    {"event": "result", "index": 0, "result": {...ExampleResult.to_dict()...}}
    ...
    {"event": "done"}

A ``start`` without its ``result`` tells the supervisor which block was running if the process
dies or is killed at a timeout.

Run ``python -m sphinx_apidiff.execute.child REQUEST.json RESULT_FD`` to run a page in a fresh
interpreter (the "spawn" start method).
"""

from __future__ import annotations

import builtins
import codecs
import contextlib
import faulthandler
import importlib
import io
import json
import linecache
import os
import re
import select
import signal
import sys
import threading
import time
import traceback
import types
from collections.abc import Iterable, Sequence
from typing import Any, NoReturn

from .spec import ComparisonResult, ExampleResult, ExampleSpec, Status

__all__ = ["compare_values", "run_page"]

#: Name of the file (in the page's private directory) that faulthandler writes to on a fatal
#: signal, or on SIGUSR1 sent by the supervisor just before it kills a block at its timeout.
TRACE_FILE = "faulthandler.txt"
#: Exit code of a page process whose own machinery failed (not the author's code).
INTERNAL_ERROR_EXIT = 70


# -- output capture ----------------------------------------------------------------------------


class _Recorder:
    """Collects ``(stream, text)`` chunks in write order, up to ``limit`` characters in all."""

    def __init__(self, limit: int) -> None:
        self.limit = max(int(limit), 0)
        self.lock = threading.Lock()
        self.chunks: list[list[str]] = []
        self.size = 0
        self.truncated = False
        os.register_at_fork(after_in_child=self._after_fork)

    def _after_fork(self) -> None:
        self.lock = threading.Lock()

    def write(self, stream: str, text: str) -> None:
        if not text:
            return
        with self.lock:
            room = self.limit - self.size
            if room <= 0:
                self.truncated = True
                return
            if len(text) > room:
                text = text[:room]
                self.truncated = True
            self.size += len(text)
            if self.chunks and self.chunks[-1][0] == stream:
                self.chunks[-1][1] += text
            else:
                self.chunks.append([stream, text])

    def take(self) -> tuple[list[tuple[str, str]], bool]:
        with self.lock:
            chunks = [(stream, text) for stream, text in self.chunks]
            truncated = self.truncated
            self.chunks, self.size, self.truncated = [], 0, False
        return chunks, truncated


class _BinaryCapture(io.RawIOBase):
    """``sys.stdout.buffer``: bytes written here are decoded and captured like text."""

    def __init__(self, text: _CaptureStream) -> None:
        super().__init__()
        self._text = text

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raw = bytes(data)
        self._text.write(raw.decode("utf-8", "replace"))
        return len(raw)

    def fileno(self) -> int:
        return self._text.fileno()


class _CaptureStream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` of the page process: writes go to the recorder.

    What was written to the file descriptors before (``os.write``, a subprocess) is recorded
    first, so the two kinds of output keep their order. A process forked by the example
    (``multiprocessing``) writes to the file descriptor instead, which the page reads, so its
    output is captured too.
    """

    def __init__(self, sink: _FdDrain, name: str, fd: int) -> None:
        super().__init__()
        self._sink = sink
        self._name = name
        self._fd = fd
        self._pid = os.getpid()
        self._buffer = _BinaryCapture(self)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "replace"

    @property
    def buffer(self) -> _BinaryCapture:  # type: ignore[override]
        return self._buffer

    @property
    def name(self) -> str:
        return f"<{self._name}>"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        return self._fd

    def flush(self) -> None:
        pass

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if os.getpid() != self._pid:
            data = text.encode("utf-8", "replace")
            while data:
                data = data[os.write(self._fd, data) :]
        else:
            self._sink.write(self._name, text)
        return len(text)


class _FdDrain:
    """Points file descriptors 1 and 2 at pipes and reads them into the recorder.

    Output that bypasses ``sys.stdout`` (C extensions, ``os.write``, subprocesses) is captured
    this way, within the same cap. A thread keeps reading so writers never block, dropping what
    is over the cap. Text written to ``sys.stdout``/``sys.stderr`` goes through :meth:`write`,
    which first records what is waiting in the pipes, under the same lock as the thread: the
    order of the two kinds of output is kept. :meth:`sync` records everything written so far.
    """

    def __init__(self, recorder: _Recorder) -> None:
        self._recorder = recorder
        self._fds: dict[int, tuple[str, Any]] = {}
        for target, name in ((1, "stdout"), (2, "stderr")):
            read_end, write_end = os.pipe()
            os.dup2(write_end, target)
            os.close(write_end)
            os.set_blocking(read_end, False)
            decoder = codecs.getincrementaldecoder("utf-8")("replace")
            self._fds[read_end] = (name, decoder)
        # Reentrant: a signal handler of the example may print while the main thread writes.
        self._lock = threading.RLock()
        self._thread = threading.Thread(target=self._run, name="apidiff-drain", daemon=True)
        self._thread.start()

    def _read(self, fd: int) -> None:
        """Record what ``fd`` holds now (the lock is held)."""
        name, decoder = self._fds[fd]
        for _ in range(256):  # bounded: a writer that never stops must not stall the caller
            try:
                data = os.read(fd, 65536)
            except BlockingIOError:
                return
            except OSError:
                data = b""
            if not data:
                self._recorder.write(name, decoder.decode(b"", final=True))
                del self._fds[fd]
                return
            self._recorder.write(name, decoder.decode(data))

    def _drain(self) -> None:
        """Record what the pipes hold now (the lock is held)."""
        if not self._fds:
            return
        ready, _, _ = select.select(list(self._fds), [], [], 0)
        for fd in ready:
            if fd in self._fds:
                self._read(fd)

    def _run(self) -> None:
        with contextlib.suppress(AttributeError, OSError, ValueError):
            # SIGUSR1 (faulthandler) and SIGINT belong to the thread running the author's code.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1, signal.SIGINT})
        while True:
            with self._lock:
                watched = list(self._fds)
            if not watched:
                return
            try:
                select.select(watched, [], [])
            except OSError:
                return
            with self._lock:
                self._drain()

    def write(self, stream: str, text: str) -> None:
        with self._lock:
            self._drain()
            self._recorder.write(stream, text)

    def sync(self) -> None:
        _flush_c_stdio()
        with self._lock:
            self._drain()


_LIBC: list[Any] = []


def _flush_c_stdio() -> None:
    """Flush C ``stdout``/``stderr`` buffers (output of C extensions) into the pipes."""
    try:
        if not _LIBC:
            import ctypes

            _LIBC.append(ctypes.CDLL(None))
        _LIBC[0].fflush(None)
    except Exception:  # pragma: no cover - no libc, nothing to flush
        pass


# -- compiling and running ---------------------------------------------------------------------


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


def _safe_str(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return str(exc.msg)
    try:
        return str(exc)
    except Exception:
        return "<str() of the exception failed>"


class _Page:
    """State of one page: the namespace shared by its blocks, and the author's code objects."""

    def __init__(self, recorder: _Recorder, drain: _FdDrain | None) -> None:
        module = types.ModuleType("__main__")
        module.__dict__["__builtins__"] = builtins
        sys.modules["__main__"] = module
        self.namespace = module.__dict__
        self.author_codes: set[types.CodeType] = set()
        self.recorder = recorder
        self.drain = drain
        self.streams = (sys.stdout, sys.stderr)

    def run(self, spec: ExampleSpec) -> ExampleResult:
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
            code = compile("\n" * (spec.line - 1) + spec.code, spec.source, "exec", 0, True)
            block_codes.update(_code_objects(code))
            self.author_codes.update(block_codes)
            exec(code, self.namespace)
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
            "stdout": "".join(text for stream, text in chunks if stream == "stdout"),
            "stderr": "".join(text for stream, text in chunks if stream == "stderr"),
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
            comparison = None
            if spec.compare:
                comparison = compare_values(self.namespace, spec.compare, spec.rtol, spec.atol)
            return ExampleResult(Status.PASSED, comparison=comparison, **common)
        error_type = type(error).__qualname__
        details = {
            "error_type": error_type,
            "error_message": _safe_str(error),
            "traceback": self._traceback(error),
            "error_line": self._error_line(error, spec, block_codes),
        }
        expected = bool(spec.raises) and _matches(error, spec.raises or "", self.namespace)
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


# -- :compare: ---------------------------------------------------------------------------------


def _to_array(value: Any, np: Any) -> Any:
    """A NumPy array from a framework tensor, an array-like or a scalar."""
    module = type(value).__module__.split(".", 1)[0]
    if module == "torch" and hasattr(value, "detach"):
        tensor = value.detach().cpu()
        if getattr(tensor, "is_conj", lambda: False)():
            tensor = tensor.resolve_conj()
        try:
            return np.asarray(tensor.numpy())
        except (TypeError, RuntimeError):  # bfloat16 and friends have no NumPy dtype
            return np.asarray(tensor.float().numpy())
    if module == "cupy" and hasattr(value, "get"):
        return np.asarray(value.get())
    if module != "numpy" and callable(getattr(value, "numpy", None)):
        return np.asarray(value.numpy())  # MegEngine, Paddle, TensorFlow eager tensors
    return np.asarray(value)  # NumPy, JAX, lists, scalars


def _shape_text(shape: Sequence[int]) -> str:
    return str(tuple(shape))


def compare_values(
    namespace: dict[str, Any], names: Sequence[str], rtol: float, atol: float
) -> ComparisonResult:
    """Compare two variables of ``namespace`` with :func:`numpy.allclose`."""
    missing = [name for name in names if name not in namespace]
    if missing:
        if len(missing) == 1:
            message = f"name {missing[0]!r} is not defined after the block"
        else:
            message = f"names {missing[0]!r} and {missing[1]!r} are not defined after the block"
        return ComparisonResult(False, message=message)
    try:
        import numpy as np
    except ImportError as exc:
        return ComparisonResult(
            False, message=f"cannot compare: numpy is not importable in the example process ({exc})"
        )
    arrays = []
    for name in names:
        try:
            arrays.append(_to_array(namespace[name], np))
        except Exception as exc:
            return ComparisonResult(
                False,
                message=f"cannot compare: {name!r} is not array-like "
                f"({type(exc).__name__}: {_safe_str(exc)})",
            )
    left, right = arrays
    left_shape = tuple(int(n) for n in left.shape)
    right_shape = tuple(int(n) for n in right.shape)
    if left_shape != right_shape:
        return ComparisonResult(
            False,
            left_shape,
            right_shape,
            message=f"shapes differ: {_shape_text(left_shape)} vs {_shape_text(right_shape)}",
        )
    if left.dtype.kind not in "biufc" or right.dtype.kind not in "biufc":
        equal = bool(np.array_equal(left, right))
        return ComparisonResult(
            equal,
            left_shape,
            right_shape,
            message="agree: equal values" if equal else "differ: values are not equal",
        )
    wide = np.complex128 if "c" in (left.dtype.kind, right.dtype.kind) else np.float64
    a = left.astype(wide)
    b = right.astype(wide)
    with np.errstate(all="ignore"):
        a, b = np.atleast_1d(a), np.atleast_1d(b)  # two plain numbers compare too
        diff = np.abs(a - b)
        both_nan = np.isnan(a) & np.isnan(b)
        same_inf = np.isinf(a) & (a == b)
        diff[both_nan | same_inf] = 0.0
        scale = np.abs(b)
        rel = np.where(diff == 0, 0.0, diff / np.where(scale == 0, 0.0, scale))
    max_abs = float(diff.max()) if diff.size else 0.0
    max_rel = float(rel.max()) if rel.size else 0.0
    agree = bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
    if agree:
        message = f"agree: max abs diff {max_abs:.2g}"
    else:
        message = f"differ: max abs diff {max_abs:.2g} (rtol {rtol:g}, atol {atol:g})"
    return ComparisonResult(agree, left_shape, right_shape, max_abs, max_rel, message)


# -- the page process --------------------------------------------------------------------------


class _Channel:
    """The write end of the result pipe: one JSON object a line."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def send(self, message: dict[str, Any]) -> None:
        data = (json.dumps(message) + "\n").encode("utf-8")
        while data:
            data = data[os.write(self.fd, data) :]


def _die_with_parent(parent_pid: int | None) -> None:
    """On Linux, get SIGKILL if the supervisor dies, so no page process outlives it."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except Exception:  # pragma: no cover
            pass
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(INTERNAL_ERROR_EXIT)


def _setup_process(request: dict[str, Any], page_dir: str) -> tuple[_Recorder, _FdDrain]:
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    _die_with_parent(request.get("parent_pid"))
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    memory_limit = request.get("memory_limit")
    if memory_limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (int(memory_limit), int(memory_limit)))
    trace = open(os.path.join(page_dir, TRACE_FILE), "w")  # noqa: SIM115 - lives as long as us
    _KEEP.append(trace)
    faulthandler.enable(trace, all_threads=True)
    faulthandler.register(signal.SIGUSR1, trace, all_threads=True)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    if request.get("sys_path") is not None:
        sys.path[:] = list(request["sys_path"])
    workdir = os.path.join(page_dir, "work")
    os.chdir(workdir)
    os.environ["PWD"] = workdir
    recorder = _Recorder(int(request.get("output_limit", 100_000)))
    drain = _FdDrain(recorder)
    sys.stdout = _CaptureStream(drain, "stdout", 1)
    sys.stderr = _CaptureStream(drain, "stderr", 2)
    examples = request.get("examples") or [{}]
    sys.argv = [examples[0].get("source", "<example>")]
    return recorder, drain


_KEEP: list[Any] = []


def run_page(request: dict[str, Any], result_fd: int, page_dir: str) -> NoReturn:
    """Run the page's blocks in this process, report each over ``result_fd``, then exit.

    ``request`` holds ``examples`` (``ExampleSpec.to_dict()`` each), ``output_limit``,
    ``memory_limit``, ``sys_path`` and ``parent_pid``. The working directory is
    ``page_dir/work``; the supervisor creates and removes ``page_dir``.
    """
    channel = _Channel(result_fd)
    try:
        recorder, drain = _setup_process(request, page_dir)
        page = _Page(recorder, drain)
        for index, data in enumerate(request["examples"]):
            spec = ExampleSpec.from_dict(data)
            channel.send({"event": "start", "index": index})
            result = page.run(spec)
            channel.send({"event": "result", "index": index, "result": result.to_dict()})
        channel.send({"event": "done"})
    except BaseException:
        try:
            channel.send({"event": "internal-error", "traceback": traceback.format_exc()})
        finally:
            os._exit(INTERNAL_ERROR_EXIT)
    os._exit(0)


def _main(argv: list[str]) -> NoReturn:
    request_path, result_fd = argv[0], int(argv[1])
    with open(request_path, encoding="utf-8") as stream:
        request = json.load(stream)
    run_page(request, result_fd, os.path.dirname(os.path.abspath(request_path)))


if __name__ == "__main__":
    _main(sys.argv[1:])
