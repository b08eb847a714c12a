"""What a comparison page's template sees: a :class:`~sphinx_apidiff.comparison.Comparison`
and the author's notes as a context of escaped reStructuredText (:func:`build_context`).

The template is rendered and parsed into nodes in :mod:`.rst`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from docutils import nodes

from ...api import Api
from ...comparison import Comparison, Row
from ...describe import Describer
from ...signature import Signature, scan_code, shown_lines
from .member_rows import member_code, member_rows
from .rst import escape_rst, literal_rst

__all__ = ["NoteInfo", "Side", "build_context", "signature_code", "wrap_parameter"]


@dataclass
class Side:
    """One side as the page shows it: read (``api``) or not (``failed`` says why)."""

    path: str
    label: str
    role: str  # "left" | "right"
    api: Api | None = None
    signature: Signature | None = None
    failed: str | None = None


@dataclass
class NoteInfo:
    """A subsection of "Usage differences": the author's note or a generated one."""

    title: str
    label: str
    slot: str
    names: tuple[str, ...] = ()
    general: bool = False
    generated: bool = False
    #: The author's note still holds the placeholder ``sphinx-apidiff new`` wrote.
    placeholder: bool = False
    body: list[nodes.Node] = field(default_factory=list)


#: Characters of a card's code line before a long parameter is wrapped (two cards side by side
#: in a common theme's content column hold about this many).
CARD_WIDTH = 44


def wrap_parameter(text: str, width: int = CARD_WIDTH - 4) -> list[str]:
    """Split a long parameter after commas inside brackets, as Python allows.

    ``padding_mode: Literal['zeros', 'reflect', 'replicate', 'circular'] = 'zeros'`` becomes
    two or three lines, the later ones indented, so a card shows it without scrolling.
    """
    if len(text) <= width:
        return [text]
    breaks = [  # (bracket depth, index after ", ")
        (depth, i + 2)
        for i, ch, depth in scan_code(text)
        if ch == "," and depth > 0 and text[i + 1 : i + 2] == " "
    ]
    if not breaks:
        return [text]
    outermost = min(d for d, _ in breaks)  # break the outer brackets, keep inner ones whole
    cuts = [0, *(i for d, i in breaks if d == outermost), len(text)]
    pieces = [text[a:b] for a, b in itertools.pairwise(cuts)]
    lines: list[str] = []
    current = ""
    for piece in pieces:
        limit = width if not lines else width - 4
        if current and len(current) + len(piece) > limit:
            lines.append(current.rstrip())
            current = piece
        else:
            current += piece
    lines.append(current)
    return [lines[0], *("    " + line for line in lines[1:])]


def signature_code(path: str, signature: Signature, changed: set[str]) -> tuple[str, list[int]]:
    """The call written one parameter per line, and the 1-based lines of changed parameters."""
    lines = [f"{path}("]
    emphasize: list[int] = []
    by_display = {p.display(): p for p in signature.parameters}
    for raw, text in zip(signature.parameter_lines(), shown_lines(signature), strict=True):
        param = by_display.get(raw)
        wrapped = wrap_parameter(text)
        if param is not None and param.name in changed:
            emphasize.extend(range(len(lines) + 1, len(lines) + 1 + len(wrapped)))
        lines.extend(f"    {line}" for line in wrapped)
        lines[-1] += ","
    if len(lines) > 1:
        lines[-1] = lines[-1].rstrip(",")
    lines.append(
        ")" + (f" -> {signature.return_annotation}" if signature.return_annotation else "")
    )
    if len(lines) == 2:  # no parameters: one line
        lines = [lines[0] + lines[1]]
    return "\n".join(lines), emphasize


def _side_context(side: Side, changed: set[str], words: dict[str, str]) -> dict:
    ctx = {
        "label": escape_rst(side.label),
        "path": escape_rst(side.path),
        "path_raw": side.path,
        "role": side.role,
        "failed": escape_rst(side.failed) if side.failed else None,
        "code_raw": "",
        "emphasize": "",
        "version": "",
        "source": side.api.source if side.api else "",
        "xref": f":apidiff-see-more:`{side.path}`",
    }
    if side.api is not None and side.signature is not None:
        code, emphasize = signature_code(side.path, side.signature, changed)
        if side.api.member is not None:  # not a call: what it is, its type and value
            code, emphasize = member_code(side.api.path, side.api.member), []
        ctx["code_raw"] = code
        ctx["emphasize"] = ", ".join(str(n) for n in emphasize)
        release = literal_rst(side.api.release)
        if side.api.source == "snapshot":  # not installed here: say where it was read
            recorded = words.get("recorded_from", "recorded from")
            ctx["version"] = f"{recorded} {release}"
        elif side.api.source == "static":
            from_source = words.get("from_source", "(read from its source)")
            ctx["version"] = f"{release} {from_source}"
        elif side.api.version:
            ctx["version"] = release
    return ctx


