"""The ``sphinx-apidiff`` command: compare two callables in a terminal, or as JSON; record the
signatures a docs folder uses (``snapshot``).

No Sphinx here (``snapshot`` imports it when it runs). Exit 0 when compared, 2 with a one-line reason for bad input. When the reader
of a pipe closes it early (``sphinx-apidiff diff ... | head -1``) the command ends quietly with
status 141 (128 + SIGPIPE), as ``git log | head`` does: no traceback, no error message.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import textwrap
from collections.abc import Callable, Sequence

from . import __version__
from .api import ApiDiffError
from .cli_audit import add_audit_command, run_audit
from .cli_common import libraries_quiet
from .cli_export import add_export_command, run_export
from .cli_import import add_import_command, run_import
from .comparison import KEYWORD_CALLS, PERSPECTIVES, Comparison
from .describe import Describer
from .releases_cli import add_overview_command, run_overview
from .scaffold import add_new_command, run_new
from .signature import shown_lines

__all__ = ["main", "render_table", "terminal_width"]

_BOLD, _RED, _GREEN, _YELLOW, _DIM, _RESET = (
    "\033[1m",
    "\033[31m",
    "\033[32m",
    "\033[33m",
    "\033[2m",
    "\033[0m",
)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sphinx-apidiff",
        description="Compare the signatures of two callables from the installed libraries.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    diff = sub.add_parser(
        "diff",
        help="compare two callables, e.g. 'sphinx-apidiff diff numpy.sum math.fsum'",
        description="Compare LEFT and RIGHT (dotted paths) parameter by parameter.",
    )
    diff.add_argument(
        "left",
        metavar="LEFT",
        help="dotted path, e.g. torch.nn.ConvTranspose2d; at a release: numpy.linspace@1.26.4",
    )
    diff.add_argument("right", metavar="RIGHT", help="dotted path, e.g. numpy.sum")
    diff.add_argument(
        "--rename",
        action="append",
        default=[],
        metavar="L=R",
        help="pair left parameter L with right parameter R "
        "(L= or =R: no counterpart, on purpose; 'a b=c': a group, one row); repeatable",
    )
    diff.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="NAME",
        help="leave parameter NAME out of the differences; repeatable",
    )
    diff.add_argument(
        "--private-parameters",
        action="store_true",
        help="compare the parameters whose name starts with an underscore too "
        "(left out by default)",
    )
    diff.add_argument(
        "--perspective",
        choices=PERSPECTIVES,
        default="both",
        help="the side the pair is read from: facts that change no call of that side are "
        "shown, not counted (default: both)",
    )
    diff.add_argument(
        "--keyword-calls",
        choices=KEYWORD_CALLS,
        default="keyword-only",
        help="with a perspective, the parameters its calls pass by keyword",
    )
    diff.add_argument(
        "--same-type",
        action="append",
        default=[],
        metavar="A,B",
        help="type names that are one type in annotations, e.g. "
        "'torch.nn.Module,paddle.nn.Layer'; repeatable",
    )
    diff.add_argument(
        "--left-signature",
        metavar="TEXT",
        help="explicit signature for LEFT, e.g. '(x, axis=None)'",
    )
    diff.add_argument("--right-signature", metavar="TEXT", help="explicit signature for RIGHT")
    diff.add_argument(
        "--left-label", metavar="LABEL", help="name shown for LEFT (default: package)"
    )
    diff.add_argument("--right-label", metavar="LABEL", help="name shown for RIGHT")
    diff.add_argument("--json", action="store_true", help="print the comparison as JSON")
    diff.add_argument(
        "--color",
        choices=("auto", "always", "never"),
        default="auto",
        help="colour the table (default: only on a terminal)",
    )
    add_new_command(sub)
    add_overview_command(sub)
    add_audit_command(sub)
    add_import_command(sub)
    add_export_command(sub)
    snap = sub.add_parser(
        "snapshot",
        help="record the signatures a docs folder uses in its apidiff_signature_snapshot",
        description="Read every page of DOCS_DIR (examples are not run) and write the "
        "signature snapshot its conf.py names (apidiff_signature_snapshot) with every "
        "signature the pages read from an installed library. Entries of libraries not "
        "installed here are kept as they are.",
    )
    snap.add_argument("docs_dir", metavar="DOCS_DIR", help="the folder with conf.py")
    snap.add_argument("--prune", action="store_true", help="leave out entries that no page uses")
    snap.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the snapshot is not up to date (for CI)",
    )
    snap.add_argument(
        "-j", "--jobs", type=int, default=1, metavar="N", help="read pages in N processes"
    )
    return parser


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


#: The width of the table when standard output is not a terminal and ``COLUMNS`` is not set.
DEFAULT_WIDTH = 100
#: The difference column is never narrower than this, however long the parameter names: a
#: line then runs past the terminal's edge rather than becoming a column of single words.
MIN_DIFFERENCE_WIDTH = 24
#: How far a wrapped signature, sentence or difference continues to the right of its start.
_SIGNATURE_INDENT, _PROSE_INDENT = " " * 8, " " * 2


def terminal_width(stream) -> int:
    """The width the table is wrapped to: the terminal's (``COLUMNS`` first, as
    :func:`shutil.get_terminal_size` reads it) when ``stream`` is one; otherwise ``COLUMNS``,
    or :data:`DEFAULT_WIDTH` (a file or a pipe has no width of its own)."""
    if hasattr(stream, "isatty") and stream.isatty():
        return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else DEFAULT_WIDTH


def _wrap(text: str, width: int | None, indent: str = "") -> list[str]:
    """``text`` in lines of at most ``width`` characters, broken at spaces only: a word longer
    than the line stays whole. ``None``: one line."""
    if width is None or len(text) <= width:
        return [text]
    return textwrap.wrap(
        text,
        width,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    ) or [text]


def _signature_lines(label: str, path: str, signature, width: int | None) -> list[str]:
    """``label: path(a, b=1) -> R``, broken after a parameter's comma when it is too wide (never
    inside a parameter: an annotation such as ``Union[int, tuple[int, int]]`` stays whole)."""
    items = shown_lines(signature)
    tail = ")" + (f" -> {signature.return_annotation}" if signature.return_annotation else "")
    head = f"{label}: {path}("
    if not items:
        return [head + tail]
    tokens = [f"{item}," for item in items[:-1]] + [items[-1] + tail]
    lines = [head + tokens[0]]
    for token in tokens[1:]:
        if width is not None and len(lines[-1]) + 1 + len(token) > width:
            lines.append(_SIGNATURE_INDENT + token)
        else:
            lines[-1] += " " + token
    return lines


def _api_lines(api, signature, width: int | None) -> list[str]:
    """A callable's signature lines; what a side that is not a call is (``label: path: type =
    value  (property)``)."""
    if api.member is None:
        return _signature_lines(api.label, api.path, signature, width)
    return [f"{api.label}: {api.member.text(api.path)}  ({api.member.kind})"]


def render_table(comparison: Comparison, *, color: bool = False, width: int | None = None) -> str:
    """An aligned, plain-text table a person reads in a terminal, its lines at most ``width``
    characters (``None``: as long as they are): the difference column's text is wrapped at
    spaces under itself, signatures after a parameter, sentences with an indent; words are
    never cut."""
    left, right = comparison.left, comparison.right
    words = Describer(left.label, right.label, across_releases=comparison.across_releases)

    def paint(text: str, code: str) -> str:
        return f"{code}{text}{_RESET}" if color else text

    lines = [
        *_api_lines(left, comparison.left_signature, width),
        f"    source: {left.source}" + (f", version {left.version}" if left.version else ""),
        *_api_lines(right, comparison.right_signature, width),
        f"    source: {right.source}" + (f", version {right.version}" if right.version else ""),
        "",
    ]
    header = (left.label, right.label, "difference")
    table = [
        (
            ", ".join(p.label for p in row.side_parameters("left")) or "-",
            ", ".join(p.label for p in row.side_parameters("right")) or "-",
            words.row_summary(row),
            bool(row.changes),
        )
        for row in comparison.rows
    ]
    w0 = max([len(header[0])] + [len(r[0]) for r in table])
    w1 = max([len(header[1])] + [len(r[1]) for r in table])
    w2 = None if width is None else max(width - w0 - w1 - 4, MIN_DIFFERENCE_WIDTH)
    lines.append(paint(f"{header[0]:<{w0}}  {header[1]:<{w1}}  {header[2]}", _BOLD))
    lines.append(f"{'-' * w0}  {'-' * w1}  {'-' * 10}")
    for lname, rname, text, changed in table:
        shade = _YELLOW if changed else _DIM
        first, *more = _wrap(text, w2)
        lines.append(f"{lname:<{w0}}  {rname:<{w1}}  {paint(first, shade)}")
        lines.extend(" " * (w0 + w1 + 4) + paint(piece, shade) for piece in more)
    if comparison.ignored:
        lines.extend(
            _wrap(f"ignored: {', '.join(sorted(comparison.ignored))}", width, _PROSE_INDENT)
        )
    lines.append("")
    for sentence in words.pair_sentences(comparison):
        lines.extend(_wrap(sentence, width, _PROSE_INDENT))
    category = comparison.category
    shade = _GREEN if category in ("identical", "no-parameters") else _RED
    lines.append("category: " + paint(f"{category} ({words.category(category)})", shade))
    if comparison.kinds:
        lines.extend(_wrap("kinds: " + words.kinds(comparison.kinds), width, _PROSE_INDENT))
    return "\n".join(lines)


def _diff(args: argparse.Namespace) -> int:
    from . import compare

    with libraries_quiet():
        comparison = compare(
            args.left,
            args.right,
            rename=args.rename,
            ignore=args.ignore,
            type_equivalents=args.same_type,
            private_parameters=args.private_parameters,
            perspective=args.perspective,
            keyword_calls=args.keyword_calls,
            left_signature=args.left_signature,
            right_signature=args.right_signature,
            left_label=args.left_label,
            right_label=args.right_label,
        )
    for problem in comparison.problems:
        print(f"sphinx-apidiff: warning: {problem}", file=sys.stderr)
    if args.json:
        print(json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False))
    else:
        color = _use_color(args.color, sys.stdout)
        print(render_table(comparison, color=color, width=terminal_width(sys.stdout)))
    return 0


#: Exit status after a closed pipe: what a shell reports for a process ended by SIGPIPE.
EXIT_BROKEN_PIPE = 128 + 13


def _snapshot(args: argparse.Namespace) -> int:
    # the one command that runs Sphinx: imported only here
    from .cli_snapshot import run_snapshot_command

    return run_snapshot_command(args.docs_dir, prune=args.prune, check=args.check, jobs=args.jobs)


#: Each sub-command and what runs it.
_COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "diff": _diff,
    "snapshot": _snapshot,
    "new": run_new,
    "overview": run_overview,
    "audit": run_audit,
    "import": run_import,
    "export": run_export,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        status = _COMMANDS[args.command](args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit
        return status
    except ApiDiffError as exc:
        print(f"sphinx-apidiff: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader has gone (``| head``). Point stdout at devnull so that the interpreter's
        # final flush does not raise again (the recipe of Python's ``signal`` documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
