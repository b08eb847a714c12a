"""Two halves of one example, side by side: an ``apidiff-example`` with ``:side: left`` and the
``:side: right`` one right after it (``# PyTorch 写法`` / ``# Paddle 写法`` on a hand-written page).

At ``doctree-read`` (:func:`pair_halves`, as a page with halves has its examples collected),
each left half is paired with the right half that follows it: the two are put in two columns
of a sphinx-design grid (stacked on a phone, as the signature cards are), each titled with its
``:caption:`` or else with its side's label in the comparison above it, and ``:compare:`` goes
to the right half, which runs last. A half without its other half is a warning, and runs as an
ordinary example, without its ``:compare:``.
Each half still is an example of its own: its node, its result, its status (:mod:`.render`).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..state.records import doc_record
from ..warnings import Warn, warn
from .directive import apidiff_example

__all__ = ["pair_halves"]

#: The classes of sphinx-design's ``.. grid:: 1 1 2 2`` with ``:gutter: 2``: two columns from
#: the ``md`` breakpoint up, one below it (as ``templates/apidiff/comparison.rst.jinja`` lays
#: out the signature cards).
_GRID = ["sd-container-fluid", "sd-sphinx-override", "sd-mb-4", "apidiff-halves"]
_ROW = ["sd-row", "sd-row-cols-1"] + [
    f"sd-row-cols-{size}-{n}" for size, n in (("xs", 1), ("sm", 1), ("md", 2), ("lg", 2))
]
_GUTTER = ["sd-g-2"] + [f"sd-g-{size}-2" for size in ("xs", "sm", "md", "lg")]


def _side(node: nodes.Node) -> str | None:
    return node["options"].get("side") if isinstance(node, apidiff_example) else None


def _next_example(node: apidiff_example) -> nodes.Node | None:
    """The node after ``node`` among its siblings, comments and targets passed over."""
    parent = node.parent
    for sibling in parent.children[parent.index(node) + 1 :]:
        if not isinstance(sibling, (nodes.Invisible, nodes.system_message)):
            return sibling
    return None


def _unpair(node: apidiff_example, message: str) -> None:
    node["options"].pop("side", None)
    # names of two halves, not of one namespace
    compare = node["options"].pop("compare", None)
    alone = "without its :compare:" if compare else "as an example of its own"
    warn(Warn.DIRECTIVE, f"apidiff-example: {message}; it runs {alone}", node)


def _labels(env: BuildEnvironment, line: int | None) -> tuple[str, str] | None:
    """The side labels of the comparison the pair belongs to: the page's last ``apidiff``
    directive above it (the one it is in, or the one it follows); None if there is none."""
    pairs = doc_record(env, env.docname).pairs
    above = [p for p in pairs if p.line is not None and line is not None and p.line <= line]
    if not above:
        return None
    pair = max(above, key=lambda p: p.line or 0)
    return pair.left_label, pair.right_label


def _column(half: apidiff_example) -> nodes.container:
    side = half["options"]["side"]
    return nodes.container(
        "",
        is_div=True,
        design_component="grid-item",
        classes=["sd-col", "sd-d-flex-column", "apidiff-half", f"apidiff-half-{side}"],
    )


def _lay_out(left: apidiff_example, right: apidiff_example) -> None:
    """Put the two halves in a two-column grid, where the left half was."""
    grid = nodes.container("", is_div=True, design_component="grid-container", classes=_GRID)
    row = nodes.container("", is_div=True, design_component="grid-row", classes=_ROW + _GUTTER)
    grid.source, grid.line = left.source, left.line
    left.replace_self(grid)
    right.parent.remove(right)
    for half in (left, right):
        column = _column(half)
        column += half
        row += column
    grid += row


def pair_halves(app: Sphinx, examples: list[apidiff_example]) -> None:
    """Pair every left half of ``examples`` (a page's, in page order) with the right half
    right after it (see the module); the examples stay in their order."""
    paired: set[int] = set()
    for node in examples:
        side = _side(node)
        if side == "right" and id(node) not in paired:
            _unpair(node, "a right half (:side: right) needs its left half right before it")
        if side != "left":
            continue
        right = _next_example(node)
        if _side(right) != "right":
            _unpair(node, "a left half (:side: left) needs its right half right after it")
            continue
        assert isinstance(right, apidiff_example)
        paired.add(id(right))
        compare = node["options"].pop("compare", None)
        if compare and "compare" in right["options"]:
            warn(
                Warn.DIRECTIVE,
                "apidiff-example: :compare: is given on both halves of a pair; the right "
                "half's is used",
                node,
            )
        elif compare:  # checked once both halves ran: after the right one
            right["options"]["compare"] = compare
        labels = _labels(app.env, node.line)
        for half, label in zip((node, right), labels or ("", ""), strict=True):
            if not half["caption"] and label:
                half["caption"] = label
        _lay_out(node, right)
