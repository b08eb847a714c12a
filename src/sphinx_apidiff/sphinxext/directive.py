"""What every directive of sphinx-apidiff shares: lenient options and placeholder nodes.

Options are read leniently, so that every mistake is our located ``apidiff`` warning.

docutils rejects an unknown option or a bad value before a directive runs, with a message of its
own type and no hint. Directives here accept any option name and any text, then check them in
``run()``: an unknown option is warned about (with the nearest known names) at its own line, and
the rest of the directive still works.

An option written after the blank line that ends the options (``:compare: a b`` as the first
line of an example's code) is content to docutils and MyST: Python that fails as a
``SyntaxError``, or a field list on the page. :meth:`LenientDirective.check_options` finds
such a line (a known option at the start of an unindented content line, outside a string
literal in code), warns at it, applies the option as if it were in its place (unless it is
also given there) and blanks the line in the content.

Placeholder nodes are left by a directive at read time and replaced at ``doctree-resolved``
(:func:`add_placeholder`). They are registered with every writer as "skip", so that a
placeholder a builder somehow meets is dropped rather than breaking the build; or, for a
placeholder that holds its own text, as "show what it holds".
"""

from __future__ import annotations

import difflib
import io
import re
import tokenize
from collections.abc import Callable, Sequence
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.states import RSTState
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from .warnings import Warn, warn

__all__ = [
    "LenientDirective",
    "LenientOptions",
    "add_placeholder",
    "first_content_line",
    "misplaced_options",
    "option_line",
    "unknown_options",
]


class LenientOptions(dict):
    """An ``option_spec`` that lets every option through as text (``None`` for flags)."""

    def __init__(self, known: dict[str, Callable[[str | None], object]]) -> None:
        super().__init__(known)
        self.known = set(known)

    def __missing__(self, key: str) -> Callable[[str | None], object]:
        return directives.unchanged

    def __contains__(self, key: object) -> bool:  # MyST asks "name in option_spec"
        return isinstance(key, str)


def unknown_options(options: dict, known: set[str]) -> list[tuple[str, str]]:
    """``(name, hint)`` for every option not in ``known``; hint suggests the nearest names."""
    out = []
    for name in options:
        if name in known:
            continue
        close = difflib.get_close_matches(name, sorted(known), n=2)
        hint = f"; did you mean {' or '.join(':' + c + ':' for c in close)}?" if close else ""
        out.append((name, hint))
    return out


def option_line(block_text: str, lineno: int, name: str) -> int:
    """The line of ``:name:`` in a directive's block (the directive's line if not found)."""
    for offset, line in enumerate(block_text.splitlines()):
        if line.strip().startswith(f":{name}:"):
            return lineno + offset
    return lineno


_OPTION_LINE = re.compile(r":([A-Za-z][\w-]*):(?:\s+(.*))?$")


def _lines_starting_in_strings(lines: Sequence[str], skip: set[int]) -> set[int]:
    """0-based indices of the lines of Python ``lines`` that start inside a string literal
    (the later lines of a triple-quoted string); the ``skip`` lines are read as blank."""
    code = "\n".join("" if i in skip else line for i, line in enumerate(lines)) + "\n"
    inside: set[int] = set()
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            inside.update(range(token.start[0], token.end[0]))  # 1-based: the lines after
    except (tokenize.TokenError, SyntaxError):  # broken code: what was read so far
        pass
    return inside


def misplaced_options(
    lines: Sequence[str], known: set[str], *, code: bool = False
) -> list[tuple[int, int, str, str]]:
    """``(first, last, name, value)`` for each content line that starts with a known option
    (``:name: value``), at the content's own indentation; ``first``..``last`` are its
    0-based lines (in text a value continues on the indented lines after it, as an option's
    does). ``code``: the lines are Python: the value is the line's, and a line inside a
    string literal is the string's."""
    found = []
    for i, line in enumerate(lines):
        match = _OPTION_LINE.match(line)
        if match and match.group(1) in known:
            last = i
            while not code and last + 1 < len(lines) and lines[last + 1][:1] in (" ", "\t"):
                last += 1
            value = "\n".join([match.group(2) or ""] + [x.strip() for x in lines[i + 1 : last + 1]])
            found.append((i, last, match.group(1), value.strip()))
    if code and found:
        strings = _lines_starting_in_strings(lines, {i for i, *_ in found})
        found = [f for f in found if f[0] not in strings]
    return found


