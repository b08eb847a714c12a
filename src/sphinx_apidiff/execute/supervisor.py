"""The supervisor: a warm process that starts one fresh process per page and watches it.

Started by :class:`~sphinx_apidiff.execute.executor.Executor` as
``python -m sphinx_apidiff.execute.supervisor``, so it never imports Sphinx and inherits no
state of the documentation build. It imports the ``preload`` modules once and then runs
nothing: no example code ever runs here, so no framework thread pool is started before a fork
(a process that has run a PyTorch operation cannot be forked safely, one that only imported it
can).

Protocol, one JSON object a line over the supervisor's stdin/stdout (:mod:`.wire`)::

    {"op": "init", "sys_path": [...], "preload": ["torch"], "optional": false}
    {"op": "run", "id": 7, "examples": [...], "output_limit": 100000, "memory_limit": null}
    {"op": "shutdown"}

    {"event": "ready", "mode": "fork", "preloaded": ["torch"], "failed": {}, "pid": 123}
    {"id": 7, "event": "start", "index": 0}
    {"id": 7, "event": "result", "index": 0, "result": {...}}
    {"id": 7, "event": "end"}

Each page runs in a child made by ``os.fork`` (mode "fork") or, if a preload failed, in a
fresh interpreter (mode "spawn"). The next page's process is started ahead, while the current
one runs: a *spare* that has set itself up and waits for its request, so a page does not wait
for a fork (about 6 ms with PyTorch loaded). The supervisor enforces each block's timeout
(SIGUSR1 for a faulthandler dump of the running line, then SIGKILL of the page's process
group), turns a death into ``crashed``/``not-run`` results (:mod:`.postmortem`), and removes the
page's temporary directory. When the owner goes away (stdin closes) it kills everything and
exits.

Why not ``multiprocessing``'s forkserver with ``set_forkserver_preload(["torch"])`` and one
``Process`` and ``Pipe`` per page? It was measured slower (``bench/bench_forkserver.py``), and
each forkserver child unpickles its process object and re-imports the caller's ``__main__``
(for a build, ``sphinx-build``, so Sphinx would be imported in every page). It also has one
preload list and one environment per calling process (``OMP_WAIT_POLICY`` must be set before
torch loads; tests and builds use several executors), and the timeout, crash and output
handling here would still be needed on top. Kept: the bespoke protocol.

What a page costs is mostly the fork and the exit of a copy of a process with PyTorch loaded
(~146 MB of anonymous memory). Two things make it cheaper: the spare takes the fork off the
page's path, and the executor asks glibc to put this process's heap in huge pages
(``GLIBC_TUNABLES=glibc.malloc.hugetlb=1``, removed again from our environment at start), so
a fork copies far fewer page-table entries. What is left a page is the fork and exit
themselves; a zygote that forks while the supervisor relays, or warm framework state in the
spare, would be the next steps. The measured figures are in ``bench/README.md`` ("The
examples engine: measured figures").
"""

from __future__ import annotations

import contextlib
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

