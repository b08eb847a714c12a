"""The jinja2 environment that lays out comparison pages as reStructuredText.

A project overrides a template by putting a file of the same name (``apidiff/comparison.rst.jinja``)
in one of its ``templates_path`` folders. Filters keep library and user text inert:

- ``rst``: escape text so no character starts markup (``**kwargs`` stays ``**kwargs``);
- ``literal``: inline code, whatever the text holds;
- ``underline(char)``: a title adornment as wide as the title (East Asian text counts double);
- ``indent`` (jinja2's own) for nesting blocks under a directive.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import jinja2
from docutils.utils import column_width

__all__ = [
    "BUILTIN_TEMPLATES",
    "BrokenInstallError",
    "check_builtin_templates",
    "escape_rst",
    "get_environment",
    "literal_rst",
    "template_search_path",
]

BUILTIN_DIR = str(Path(__file__).resolve().parent.parent / "templates")

#: The templates shipped in the package (``BUILTIN_DIR``); an install without one is broken.
BUILTIN_TEMPLATES = ("apidiff/comparison.rst.jinja",)


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
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


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
