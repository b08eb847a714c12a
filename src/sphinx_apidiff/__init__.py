"""sphinx-apidiff: "API X vs API Y" comparison pages computed from the live libraries.

``compare`` works without Sphinx. As a Sphinx extension, add ``"sphinx_apidiff"`` to
``extensions``; the Sphinx layer is imported only then.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .comparison import Comparison

__all__ = ["__version__", "compare", "setup"]


def compare(
    left: str,
    right: str,
    *,
    rename: str | Iterable[str] | Mapping[str, str | None] | None = None,
    ignore: str | Iterable[str] | None = None,
    type_equivalents: Iterable[str | Iterable[str]] | None = None,
    left_signature: str | None = None,
    right_signature: str | None = None,
    left_label: str | None = None,
    right_label: str | None = None,
    private_parameters: bool = False,
    perspective: str = "both",
    keyword_calls: str = "keyword-only",
    kwargs_keys: Mapping[str, str] | None = None,
) -> Comparison:
    """Read two callables by dotted path and compare their signatures.

    ``rename`` maps left parameter names to right ones (``"a=b, c="``; ``c=``: no counterpart
    on purpose); ``ignore`` names parameters left out of the differences; ``type_equivalents``
    lists groups of type names that are one type in annotations (``[["torch.nn.Module",
    "paddle.nn.Layer"]]``). ``*_signature`` is an
    explicit signature text for a side whose library is not installed.
    ``private_parameters=True`` compares the parameters whose name starts with an underscore
    too (by default they are left out, as the names in ``ignore`` are). ``perspective``
    (``"left"`` or ``"right"``) and ``keyword_calls`` read the pair from one side: the facts
    that change no call of that side are each row's ``uncounted``, left out of the category
    and the kinds. ``kwargs_keys``: ``{name: "left" | "right" | "both"}``, keys a side takes
    only through its ``**kwargs``, a row each. ``rename`` takes groups too (``"dim0
    dim1=perm"``: one row). Raises
    :class:`sphinx_apidiff.api.ApiDiffError` (one-line message) for bad input.
    """
    from .comparison import compare_apis
    from .introspect import read_api
    from .labels import side_labels

    left_label, right_label = side_labels(left, right, None, left_label, right_label)
    return compare_apis(
        read_api(left, label=left_label, signature=left_signature),
        read_api(right, label=right_label, signature=right_signature),
        rename=rename,
        ignore=ignore,
        type_equivalents=type_equivalents,
        private_parameters=private_parameters,
        perspective=perspective,
        keyword_calls=keyword_calls,
        kwargs_keys=kwargs_keys,
    )


def setup(app: Any) -> dict[str, Any]:
    from .sphinxext import setup as _setup

    return _setup(app)
