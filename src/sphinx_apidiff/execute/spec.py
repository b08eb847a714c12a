"""Value types of the example engine: what to run, and what happened.

Pure Python, standard library only: this module is imported by the process that runs the
examples, so it must stay light. Every type round-trips through JSON with ``to_dict`` and
``from_dict``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "BAD_STATUSES",
    "DEFAULT_OUTPUT_LIMIT",
    "ComparisonResult",
    "ExampleResult",
    "ExampleSpec",
    "Status",
    "not_run",
    "stopped",
]


class Status(enum.StrEnum):
    """What happened to one example block. The values are the names used in JSON."""

    #: The block ran without an exception (and without ``:raises:``).
    PASSED = "passed"
    #: The block raised an exception nobody asked for, or not the one ``:raises:`` named, or
    #: the values ``:compare:`` names disagree (``comparison`` says how, ``reason`` in words).
    FAILED = "failed"
    #: The block raised what ``:raises:`` said it would.
    EXPECTED_ERROR = "expected-error"
    #: ``:raises:`` was given and the block raised nothing.
    UNEXPECTED_PASS = "unexpected-pass"
    #: The block ran longer than its timeout; its process was killed.
    TIMEOUT = "timeout"
    #: The page's process died (signal, ``os._exit``, out of memory).
    CRASHED = "crashed"
    #: A ``:requires:`` package is not installed; the block was not run.
    SKIPPED = "skipped"
    #: An earlier block of the page timed out or crashed, or execution is off.
    NOT_RUN = "not-run"


#: Characters of output kept per block; the rest is dropped and ``truncated`` set.
DEFAULT_OUTPUT_LIMIT = 100_000

#: Statuses that mean the example did not do what its author wrote.
BAD_STATUSES = frozenset({Status.FAILED, Status.UNEXPECTED_PASS, Status.TIMEOUT, Status.CRASHED})


def _tuple(value: Any) -> tuple | None:
    return None if value is None else tuple(value)


@dataclass(frozen=True)
class ExampleSpec:
    """One example block, as the author wrote it.

    ``line`` is the 1-based line, in ``source``, of the first line of ``code``: tracebacks,
    ``SyntaxError`` and :attr:`ExampleResult.error_line` use absolute lines of ``source``.
    """

    code: str
    #: The file the block comes from; shown in tracebacks and messages as it is given.
    source: str = "<example>"
    line: int = 1
    #: Seconds the block may run before its page's process is killed.
    timeout: float = 30.0
    #: Name of the exception class the block must raise (``"ZeroDivisionError"``); several
    #: names may be separated by commas. A base class matches its subclasses.
    raises: str | None = None
    #: Two variable names whose values must agree after the block (``allclose``); in a right
    #: half, the first is the left half's variable and the second the right half's.
    compare: tuple[str, str] | None = None
    rtol: float = 1e-5
    atol: float = 1e-8
    #: Importable names that must be installed, otherwise the block is skipped.
    requires: tuple[str, ...] = ()
    #: ``"left"`` or ``"right"``: one half of a pair (a left half is always followed by its
    #: right half). Each half runs in its own copy of the page's namespace; after the right
    #: half, what either defined joins the page's (the right half's where both did).
    side: str | None = None
    #: Print the value of a final bare expression, as a REPL does (not ``None``).
    echo: bool = False

    def __post_init__(self) -> None:
        if self.line < 1:
            raise ValueError(f"line must be >= 1, not {self.line}")
        if self.timeout <= 0:
            raise ValueError(f"timeout must be > 0, not {self.timeout}")
        if self.compare is not None:
            if len(self.compare) != 2:
                raise ValueError(f"compare needs two variable names, not {self.compare!r}")
            object.__setattr__(self, "compare", tuple(self.compare))
        object.__setattr__(self, "requires", tuple(self.requires))
        if self.side not in (None, "left", "right"):
            raise ValueError(f"side must be 'left' or 'right', not {self.side!r}")

    @property
    def location(self) -> str:
        """``source:line`` of the block's first code line."""
        return f"{self.source}:{self.line}"

    @property
    def last_line(self) -> int:
        """Absolute line of the block's last code line."""
        code = self.code.replace("\r\n", "\n").replace("\r", "\n")
        return self.line + max(code.count("\n") - (1 if code.endswith("\n") else 0), 0)

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "source": self.source,
            "line": self.line,
            "timeout": self.timeout,
            "raises": self.raises,
            "compare": list(self.compare) if self.compare else None,
            "rtol": self.rtol,
            "atol": self.atol,
            "requires": list(self.requires),
            # only when set: the cache keys of the pages that use neither stay as they were
            **({"side": self.side} if self.side else {}),
            **({"echo": True} if self.echo else {}),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExampleSpec:
        return cls(
            code=data["code"],
            source=data.get("source", "<example>"),
            line=int(data.get("line", 1)),
            timeout=float(data.get("timeout", 30.0)),
            raises=data.get("raises"),
            compare=_tuple(data.get("compare")),
            rtol=float(data.get("rtol", 1e-5)),
            atol=float(data.get("atol", 1e-8)),
            requires=tuple(data.get("requires", ())),
            side=data.get("side"),
            echo=bool(data.get("echo", False)),
        )


