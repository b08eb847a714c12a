"""Compare two signatures parameter by parameter, and name the pair's category.

Pure Python: no docutils, no Sphinx.

One module a job: :mod:`.changes` (the kinds of difference, each with its group and words),
:mod:`.options` (the author's rename map and ignore list), :mod:`.rows` (two signatures to rows,
and the matching rules), :mod:`.kwargs_keys` (keys a side takes through ``**kwargs``),
:mod:`.perspective` (which facts are differences for the page's reader), :mod:`.apis` (two APIs
to a :class:`Comparison`: the overload choice, the pair's changes, the category),
:mod:`.categories` (a pair's category by a precedence, the kinds counted), :mod:`.result` (the
result types and their JSON). Import from here.
"""

from __future__ import annotations

from .apis import categorize, compare_apis, instance_side
from .categories import CATEGORIES
from .changes import Change
from .options import (
    Renames,
    TypeEquivalents,
    parse_ignore,
    parse_rename,
    parse_type_equivalents,
    project_renames,
)
from .perspective import KEYWORD_CALLS, PERSPECTIVES, Perspective
from .result import Comparison, Row
from .rows import INSTANCE, compare_signatures

__all__ = [
    "CATEGORIES",
    "INSTANCE",
    "KEYWORD_CALLS",
    "PERSPECTIVES",
    "Change",
    "Comparison",
    "Perspective",
    "Renames",
    "Row",
    "TypeEquivalents",
    "categorize",
    "compare_apis",
    "compare_signatures",
    "instance_side",
    "parse_ignore",
    "parse_rename",
    "parse_type_equivalents",
    "project_renames",
]
