"""An rst page's ``:ref:`` and ``:doc:`` links to what the imported set does not have, made
plain text.

A hand-written page links the rest of its team's site (``:ref:`tensor-guide```); in the
imported set that target does not exist, and the build would warn about every such link
(``undefined label``), a warning the importer causes. The words stay (the link's title, or
its target), and the report says which link was made text. Links between the imported pages
(their labels and documents) are kept, and so is everything inside a code block.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Mapping

__all__ = ["plain_references"]

_ROLE = re.compile(r":(?:std:)?(ref|doc):`([^`]*)`")
_TITLED = re.compile(r"^(.*?)\s*<([^<>]+)>$", re.DOTALL)
_CODE = re.compile(r"^(\s*)\.\.\s+(?:code-block|code|sourcecode|math)::")
#: Labels every Sphinx project has.
_STANDARD = {"genindex", "modindex", "search", "py-modindex"}


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def plain_references(
    text: str,
    docname: str,
    labels: Iterable[str],
    docnames: Iterable[str],
    lines: Mapping[str, int] | None = None,
) -> tuple[str, list[dict]]:
    """``text`` (the page ``docname``) with every ``:ref:`` to a label not in ``labels``
    and every ``:doc:`` to a document not in ``docnames`` made plain text; the fate of each,
    at its line of the page as written (``lines``: a role's text -> its line; 0 unknown)."""
    known = {label.lower() for label in labels} | _STANDARD
    documents = set(docnames)
    parts: list[dict] = []

    def plain(match: re.Match[str]) -> str:
        role, inner = match.group(1), match.group(2)
        titled = _TITLED.match(inner)
        title, target = (titled.group(1), titled.group(2)) if titled else (inner, inner)
        target = target.strip()
        if role == "ref":
            found = " ".join(target.lower().split()) in known
        else:
            path = (
                target[1:]
                if target.startswith("/")
                else posixpath.join(posixpath.dirname(docname), target)
            )
            found = posixpath.normpath(path) in documents
        if found:
            return match.group(0)
        line = (lines or {}).get(inner, 0)
        parts.append(
            {
                "kind": "reference",
                "line": line,
                "became": "text",
                "target": target,
                "reason": "not in OUT",
            }
        )
        return title.strip().lstrip("~")

    out: list[str] = []
    code: int | None = None  # the indent of the code block we are in
    for line in text.splitlines():
        if code is not None and line.strip() and _indent(line) <= code:
            code = None
        if code is not None:
            out.append(line)
            continue
        block = _CODE.match(line)
        if block:
            code = len(block.group(1))
            out.append(line)
            continue
        out.append(_ROLE.sub(plain, line))
    return "\n".join(out) + ("\n" if text.endswith("\n") else ""), parts
