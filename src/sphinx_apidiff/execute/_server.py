"""The fork server: a warm process that starts one fresh process per page and watches it.

Started by :class:`~sphinx_apidiff.execute.executor.Executor` as
``python -m sphinx_apidiff.execute._server``, so it never imports Sphinx and inherits no state
of the documentation build. It imports the ``preload`` modules once and then runs nothing: no
example code ever runs here, so no framework thread pool is started before a fork (a process
that has run a PyTorch operation cannot be forked safely, a process that only imported it can).

Protocol, one JSON object a line. The owner (the process that started the server) talks over
stdin/stdout; processes forked from the owner (workers of a parallel build) connect to the
Unix socket named in the ``ready`` reply and speak the same protocol, minus ``init``. Requests::

    {"op": "init", "sys_path": [...], "preload": ["torch"], "start_method": "auto"}
    {"op": "run", "id": 7, "examples": [...], "output_limit": 100000, "memory_limit": null}

Replies (a socket client gets ``ready`` as soon as it connects)::

    {"event": "ready", "mode": "fork", "preloaded": ["torch"], "failed": {}, "pid": 123,
     "socket": "/tmp/apidiff-server-x/server.sock"}
    {"id": 7, "event": "start", "index": 0}
    {"id": 7, "event": "result", "index": 0, "result": {...}}
    {"id": 7, "event": "end"}

Each page runs in a child made by ``os.fork`` (mode "fork") or, if a preload failed or fork
is not wanted, in a fresh interpreter (mode "spawn"). The server enforces each block's timeout
(SIGUSR1 for a faulthandler dump of the running line, then SIGKILL of the page's process
group), turns a death into ``crashed``/``not-run`` results, and removes the page's temporary
directory. When a client goes away its pages are killed; when the owner goes away (stdin
closes) the server kills everything and exits.
"""

from __future__ import annotations

import ast
import contextlib
import importlib
import json
import os
import re
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from typing import Any

from . import child
from .spec import ExampleResult, ExampleSpec, Status

#: Seconds a page process may take to start, or between two blocks, before it is killed.
STARTUP_TIMEOUT = 120.0
#: Seconds between the SIGUSR1 (faulthandler dump) and the SIGKILL at a timeout.
DUMP_GRACE = 0.2
#: Seconds a page process may take to exit after its last message.
EXIT_GRACE = 2.0

_FRAME = re.compile(r'^\s*File "(?P<file>.*)", line (?P<line>\d+) in (?P<func>.*)$')
_THREAD = re.compile(r"^(Current thread|Thread) 0x")


def _signal_name(number: int) -> str:
    try:
        name = signal.Signals(number).name
    except ValueError:
        name = f"signal {number}"
    description = signal.strsignal(number) if hasattr(signal, "strsignal") else None
    return f"{name} ({description.lower()})" if description else name


def describe_status(status: int, *, killed_by_us: bool = False) -> str:
    """A phrase for a wait status: ``killed by signal SIGSEGV (segmentation fault)``."""
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        text = f"killed by signal {_signal_name(number)}"
        if number == signal.SIGKILL and not killed_by_us:
            text += "; out of memory?"
        return text
    if os.WIFEXITED(status):
        return f"the process exited with code {os.WEXITSTATUS(status)}"
    return f"the process ended with wait status {status}"


def parse_trace(
    text: str, sources: set[str], lookup: Callable[[str, int], str | None] = lambda f, n: None
) -> tuple[int | None, list[str]]:
    """The running line of the author's code in a faulthandler dump, and the dump trimmed to
    the author's frames (with their code from ``lookup(file, line)``), as lines of text.

    Prefers the thread that got the signal, then the oldest thread (the main one) that was
    running the author's code.
    """
    header_lines: list[str] = []
    for line in text.splitlines():
        if _THREAD.match(line):
            break
        if line.strip():
            header_lines.append(line.strip())
    sections = [
        (header, [frame for frame in frames if frame[0] in sources])
        for header, frames in _sections(text)
    ]
    with_frames = [s for s in sections if s[1]]
    if not with_frames:
        return None, header_lines
    current = [s for s in with_frames if s[0].startswith("Current")]
    frames = (current[0] if current else with_frames[-1])[1]
    lines = [*header_lines, "Traceback (most recent call first):"]
    for file, number, func in frames:
        lines.append(f'  File "{file}", line {number}, in {func}')
        code = lookup(file, number)
        if code and code.strip():
            lines.append(f"    {code.strip()}")
    return frames[0][1], lines


