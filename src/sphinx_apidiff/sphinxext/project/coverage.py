"""``.. apidiff-coverage:: torch.nn megengine.module``: what the pages cover of a module.

Lists the public callables of the first module and, for each, whether it has a comparison page
(a link), a same-named counterpart in the second module but no page yet, or no counterpart:
the "not implemented" list teams keep by hand, generated (:mod:`sphinx_apidiff.coverage`).
``:status:`` shows only some of the three. A module that can be neither imported nor read
from its source is a located warning (``apidiff.import``); the packages of ``apidiff_static``
are read from their source, never imported. The project's coverage notes
(:mod:`.coverage_notes`) add a counterpart under another name, an alias or the reason an API
is not implemented; a note naming an API the module does not have is a warning
``apidiff.coverage`` at the directive. Pages with it are written again when any page
changes, and read again when the notes file changes.
"""

from __future__ import annotations

from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ...api import ApiDiffError
from ...coverage import (
    STATUSES,
    CoverageRow,
    ModuleCallables,
    coverage_of,
    read_module,
    unmatched_notes,
)
from ..config import get_config
from ..directive import LenientDirective, add_placeholder
from ..i18n import _
from ..state.build import build_state
from ..state.records import depends_on_project
from ..statuses import documented
from ..warnings import Warn
from .coverage_notes import notes_file, project_notes
from .index import page_link, pages_comparing, project_index

__all__ = ["ApiDiffCoverageDirective", "apidiff_coverage", "setup_coverage"]


class apidiff_coverage(nodes.General, nodes.Element):
    """Placeholder, replaced at write time."""


def _read_module(env: BuildEnvironment, path: str, static: tuple[str, ...]) -> ModuleCallables:
    """What :func:`read_module` gives, once a build (the directive reads it to warn at once; the
    page, when written, reads it again)."""
    known = build_state(env).modules
    key = (path, static)
    if key not in known:
        try:
            known[key] = read_module(path, static)
        except ApiDiffError as exc:
            known[key] = exc
    if isinstance(known[key], ApiDiffError):
        raise known[key]
    return known[key]


def _forget_modules(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    build_state(env).modules.clear()  # a new build: modules may have changed on disk


class ApiDiffCoverageDirective(LenientDirective):
    has_content = False
    required_arguments = 0
    optional_arguments = 99  # any count: other than two is our warning, not docutils' error
    NAME = "apidiff-coverage"
    KNOWN: ClassVar = {"status": str}

    def run(self) -> list[nodes.Node]:
        self.check_options()
        if len(self.arguments) != 2:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-coverage takes two modules (COVERED OTHER), got {len(self.arguments)}",
            )
            return []
        statuses = (self.options.get("status") or "").replace(",", " ").split()
        unknown = [s for s in statuses if s not in STATUSES]
        if unknown:
            self.warn_at(
                Warn.DIRECTIVE,
                f"apidiff-coverage :status: {', '.join(map(repr, unknown))} is not one of "
                f"{', '.join(STATUSES)}; ignored",
                "status",
            )
        left, right = self.arguments
        static = get_config(self.env).static
        try:
            for module in (left, right):
                _read_module(self.env, module, tuple(static))
        except ApiDiffError as exc:
            self.warn_at(Warn.IMPORT, f"apidiff-coverage: {exc}")
            return []
        self._check_notes(left, tuple(static))
        node = apidiff_coverage(
            left=left, right=right, statuses=[s for s in statuses if s in STATUSES]
        )
        self.set_source_info(node)
        depends_on_project(self.env, self.env.docname)
        return [node]

    def _check_notes(self, left: str, static: tuple[str, ...]) -> None:
        """Depend on the notes file; warn about each note naming what ``left`` lacks."""
        path = notes_file(self.env)
        if path is not None:
            self.env.note_dependency(str(path))
        module = _read_module(self.env, left, static)
        for note in unmatched_notes(module, project_notes(self.env).values()):
            where = f" ({path.name}, line {note.line})" if path and note.line else ""
            self.warn_at(
                Warn.COVERAGE,
                f"apidiff-coverage: the coverage note for {note.api}{where} names no public "
                f"callable of {left}; it is not shown",
            )


