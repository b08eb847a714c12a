"""Post-mortem of a page process that stopped before reporting every block.

Reads the faulthandler dump it left (written at a fatal signal, or at the SIGUSR1 its
supervisor sends just before it kills a block at its timeout) and turns its end into results:
``timeout`` or ``crashed`` for the block that was running, ``not-run`` for the later ones, each
pointing at the author's line. No processes here: pure functions of the dump and the wait status.
"""

from __future__ import annotations

import ast
import os
import re
import signal
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..spec import ExampleResult, ExampleSpec, Status, stopped

__all__ = ["Death", "describe_status", "parse_trace", "results_after", "timeout_line"]

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


def code_line(examples: Sequence[ExampleSpec], source: str, line: int) -> str | None:
    """The text of absolute line ``line`` of ``source``, if one of the blocks has it."""
    for spec in examples:
        if spec.source == source and spec.line <= line <= spec.last_line:
            return spec.code.splitlines()[line - spec.line]
    return None


@dataclass(frozen=True)
class Death:
    """Why a page process stopped early, as its supervisor saw it."""

    #: ``"timeout"`` (we stopped the running block), ``"hung"`` (no answer outside any block
    #: for ``hung_after`` seconds), ``"died"`` (it ended by itself, or was killed after it
    #: closed its pipe).
    cause: str
    #: Its wait status.
    status: int = 0
    #: A block had started and not reported.
    in_block: bool = False
    #: Seconds the running block had run.
    seconds: float = 0.0
    killed_by_us: bool = False
    #: The traceback of the page runner's own failure, if it reported one.
    internal_error: str | None = None
    hung_after: float = 0.0


def results_after(
    examples: Sequence[ExampleSpec], index: int, death: Death, trace: str
) -> list[ExampleResult]:
    """Results for ``examples[index:]``: the block that was running, then the ones not run."""
    spec = examples[index]

    def lookup(source: str, line: int) -> str | None:
        return code_line(examples, source, line)

    sources = {s.source for s in examples}
    line, trace_lines = parse_trace(trace, sources, lookup)
    common = {"source": spec.source, "line": spec.line, "seconds": death.seconds}
    if death.cause == "timeout":
        line = timeout_line(trace, spec)
        message = f"timed out after {spec.timeout:g} s"
        code = (lookup(spec.source, line) or "").strip()
        first = ExampleResult(
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
        if death.cause == "hung":
            reason = (
                f"crashed at {where}: the page's process stopped responding "
                f"for {death.hung_after:g} s outside of any block"
            )
        elif death.internal_error:
            detail = death.internal_error.strip().splitlines()[-1]
            reason = f"crashed at {where}: internal error of the example runner: {detail}"
        else:
            status = describe_status(death.status, killed_by_us=death.killed_by_us)
            reason = f"crashed at {where}: {status}"
            if not death.in_block:
                reason += " (between blocks)"
        first = ExampleResult(
            Status.CRASHED,
            reason=reason,
            error_line=line or spec.line,
            traceback=("\n".join(trace_lines) + "\n") if trace_lines else death.internal_error,
            **common,
        )
        what = "crashed"
    return stopped(examples[index:], first, f"not run: the example at {spec.location} {what}")