def _sections(text: str) -> list[tuple[str, list[tuple[str, int, str]]]]:
    """A faulthandler dump as ``(thread header, [(file, line, function), ...])``."""
    sections: list[tuple[str, list[tuple[str, int, str]]]] = []
    for line in text.splitlines():
        if _THREAD.match(line):
            sections.append((line, []))
            continue
        match = _FRAME.match(line)
        if match and sections:
            sections[-1][1].append((match["file"], int(match["line"]), match["func"].strip()))
    return sections


def statement_line(spec: ExampleSpec, line: int) -> int:
    """The first line of the block's top-level statement that contains absolute ``line``."""
    try:
        tree = ast.parse("\n" * (spec.line - 1) + spec.code)
    except (SyntaxError, ValueError):
        return line
    for node in tree.body:
        if node.lineno <= line <= (node.end_lineno or node.lineno):
            return node.lineno
    return line


def timeout_line(text: str, spec: ExampleSpec) -> int:
    """Where a block was when it was stopped, made reproducible.

    The innermost line of a busy loop changes from one run to the next; the top-level statement
    of the block that was running does not. So: the ``<module>`` frame of the block in the
    faulthandler dump (prefer the thread that got the signal, else the main thread, listed
    last), rounded to the start of its statement; the block's first line if there is none.
    """
    candidates = []
    for header, frames in _sections(text):
        lines = [
            number
            for file, number, func in frames
            if file == spec.source and func == "<module>" and spec.line <= number <= spec.last_line
        ]
        if lines:
            candidates.append((header.startswith("Current"), lines[-1]))
    if not candidates:
        return spec.line
    current = [line for is_current, line in candidates if is_current]
    return statement_line(spec, current[0] if current else candidates[-1][1])


class Connection:
    """A client: the owner (stdin/stdout of the server) or a process on the socket."""

    def __init__(self, read_fd: int, write_fd: int, sock: socket.socket | None = None) -> None:
        self.read_fd = read_fd
        self.write_fd = write_fd
        self.sock = sock
        self.owner = sock is None
        self.buffer = b""
        self.closed = False


class Page:
    """One page's process, as the server sees it."""

    def __init__(self, key: int, conn: Connection, request: dict[str, Any]) -> None:
        self.key = key
        self.conn = conn
        self.id = int(request["id"])
        self.examples = [ExampleSpec.from_dict(d) for d in request["examples"]]
        self.pid = 0
        self.fd = -1
        self.buffer = b""
        self.page_dir = ""
        self.reported = 0
        self.current: int | None = None
        self.block_started = 0.0
        self.deadline = time.monotonic() + STARTUP_TIMEOUT
        self.pidfd = -1
        self.hung = False
        self.ended = False
        self.reaped = False
        self.status = 0
        self.timed_out: int | None = None
        self.kill_at: float | None = None
        self.killed_by_us = False
        self.internal_error: str | None = None

    def code_line(self, source: str, line: int) -> str | None:
        """The text of absolute line ``line`` of ``source``, if one of the blocks has it."""
        for spec in self.examples:
            if spec.source == source and spec.line <= line <= spec.last_line:
                return spec.code.splitlines()[line - spec.line]
        return None


