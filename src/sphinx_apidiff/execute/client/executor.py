"""The build's link to the supervisor: start it, send it a page, collect the page's results.

No example code ever runs in the calling process. The caller (a Sphinx build, the command
line, a test) talks to one warm supervisor process (:mod:`..server.supervisor`), which starts
one fresh process per page. Several pages at a time: :mod:`.schedule`.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import queue
import subprocess
import sys
import tempfile
import threading
import time
import weakref
from collections.abc import Mapping, Sequence
from typing import IO, Any

from .. import wire
from ..spec import DEFAULT_OUTPUT_LIMIT, ExampleResult, ExampleSpec, Status, stopped

__all__ = ["Executor", "ExecutorError"]


class ExecutorError(RuntimeError):
    """The example server could not be started."""


def _neutralize(fd: int) -> None:
    """Point ``fd`` at /dev/null: a forked copy drops the link without freeing the number
    (an object that still owns it may close it later; it must not close someone else's)."""
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, fd)
        os.close(devnull)


class _Link:
    """The supervisor process this process started, over its stdin/stdout, and the thread
    that reads its replies."""

    def __init__(self, env: Mapping[str, str], init: dict[str, Any]) -> None:
        self.owner_pid = os.getpid()
        self.pending: dict[int, queue.Queue[dict[str, Any]]] = {}
        self.lock = threading.Lock()
        self.ready = threading.Event()
        self.info: dict[str, Any] = {}
        self.dead: str | None = None
        self.closing = False
        self.log: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        command, environ = wire.python_command(wire.SUPERVISOR_MODULE, env=env)
        self.process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            env=environ,
            bufsize=0,
        )
        assert self.process.stdin is not None and self.process.stdout is not None
        self.send(init)
        self.reader = threading.Thread(
            target=self._read, args=(self.process.stdout,), name="apidiff-executor", daemon=True
        )
        self.reader.start()

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        with self.lock:
            if self.dead:
                raise BrokenPipeError(self.dead)
            wire.send(self.process.stdin.fileno(), message)

    def _read(self, stream: IO[bytes]) -> None:
        reader = wire.LineReader()
        with contextlib.suppress(OSError, ValueError):
            while data := os.read(stream.fileno(), 1 << 16):
                for message in reader.feed(data):
                    if message.get("event") == "ready":
                        self.info = message
                        self.ready.set()
                        continue
                    target = self.pending.get(message.get("id", -1))
                    if target is not None:
                        target.put(message)
        self.mark_dead("the executor was closed" if self.closing else self._why_ended())

    def _why_ended(self) -> str:
        self.process.wait()
        return f"the example server exited ({self.process.returncode}){self.log_tail()}"

    def log_tail(self, size: int = 2000) -> str:
        try:
            self.log.seek(0, os.SEEK_END)
            end = self.log.tell()
            self.log.seek(max(0, end - size))
            text = self.log.read().decode("utf-8", "replace").strip()
        except (OSError, ValueError):
            return ""
        return f": {text}" if text else ""

    def mark_dead(self, why: str) -> None:
        with self.lock:
            if self.dead is None:
                self.dead = why
            pending = list(self.pending.values())
        self.ready.set()
        for target in pending:
            target.put({"event": "server-died", "reason": why})

    def kill(self) -> None:
        """The supervisor does not answer: kill it (it takes its pages along)."""
        self.process.kill()

    def close(self, timeout: float = 5.0) -> None:
        self.closing = True
        with contextlib.suppress(Exception):
            self.send({"op": "shutdown"})
        with self.lock, contextlib.suppress(OSError):
            assert self.process.stdin is not None
            self.process.stdin.close()
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.reader.join(timeout)
        self.mark_dead("the executor was closed")
        with contextlib.suppress(OSError):
            self.log.close()
            if self.process.stdout is not None:
                self.process.stdout.close()

    def abandon(self) -> None:
        """In a forked copy of the owner: drop our copy of the pipes, touch nothing else."""
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                _neutralize(stream.fileno())


