"""The supervisor: a warm process that starts one fresh process per page and watches it.

Started by :class:`~sphinx_apidiff.execute.client.executor.Executor` as ``python -m
sphinx_apidiff.execute.server.supervisor``; it never imports Sphinx. It imports the
``preload`` modules once and runs no example code itself, so that it can fork safely. It keeps
one spare child process started ahead for the next page, enforces each block's timeout, turns a
child's death into results (:mod:`.postmortem`) and removes each page's directory. When its
owner goes away (stdin closes) it kills everything and exits. Why it is built this way, and the
figures behind it: ``bench/README.md``, "The examples engine: why a supervisor".

Protocol, one JSON object a line over the supervisor's stdin/stdout (:mod:`..wire`)::

    {"op": "init", "sys_path": [...], "preload": ["torch"], "optional": false}
    {"op": "run", "id": 7, "examples": [...], "output_limit": 100000, "memory_limit": null}
    {"op": "shutdown"}

    {"event": "ready", "mode": "fork", "preloaded": ["torch"], "failed": {}, "pid": 123}
    {"id": 7, "event": "start", "index": 0}
    {"id": 7, "event": "result", "index": 0, "result": {...}}
    {"id": 7, "event": "end"}
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import selectors
import shutil
import signal
import sys
import tempfile
import time
import traceback
from typing import Any

from .. import wire
from ..child import sandbox
from ..spec import DEFAULT_OUTPUT_LIMIT, ExampleResult, ExampleSpec, Status, stopped
from .postmortem import Death, results_after
from .process import ChildProcess, State, start_process

#: Seconds a page process may take to start, or between two blocks, before it is killed.
STARTUP_TIMEOUT = 120.0
#: Seconds between the SIGUSR1 (faulthandler dump) and the SIGKILL at a timeout.
DUMP_GRACE = 0.2
#: Seconds a page process may take to exit after its last message.
EXIT_GRACE = 2.0


class Supervisor:
    def __init__(self, request_fd: int, reply_fd: int) -> None:
        self.request_fd = request_fd
        self.reply_fd = reply_fd
        self.reader = wire.LineReader()
        self.selector = selectors.DefaultSelector()
        self.selector.register(request_fd, selectors.EVENT_READ, None)
        self.children: dict[int, ChildProcess] = {}  # by pid
        self.spare: ChildProcess | None = None
        self.mode = "fork"
        self.closing = False
        #: Private directory: one directory per page process.
        self.home = tempfile.mkdtemp(prefix="apidiff-server-")

    def reply(self, message: dict[str, Any]) -> None:
        try:
            wire.send(self.reply_fd, message)
        except OSError:  # the owner is gone
            self.closing = True

    def init(self, message: dict[str, Any]) -> None:
        if message.get("sys_path") is not None:
            sys.path[:] = [p for p in message["sys_path"] if isinstance(p, str)]
        preloaded: list[str] = []
        failed: dict[str, str] = {}
        optional = bool(message.get("optional"))  # the pages' own imports: theirs to fail
        for name in message.get("preload", ()):
            before = set(sys.modules)
            try:
                importlib.import_module(name)
            except BaseException as exc:
                if optional:  # leave no half-imported package to the pages (its own modules
                    # only: a compiled dependency it loaded cannot be loaded twice)
                    for added in set(sys.modules) - before:
                        if added == name or added.startswith(f"{name}."):
                            sys.modules.pop(added, None)
                else:
                    failed[name] = f"{type(exc).__name__}: {exc}"
            else:
                preloaded.append(name)
        self.mode = "fork" if hasattr(os, "fork") and not failed else "spawn"
        if self.mode == "fork":  # each page's process shares the preloaded modules' memory;
            # the collector, which writes to every object it scans, must leave them alone
            gc.collect()
            gc.freeze()
        self.reply(
            {
                "event": "ready",
                "mode": self.mode,
                "preloaded": preloaded,
                "failed": failed,
                "pid": os.getpid(),
                "python": sys.version.split()[0],
            }
        )
        self._top_up()

    # -- page processes ------------------------------------------------------------------------

    def _new_process(self) -> ChildProcess:
        private = {self.request_fd, self.reply_fd}
        with contextlib.suppress(Exception):
            private.add(self.selector.fileno())  # type: ignore[attr-defined]
        for other in self.children.values():
            private.update({other.request_fd, other.result_fd, other.pidfd})
        child = start_process(self.mode, self.home, private)
        self.children[child.pid] = child
        self.selector.register(child.result_fd, selectors.EVENT_READ, ("pipe", child))
        if child.pidfd >= 0:
            self.selector.register(child.pidfd, selectors.EVENT_READ, ("exit", child))
        return child

    def _top_up(self) -> None:
        """Start the next page's process now, so that the next request does not wait."""
        if self.spare is None and not self.closing:
            with contextlib.suppress(OSError):
                self.spare = self._new_process()

    def start(self, message: dict[str, Any], *, retry: bool = True) -> None:
        """A ``run`` request: give it to the spare (or to a new process). A process that dies
        before it begins the page's first block (a spare killed just as it got its work) is
        not the page's doing: the request goes to a new process, once (``retry``)."""
        examples = [ExampleSpec.from_dict(d) for d in message["examples"]]
        child, self.spare = self.spare, None
        try:
            if child is not None:
                self._reap(child, block=False)  # a spare may have died since the loop last looked
                if child.status is not None:
                    self._discard(child)
                    child = None
            if child is None:
                child = self._new_process()
            request = {
                "examples": message["examples"],
                "output_limit": message.get("output_limit", DEFAULT_OUTPUT_LIMIT),
                "memory_limit": message.get("memory_limit"),
                "sys_path": sys.path,
            }
            wire.send(child.request_fd, request)
        except OSError as exc:
            if child is not None:
                self._discard(child)
            if retry and child is not None:  # it died at hand-off (its pipe is closed)
                self._top_up()
                self.start(message, retry=False)
                return
            reason = f"could not start a process for the page: {exc}"
            first = ExampleResult(
                Status.CRASHED, reason=reason, source=examples[0].source, line=examples[0].line
            )
            self._send_results(int(message["id"]), 0, stopped(examples, first, reason))
            self.reply({"id": int(message["id"]), "event": "end"})
            return
        finally:
            self._top_up()
        self._close_request(child)
        child.state = State.RUNNING
        child.id = int(message["id"])
        child.examples = examples
        child.request = message if retry else None
        child.deadline = time.monotonic() + STARTUP_TIMEOUT

    # -- what page processes say ---------------------------------------------------------------

    def on_readable(self, child: ChildProcess) -> None:
        while child.result_fd >= 0:
            data = wire.read_available(child.result_fd)
            if data is None:
                return
            if not data:
                self._close_result(child)
                if child.state is State.RUNNING:
                    child.state, child.kill_at = State.STOPPING, time.monotonic() + EXIT_GRACE
                return
            for message in child.reader.feed(data):
                if child.state is State.RUNNING:
                    self.on_message(child, message)

    def on_message(self, child: ChildProcess, message: dict[str, Any]) -> None:
        event = message.get("event")
        now = time.monotonic()
        if event == "start":
            index = int(message["index"])
            child.began = True
            child.current, child.block_started = index, now
            child.deadline = now + child.examples[index].timeout
            self.reply({"id": child.id, "event": "start", "index": index})
        elif event == "result":
            child.current, child.deadline = None, now + STARTUP_TIMEOUT
            child.reported = int(message["index"]) + 1
            self.reply(
                {
                    "id": child.id,
                    "event": "result",
                    "index": child.reported - 1,
                    "result": message["result"],
                }
            )
        elif event == "done":  # everything is reported: answer now, reap it when it is gone
            self._close_result(child)
            self._end(child)
        elif event == "internal-error":
            child.internal_error = str(message.get("traceback", ""))

    # -- deadlines, ends -----------------------------------------------------------------------

    def check(self) -> None:
        now = time.monotonic()
        for child in list(self.children.values()):
            if child.status is None and child.pidfd < 0:
                self._reap(child, block=False)  # no pidfd on this system: poll
            if child.status is not None:  # it has exited
                if child.state in (State.RUNNING, State.STOPPING):
                    self.on_readable(child)  # its last messages, if any
                    self._end(child)
                self._forget(child)
            elif child.state is State.STOPPING and now >= child.kill_at:
                self._kill(child)
                self._reap(child, block=True)
                self.on_readable(child)
                self._end(child)
                self._forget(child)
            elif child.state is State.RUNNING and now >= child.deadline:
                if child.current is not None:
                    child.cause = "timeout"
                    with contextlib.suppress(OSError):
                        os.kill(child.pid, signal.SIGUSR1)  # faulthandler: where is it?
                    child.kill_at = now + DUMP_GRACE
                else:
                    child.cause, child.kill_at = "hung", now  # before its first block, or between
                child.state = State.STOPPING

    def next_wakeup(self) -> float | None:
        now = time.monotonic()
        times = [now + 0.01 for p in self.children.values() if p.pidfd < 0 and p.status is None]
        for child in self.children.values():
            if child.state is State.RUNNING:
                times.append(child.deadline)
            elif child.state is State.STOPPING:
                times.append(child.kill_at)
        return max(0.0, min(times) - now) if times else None

    def _end(self, child: ChildProcess) -> None:
        """Kill what is left of the page, remove its files, report what is missing, say end."""
        if child.state is State.ENDED:
            return
        child.state = State.ENDED
        with contextlib.suppress(OSError):
            os.killpg(child.pid, signal.SIGKILL)  # whatever the example left running
        if self._died_before_work(child):
            assert child.request is not None
            shutil.rmtree(child.page_dir, ignore_errors=True)
            self.start(child.request, retry=False)
            return
        if child.reported < len(child.examples):
            trace = ""
            trace_path = os.path.join(child.page_dir, sandbox.TRACE_FILE)
            with contextlib.suppress(OSError), open(trace_path, errors="replace") as stream:
                trace = stream.read()
            death = Death(
                child.cause,
                status=child.status or 0,
                in_block=child.current is not None,
                seconds=time.monotonic() - child.block_started if child.current is not None else 0,
                killed_by_us=child.killed_by_us,
                internal_error=child.internal_error,
                hung_after=STARTUP_TIMEOUT,
            )
            results = results_after(child.examples, child.reported, death, trace)
            self._send_results(child.id, child.reported, results)
        shutil.rmtree(child.page_dir, ignore_errors=True)  # gone when the caller has the end
        self.reply({"id": child.id, "event": "end"})

    @staticmethod
    def _died_before_work(child: ChildProcess) -> bool:
        """It died before it began the first block, nobody killed it and it said nothing
        (a spare that died as it was handed its request), on the request's first try."""
        return (
            child.request is not None
            and child.reported == 0
            and child.current is None
            and not child.began
            and not child.killed_by_us
            and child.internal_error is None
            and child.cause == "died"
        )

    def _send_results(self, request_id: int, start: int, results: list[ExampleResult]) -> None:
        for index, result in enumerate(results, start):
            message = {"event": "result", "index": index, "result": result.to_dict()}
            self.reply({"id": request_id, **message})

    def _kill(self, child: ChildProcess) -> None:
        if child.status is None:
            child.killed_by_us = True
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(OSError):
                kill(child.pid, signal.SIGKILL)

    def _reap(self, child: ChildProcess, *, block: bool) -> None:
        if child.status is not None:
            return
        try:
            pid, status = os.waitpid(child.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = child.pid, 0
        if pid:
            child.status = status

    def _close_request(self, child: ChildProcess) -> None:
        if child.request_fd >= 0:
            with contextlib.suppress(OSError):
                os.close(child.request_fd)
            child.request_fd = -1

    def _close_result(self, child: ChildProcess) -> None:
        if child.result_fd >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(child.result_fd)
            os.close(child.result_fd)
            child.result_fd = -1

    def _forget(self, child: ChildProcess) -> None:
        self._close_request(child)
        self._close_result(child)
        if child.pidfd >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(child.pidfd)
            os.close(child.pidfd)
            child.pidfd = -1
        self.children.pop(child.pid, None)
        if child.state is State.SPARE:  # it died waiting; the next request starts a new one
            self.spare = None if child is self.spare else self.spare
            shutil.rmtree(child.page_dir, ignore_errors=True)

    def _discard(self, child: ChildProcess) -> None:
        """Kill a page process nobody waits for, and forget it."""
        self._kill(child)
        self._reap(child, block=True)
        self.spare = None if child is self.spare else self.spare
        self._forget(child)
        shutil.rmtree(child.page_dir, ignore_errors=True)

    # -- main loop -----------------------------------------------------------------------------

    def on_request(self) -> None:
        data = wire.read_available(self.request_fd)
        if data is None:
            return
        if not data:  # the owner went away
            self.closing = True
        for message in self.reader.feed(data):
            op = message.get("op")
            if op == "run":
                self.start(message)
            elif op == "init":
                self.init(message)
            elif op == "shutdown":
                self.closing = True

    def serve(self) -> None:
        while not self.closing:
            for key, _ in self.selector.select(self.next_wakeup()):
                if key.data is None:
                    self.on_request()
                elif key.data[1].pid not in self.children:
                    continue
                elif key.data[0] == "pipe":
                    self.on_readable(key.data[1])
                else:
                    self._reap(key.data[1], block=False)
            self.check()
        self.shutdown()

    def shutdown(self) -> None:
        self.closing = True
        for child in list(self.children.values()):
            self._discard(child)
        shutil.rmtree(self.home, ignore_errors=True)


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the build; it closes our pipe
    if os.environ.pop(wire.DROP_TUNABLES, None):  # read at our start; not for the pages
        os.environ.pop("GLIBC_TUNABLES", None)
    # Keep the protocol on private descriptors; stray prints of preloaded modules go to stderr.
    request_fd = os.dup(0)
    reply_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    os.set_blocking(request_fd, False)
    supervisor = Supervisor(request_fd, reply_fd)
    try:
        supervisor.serve()
    except BaseException:
        traceback.print_exc()
        supervisor.shutdown()
        raise
    # A normal interpreter shutdown with torch loaded takes ~0.3 s that every build would wait
    # for; the pages are gone and the replies flushed, so leave at once.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