@dataclass(frozen=True)
class ComparisonResult:
    """Whether the two values named by ``:compare:`` agree after their block."""

    agree: bool
    left_shape: tuple[int, ...] | None = None
    right_shape: tuple[int, ...] | None = None
    max_abs_diff: float | None = None
    max_rel_diff: float | None = None
    #: One line for the reader: ``"agree: max abs diff 3.1e-07"``.
    message: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "agree": self.agree,
            "left_shape": list(self.left_shape) if self.left_shape is not None else None,
            "right_shape": list(self.right_shape) if self.right_shape is not None else None,
            "max_abs_diff": self.max_abs_diff,
            "max_rel_diff": self.max_rel_diff,
            "message": self.message,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ComparisonResult:
        return cls(
            agree=bool(data["agree"]),
            left_shape=_tuple(data.get("left_shape")),
            right_shape=_tuple(data.get("right_shape")),
            max_abs_diff=data.get("max_abs_diff"),
            max_rel_diff=data.get("max_rel_diff"),
            message=data.get("message", ""),
        )


@dataclass(frozen=True)
class ExampleResult:
    """What happened when one block ran.

    ``output`` keeps stdout and stderr in the order they were written, as ``(stream, text)``
    chunks with ``stream`` ``"stdout"`` or ``"stderr"``; :attr:`stdout` and :attr:`stderr` are
    read from it. ``traceback`` shows only frames of the author's code, with the real source
    path and lines. ``error_line`` is the absolute line in ``source`` where things went wrong
    (the raising line, the line running at a timeout or crash when known, the block's first
    line otherwise).
    """

    status: Status
    output: tuple[tuple[str, str], ...] = ()
    #: True if the captured output reached the limit and the rest was dropped.
    truncated: bool = False
    error_type: str | None = None
    error_message: str | None = None
    traceback: str | None = None
    error_line: int | None = None
    seconds: float = 0.0
    comparison: ComparisonResult | None = None
    #: A sentence for skipped, not-run, timeout, crashed, unexpected-pass, wrong exception and
    #: disagreeing ``:compare:`` values.
    reason: str = ""
    #: True if the result was read from the cache rather than computed by this run.
    cached: bool = False
    #: Where the block is (copied from its :class:`ExampleSpec`).
    source: str = ""
    line: int = 0

    def __post_init__(self) -> None:
        object.__setattr__(self, "status", Status(self.status))
        object.__setattr__(self, "output", tuple((s, t) for s, t in self.output))

    @property
    def stdout(self) -> str:
        """What the block wrote to its standard output."""
        return "".join(text for stream, text in self.output if stream == "stdout")

    @property
    def stderr(self) -> str:
        """What the block wrote to its standard error."""
        return "".join(text for stream, text in self.output if stream == "stderr")

    def problem(self) -> str | None:
        """One sentence saying what went wrong, or None. No location: the caller adds it."""
        if self.status is Status.FAILED:
            if not self.error_type:  # nothing raised: ``:compare:`` values that disagree
                return self.reason or "example failed"
            text = f"{self.error_type}: {self.error_message}"
            return f"{self.reason} ({text})" if self.reason else f"example failed: {text}"
        if self.status in (Status.UNEXPECTED_PASS, Status.TIMEOUT, Status.CRASHED):
            return self.reason
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": str(self.status),
            "output": [list(chunk) for chunk in self.output],
            "truncated": self.truncated,
            "error_type": self.error_type,
            "error_message": self.error_message,
            "traceback": self.traceback,
            "error_line": self.error_line,
            "seconds": self.seconds,
            "comparison": self.comparison.to_dict() if self.comparison else None,
            "reason": self.reason,
            "cached": self.cached,
            "source": self.source,
            "line": self.line,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExampleResult:
        comparison = data.get("comparison")
        return cls(
            status=Status(data["status"]),
            output=tuple((s, t) for s, t in data.get("output", ())),
            truncated=bool(data.get("truncated", False)),
            error_type=data.get("error_type"),
            error_message=data.get("error_message"),
            traceback=data.get("traceback"),
            error_line=data.get("error_line"),
            seconds=float(data.get("seconds", 0.0)),
            comparison=ComparisonResult.from_dict(comparison) if comparison else None,
            reason=data.get("reason", ""),
            cached=bool(data.get("cached", False)),
            source=data.get("source", ""),
            line=int(data.get("line", 0)),
        )


def not_run(examples: Sequence[ExampleSpec], reason: str) -> list[ExampleResult]:
    """``not-run`` results for ``examples``."""
    return [
        ExampleResult(Status.NOT_RUN, reason=reason, source=spec.source, line=spec.line)
        for spec in examples
    ]


def stopped(
    examples: Sequence[ExampleSpec], first: ExampleResult, reason: str
) -> list[ExampleResult]:
    """The results of a page that stopped at ``examples[0]``: ``first`` (its timeout or crash),
    then every later block ``not-run`` with ``reason``."""
    return [first, *not_run(examples[1:], reason)]
