"""Writing example blocks and watching processes: shared by the ``test_execute*.py`` files.

Their ``executor`` and ``torch_executor`` fixtures (one server per test module) are in
``tests/conftest.py``.
"""

from __future__ import annotations

import os
import textwrap
import time
from pathlib import Path

from sphinx_apidiff.execute import ExampleResult, ExampleSpec

SRC = "docs/page.rst"


def block(code: str, line: int = 1, **options) -> ExampleSpec:
    return ExampleSpec(textwrap.dedent(code).strip("\n") + "\n", SRC, line, **options)


def statuses(results: list[ExampleResult]) -> list[str]:
    return [str(r.status) for r in results]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process reused the pid
        return True
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "\nState:\tZ" not in status


def wait_dead(pids: list[int], seconds: float = 10.0) -> list[int]:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        living = [pid for pid in pids if alive(pid)]
        if not living:
            return []
        time.sleep(0.05)
    return [pid for pid in pids if alive(pid)]