class Server:
    def __init__(self, request_fd: int, reply_fd: int) -> None:
        self.owner = Connection(request_fd, reply_fd)
        self.selector = selectors.DefaultSelector()
        self.selector.register(request_fd, selectors.EVENT_READ, ("conn", self.owner))
        self.pages: dict[int, Page] = {}
        self.serial = 0
        #: Descriptors a forked page process must close.
        self.private_fds: set[int] = {request_fd, reply_fd}
        self.mode = "fork"
        self.info: dict[str, Any] = {}
        self.closing = False
        #: Private directory: the socket, and one directory per running page.
        self.home = tempfile.mkdtemp(prefix="apidiff-server-")
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.socket_path = os.path.join(self.home, "server.sock")
        self.listener.bind(self.socket_path)
        self.listener.listen(64)
        self.private_fds.add(self.listener.fileno())

    # -- replies -------------------------------------------------------------------------------

    def reply(self, conn: Connection, message: dict[str, Any]) -> None:
        if conn.closed:
            return
        data = (json.dumps(message) + "\n").encode("utf-8")
        try:
            while data:
                data = data[os.write(conn.write_fd, data) :]
        except OSError:  # the client is gone
            self.drop(conn)

    # -- init ----------------------------------------------------------------------------------

    def init(self, message: dict[str, Any]) -> None:
        if message.get("sys_path") is not None:
            sys.path[:] = [p for p in message["sys_path"] if isinstance(p, str)]
        preloaded: list[str] = []
        failed: dict[str, str] = {}
        for name in message.get("preload", ()):
            try:
                importlib.import_module(name)
            except BaseException as exc:
                failed[name] = f"{type(exc).__name__}: {exc}"
            else:
                preloaded.append(name)
        method = message.get("start_method", "auto")
        if method == "auto":
            method = "fork" if hasattr(os, "fork") and not failed else "spawn"
        self.mode = method
        self.info = {
            "event": "ready",
            "mode": method,
            "preloaded": preloaded,
            "failed": failed,
            "pid": os.getpid(),
            "python": sys.version.split()[0],
            "socket": self.socket_path,
        }
        self.reply(self.owner, self.info)
        self.selector.register(self.listener, selectors.EVENT_READ, ("listen", None))

    # -- starting pages ------------------------------------------------------------------------

    def start(self, conn: Connection, message: dict[str, Any]) -> None:
        self.serial += 1
        page = Page(self.serial, conn, message)
        page.page_dir = tempfile.mkdtemp(prefix="page-", dir=self.home)
        os.mkdir(os.path.join(page.page_dir, "work"))
        request = {
            "examples": message["examples"],
            "output_limit": message.get("output_limit", 100_000),
            "memory_limit": message.get("memory_limit"),
            "parent_pid": os.getpid(),
        }
        read_end, write_end = os.pipe()
        try:
            if self.mode == "fork":
                page.pid = self._fork(request, read_end, write_end, page.page_dir)
            else:
                page.pid = self._spawn(request, write_end, page.page_dir)
        except OSError as exc:
            os.close(read_end)
            os.close(write_end)
            self._finish_unstarted(page, f"could not start a process for the page: {exc}")
            return
        os.close(write_end)
        with contextlib.suppress(OSError):
            os.setpgid(page.pid, page.pid)
        page.fd = read_end
        os.set_blocking(read_end, False)
        self.pages[page.key] = page
        self.private_fds.add(read_end)
        self.selector.register(read_end, selectors.EVENT_READ, ("pipe", page))
        if hasattr(os, "pidfd_open"):
            with contextlib.suppress(OSError):
                page.pidfd = os.pidfd_open(page.pid)
                self.private_fds.add(page.pidfd)
                self.selector.register(page.pidfd, selectors.EVENT_READ, ("exit", page))

    def _fork(self, request: dict[str, Any], read_end: int, write_end: int, page_dir: str) -> int:
        pid = os.fork()
        if pid:
            return pid
        try:  # the page's process: drop everything of the server, then run the page
            for fd in (read_end, *self.private_fds):
                with contextlib.suppress(OSError):
                    os.close(fd)
            with contextlib.suppress(Exception):
                os.close(self.selector.fileno())  # type: ignore[attr-defined]
            child.run_page(request, write_end, page_dir)
        finally:
            os._exit(child.INTERNAL_ERROR_EXIT)

    def _spawn(self, request: dict[str, Any], write_end: int, page_dir: str) -> int:
        request = {**request, "sys_path": list(sys.path)}
        path = os.path.join(page_dir, "request.json")
        with open(path, "w", encoding="utf-8") as stream:
            json.dump(request, stream)
        package_root = os.path.dirname(os.path.dirname(os.path.dirname(child.__file__)))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join([package_root, *filter(None, [env.get("PYTHONPATH")])])
        process = subprocess.Popen(
            [sys.executable, "-m", "sphinx_apidiff.execute.child", path, str(write_end)],
            pass_fds=(write_end,),
            stdin=subprocess.DEVNULL,
            cwd=os.path.join(page_dir, "work"),
            env=env,
            process_group=0,
        )
        process.returncode = 0  # reaped with os.waitpid by the server; keep Popen quiet
        return process.pid

    # -- page messages -------------------------------------------------------------------------

    def on_page_readable(self, page: Page) -> None:
        """Read and handle what the page's process has written so far."""
        while page.fd >= 0:
            data = _read_available(page.fd)
            if data is None:
                return
            if not data:
                self._close_pipe(page)
                if not page.ended and page.kill_at is None:
                    page.kill_at = time.monotonic() + EXIT_GRACE
                return
            page.buffer += data
            *lines, page.buffer = page.buffer.split(b"\n")
            for line in lines:
                if not line.strip() or page.timed_out is not None or page.ended:
                    continue
                try:
                    message = json.loads(line)
                except ValueError:
                    continue  # not ours: the example wrote to a descriptor it did not own
                self.on_page_message(page, message)

    def on_page_message(self, page: Page, message: dict[str, Any]) -> None:
        event = message.get("event")
        now = time.monotonic()
        if event == "start":
            index = int(message["index"])
            page.current = index
            page.block_started = now
            page.deadline = now + page.examples[index].timeout
            self.reply(page.conn, {"id": page.id, "event": "start", "index": index})
        elif event == "result":
            page.current = None
            page.reported = int(message["index"]) + 1
            page.deadline = now + STARTUP_TIMEOUT
            self.reply(
                page.conn,
                {
                    "id": page.id,
                    "event": "result",
                    "index": message["index"],
                    "result": message["result"],
                },
            )
        elif event == "done":
            # Everything is reported: answer now, reap the process when it is gone.
            self._close_pipe(page)
            self._end(page)
        elif event == "internal-error":
            page.internal_error = str(message.get("traceback", ""))

    def _close_pipe(self, page: Page) -> None:
        if page.fd < 0:
            return
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(page.fd)
        self.private_fds.discard(page.fd)
        os.close(page.fd)
        page.fd = -1

    # -- deadlines, reaping --------------------------------------------------------------------

    def on_exit(self, page: Page) -> None:
        """The pidfd of the page's process is readable: it has exited."""
        self._try_reap(page)

    def check_pages(self) -> None:
        now = time.monotonic()
        for page in list(self.pages.values()):
            if not page.reaped and page.pidfd < 0 and (page.fd < 0 or page.ended):
                self._try_reap(page)  # no pidfd on this system: poll
            if page.reaped:
                if not page.ended:
                    self.on_page_readable(page)  # the last messages, if any
                    if not page.ended:
                        self._end(page)
                if page.ended:
                    self._forget(page)
                continue
            if page.ended:
                continue
            if page.kill_at is not None:
                if now >= page.kill_at:
                    self._kill(page)
                    self._reap(page)
                    self.on_page_readable(page)
                    if not page.ended:
                        self._end(page)
                    self._forget(page)
            elif now >= page.deadline:
                if page.current is not None:
                    page.timed_out = page.current
                    with contextlib.suppress(OSError):
                        os.kill(page.pid, signal.SIGUSR1)  # faulthandler: where is it?
                    page.kill_at = now + DUMP_GRACE
                else:
                    page.hung = True  # before its first block, or between two blocks
                    page.kill_at = now

    def next_wakeup(self) -> float | None:
        now = time.monotonic()
        times = []
        for page in self.pages.values():
            if page.reaped:
                times.append(now)
            elif page.pidfd < 0 and (page.fd < 0 or page.ended):
                times.append(now + 0.01)
            if page.ended:
                continue
            times.append(page.kill_at if page.kill_at is not None else page.deadline)
        if not times:
            return None
        return max(0.0, min(times) - now)

    def _kill(self, page: Page) -> None:
        if not page.reaped:
            page.killed_by_us = True
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(OSError):
                kill(page.pid, signal.SIGKILL)

    def _try_reap(self, page: Page) -> None:
        if page.reaped:
            return
        try:
            pid, status = os.waitpid(page.pid, os.WNOHANG)
        except ChildProcessError:
            pid, status = page.pid, 0
        if pid:
            page.reaped, page.status = True, status

    def _reap(self, page: Page) -> None:
        if page.reaped:
            return
        try:
            status = os.waitpid(page.pid, 0)[1]
        except ChildProcessError:
            status = 0
        page.reaped, page.status = True, status

    def _forget(self, page: Page) -> None:
        self._close_pipe(page)
        if page.pidfd >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(page.pidfd)
            self.private_fds.discard(page.pidfd)
            os.close(page.pidfd)
            page.pidfd = -1
        self.pages.pop(page.key, None)

    # -- results of a page that ended ----------------------------------------------------------

    def _end(self, page: Page) -> None:
        """Kill what is left of the page, remove its files, report what is missing, say end."""
        page.ended = True
        with contextlib.suppress(OSError):
            os.killpg(page.pid, signal.SIGKILL)  # whatever the example left running
        trace = ""
        trace_path = os.path.join(page.page_dir, child.TRACE_FILE)
        with contextlib.suppress(OSError), open(trace_path, errors="replace") as stream:
            trace = stream.read()
        shutil.rmtree(page.page_dir, ignore_errors=True)
        if page.reported < len(page.examples):
            self._report_rest(page, page.status, trace)
        self.reply(page.conn, {"id": page.id, "event": "end"})

    def _report_rest(self, page: Page, status: int, trace: str) -> None:
        index = page.reported
        spec = page.examples[index]
        sources = {s.source for s in page.examples}
        line, trace_lines = parse_trace(trace, sources, page.code_line)
        seconds = time.monotonic() - page.block_started if page.current is not None else 0.0
        common = {"source": spec.source, "line": spec.line, "seconds": seconds}
        if page.timed_out is not None:
            line = timeout_line(trace, spec)
            message = f"timed out after {spec.timeout:g} s"
            code = (page.code_line(spec.source, line) or "").strip()
            result = ExampleResult(
                Status.TIMEOUT,
                reason=f"{message} at {spec.source}:{line}",
                error_line=line,
                traceback=(
                    "Traceback (most recent call last):\n"
                    f'  File "{spec.source}", line {line}, in <module>\n'
                    + (f"    {code}\n" if code else "")
                    + f"TimeoutError: {message}\n"
                ),
                **common,
            )
            what = "timed out"
        else:
            where = f"{spec.source}:{line or spec.line}"
            if page.hung:
                reason = (
                    f"crashed at {where}: the page's process stopped responding "
                    f"for {STARTUP_TIMEOUT:g} s outside of any block"
                )
            elif page.internal_error:
                detail = page.internal_error.strip().splitlines()[-1]
                reason = f"crashed at {where}: internal error of the example runner: {detail}"
            else:
                reason = (
                    f"crashed at {where}: {describe_status(status, killed_by_us=page.killed_by_us)}"
                )
                if page.current is None:
                    reason += " (between blocks)"
            result = ExampleResult(
                Status.CRASHED,
                reason=reason,
                error_line=line or spec.line,
                traceback=("\n".join(trace_lines) + "\n") if trace_lines else page.internal_error,
                **common,
            )
            what = "crashed"
        self._send_result(page, index, result)
        for later in range(index + 1, len(page.examples)):
            other = page.examples[later]
            self._send_result(
                page,
                later,
                ExampleResult(
                    Status.NOT_RUN,
                    reason=f"not run: the example at {spec.location} {what}",
                    source=other.source,
                    line=other.line,
                ),
            )

    def _send_result(self, page: Page, index: int, result: ExampleResult) -> None:
        self.reply(
            page.conn,
            {"id": page.id, "event": "result", "index": index, "result": result.to_dict()},
        )

    def _finish_unstarted(self, page: Page, reason: str) -> None:
        shutil.rmtree(page.page_dir, ignore_errors=True)
        for index, spec in enumerate(page.examples):
            self._send_result(
                page,
                index,
                ExampleResult(
                    Status.CRASHED if index == 0 else Status.NOT_RUN,
                    reason=reason,
                    source=spec.source,
                    line=spec.line,
                ),
            )
        self.reply(page.conn, {"id": page.id, "event": "end"})

    # -- clients, main loop --------------------------------------------------------------------

    def accept(self) -> None:
        try:
            sock, _ = self.listener.accept()
        except OSError:
            return
        conn = Connection(sock.fileno(), sock.fileno(), sock)
        self.private_fds.add(sock.fileno())
        self.selector.register(sock.fileno(), selectors.EVENT_READ, ("conn", conn))
        self.reply(conn, self.info)

    def drop(self, conn: Connection) -> None:
        """A client went away: kill its pages; if it was the owner, stop."""
        if conn.closed:
            return
        conn.closed = True
        for fd in {conn.read_fd, conn.write_fd}:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(fd)
            self.private_fds.discard(fd)
        if conn.sock is not None:
            conn.sock.close()
        else:
            for fd in {conn.read_fd, conn.write_fd}:
                with contextlib.suppress(OSError):
                    os.close(fd)
        for page in [p for p in self.pages.values() if p.conn is conn]:
            self._discard(page)
        if conn.owner:
            self.closing = True

    def on_conn_readable(self, conn: Connection) -> None:
        data = _read_available(conn.read_fd)
        if data is None:
            return
        if not data:
            self.drop(conn)
            return
        conn.buffer += data
        *lines, conn.buffer = conn.buffer.split(b"\n")
        for line in lines:
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except ValueError:
                continue
            op = message.get("op")
            if op == "run":
                self.start(conn, message)
            elif op == "shutdown" and conn.owner:
                self.closing = True

    def serve(self) -> None:
        while not self.closing:
            events = self.selector.select(self.next_wakeup())
            for key, _ in events:
                kind, target = key.data
                if kind == "listen":
                    self.accept()
                elif kind == "conn":
                    self.on_conn_readable(target)
                elif target.key not in self.pages:
                    continue
                elif kind == "pipe":
                    self.on_page_readable(target)
                else:
                    self.on_exit(target)
            self.check_pages()
        self.shutdown()

    def _discard(self, page: Page) -> None:
        """Kill a page nobody waits for any more, and forget it."""
        self._kill(page)
        self._reap(page)
        self._forget(page)
        shutil.rmtree(page.page_dir, ignore_errors=True)

    def shutdown(self) -> None:
        for page in list(self.pages.values()):
            self._discard(page)
        with contextlib.suppress(OSError):
            self.listener.close()
        shutil.rmtree(self.home, ignore_errors=True)


def _read_available(fd: int) -> bytes | None:
    """What a non-blocking descriptor holds now: None if nothing yet, b"" at its end."""
    try:
        return os.read(fd, 1 << 20)
    except BlockingIOError:
        return None
    except OSError:
        return b""


def _read_line(fd: int) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = os.read(fd, 1)
        if not chunk:
            break
        data += chunk
    return data


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the build; it closes our pipe
    # Keep the protocol on private descriptors; stray prints of preloaded modules go to stderr.
    request_fd = os.dup(0)
    reply_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(2, 1)
    server = Server(request_fd, reply_fd)
    line = _read_line(request_fd)
    if not line:
        server.shutdown()
        return
    server.init(json.loads(line))
    try:
        server.serve()
    except BaseException:
        traceback.print_exc()
        server.shutdown()
        raise
    # A normal interpreter shutdown with torch loaded takes ~0.3 s that every build would wait
    # for; the pages are gone and the replies flushed, so leave at once.
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