def _words() -> dict[str, str]:
    return {
        "page": _("compared"),
        "counterpart": _("counterpart, no page yet"),
        "missing": _("no counterpart"),
    }


def _para(*content: nodes.Node | str) -> nodes.paragraph:
    para = nodes.paragraph()
    for item in content:
        para += item if isinstance(item, nodes.Node) else nodes.Text(item)
    return para


def _literals(paths: tuple[str, ...]) -> list[nodes.Node | str]:
    """``a, b``: each path as code."""
    out: list[nodes.Node | str] = []
    for path in paths:
        out += [", ", nodes.literal(text=path)] if out else [nodes.literal(text=path)]
    return out


def coverage_nodes(app: Sphinx, docname: str, node: apidiff_coverage) -> list[nodes.Node]:
    env = app.env
    index = project_index(env)
    compared = index.compared
    static = get_config(app.env).static
    try:
        left, right = (_read_module(env, node[side], tuple(static)) for side in ("left", "right"))
    except ApiDiffError:  # said at read time
        return []
    rows = coverage_of(
        left,
        right,
        compared,
        static=static,
        one_sided=index.one_sided,
        notes=project_notes(env),
    )
    words = _words()
    counts = {status: sum(r.status == status for r in rows) for status in STATUSES}
    summary = _(
        "{total} public callables in {module}: {page} compared, {counterpart} with a "
        "counterpart in {other} but no page, {missing} without a counterpart"
    ).format(total=len(rows), module=node["left"], other=node["right"], **counts)
    for module in (m for m in (left, right) if m.from_source):
        # the same words as a card read from the source
        summary += f"; {module.path} {_('(read from its source, not imported)')}"
    table = nodes.table(classes=["apidiff-index", "apidiff-coverage", "colwidths-given"])
    group = nodes.tgroup(cols=3)
    table += group
    for width in (40, 25, 35):
        group += nodes.colspec(colwidth=width)
    head, body = nodes.thead(), nodes.tbody()
    group += head
    group += body

    def add(cells: list[nodes.Node], into: nodes.Element, classes=()) -> None:
        tr = nodes.row(classes=list(classes))
        for cell in cells:
            entry = nodes.entry()
            entry += cell
            tr += entry
        into += tr

    add([_para(node["left"]), _para(_("Status")), _para(node["right"])], head)
    for row in rows:
        if node["statuses"] and row.status not in node["statuses"]:
            continue
        if row.status == "page":
            pages = pages_comparing(env, row.compared_as or row.path)
            text = documented(row.page_status) if row.page_status else words["page"]
            status: nodes.Node = _para(page_link(app, docname, pages[0], text))
        else:
            status = _para(words[row.status])
        # what its page compares it with; else the counterpart of the same name
        shown = row.compared_with or ((row.counterpart,) if row.counterpart else ())
        other = _para(*_literals(shown)) if shown else _para("—")
        said = [status, *_note(row)]
        add([_para(nodes.literal(text=row.path)), said, other], body, [f"apidiff-{row.status}"])
    for sub in table.findall(nodes.TextElement):
        sub["translatable"] = False
    return [_para(summary), nodes.container("", table, classes=["apidiff-scroll"])]


def _note(row: CoverageRow) -> list[nodes.paragraph]:
    """What the project's note says of the row, under its status: an alias, a reason."""
    note = row.note
    if note is None or note.counterpart is not None:  # a counterpart is shown as one
        return []
    para = nodes.paragraph(classes=["apidiff-coverage-note"])
    if note.alias is not None:
        head, tail = _("alias of {api}").split("{api}", 1)
        para += [nodes.Text(head), nodes.literal(text=note.alias), nodes.Text(tail)]
    else:
        para += nodes.Text(_("not implemented: {reason}").format(reason=note.reason))
    return [para]


def _resolve(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for node in list(doctree.findall(apidiff_coverage)):
        node.replace_self(coverage_nodes(app, docname, node))


def setup_coverage(app: Sphinx) -> None:
    add_placeholder(app, apidiff_coverage)
    app.add_directive("apidiff-coverage", ApiDiffCoverageDirective)
    app.connect("env-before-read-docs", _forget_modules)
    app.connect("doctree-resolved", _resolve)
