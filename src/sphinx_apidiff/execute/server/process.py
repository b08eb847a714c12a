"""The supervisor's record of each child process it starts for a page, and how one is started.

A child is made by ``os.fork`` of the supervisor (mode "fork") or is a fresh interpreter
running :mod:`..child.main` (mode "spawn"). Either way it gets a private directory (its
working directory is ``work`` in it), a request pipe it reads its work from and a result pipe
it reports on; it sets itself up at once and then waits, so it can be started before it has
work (a *spare*).
"""

from __future__ import annotations

import contextlib
import enum
import os
import subprocess
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .. import wire
from ..child import main as child_main
from ..child import sandbox
from ..spec import ExampleSpec

__all__ = ["ChildProcess", "State", "start_process"]


class State(enum.Enum):
    SPARE = "spare"  #: started, waiting for its request
    RUNNING = "running"  #: has its request; ``current`` is the block running, if any
    STOPPING = "stopping"  #: killed at ``kill_at`` (timeout, hang, or it closed its pipe)
    ENDED = "ended"  #: every result sent; forgotten once reaped


@dataclass(eq=False)
class ChildProcess:
    """One child process (it runs one page), as the supervisor sees it."""

    pid: int
    page_dir: str
    request_fd: int
    result_fd: int
    pidfd: int = -1
    state: State = State.SPARE
    reader: wire.LineReader = field(default_factory=wire.LineReader)
    #: Set when it gets work: the request's id and blocks, and what it reported so far.
    id: int = 0
    examples: list[ExampleSpec] = field(default_factory=list)
    reported: int = 0
    current: int | None = None
    #: True once it said it began a block.
    began: bool = False
    #: The ``run`` request, kept while a death before the first block may still hand it to a
    #: new process (None on the second try).
    request: dict[str, Any] | None = None
    block_started: float = 0.0
    deadline: float = float("inf")
    kill_at: float = float("inf")
    #: Why it is being stopped (see :class:`.postmortem.Death`).
    cause: str = "died"
    killed_by_us: bool = False
    internal_error: str | None = None
    #: Wait status once reaped.
    status: int | None = None


def start_process(mode: str, home: str, private: Iterable[int]) -> ChildProcess:
    """Start a child process in a new directory under ``home``; in mode "fork" it first
    closes ``private``, the supervisor's own descriptors."""
    page_dir = tempfile.mkdtemp(prefix="page-", dir=home)
    os.mkdir(os.path.join(page_dir, "work"))
    request_r, request_w = os.pipe()
    result_r, result_w = os.pipe()
    try:
        if mode == "fork":
            pid = _fork(page_dir, request_r, result_w, {*private, request_w, result_r})
        else:
            pid = _spawn(page_dir, request_r, result_w)
    except OSError:
        for fd in (request_r, request_w, result_r, result_w):
            os.close(fd)
        with contextlib.suppress(OSError):
            os.rmdir(os.path.join(page_dir, "work"))
            os.rmdir(page_dir)
        raise
    os.close(request_r)
    os.close(result_w)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)
    os.set_blocking(result_r, False)
    child = ChildProcess(pid, page_dir, request_w, result_r)
    if hasattr(os, "pidfd_open"):
        with contextlib.suppress(OSError):
            child.pidfd = os.pidfd_open(pid)
    return child


def _fork(page_dir: str, request_fd: int, result_fd: int, private: set[int]) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:  # the page's process: drop every descriptor of the supervisor, then serve
        for fd in private - {-1}:
            with contextlib.suppress(OSError):
                os.close(fd)
        child_main.serve_page(page_dir, request_fd, result_fd, os.getppid())
    finally:
        os._exit(sandbox.INTERNAL_ERROR_EXIT)


def _spawn(page_dir: str, request_fd: int, result_fd: int) -> int:
    args = (page_dir, str(request_fd), str(result_fd), str(os.getpid()))
    command, env = wire.python_command(child_main.__name__, *args)
    process = subprocess.Popen(
        command,
        pass_fds=(request_fd, result_fd),
        stdin=subprocess.DEVNULL,
        cwd=os.path.join(page_dir, "work"),
        env=env,
        process_group=0,
    )
    process.returncode = 0  # reaped with os.waitpid by the supervisor; keep Popen quiet
    return process.pid
