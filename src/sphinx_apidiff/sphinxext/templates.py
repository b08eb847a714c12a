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

__all__ = ["escape_rst", "get_environment", "literal_rst"]

BUILTIN_DIR = str(Path(__file__).resolve().parent.parent / "templates")

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
