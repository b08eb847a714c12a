"""Turn a :class:`~sphinx_apidiff.comparison.Comparison` and the author's notes into nodes.

The layout is a jinja2 template producing reStructuredText (see ``templates.py``); this module
builds its context (every text escaped), renders it, parses it, and puts the author's own nodes
into the template's ``.. apidiff:slot NAME`` places.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import jinja2
from docutils import nodes

from ..api import Api
from ..comparison import Comparison, Row
from ..describe import Describer, shown_lines
from ..signature import Signature, scan_code
from .rstparse import parse_rst
from .templates import escape_rst, get_environment, literal_rst

__all__ = ["NoteInfo", "Side", "TemplateError", "build_nodes", "signature_code"]

_SLOT = re.compile(r"^apidiff:slot\s+(\S+)$")

#: Marks the sections a comparison adds ("Usage differences"), see ``structure.py``.
GENERATED_SECTION = "apidiff_section"


class TemplateError(Exception):
    """The page template is missing or raised; one-line message."""


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
        ctx["code_raw"] = code
        ctx["emphasize"] = ", ".join(str(n) for n in emphasize)
        release = literal_rst(side.api.release)
        if side.api.source == "snapshot":  # not installed here: say where it was read
            recorded = words.get("recorded_from", "recorded from")
            ctx["version"] = f"{recorded} {release}"
        elif side.api.source == "static" and "@" in side.api.path and side.api.notes:
            ctx["version"] = escape_rst(side.api.notes[0])  # which release, how it was read
        elif side.api.source == "static":
            from_source = words.get("from_source", "(read from its source)")
            ctx["version"] = f"{release} {from_source}"
        elif side.api.version:
            ctx["version"] = release
    return ctx


def _row_context(row: Row, describer: Describer, note_label: str | None) -> dict:
    return {
        "anchor": None,
        "note_slot": None,
        "note_title": None,
        "left": literal_rst(row.left.label) if row.left else "",
        "right": literal_rst(row.right.label) if row.right else "",
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
                lchanged |= {row.left.name} if row.left else set()
                rchanged |= {row.right.name} if row.right else set()
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
    for name in note.names:
        row = comparison.row_for(name)
        if row is None:
            continue
        sentences = describer.row_sentences(row)
        head = literal_rst(row.left.label if row.left else row.right.label)  # type: ignore[union-attr]
        facts.append(f"{head}: {describer.join(sentences) if sentences else words['same']}")
    return facts


def render_text(template_name: str, search_path: tuple[str, ...], context: dict) -> str:
    try:
        template = get_environment(search_path).get_template(template_name)
        return template.render(**context)
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(
            f"template {exc.name!r} not found in templates_path or built-ins"
        ) from None
    except jinja2.TemplateError as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise TemplateError(f"template {template_name!r}{where}: {exc}") from None
    except Exception as exc:  # a project's template may call anything; never a traceback
        raise TemplateError(
            f"template {template_name!r} raised {type(exc).__name__}: {exc}"
        ) from None


def _not_translatable(generated: list[nodes.Node], authored: frozenset[str]) -> None:
    """Built-in words come from our own catalogs: keep them out of gettext's messages.

    Titles in ``authored`` are the author's words (general notes): those stay translatable.
    """
    for node in generated:
        for sub in node.findall(nodes.TextElement):
            authored_title = isinstance(sub, nodes.title) and sub.astext() in authored
            sub["translatable"] = authored_title
        for block in node.findall(nodes.literal_block):
            # library text is not always valid Python (``<object object>``, backticks in an
            # annotation): highlight what lexes, without a highlighting_failure warning
            block["force"] = True


def _targets_first(holder: nodes.Element, document: nodes.document) -> None:
    """``.. _label:`` before a section: make ``label`` the section's first id.

    docutils would append it after the id made from the title (``mode``), and the first id is
    the one the table of contents links to; the label is the stable one.
    """
    for target in list(holder.findall(nodes.target)):
        parent = target.parent
        if parent is None or not target["ids"] or len(target) or target.get("refuri"):
            continue
        # the label may close the previous section's body: the next node, going up if need be
        following = target.next_node(descend=False, ascend=True)
        if not isinstance(following, nodes.section):
            continue
        ids = list(target["ids"])
        following["ids"] = ids + [i for i in following["ids"] if i not in ids]
        following["names"].extend(n for n in target["names"] if n not in following["names"])
        for id_ in ids:
            document.ids[id_] = following
        parent.remove(target)


def build_nodes(
    text: str,
    document: nodes.document,
    source: str,
    line: int,
    slots: dict[str, list[nodes.Node]],
    authored_titles: frozenset[str] = frozenset(),
) -> list[nodes.Node]:
    """Parse the template's output and put the author's nodes into its slots.

    A slot the template does not place is appended at the end, so that nothing an author
    wrote is lost with a custom template.
    """
    generated = parse_rst(text, document, source, line)
    _not_translatable(generated, authored_titles)
    used: set[str] = set()
    holder = nodes.container()
    holder.extend(generated)
    for comment in list(holder.findall(nodes.comment)):
        match = _SLOT.match(comment.astext().strip())
        if not match:
            continue
        name = match.group(1)
        used.add(name)
        comment.replace_self(slots.get(name, []))
    _targets_first(holder, document)
    result = list(holder.children)
    for name, content in slots.items():
        if name not in used:
            result.extend(content)
    for node in result:
        node.parent = None
        if isinstance(node, nodes.section):
            node[GENERATED_SECTION] = True
    return result
