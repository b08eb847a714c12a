"""What the warm process imports when the project does not say: the installed packages that
the examples themselves import.

Only top-level names that an installed distribution provides (``torch``, ``paddle``,
``numpy``), found with :mod:`ast`: never the standard library (cheap to import in each page),
never a project's own module beside its documents (it may do anything at import, and belongs
to the page's sandbox).

:func:`likely_imports` guesses the same list from the pages' source text, before Sphinx reads
them, so that a build can start the warm process while it reads (the list from the read pages,
:func:`installed_imports`, decides in the end).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from ..spec import ExampleSpec
from .cache import _distributions, imported_modules

__all__ = ["example_bodies", "imports_in", "installed_imports", "likely_imports"]

#: An ``apidiff-example`` directive's first line: reStructuredText (``.. apidiff-example::``) or
#: a MyST fence of backticks, tildes or colons (````` ```{apidiff-example} `````).
_EXAMPLE = re.compile(
    r"^(?P<indent>[ \t]*)(?:\.\.[ \t]+apidiff-example::"
    r"|(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*\{apidiff-example\})[^\n]*\n?",
    re.MULTILINE,
)
#: ``import a.b, c as d`` and ``from a.b import c`` at the start of a line (absolute only).
_IMPORT = re.compile(
    r"^[ \t]*(?:import[ \t]+(?P<names>[\w.]+(?:[ \t]+as[ \t]+\w+)?"
    r"(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)|from[ \t]+(?P<module>\w[\w.]*)[ \t]+import\b)",
    re.MULTILINE,
)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


def example_bodies(text: str) -> Iterator[str]:
    """The text of each ``apidiff-example`` directive of a page's source: its options and code.

    A MyST fence ends at the next line of the same character, at least as long, and nothing
    else; a reStructuredText directive at the first line that is not blank and not indented
    past the directive. A fence left open runs to the end of the page, as in MyST.
    """
    if "apidiff-example" not in text:  # most pages: no need to look further
        return
    page = text.splitlines()
    for match in _EXAMPLE.finditer(text):
        # the lines after the directive's first line
        lines = page[text.count("\n", 0, match.end() - 1) + 1 :]
        fence = match.group("fence")
        body: list[str] = []
        if fence:
            closing = re.compile(rf"[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*")
            for line in lines:
                if closing.fullmatch(line):
                    break
                body.append(line)
        else:
            indent = len(match.group("indent").expandtabs())
            for line in lines:
                if line.strip() and _indent(line.expandtabs()) <= indent:
                    break
                body.append(line)
        yield "\n".join(body)


def likely_imports(texts: Iterable[str]) -> list[str]:
    """The installed packages that the ``apidiff-example`` directives of these page sources
    import, as far as their text shows (an import at the start of a line), sorted."""
    return imports_in(body for text in texts for body in example_bodies(text))


def imports_in(bodies: Iterable[str]) -> list[str]:
    """The installed packages imported at the start of a line of these directive bodies
    (:func:`example_bodies`), sorted."""
    names: set[str] = set()
    for body in bodies:
        for match in _IMPORT.finditer(body):
            if match.group("module"):
                names.add(match.group("module").split(".", 1)[0])
            else:
                for part in match.group("names").split(","):
                    names.add(part.split()[0].split(".", 1)[0])
    if not names:
        return []
    installed = _distributions()
    return sorted(name for name in names if name in installed)


def installed_imports(examples: Iterable[ExampleSpec]) -> list[str]:
    """The installed packages ``examples`` import, sorted."""
    names: set[str] = set()
    for spec in examples:
        names |= imported_modules(spec.code)
    installed = _distributions()
    return sorted(name for name in names if name in installed)
