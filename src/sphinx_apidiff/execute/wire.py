"""How the engine's processes talk and start: JSON lines over pipes, ``python -m`` commands.

Standard library only: the supervisor and the page processes import this module.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["LineReader", "python_command", "read_available", "send"]

#: Set in the supervisor's environment when the executor set ``GLIBC_TUNABLES`` for it.
DROP_TUNABLES = "APIDIFF_DROP_GLIBC_TUNABLES"
#: The module the supervisor runs as (``python -m``); the client does not import it.
SUPERVISOR_MODULE = f"{__package__}.server.supervisor"
#: The directory that holds the ``sphinx_apidiff`` package.
PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def send(fd: int, message: Mapping[str, Any]) -> None:
    """Write ``message`` to ``fd`` as one line of JSON (all of it, even on a short write)."""
    data = (json.dumps(message) + "\n").encode("utf-8")
    while data:
        data = data[os.write(fd, data) :]


class LineReader:
    """Turns the bytes of a stream into JSON objects, one a line.

    Lines that are not JSON objects are skipped: they are not ours (an example that wrote to
    a descriptor it did not own).
    """

    def __init__(self) -> None:
        self._buffer = b""

    def feed(self, data: bytes) -> list[dict[str, Any]]:
        *lines, self._buffer = (self._buffer + data).split(b"\n")
        messages = []
        for line in lines:
            if not line.strip():
                continue
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                messages.append(message)
        return messages


def read_available(fd: int) -> bytes | None:
    """What a non-blocking descriptor holds now: None if nothing yet, b"" at its end."""
    try:
        return os.read(fd, 1 << 20)
    except BlockingIOError:
        return None
    except OSError:
        return b""


def python_command(
    module: str, *args: str, env: Mapping[str, str] | None = None
) -> tuple[list[str], dict[str, str]]:
    """``python -m module args...`` and an environment in which it imports this package."""
    environ = dict(os.environ if env is None else env)
    environ["PYTHONPATH"] = os.pathsep.join(
        [PACKAGE_ROOT, *filter(None, [environ.get("PYTHONPATH")])]
    )
    return [sys.executable, "-m", module, *args], environ
