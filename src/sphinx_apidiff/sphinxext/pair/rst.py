"""From a comparison's context to nodes: the jinja2 templates that lay out comparison pages as
reStructuredText, rendering them, and parsing the text into the page's nodes.

A project overrides a template by putting a file of the same name (``apidiff/comparison.rst.jinja``)
in one of its ``templates_path`` folders. Filters keep library and user text inert:

- ``rst``: escape text so no character starts markup (``**kwargs`` stays ``**kwargs``);
- ``literal``: inline code, whatever the text holds;
- ``underline(char)``: a title adornment as wide as the title (East Asian text counts double);
- ``indent`` (jinja2's own) for nesting blocks under a directive.

Generated text is always reStructuredText, whatever the page's own markup, so it cannot go
through ``state.nested_parse`` (which parses MyST pages as Markdown). It is parsed by its own
state machine (docutils' states, their machines reused: :mod:`.machines`) into a scratch
document that shares the page's settings, id registry and name registry: ids stay unique
across the page and explicit targets become the page's labels.
Every line keeps a source and line number: the directive's, so that problems in generated text
point at the directive that produced it (:func:`parse_rst`). :func:`build_nodes` then puts the
author's own nodes into the template's ``.. apidiff:slot NAME`` places.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from docutils import nodes
from docutils.statemachine import StringList
from docutils.utils import column_width
from sphinx.util.docutils import new_document

from .machines import run_rst

__all__ = [
    "BUILTIN_TEMPLATES",
    "GENERATED_SECTION",
    "BrokenInstallError",
    "TemplateError",
    "build_nodes",
    "check_builtin_templates",
    "escape_rst",
    "get_environment",
    "literal_rst",
    "parse_rst",
    "render_text",
    "template_search_path",
]

BUILTIN_DIR = str(Path(__file__).resolve().parent.parent.parent / "templates")

#: The templates shipped in the package (``BUILTIN_DIR``); an install without one is broken.
BUILTIN_TEMPLATES = (
    "apidiff/comparison.rst.jinja",
    "apidiff/paddle.rst.jinja",
    "apidiff/mindspore.rst.jinja",
    "apidiff/megengine.rst.jinja",
)


class BrokenInstallError(Exception):
    """A file the package ships is missing or unreadable: the installation is incomplete."""


def check_builtin_templates(builtin_dir: str | None = None) -> None:
    """Read every built-in template once, so a broken install fails loudly, naming the file.

    Without this a wheel built without its templates renders every page without cards or
    table, with only a warning.
    """
    root = Path(builtin_dir or BUILTIN_DIR)
    for name in BUILTIN_TEMPLATES:
        path = root / name
        try:
            path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            raise BrokenInstallError(
                f"sphinx-apidiff's built-in template {str(path)!r} cannot be read ({reason}); "
                "the package is installed incompletely: reinstall it (pip install --force-"
                "reinstall sphinx-apidiff)"
            ) from None


#: Every character but letters, digits and spaces; ``_`` too (``name_`` is a reference), except
#: inside a ``{placeholder}`` of a message that is escaped before ``str.format``.
_SPECIAL = re.compile(r"([^\w\s{}]|_(?![^{}\s]*\}))")


def escape_rst(text: object) -> str:
    """Backslash every character that could start reStructuredText markup."""
    return _escaped(str(text))


@lru_cache(maxsize=4096)
def _escaped(text: str) -> str:
    # the same words come back on every page (headings, parameter names, defaults)
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def literal_rst(text: object) -> str:
    """Inline code for any text (backticks and backslashes included)."""
    body = " ".join(str(text).split()).replace("\\", "\\\\").replace("`", "\\`")
    if not body:
        return ""
    return f":literal:`{body}`"


def underline(title: str, char: str = "-") -> str:
    return char * max(column_width(title), 1)


def template_search_path(srcdir, templates_path) -> tuple[str, ...]:
    """The project's template folders (``templates_path``, relative to ``srcdir``), absolute."""
    return tuple(
        str((Path(srcdir) / p).resolve()) if not str(p).startswith("/") else str(p)
        for p in templates_path
    )


@lru_cache(maxsize=16)
def get_environment(search_path: tuple[str, ...]) -> jinja2.Environment:
    """One environment per set of template folders (project folders first, then built-ins)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([*search_path, BUILTIN_DIR]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["rst"] = escape_rst
    env.filters["literal"] = literal_rst
    env.filters["underline"] = underline
    return env


# ----------------------------------------------------------------------------- render


class TemplateError(Exception):
    """The page template is missing or raised; one-line message."""


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


# ------------------------------------------------------------------------------ parse

_SHARED = (
    "ids",
    "nameids",
    "nametypes",
    "refnames",
    "refids",
    "indirect_targets",
    "substitution_defs",
    "substitution_names",
    "footnote_refs",
    "citation_refs",
)


def parse_rst(text: str, document: nodes.document, source: str, line: int) -> list[nodes.Node]:
    """Nodes for ``text``; every line is attributed to ``source:line``."""
    scratch = new_document(source, document.settings)
    scratch.reporter = document.reporter
    for attr in _SHARED:
        if hasattr(document, attr):
            setattr(scratch, attr, getattr(document, attr))
    scratch.id_counter = document.id_counter
    lines = text.splitlines()
    content = StringList(lines, items=[(source, max(line - 1, 0))] * len(lines))
    run_rst(content, scratch)
    children = list(scratch.children)
    scratch.children = []
    for child in children:
        child.parent = None
        # Nodes remember the document they were parsed into. Left pointing at the scratch
        # document (whose settings hold the build environment), every page's pickled doctree
        # would carry a copy of the whole environment.
        for node in child.findall(include_self=True):
            if node.__dict__.get("_document") is not None:
                node.document = document
    return children


# ------------------------------------------------------------------------------ nodes

_SLOT = re.compile(r"^apidiff:slot\s+(\S+)$")

#: Marks the sections a comparison adds ("Usage differences"), see :mod:`.transforms`.
GENERATED_SECTION = "apidiff_section"


def _not_translatable(generated: list[nodes.Node], authored: frozenset[str]) -> None:
    """Built-in words come from our own catalogs: keep them out of gettext's messages.

    Titles in ``authored`` are the author's words (general notes): those stay translatable.
    """
    for node in generated:
        for sub in node.findall(nodes.TextElement):  # one walk: a literal block is one too
            authored_title = isinstance(sub, nodes.title) and sub.astext() in authored
            sub["translatable"] = authored_title
            if isinstance(sub, nodes.literal_block):
                # library text is not always valid Python (``<object object>``, backticks in
                # an annotation): highlight what lexes, without a highlighting_failure warning
                sub["force"] = True


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
