"""URL templates per package (``apidiff_reference_urls``): pure logic, no Sphinx.

``{"torch": "https://pytorch.org/docs/stable/generated/{path}.html"}`` links
``torch.nn.ConvTranspose2d`` to ``.../generated/torch.nn.ConvTranspose2d.html``. The longest
matching package prefix wins (``torch.nn`` before ``torch``).

A template places parts of the dotted path (:data:`FIELDS`, :func:`url_fields`), so that sites
laid out otherwise can be linked too: PaddlePaddle's ``api/paddle/nn/Conv2D_cn.html`` is
``api/{path_slashes}_cn.html``, and its Tensor methods, anchors on one page
(``api/paddle/Tensor_cn.html#abs``), are ``api/{parent_slashes}_cn.html#{name}`` under the key
``paddle.Tensor``.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from urllib.parse import quote

__all__ = ["FIELDS", "check_url_template", "reference_url", "url_fields"]

#: The placeholders a template may use, and what each holds for ``paddle.Tensor.abs``.
FIELDS = {
    "path": "the dotted path: ``paddle.Tensor.abs``",
    "path_slashes": "the path with slashes: ``paddle/Tensor/abs``",
    "name": "the last part of the path: ``abs``",
    "name_id": "the name as an HTML id that docutils makes of a heading (lower case, every "
    "run of other characters a ``-``): ``abs``; ``broadcast-tensors`` for ``broadcast_tensors``",
    "parent": "the path without its last part (a method's class, a function's module): "
    "``paddle.Tensor``",
    "parent_slashes": "the same with slashes: ``paddle/Tensor``",
    "module": "the module, by Python's naming convention the parts before the first one "
    "that starts with a capital (a class), else the parent: ``paddle``",
    "module_slashes": "the same with slashes: ``paddle``",
    "qualname": "the path inside the module: ``Tensor.abs``",
}


def _id(text: str) -> str:
    """What docutils' ``make_id`` makes of a name: lower case, other characters as ``-``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def url_fields(path: str) -> dict[str, str]:
    """Every field of :data:`FIELDS` for ``path``, each quoted for a URL."""
    parts = path.split(".")
    parent = ".".join(parts[:-1])
    first_class = next(
        (i for i, part in enumerate(parts[1:], 1) if part[:1].isupper()),
        max(len(parts) - 1, 1),
    )
    module = ".".join(parts[:first_class])
    raw = {
        "path": path,
        "path_slashes": "/".join(parts),
        "name": parts[-1],
        "name_id": _id(parts[-1]),
        "parent": parent,
        "parent_slashes": parent.replace(".", "/"),
        "module": module,
        "module_slashes": module.replace(".", "/"),
        "qualname": ".".join(parts[first_class:]),
    }
    return {key: quote(value, safe="./_-~") for key, value in raw.items()}


def check_url_template(template: str) -> None:
    """Raise ``ValueError`` unless ``template`` is a URL with placeholders of :data:`FIELDS`."""
    try:
        parsed = [
            (f, spec, conversion)
            for _, f, spec, conversion in string.Formatter().parse(template)
            if f is not None
        ]
    except ValueError as exc:  # a lone "{" or "}"
        raise ValueError(f"not a URL template: {exc}") from None
    known = ", ".join("{" + f + "}" for f in FIELDS)
    if not parsed:
        raise ValueError(f"has no placeholder (one of {known})")
    unknown = sorted({f for f, _, _ in parsed if f not in FIELDS})
    if unknown:
        names = ", ".join("{" + f + "}" for f in unknown)
        raise ValueError(f"has {names}; the placeholders are {known}")
    formatted = sorted({f for f, spec, conversion in parsed if spec or conversion})
    if formatted:
        raise ValueError(f"formats {{{formatted[0]}}}; a placeholder is its name alone")


def _matches(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + ".")


def reference_url(path: str, templates: Mapping[str, str]) -> str | None:
    """The URL of ``path``'s page from the template of its longest package prefix, if any."""
    best = max((p for p in templates if _matches(path, p)), key=len, default=None)
    if best is None:
        return None
    return templates[best].format(**url_fields(path))
