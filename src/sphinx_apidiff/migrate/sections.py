"""Where a page's note *section* goes in its comparison: the note of the parameters its
heading names, or a general note.

MegEngine writes a section per difference (``padding``, ``conv_mode 参数`` under 参数差异 /
使用差异) where the Markdown teams write a table row. A section becomes the note of the
parameters its heading names when every one of them is a parameter of a side (what the build
reads: the library where it is installed, else the page's printed signature), so that the
build never warns about a name; a heading that names one parameter only on the left and one
only on the right is the author's pairing, kept as a ``:rename:``. Anything else is a general
note (its title is the heading as written), and the audit reports the name.

Pure Python: no docutils, no Sphinx.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import NoteSection

__all__ = ["SectionPlace", "place_section"]


@dataclass(frozen=True)
class SectionPlace:
    #: The parameters the note is on (empty: a general note).
    names: tuple[str, ...] = ()
    #: The pairing the heading states (``dim=axis``), "" for none.
    rename: str = ""
    #: Why it is a general note.
    reason: str = ""


def place_section(
    section: NoteSection, left: set[str] | None, right: set[str] | None
) -> SectionPlace:
    """Where ``section`` goes, given each side's parameter names (None: unknown)."""
    names = section.parameters
    if not names:
        return SectionPlace(reason="its heading names no parameter")
    if left is None or right is None:
        return SectionPlace(reason="a side's names are unknown")
    if any(n not in left and n not in right for n in names):
        return SectionPlace(reason="a name no signature has")
    left_only = [n for n in names if n in left and n not in right]
    right_only = [n for n in names if n in right and n not in left]
    paired = len(names) == 2 and len(left_only) == 1 and len(right_only) == 1
    return SectionPlace(names, f"{left_only[0]}={right_only[0]}" if paired else "")