def row_cell(row: Row, side: str, describer: Describer | None = None) -> str:
    """A row's parameters of ``side`` as the table shows them (a group's, all of them; a key
    of ``**kwargs`` says so)."""
    cell = ", ".join(literal_rst(p.label) for p in row.side_parameters(side))
    if describer is not None and side in row.through_kwargs:
        cell += " " + describer.through_kwargs_mark()
    return cell


def _row_context(row: Row, describer: Describer, note_label: str | None) -> dict:
    return {
        "anchor": None,
        "note_slot": None,
        "note_title": None,
        "left": row_cell(row, "left", describer),
        "right": row_cell(row, "right", describer),
        "changed": bool(row.changes),
        "changes": list(row.changes),
        "summary": describer.row_summary(row),
        "note_label": note_label,
    }


def build_context(
    left: Side,
    right: Side,
    comparison: Comparison | None,
    notes: list[NoteInfo],
    describer: Describer,
    words: dict[str, str],
    category: str | None,
    layout: str = "compact",
) -> dict:
    """Everything the template sees. Text values are escaped reStructuredText.

    Each row a note covers links to it; the note's first row is its ``anchor`` (a label the
    note links back to) and, in the ``compact`` layout, where the note's label and text go (a
    generated note's label only: the row says the difference, there is no text to add).
    """
    lchanged: set[str] = set()
    rchanged: set[str] = set()
    rows: list[dict] = []
    pair_facts: list[str] = []
    kinds = ""
    category_ctx = {"code": "", "text": ""}
    row_of: dict[str, str] = {}  # note label -> the label of its first row
    if comparison is not None:
        note_for: dict[str, NoteInfo] = {}
        for note in notes:
            for name in note.names:
                note_for.setdefault(name, note)
        for row in comparison.rows:
            if row.changes:
                lchanged |= {p.name for p in row.side_parameters("left")}
                rchanged |= {p.name for p in row.side_parameters("right")}
            note = next((note_for[n] for n in sorted(row.names()) if n in note_for), None)
            first = note is not None and note.label not in row_of
            # compact: a generated note has no text, only its label (on its first row, so that
            # links to it still land); the row itself says the difference
            bare = layout == "compact" and note is not None and note.generated
            label = None if note is None or (bare and not first) else note.label
            rows.append(_row_context(row, describer, label))
            if note is not None and first:
                row_of[note.label] = f"{note.label}-row"
                rows[-1]["anchor"] = row_of[note.label]
                rows[-1]["note_slot"] = None if bare else note.slot
                rows[-1]["note_title"] = note.title
        rows[:0] = member_rows(comparison, describer)  # kind, type, value: not calls
        pair_facts = describer.pair_sentences(comparison)
        kinds = describer.kinds(comparison.kinds)
        code = category or comparison.category
        category_ctx = {"code": code, "text": describer.category(code)}
    elif category:
        category_ctx = {"code": category, "text": describer.category(category)}
    note_ctx = [
        {
            "title": note.title,
            "label": note.label,
            "slot": note.slot,
            "generated": note.generated,
            "general": note.general,
            "row": row_of.get(note.label),
            "facts": _note_facts(note, comparison, describer, words),
        }
        for note in notes
    ]
    if layout == "compact":
        # in the table already (the author's text) or said by the table (a generated one)
        shown = [n for n in note_ctx if not n["generated"] and not n["row"]]
    else:
        shown = note_ctx
    return {
        "layout": layout,
        "section_notes": shown,
        "left": _side_context(left, lchanged, words),
        "right": _side_context(right, rchanged, words),
        "category": category_ctx,
        "rows": rows,
        "pair_facts": pair_facts,
        "kinds": kinds,
        "notes": note_ctx,
        "words": words,
    }


def _note_facts(
    note: NoteInfo, comparison: Comparison | None, describer: Describer, words: dict[str, str]
) -> list[str]:
    if comparison is None or note.general:
        return []
    facts: list[str] = []
    rows: list[Row] = []
    for name in note.names:
        row = comparison.row_for(name)
        if row is None or any(row is seen for seen in rows):
            continue
        rows.append(row)
        sentences = describer.row_sentences(row)
        head = row_cell(row, "left" if row.left else "right")
        facts.append(f"{head}: {describer.join(sentences) if sentences else words['same']}")
    return facts
