"""Name evidence: whether two parameter names say they are one parameter, and how strongly.

Pure Python: no docutils, no Sphinx. The kinds (``same-words``, ``synonym``, ``abbreviation``,
``shared-words``) are described in :mod:`sphinx_apidiff.matching`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

__all__ = [
    "BOOKKEEPING",
    "ENCODED",
    "INVERTED",
    "NAME_EVIDENCE",
    "OPERANDS",
    "STRONG_NAME_EVIDENCE",
    "SYNONYMS",
    "encoding",
    "name_evidence",
    "numbered_stem",
]

#: Established synonyms of the array world (NumPy, PyTorch, MindSpore, Paddle, JAX, TensorFlow).
#: Each group is a set of names that mean the same parameter.
SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"dim", "axis", "axes", "dims"}),
    frozenset({"keepdim", "keepdims"}),
    _INPUTS := frozenset({"input", "x", "a", "tensor", "arr", "array"}),
    _OTHERS := frozenset({"other", "y", "b", "x2"}),
    frozenset({"eps", "epsilon"}),
    frozenset({"end", "stop"}),
    frozenset({"index", "indices"}),
    frozenset({"src", "source", "updates"}),
    frozenset({"std", "stddev", "scale"}),
    frozenset({"mean", "loc"}),
    frozenset({"size", "shape"}),
    frozenset({"weight", "weights"}),
    frozenset({"out", "output"}),
    frozenset({"generator", "seed", "rng", "random_state"}),
    frozenset({"reduce", "reduction"}),
    frozenset({"negative_slope", "alpha"}),
    frozenset({"num_replicas", "num_shards", "world_size"}),
    frozenset({"rank", "shard_id", "rank_id"}),
    frozenset({"lr", "eta"}),  # the learning rate (eta in the literature): eta_min/min_lr
    frozenset({"device", "place"}),  # where a tensor lives (PaddlePaddle says place)
    frozenset({"lambd", "threshold"}),  # a shrink function's cut-off (lambda is a keyword)
    frozenset({"return_indices", "return_mask"}),  # a pooling's positions of the maxima
    frozenset({"periodic", "fftbins"}),  # a window for an FFT (SciPy's word), not symmetric
    frozenset({"ddof", "correction"}),  # what a variance divides by: N minus this count
)

#: The names of the arrays an operation works on (the first two groups of operands above): what
#: tells them apart is their position, so their synonymy does not outweigh positions
#: (``math.atan2(y, x)`` against ``numpy.atan2(x1, x2)``: ``y`` is ``x1``).
OPERANDS: frozenset[str] = _INPUTS | _OTHERS

#: Names that mean the opposite of each other (a true in one is a false in the other).
INVERTED: tuple[frozenset[str], ...] = (
    frozenset({"periodic", "sym"}),  # a periodic window is not a symmetric one
    frozenset({"fftbins", "sym"}),
    frozenset({"requires_grad", "stop_gradient"}),  # PaddlePaddle stops what PyTorch requires
    frozenset({"count_include_pad", "exclusive"}),  # an average pooling that leaves padding out
    frozenset({"batch_first", "time_major"}),  # a sequence's layout, named from either end
)

#: Names of one setting whose values are written differently: ``(a, b, values)``, where
#: ``values`` pairs each value of ``a`` with the value of ``b`` that means the same. A pair on
#: them is said to be encoded differently, and its defaults are compared through ``values``.
ENCODED: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    # Bessel's correction of a variance: a flag (PyTorch's older ``unbiased``), or the count
    # taken from N (NumPy's, MindSpore's, JAX's ``ddof``; PyTorch's newer ``correction``)
    ("unbiased", "ddof", (("True", "1"), ("False", "0"))),
    ("unbiased", "correction", (("True", "1"), ("False", "0"))),
    # a batch norm's statistics: PyTorch's track_running_stats=True (batch statistics in
    # training, the running ones in evaluation) is what MindSpore's use_batch_statistics and
    # PaddlePaddle's use_global_stats do when None; PyTorch's False (batch statistics always,
    # none kept) is neither side's True nor False exactly, so it is left out
    ("track_running_stats", "use_batch_statistics", (("True", "None"),)),
    ("track_running_stats", "use_global_stats", (("True", "None"),)),
)

#: Parameters that exist for bookkeeping, not for the computation: PaddlePaddle's and
#: TensorFlow's ``name=None`` (the name of the operation in a graph). Never paired on position.
BOOKKEEPING = frozenset({"name"})

#: The kinds of name evidence (at most one of them counts for a pair).
NAME_EVIDENCE = frozenset(
    {
        "same-words",
        "synonym",
        "inverted",
        "encoded",
        "abbreviation",
        "shared-words",
        "project-rename",
    }
)

#: The kinds that name one parameter on their own (``shared-words`` may be a part of it).
STRONG_NAME_EVIDENCE = NAME_EVIDENCE - {"shared-words"}

_SYNONYM_OF: dict[str, int] = {name: i for i, group in enumerate(SYNONYMS) for name in group}
_INVERTED: frozenset[frozenset[str]] = frozenset(INVERTED)
_ENCODED: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    **{(a, b): values for a, b, values in ENCODED},
    **{(b, a): tuple((vb, va) for va, vb in values) for a, b, values in ENCODED},
}
_WORD = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=4096)
def _words(name: str) -> tuple[str, ...]:
    return tuple(w.lower() for w in _WORD.findall(name))


def _same_word(a: str, b: str) -> bool:
    if a == b or _singular(a) == _singular(b):
        return True
    ga, gb = _SYNONYM_OF.get(a), _SYNONYM_OF.get(b)
    if ga is not None and ga == gb:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def _prefixes_of(short: str, words: Sequence[str]) -> bool:
    """``short`` is non-empty prefixes of each of ``words``, in order (lr <- learning, rate)."""
    if not words:
        return not short
    word = words[0]
    for n in range(min(len(word), len(short)), 0, -1):
        if short[:n] == word[:n] and _prefixes_of(short[n:], words[1:]):
            return True
    return False


def _abbreviates(a: str, b: str) -> bool:
    """``a`` (the shorter) is made of prefixes of ``b``'s words, in order."""
    short, words = a.replace("_", "").lower(), _words(b)
    if len(short) < 2 or len(short) >= len("".join(words)):
        return False
    if len(words) == 1 and len(short) < 3:
        return False
    return _prefixes_of(short, words)


