"""What the warm process imports when the project does not say: the installed packages that
the examples themselves import.

Only top-level names that an installed distribution provides (``torch``, ``paddle``,
``numpy``), found with :mod:`ast`: never the standard library (cheap to import in each page),
never a project's own module beside its documents (it may do anything at import, and belongs
to the page's sandbox).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..spec import ExampleSpec
from .cache import _distributions, imported_modules

__all__ = ["installed_imports"]


def installed_imports(examples: Iterable[ExampleSpec]) -> list[str]:
    """The installed packages ``examples`` import, sorted."""
    names: set[str] = set()
    for spec in examples:
        names |= imported_modules(spec.code)
    installed = _distributions()
    return sorted(name for name in names if name in installed)
