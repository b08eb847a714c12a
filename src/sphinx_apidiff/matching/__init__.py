"""Infer renames: score candidate parameter pairs on named evidence, assign them one-to-one.

Pure Python: no docutils, no Sphinx. Used by :mod:`sphinx_apidiff.comparison` after the author's
renames and equal names, on what those left unmatched.

Evidence (feature name: weight)
-------------------------------
Name evidence (at most one counts, the strongest):

``same-words`` (3.0)
    equal once case, underscores and a plural ``s`` are set aside (``groups``/``group``).
``synonym`` (3.0)
    an established synonym of the array world, from :data:`SYNONYMS` (``dim``/``axis``,
    ``ddof``/``correction``).
``inverted`` (3.0)
    names of opposite meaning, from :data:`INVERTED` (``periodic``/``sym``): the defaults then
    say nothing about the pair, and equal boolean defaults are a difference.
``encoded`` (3.0)
    one setting whose values are written differently, from :data:`ENCODED` with the value of
    one that means each value of the other (``unbiased``, a flag, against ``ddof`` or
    ``correction``, the count a variance's N is reduced by: ``True`` is ``1``): the defaults
    are compared through that table (``unbiased=True`` is not ``ddof=0``); a value the table
    does not name (``track_running_stats=False``) is compared as it is.
``abbreviation`` (3.0)
    one name is built from prefixes of the other's words, in order (``lr``/``learning_rate``,
    ``rtol``/``rel_tol``, ``eps``/``epsilon``, ``params``/``parameters``: plural or not);
    at least 2 letters, 3 for a one-word name.
``shared-words`` (2.5)
    every word part of the shorter name is in the longer one, synonyms and prefixes counting
    (``start_dim``/``start_axis``, ``bias``/``has_bias``; not ``padding_mode``/``conv_mode``).

Other evidence:

``same-position`` (2.0)
    the same positional index on both sides, and at least one of the two is required (or both
    are positional-only): a positional caller always passes that argument there.
``same-optional-position`` (0.5)
    the same positional index, both optional: weak, a caller may never pass either.
``same-slot`` (1.5)
    the same positional index, and the positional parameters just before and just after it
    are paired with each other at the same indices (by name, by the author, or inferred on
    name evidence in a first round): the one slot left between two pairs that agree
    (``some``/``full_matrices`` between ``input`` and ``compute_uv``).
``same-default`` (1.5)
    both have a comparable default and it is one value (``2`` and ``2.0`` are), not a common
    one: a value such as ``0.25`` does not coincide by chance.
``same-common-default`` (0.5)
    the same, for a value many parameters have (``None``, ``True``, ``False``, ``0``, ``1``,
    ``-1``, ``""``).
``same-default-type`` (0.5)
    the defaults differ but are literals of one type (``True``/``False``, ``1``/``2``).
``both-required`` (0.5)
    required on both sides.
``same-annotation`` (0.5)
    both annotated, and the annotations are equal.

Against: ``different-default`` (-0.5): both have comparable defaults and they differ
(``padding_mode='zeros'`` is not ``conv_mode='cross_correlation'``);
``position-contradicted`` (-1.0): besides, the pair has no name evidence and is not the one
slot between two agreeing pairs, so the position is all that speaks for it
(``strict=True`` is not ``use_structured_name=False``);
``default-not-accepted`` (-1.5): one side's annotation names the values it takes
(``Literal['zeros', 'reflect', ...]``) and the other's default is a string none of them
(``'same'``): the two choose among different things, whatever their names share (PyTorch's
``padding_mode``, what fills the border, is not MindSpore's ``pad_mode``, how much border).

``one-of-numbered`` (0): a name that fits several numbered names of the other side equally
(``betas`` against ``beta1`` and ``beta2``) names none of them: its name evidence is dropped.

A parameter kept for bookkeeping (:data:`BOOKKEEPING`: PaddlePaddle's ``name=None``, the
operation's name in a graph) has no position evidence: it never pairs on position, so it never
decides which overload is compared either.

A pair is a candidate only at or above :data:`THRESHOLD` (2.0): name evidence alone is enough
(a differing default aside, for the weaker kinds), and the position alone only where a caller
always passes the argument there and no default contradicts it.

Position needs an anchor: something already paired (an equal name or an author's pair, not
``*args``/``**kwargs``), a candidate with name evidence or with a value that is no common one
at the same index, or the same number of required
positional parameters on both sides (every positional call of one then fits the other:
``numpy.sum(a, ...)`` and ``math.fsum(seq, /)``). Without one, pairs with position evidence
only are dropped: two APIs that share nothing and are called differently are laid out by
different designs (a scheduler class and a function returning a list of rates), and their
positions coincide by chance.

A ``*args`` parameter pairs with a positional (non-variadic) one only on strong name evidence
(``same-words`` or ``synonym``), marked ``variadic-sequence``: PyTorch's ``ones(*size)`` takes
the sizes one by one where others take one ``shape`` sequence. ``**kwargs`` never pairs with
a named parameter. Among all one-to-one assignments of candidates
the one with the greatest total score is chosen, strong name evidence first (any name evidence
but ``shared-words``, between two names that are not both :data:`OPERANDS` (``x``/``y``: their
position tells them apart), outweighs all position evidence it excludes: ``scatter(input, dim, index,
src)`` against ``put_along_axis(arr, indices, values, axis)`` pairs ``dim``/``axis`` and
``index``/``indices``, not three positions). Ties: a fixed order of the names that does not
depend on which side is left, so swapping sides mirrors the result.

``same-slot`` also holds at the start: the first index, where the next pair agrees (PReLU's
``num_parameters``/``channel`` before ``init=0.25``/``w=0.25``), less surely: there a different
default is still ``position-contradicted``. The first round's pairs that mark
slots are those on name evidence, on a required position, or on an uncommon equal value.

One module a job: :mod:`.names` (name evidence), :mod:`.score` (a pair's evidence and score),
:mod:`.pairing` (the one-to-one assignment). Import from here.
"""

from __future__ import annotations

from .names import (
    BOOKKEEPING,
    ENCODED,
    INVERTED,
    NAME_EVIDENCE,
    OPERANDS,
    STRONG_NAME_EVIDENCE,
    SYNONYMS,
    encoding,
    name_evidence,
)
from .pairing import assign
from .score import (
    THRESHOLD,
    WEIGHTS,
    Candidate,
    bookkeeping,
    defaults_equal,
    encoded_default,
    score_pair,
)

__all__ = [
    "BOOKKEEPING",
    "ENCODED",
    "INVERTED",
    "NAME_EVIDENCE",
    "OPERANDS",
    "STRONG_NAME_EVIDENCE",
    "SYNONYMS",
    "THRESHOLD",
    "WEIGHTS",
    "Candidate",
    "assign",
    "bookkeeping",
    "defaults_equal",
    "encoded_default",
    "encoding",
    "name_evidence",
    "score_pair",
]
