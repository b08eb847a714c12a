"""Process setup of a page process: its own process group, death with its supervisor, signals,
a crash trace file, a private working directory, no stdin, captured output, limits.

Split in two: :func:`setup_process` runs as soon as the process exists (a spare does it while
it waits for work), :func:`apply_request` once the request is known. Standard library only.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import signal
import sys
from typing import Any

from ..spec import DEFAULT_OUTPUT_LIMIT
from .capture import CaptureStream, FdDrain, Recorder

__all__ = ["INTERNAL_ERROR_EXIT", "TRACE_FILE", "apply_request", "setup_process"]

#: Name of the file (in the page's private directory) that faulthandler writes to on a fatal
#: signal, or on SIGUSR1 sent by the supervisor just before it kills a block at its timeout.
TRACE_FILE = "faulthandler.txt"
#: Exit code of a page process whose own machinery failed (not the author's code).
INTERNAL_ERROR_EXIT = 70

_KEEP: list[Any] = []


def _die_with_parent(parent_pid: int) -> None:
    """On Linux, get SIGKILL if the supervisor dies, so no page process outlives it."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except Exception:  # pragma: no cover
            pass
    if os.getppid() != parent_pid:
        os._exit(INTERNAL_ERROR_EXIT)


def setup_process(page_dir: str, parent_pid: int) -> tuple[Recorder, FdDrain]:
    """Everything that does not depend on the page's request; returns the output capture."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    _die_with_parent(parent_pid)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    trace = open(os.path.join(page_dir, TRACE_FILE), "w")  # noqa: SIM115 - lives as long as us
    _KEEP.append(trace)
    faulthandler.enable(trace, all_threads=True)
    faulthandler.register(signal.SIGUSR1, trace, all_threads=True)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    sys.stdin = open(os.devnull)  # noqa: SIM115
    workdir = os.path.join(page_dir, "work")
    os.chdir(workdir)
    os.environ["PWD"] = workdir
    recorder = Recorder(0)
    drain = FdDrain(recorder)
    sys.stdout = CaptureStream(drain, "stdout", 1)
    sys.stderr = CaptureStream(drain, "stderr", 2)
    return recorder, drain


def apply_request(request: dict[str, Any], recorder: Recorder, source: str) -> None:
    """The request's limits, ``sys.path`` and ``sys.argv``."""
    memory_limit = request.get("memory_limit")
    if memory_limit:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (int(memory_limit), int(memory_limit)))
    recorder.limit = max(int(request.get("output_limit", DEFAULT_OUTPUT_LIMIT)), 0)
    if request.get("sys_path") is not None:
        sys.path[:] = list(request["sys_path"])
    sys.argv = [source or "<example>"]