@functools.lru_cache(maxsize=16384)
def name_evidence(a: str, b: str) -> str | None:
    """The strongest name evidence that ``a`` and ``b`` are one parameter, or None."""
    wa, wb = _words(a), _words(b)
    if [_singular(w) for w in wa] == [_singular(w) for w in wb]:
        return "same-words"
    ga, gb = _SYNONYM_OF.get(a.lower()), _SYNONYM_OF.get(b.lower())
    if ga is not None and ga == gb:
        return "synonym"
    if frozenset({a.lower(), b.lower()}) in _INVERTED:
        return "inverted"
    if (a.lower(), b.lower()) in _ENCODED:
        return "encoded"
    # plural or not (``params``/``parameters``)
    sa, sb = _singular(a.lower()), _singular(b.lower())
    if _abbreviates(a, b) or _abbreviates(b, a) or _abbreviates(sa, sb) or _abbreviates(sb, sa):
        return "abbreviation"
    if wa and wb:
        shared = sum(1 for w in wa if any(_same_word(w, v) for v in wb))
        if shared and shared == min(len(wa), len(wb)):
            return "shared-words"
    return None


def encoding(a: str, b: str) -> tuple[tuple[str, str], ...] | None:
    """For two names of one setting written differently (:data:`ENCODED`), each value of ``a``
    with the value of ``b`` that means the same (``unbiased``/``ddof``: ``True`` is ``1``)."""
    return _ENCODED.get((a.lower(), b.lower()))


@functools.lru_cache(maxsize=4096)
def numbered_stem(name: str) -> tuple[str, ...] | None:
    """``beta2`` -> ``("beta",)``: the words of a name that ends in a number, without it (and
    singular); None for a name without a trailing number."""
    words = _words(name)
    if len(words) < 2 or not words[-1].isdigit():
        return None
    return tuple(_singular(w) for w in words[:-1])


def stem(name: str) -> tuple[str, ...]:
    """The singular words of a name (``betas`` -> ``("beta",)``)."""
    return tuple(_singular(w) for w in _words(name))