from . import sandbox, wire
from .postmortem import Death, results_after
from .process import Page, State, start_process
from .spec import ExampleResult, ExampleSpec, Status, stopped

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
        self.pages: dict[int, Page] = {}  # by pid
        self.spare: Page | None = None
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

    def _new_process(self) -> Page:
        private = {self.request_fd, self.reply_fd}
        with contextlib.suppress(Exception):
            private.add(self.selector.fileno())  # type: ignore[attr-defined]
        for other in self.pages.values():
            private.update({other.request_fd, other.result_fd, other.pidfd})
        page = start_process(self.mode, self.home, private)
        self.pages[page.pid] = page
        self.selector.register(page.result_fd, selectors.EVENT_READ, ("pipe", page))
        if page.pidfd >= 0:
            self.selector.register(page.pidfd, selectors.EVENT_READ, ("exit", page))
        return page

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
        page, self.spare = self.spare, None
        try:
            if page is not None:
                self._reap(page, block=False)  # a spare may have died since the loop last looked
                if page.status is not None:
                    self._discard(page)
                    page = None
            if page is None:
                page = self._new_process()
            request = {
                "examples": message["examples"],
                "output_limit": message.get("output_limit", 100_000),
                "memory_limit": message.get("memory_limit"),
                "sys_path": sys.path,
            }
            wire.send(page.request_fd, request)
        except OSError as exc:
            if page is not None:
                self._discard(page)
            if retry and page is not None:  # it died at hand-off (its pipe is closed)
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
        self._close_request(page)
        page.state = State.RUNNING
        page.id = int(message["id"])
        page.examples = examples
        page.request = message if retry else None
        page.deadline = time.monotonic() + STARTUP_TIMEOUT

    # -- what page processes say ---------------------------------------------------------------

    def on_readable(self, page: Page) -> None:
        while page.result_fd >= 0:
            data = wire.read_available(page.result_fd)
            if data is None:
                return
            if not data:
                self._close_result(page)
                if page.state is State.RUNNING:
                    page.state, page.kill_at = State.STOPPING, time.monotonic() + EXIT_GRACE
                return
            for message in page.reader.feed(data):
                if page.state is State.RUNNING:
                    self.on_message(page, message)

    def on_message(self, page: Page, message: dict[str, Any]) -> None:
        event = message.get("event")
        now = time.monotonic()
        if event == "start":
            index = int(message["index"])
            page.began = True
            page.current, page.block_started = index, now
            page.deadline = now + page.examples[index].timeout
            self.reply({"id": page.id, "event": "start", "index": index})
        elif event == "result":
            page.current, page.deadline = None, now + STARTUP_TIMEOUT
            page.reported = int(message["index"]) + 1
            self.reply(
                {
                    "id": page.id,
                    "event": "result",
                    "index": page.reported - 1,
                    "result": message["result"],
                }
            )
        elif event == "done":  # everything is reported: answer now, reap it when it is gone
            self._close_result(page)
            self._end(page)
        elif event == "internal-error":
            page.internal_error = str(message.get("traceback", ""))

    # -- deadlines, ends -----------------------------------------------------------------------

    def check(self) -> None:
        now = time.monotonic()
        for page in list(self.pages.values()):
            if page.status is None and page.pidfd < 0:
                self._reap(page, block=False)  # no pidfd on this system: poll
            if page.status is not None:  # it has exited
                if page.state in (State.RUNNING, State.STOPPING):
                    self.on_readable(page)  # its last messages, if any
                    self._end(page)
                self._forget(page)
            elif page.state is State.STOPPING and now >= page.kill_at:
                self._kill(page)
                self._reap(page, block=True)
                self.on_readable(page)
                self._end(page)
                self._forget(page)
            elif page.state is State.RUNNING and now >= page.deadline:
                if page.current is not None:
                    page.cause = "timeout"
                    with contextlib.suppress(OSError):
                        os.kill(page.pid, signal.SIGUSR1)  # faulthandler: where is it?
                    page.kill_at = now + DUMP_GRACE
                else:
                    page.cause, page.kill_at = "hung", now  # before its first block, or between
                page.state = State.STOPPING

    def next_wakeup(self) -> float | None:
        now = time.monotonic()
        times = [now + 0.01 for p in self.pages.values() if p.pidfd < 0 and p.status is None]
        for page in self.pages.values():
            if page.state is State.RUNNING:
                times.append(page.deadline)
            elif page.state is State.STOPPING:
                times.append(page.kill_at)
        return max(0.0, min(times) - now) if times else None

    def _end(self, page: Page) -> None:
        """Kill what is left of the page, remove its files, report what is missing, say end."""
        if page.state is State.ENDED:
            return
        page.state = State.ENDED
        with contextlib.suppress(OSError):
            os.killpg(page.pid, signal.SIGKILL)  # whatever the example left running
        if self._died_before_work(page):
            assert page.request is not None
            shutil.rmtree(page.page_dir, ignore_errors=True)
            self.start(page.request, retry=False)
            return
        if page.reported < len(page.examples):
            trace = ""
            trace_path = os.path.join(page.page_dir, sandbox.TRACE_FILE)
            with contextlib.suppress(OSError), open(trace_path, errors="replace") as stream:
                trace = stream.read()
            death = Death(
                page.cause,
                status=page.status or 0,
                in_block=page.current is not None,
                seconds=time.monotonic() - page.block_started if page.current is not None else 0,
                killed_by_us=page.killed_by_us,
                internal_error=page.internal_error,
                hung_after=STARTUP_TIMEOUT,
            )
            results = results_after(page.examples, page.reported, death, trace)
            self._send_results(page.id, page.reported, results)
        shutil.rmtree(page.page_dir, ignore_errors=True)  # gone when the caller has the end
        self.reply({"id": page.id, "event": "end"})

    @staticmethod
    def _died_before_work(page: Page) -> bool:
        """It died before it began the first block, nobody killed it and it said nothing
        (a spare that died as it was handed its request), on the request's first try."""
        return (
            page.request is not None
            and page.reported == 0
            and page.current is None
            and not page.began
            and not page.killed_by_us
            and page.internal_error is None
            and page.cause == "died"
        )

    def _send_results(self, request_id: int, start: int, results: list[ExampleResult]) -> None:
        for index, result in enumerate(results, start):
            message = {"event": "result", "index": index, "result": result.to_dict()}
            self.reply({"id": request_id, **message})

    def _kill(self, page: Page) -> None:
        if page.status is None:
            page.killed_by_us = True
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(OSError):
                kill(page.pid, signal.SIGKILL)

    def _reap(self, page: Page, *, block: bool) -> None:
        if page.status is not None:
            return
        try:
            pid, status = os.waitpid(page.pid, 0 if block else os.WNOHANG)
        except ChildProcessError:
            pid, status = page.pid, 0
        if pid:
            page.status = status

    def _close_request(self, page: Page) -> None:
        if page.request_fd >= 0:
            with contextlib.suppress(OSError):
                os.close(page.request_fd)
            page.request_fd = -1

    def _close_result(self, page: Page) -> None:
        if page.result_fd >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(page.result_fd)
            os.close(page.result_fd)
            page.result_fd = -1

    def _forget(self, page: Page) -> None:
        self._close_request(page)
        self._close_result(page)
        if page.pidfd >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(page.pidfd)
            os.close(page.pidfd)
            page.pidfd = -1
        self.pages.pop(page.pid, None)
        if page.state is State.SPARE:  # it died waiting; the next request starts a new one
            self.spare = None if page is self.spare else self.spare
            shutil.rmtree(page.page_dir, ignore_errors=True)

    def _discard(self, page: Page) -> None:
        """Kill a page process nobody waits for, and forget it."""
        self._kill(page)
        self._reap(page, block=True)
        self.spare = None if page is self.spare else self.spare
        self._forget(page)
        shutil.rmtree(page.page_dir, ignore_errors=True)

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
                elif key.data[1].pid not in self.pages:
                    continue
                elif key.data[0] == "pipe":
                    self.on_readable(key.data[1])
                else:
                    self._reap(key.data[1], block=False)
            self.check()
        self.shutdown()

    def shutdown(self) -> None:
        self.closing = True
        for page in list(self.pages.values()):
            self._discard(page)
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