#: Every executor alive in this process, for the one fork hook below.
_LIVE: weakref.WeakSet[Executor] = weakref.WeakSet()


def _after_fork_in_child() -> None:
    """In a forked child (a worker of a parallel build), for each live executor: fresh locks
    (others may have been held by threads that do not exist here), and drop the inherited pipes
    of the supervisor, so that it still sees its owner go away. The child starts its own if it
    runs a page. Registered once for the module, not once an executor (hooks cannot be
    unregistered: they would pile up)."""
    for executor in list(_LIVE):
        executor._lock = threading.Lock()
        link = executor._link
        if link is not None and link.owner_pid != os.getpid():
            link.abandon()
            executor._link = None


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


class Executor:
    """Runs pages of examples, each page in a fresh process of its own.

    ``preload`` names modules the warm server imports once (``["torch"]``); each page's process
    is forked from it, so pages do not pay the import again. If a preload fails, every page
    runs in a fresh interpreter instead and :attr:`warnings` says so.

    ``passive_threads`` sets ``OMP_WAIT_POLICY=PASSIVE`` for the pages unless the environment
    already sets it: OpenMP workers (PyTorch's intra-op pool) otherwise spin after each
    operation, stealing the cores of the page's own Python code and of the pages running at
    the same time (figures: ``bench/README.md``). It changes speed, not results.

    ``auto_preload``: ``preload`` is what the pages import (:func:`.preload.installed_imports`)
    rather than the project's choice. A module of it that fails to import is left to the pages
    (no warning, no fresh interpreters), and the list is not part of the cache key
    (:attr:`preload_key`): each page's key holds its own imports already.

    Thread-safe: several threads may call :meth:`run_page` at once (that is what
    :func:`.schedule.start_pages` does with ``jobs > 1``). A process forked from the caller (a parallel
    Sphinx build's worker) drops its copy of the server's pipes; if it runs a page, it starts
    a server of its own. Use as a context manager, or call :meth:`close`; the server also
    exits, killing its pages, when the process that started it dies.
    """

    def __init__(
        self,
        preload: Sequence[str] = (),
        *,
        output_limit: int = DEFAULT_OUTPUT_LIMIT,
        memory_limit: int | None = None,
        env: Mapping[str, str] | None = None,
        startup_timeout: float = 600.0,
        passive_threads: bool = True,
        auto_preload: bool = False,
    ) -> None:
        self.preload = tuple(preload)
        self.auto_preload = auto_preload
        self.output_limit = int(output_limit)
        self.memory_limit = memory_limit
        self.sys_path = list(dict.fromkeys(os.path.abspath(p) for p in sys.path))
        self.env = dict(os.environ if env is None else env)
        self.startup_timeout = startup_timeout
        if passive_threads:
            self.env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._link: _Link | None = None
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._closed = False
        _LIVE.add(self)

    # -- life cycle ----------------------------------------------------------------------------

    def __enter__(self) -> Executor:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the server now (it imports the preloads while the caller goes on)."""
        self._ensure_link()

    def _ensure_link(self) -> _Link:
        with self._lock:
            if self._closed:
                raise ExecutorError("the executor is closed")
            link = self._link
            if link is not None and link.dead:
                link.close(timeout=1.0)
                link = self._link = None
            if link is None:
                link = self._link = self._start_server()
            return link

    def _start_server(self) -> _Link:
        init = {
            "op": "init",
            "sys_path": self.sys_path,
            "preload": list(self.preload),
            "optional": self.auto_preload,
        }
        env = dict(self.env)
        if "GLIBC_TUNABLES" not in env:
            # The supervisor's heap in huge pages: a fork copies a few hundred page-table
            # entries instead of tens of thousands (figures: bench/README.md). Speed only; the
            # supervisor drops the variable again, so pages and their subprocesses do not see it.
            env["GLIBC_TUNABLES"] = "glibc.malloc.hugetlb=1"
            env[wire.DROP_TUNABLES] = "1"
        try:
            return _Link(env, init)
        except OSError as exc:
            raise ExecutorError(f"could not start the example server: {exc}") from exc

    def wait_ready(self, timeout: float | None = None) -> dict[str, Any]:
        """Wait until the server has imported its preloads; return what it reported
        (``mode``, ``preloaded``, ``failed``, ``pid``)."""
        link = self._ensure_link()
        if not link.ready.wait(self.startup_timeout if timeout is None else timeout):
            raise ExecutorError("the example server did not start in time")
        if link.dead and not link.info:
            raise ExecutorError(link.dead)
        return link.info

    @property
    def mode(self) -> str:
        """``"fork"`` (pages forked from the warm server) or ``"spawn"`` (fresh interpreters)."""
        return str(self.wait_ready().get("mode", "spawn"))

    @property
    def started(self) -> bool:
        """True once a server was started for this executor."""
        return self._link is not None

    @property
    def warnings(self) -> list[str]:
        """Sentences for the build log, e.g. about a preload that failed."""
        info = self.wait_ready()
        return [
            f"could not preload {name!r} ({error}); "
            "each page runs in a fresh Python process instead"
            for name, error in sorted(info.get("failed", {}).items())
        ]

    def close(self) -> None:
        """Stop the server and the page processes it runs for us. Safe to call twice."""
        with self._lock:
            self._closed = True
            link, self._link = self._link, None
        if link is not None:
            link.close()

    def settings_key(self) -> dict[str, Any]:
        """What, besides the code, changes results: part of the cache key."""
        settings = {"output_limit": self.output_limit, "memory_limit": self.memory_limit}
        if self.auto_preload:
            settings["preload"] = "auto"
        return settings

    @property
    def preload_key(self) -> tuple[str, ...]:
        """The preloads as part of the cache key (none when they follow the pages)."""
        return () if self.auto_preload else self.preload

    # -- running -------------------------------------------------------------------------------

    def run_page(self, examples: Sequence[ExampleSpec]) -> list[ExampleResult]:
        """Run one page's examples in order in one fresh process; one result per example.
        Several pages, the cache and the modes: :func:`.schedule.start_pages`."""
        examples = list(examples)
        if not examples:
            return []
        self.wait_ready()
        server = self._ensure_link()
        request_id = next(self._ids)
        replies: queue.Queue[dict[str, Any]] = queue.Queue()
        results: list[ExampleResult | None] = [None] * len(examples)
        with server.lock:
            server.pending[request_id] = replies
        # The server enforces every timeout; this only guards against a server that hangs.
        budget = 180.0 + sum(spec.timeout + 5.0 for spec in examples)
        deadline = time.monotonic() + budget
        failure = ""
        try:
            server.send(
                {
                    "op": "run",
                    "id": request_id,
                    "examples": [spec.to_dict() for spec in examples],
                    "output_limit": self.output_limit,
                    "memory_limit": self.memory_limit,
                }
            )
            while True:
                try:
                    message = replies.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    failure = f"the example server did not answer within {budget:g} s"
                    server.kill()
                    break
                event = message.get("event")
                if event == "result":
                    results[int(message["index"])] = ExampleResult.from_dict(message["result"])
                elif event == "end":
                    break
                elif event == "server-died":
                    failure = str(message.get("reason", "the example server died"))
                    break
        except OSError as exc:
            failure = server.dead or f"could not reach the example server: {exc}"
        finally:
            with server.lock:
                server.pending.pop(request_id, None)
        missing = [index for index, result in enumerate(results) if result is None]
        if missing:
            first_spec = examples[missing[0]]
            first = ExampleResult(
                Status.CRASHED,
                reason=f"crashed at {first_spec.location}: {failure}",
                source=first_spec.source,
                line=first_spec.line,
            )
            rest = stopped([examples[i] for i in missing], first, f"not run: {failure}")
            for index, result in zip(missing, rest, strict=True):
                results[index] = result
        return [r for r in results if r is not None]
