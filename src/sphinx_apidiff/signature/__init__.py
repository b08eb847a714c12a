"""Value types for a callable's signature, and parsing signature text with :mod:`ast`.

Pure Python: no docutils, no Sphinx. Every other layer speaks in these types.

A :class:`Signature` is one overload: an ordered tuple of :class:`Parameter` and a return
annotation. Defaults and annotations are kept as *source text* (what a reader should see), with
``default_known`` saying whether the text stands for a real value that can be compared. Sentinels
such as NumPy's ``<no value>``, ``...`` and reprs that are not Python expressions are *unknown*.

One module a job: :mod:`.model` (the types), :mod:`.values` (defaults and annotations as
comparable values), :mod:`.text` (signature text before it is parsed, and a signature as a reader
sees it), :mod:`.parse` (signature text to a :class:`Signature`). Import from here.
"""

from __future__ import annotations

from .model import Kind, Parameter, Signature, SignatureSyntaxError
from .parse import iter_arguments, parse_signature
from .text import scan_code, shown_lines, shown_signature
from .values import (
    NO_EQUIVALENTS,
    TypeEquivalents,
    annotation_accepts,
    annotation_key,
    default_is_known,
    default_value_key,
    normalize_annotation,
    scrub_repr,
)

__all__ = [
    "NO_EQUIVALENTS",
    "Kind",
    "Parameter",
    "Signature",
    "SignatureSyntaxError",
    "TypeEquivalents",
    "annotation_accepts",
    "annotation_key",
    "default_is_known",
    "default_value_key",
    "iter_arguments",
    "normalize_annotation",
    "parse_signature",
    "scan_code",
    "scrub_repr",
    "shown_lines",
    "shown_signature",
]
