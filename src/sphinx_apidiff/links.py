"""URL templates per package (``apidiff_reference_urls``): pure logic, no Sphinx.

``{"torch": "https://pytorch.org/docs/stable/generated/{path}.html"}`` links
``torch.nn.ConvTranspose2d`` to ``.../generated/torch.nn.ConvTranspose2d.html``. The longest
matching package prefix wins (``torch.nn`` before ``torch``).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from urllib.parse import quote

__all__ = ["check_url_template", "reference_url"]


def check_url_template(template: str) -> None:
    """Raise ``ValueError`` unless ``template`` is a URL with exactly ``{path}`` placeholders."""
    try:
        fields = [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as exc:  # a lone "{" or "}"
        raise ValueError(f"not a URL template: {exc}") from None
    if not fields:
        raise ValueError("has no {path} placeholder")
    unknown = sorted({f for f in fields if f != "path"})
    if unknown:
        names = ", ".join("{" + f + "}" for f in unknown)
        raise ValueError(f"has {names}; the only placeholder is {{path}}")


def _matches(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".")


def reference_url(path: str, templates: Mapping[str, str]) -> str | None:
    """The URL of ``path``'s page from the template of its longest package prefix, if any."""
    best = max((p for p in templates if _matches(path, p)), key=len, default=None)
    if best is None:
        return None
    return templates[best].format(path=quote(path, safe="._-~"))
