"""What the readers, the converter and the audit of every format share: an example's two
halves, the parameter names a heading gives, the labels of each side, whether an API a page
names is a method called on an instance.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .model import CodeBlock, Half, Link, NoteSection, Page, Pair, Prose, Unrecognised

__all__ = [
    "LEFT_LABELS",
    "LIBRARY_FACTS",
    "PageParts",
    "example",
    "heading_parameters",
    "on_instance",
    "split_halves",
]

#: The warnings of a built imported set that are facts about the libraries and the examples
#: (what the audit finds), not something the importer wrote wrong: every other warning is the
#: importer's (issue 22's goal: none).
LIBRARY_FACTS = frozenset(
    {
        "apidiff.undocumented",
        "apidiff.drift",
        "apidiff.import",
        "apidiff.example",
        "apidiff.snapshot",
    }
)
#: How the teams name the source side in an example's half marker (``# PyTorch 写法``).
LEFT_LABELS = ("pytorch", "torch", "torchvision", "torchaudio", "torchtext", "transformers")
#: ... and the target side, by format.
RIGHT_LABELS = {
    "paddle": ("paddle", "paddlepaddle", "paddlenlp"),
    "mindspore": ("mindspore",),
    "megengine": ("megengine",),
}

_MARKER = re.compile(r"^\s*#\s*([A-Za-z]+)\s*(?:写法|代码|implementation|code)?\s*[:：]?\s*$")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def split_halves(lines: Sequence[str], first_line: int, fmt: str) -> tuple[Half, ...]:
    """The halves of a block that writes both sides one after the other, each opened by a
    comment naming its side alone (``# PyTorch 写法``, ``# MindSpore``); () when the block
    does not have one half of each side."""
    right = RIGHT_LABELS.get(fmt, ())
    marks: list[tuple[int, str, str]] = []
    for i, text in enumerate(lines):
        m = _MARKER.match(text)
        if not m:
            continue
        word = m.group(1).lower()
        side = "left" if word in LEFT_LABELS else "right" if word in right else ""
        if side:
            marks.append((i, side, m.group(1)))
    if {side for _, side, _ in marks} != {"left", "right"}:
        return ()
    halves = []
    for k, (i, side, label) in enumerate(marks):
        end = marks[k + 1][0] if k + 1 < len(marks) else len(lines)
        code = "\n".join(lines[i + 1 : end]).strip("\n")
        halves.append(Half(side, label, code, first_line + i))
    return tuple(halves)


def on_instance(path: str) -> bool:
    """Whether the API a page names by ``path`` is a method called on an instance, by
    Python's naming convention: a member of a CapWords name (``torch.Tensor.add``, not
    ``torch.nn.functional.relu`` nor ``paddle.NN.x``). Read from the path as written, so it
    holds where the library is not installed."""
    parts = path.split(".")
    return len(parts) > 2 and parts[-2][:1].isupper() and not parts[-2].isupper()


def heading_parameters(heading: str, known: set[str]) -> tuple[str, ...]:
    """The parameter names a note's or an example's heading gives: the identifiers of its
    first part (before ``：``/``:``), those a signature of the page has (``known``), or, when
    it names none of those, its leading identifier."""
    head = re.split(r"[:：]", heading, maxsplit=1)[0]
    words = _NAME.findall(head.replace("`", ""))
    named = tuple(w for w in words if w in known)
    if named:
        return named
    return ()


def example(
    lines: Sequence[str],
    language: str,
    line: int,
    fmt: str,
    heading: str | None,
    heading_line: int,
    problem: str = "",
) -> CodeBlock:
    code = "\n".join(lines)
    return CodeBlock(
        code=code,
        language=language,
        line=line,
        heading=heading,
        heading_line=heading_line,
        halves=split_halves(lines, line, fmt),
        problem=problem,
    )


class PageParts:
    """What a reader of any format collects besides its pairs, and the :class:`Page` made of
    it: note sections (heading, line, paragraphs), examples, links, prose and what it did not
    recognise."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.notes: list[tuple[str, int, list[str]]] = []
        self.examples: list[CodeBlock] = []
        self.links: list[Link] = []
        self.prose: list[Prose] = []
        self.unrecognised: list[Unrecognised] = []

    def note_sections(self, known: set[str]) -> tuple[NoteSection, ...]:
        """The note sections, each naming the parameters of ``known`` its heading names."""
        return tuple(
            NoteSection(h, line, "\n\n".join(texts), heading_parameters(h, known))
            for h, line, texts in self.notes
        )

    def page(
        self,
        fmt: str,
        *,
        title: str,
        title_line: int,
        title_api: str | None,
        pairs: tuple[Pair, ...],
        notes: tuple[NoteSection, ...],
        category: str | None = None,
        labels: tuple[str, ...] = (),
        sections: tuple[Prose, ...] = (),
    ) -> Page:
        return Page(
            format=fmt,
            path=self.path,
            title=title,
            title_line=title_line,
            title_api=title_api,
            category=category,
            pairs=pairs,
            notes=notes,
            examples=tuple(self.examples),
            links=tuple(self.links),
            prose=tuple(self.prose),
            unrecognised=tuple(self.unrecognised),
            labels=labels,
            sections=sections,
        )
