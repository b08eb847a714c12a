"""Output capture in a page process: ``sys.stdout``/``sys.stderr`` and file descriptors 1, 2.

Everything a block writes (``print``, ``sys.stdout.buffer``, C extensions, ``os.write``,
subprocesses) is recorded as ``(stream, text)`` chunks in write order, within one cap.
Standard library only.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import os
import select
import signal
import threading
from typing import Any

__all__ = ["CaptureStream", "FdDrain", "Recorder", "flush_c_stdio"]


class Recorder:
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


class BinaryCapture(io.RawIOBase):
    """``sys.stdout.buffer``: bytes written here are decoded and captured like text."""

    def __init__(self, text: CaptureStream) -> None:
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


class CaptureStream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` of the page process: writes go to the recorder.

    What was written to the file descriptors before (``os.write``, a subprocess) is recorded
    first, so the two kinds of output keep their order. A process forked by the example
    (``multiprocessing``) writes to the file descriptor instead, which the page reads, so its
    output is captured too.
    """

    def __init__(self, sink: FdDrain, name: str, fd: int) -> None:
        super().__init__()
        self._sink = sink
        self._name = name
        self._fd = fd
        self._pid = os.getpid()
        self._buffer = BinaryCapture(self)

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return "utf-8"

    @property
    def errors(self) -> str:  # type: ignore[override]
        return "replace"

    @property
    def buffer(self) -> BinaryCapture:  # type: ignore[override]
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


class FdDrain:
    """Points file descriptors 1 and 2 at pipes and reads them into the recorder.

    Output that bypasses ``sys.stdout`` (C extensions, ``os.write``, subprocesses) is captured
    this way, within the same cap. A thread keeps reading so writers never block, dropping what
    is over the cap. Text written to ``sys.stdout``/``sys.stderr`` goes through :meth:`write`,
    which first records what is waiting in the pipes, under the same lock as the thread: the
    order of the two kinds of output is kept. :meth:`sync` records everything written so far.
    """

    def __init__(self, recorder: Recorder) -> None:
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
        flush_c_stdio()
        with self._lock:
            self._drain()


_LIBC: list[Any] = []


def flush_c_stdio() -> None:
    """Flush C ``stdout``/``stderr`` buffers (output of C extensions) into the pipes."""
    try:
        if not _LIBC:
            import ctypes

            _LIBC.append(ctypes.CDLL(None))
        _LIBC[0].fflush(None)
    except Exception:  # pragma: no cover - no libc, nothing to flush
        pass