def first_content_line(directive: SphinxDirective) -> int:
    """1-based line, in the source file, of a directive's first content line.

    docutils' reStructuredText states give ``content_offset`` as the 0-based line in the file;
    a parser that runs directives outside docutils' state machine (MyST, through its own
    state objects) gives it relative to the line after the directive's opening line.
    """
    if isinstance(directive.state, RSTState):
        return directive.content_offset + 1
    return directive.lineno + 1 + directive.content_offset


class LenientDirective(SphinxDirective):
    """A directive whose options are checked by :meth:`check_options`, each mistake located.

    Subclasses set ``NAME`` (for messages) and ``KNOWN`` (option name -> converter).
    """

    NAME: ClassVar[str] = ""
    KNOWN: ClassVar[dict[str, Callable[[str | None], object]]] = {}
    #: The content is Python code: an option's line inside a string literal is the string's.
    CODE_CONTENT: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        cls.option_spec = LenientOptions(cls.KNOWN)

    def warn_at(self, subtype: Warn, message: str, option: str | None = None) -> None:
        """Warn at the directive's line, or at the line of its ``:option:``."""
        line = option_line(self.block_text, self.lineno, option) if option else self.lineno
        warn(subtype, message, (self.env.docname, line))

    def check_options(self) -> None:
        self._take_misplaced_options()
        for name, hint in unknown_options(self.options, set(self.KNOWN)):
            self.warn_at(Warn.DIRECTIVE, f"{self.NAME}: unknown option :{name}:{hint}", name)

    def _take_misplaced_options(self) -> None:
        """Each option written after the blank line (in the content): a warning at its line;
        applied unless also given in its place; out of the content."""
        if not self.content:
            return
        misplaced = misplaced_options(self.content, set(self.KNOWN), code=self.CODE_CONTENT)
        if not misplaced:
            return
        first = first_content_line(self)
        what = "code" if self.CODE_CONTENT else "text"
        for index, _last, name, value in misplaced:
            given = name in self.options
            if not given:
                try:
                    self.options[name] = self.KNOWN[name](value)
                except ValueError:  # a flag with a value: the flag is what was meant
                    self.options[name] = value
            warn(
                Warn.DIRECTIVE,
                f"{self.NAME}: :{name}: after a blank line is {what}, not an option: write "
                "options right after the directive's line, with no blank line before them; "
                + (f"left out: :{name}: is also given in its place" if given else "applied"),
                (self.env.docname, first + index),
            )
        # A copy (the content is a view of the parser's own lines), blanked rather than cut:
        # the lines after keep their numbers, for the example's errors and nested directives.
        taken = {i for index, last, _name, _value in misplaced for i in range(index, last + 1)}
        lines = ["" if i in taken else line for i, line in enumerate(self.content)]
        while lines and not lines[-1].strip():
            lines.pop()
        self.content = StringList(lines, items=self.content.items[: len(lines)])


# ------------------------------------------------------------------------- placeholders

_WRITERS = ("html", "latex", "text", "man", "texinfo")


def _visit_skip(self: object, node: nodes.Node) -> None:
    raise nodes.SkipNode


def _visit_pass(self: object, node: nodes.Node) -> None:
    pass


def add_placeholder(
    app: Sphinx, node_class: type[nodes.Element], *, show_children: bool = False
) -> None:
    """``show_children``: a builder that meets the placeholder shows what it holds (a copy of
    a title in a table of contents, made before the placeholder is replaced)."""
    visit = (_visit_pass, _visit_pass) if show_children else (_visit_skip, None)
    app.add_node(node_class, **dict.fromkeys(_WRITERS, visit))
