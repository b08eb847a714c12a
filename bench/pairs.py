"""Real pairs of callables (NumPy, PyTorch, the standard library) shared by the benchmarks.

Pairs are built from what the installed libraries export, in a fixed order:

1. meaningful pairs, group by group: ``numpy.X`` vs ``torch.X``, ``numpy.linalg.X`` vs
   ``torch.linalg.X``, ``numpy.fft.X`` vs ``torch.fft.X``, ``numpy.ndarray.X`` vs
   ``torch.Tensor.X``, ``torch.nn.functional.x`` vs the ``torch.nn.X`` class of the same name,
   ``math.X`` vs ``numpy.X`` and ``statistics.X`` vs ``numpy.X``;
2. then same-module neighbours (consecutive public names), round-robin over the modules, until
   the requested count is reached.

Nothing here is timed. Importing this module imports nothing heavy; :func:`import_modules`
does (NumPy, PyTorch when asked).
"""

from __future__ import annotations

import importlib
import itertools
import types
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

#: Modules whose public callables are enumerated (functions, classes, builtins, ufuncs).
TORCH_MODULES = ("torch", "torch.nn.functional", "torch.linalg", "torch.fft")
NUMPY_MODULES = ("numpy", "numpy.linalg", "numpy.fft")
STDLIB_MODULES = (
    "math",
    "statistics",
    "os.path",
    "itertools",
    "functools",
    "json",
    "string",
    "re",
)
#: Classes whose public methods are enumerated (``torch.Tensor.add`` ...).
TORCH_CLASSES = ("torch.Tensor",)
NUMPY_CLASSES = ("numpy.ndarray",)
#: Modules whose public classes (only) are enumerated.
TORCH_CLASS_MODULES = ("torch.nn",)

#: ``statistics`` names and their NumPy counterparts.
STATISTICS_TO_NUMPY = {
    "mean": "mean",
    "fmean": "mean",
    "median": "median",
    "median_low": "median",
    "median_high": "median",
    "quantiles": "quantile",
    "stdev": "std",
    "pstdev": "std",
    "variance": "var",
    "pvariance": "var",
    "correlation": "corrcoef",
    "covariance": "cov",
}


@dataclass(frozen=True)
class Pair:
    group: str
    left: str
    right: str


@dataclass
class Selection:
    """The pairs chosen, and what was skipped on the way."""

    pairs: list[Pair]
    #: Candidate pairs passed over because one side could not be read.
    skipped: list[tuple[Pair, str]] = field(default_factory=list)


def import_modules(include_torch: bool = True) -> list[str]:
    """Import every module the pairs come from; return their names."""
    names = [*STDLIB_MODULES, *NUMPY_MODULES]
    if include_torch:
        names += [*TORCH_MODULES, *TORCH_CLASS_MODULES]
    for name in names:
        importlib.import_module(name)
    return names


def _public(names: Iterable[str]) -> list[str]:
    return sorted(n for n in names if not n.startswith("_"))


def module_callables(module_name: str, classes_only: bool = False) -> list[str]:
    """Dotted paths of ``module_name``'s public callables (no submodules), sorted by name."""
    module = importlib.import_module(module_name)
    out = []
    for name in _public(dir(module)):
        try:
            obj = getattr(module, name)
        except Exception:
            continue
        if isinstance(obj, types.ModuleType) or not callable(obj):
            continue
        if classes_only and not isinstance(obj, type):
            continue
        out.append(f"{module_name}.{name}")
    return out


def class_methods(class_path: str) -> list[str]:
    """Dotted paths of a class's public callable attributes, sorted by name."""
    module_name, _, class_name = class_path.rpartition(".")
    cls = getattr(importlib.import_module(module_name), class_name)
    out = []
    for name in _public(dir(cls)):
        try:
            obj = getattr(cls, name)
        except Exception:
            continue
        if callable(obj) and not isinstance(obj, types.ModuleType):
            out.append(f"{class_path}.{name}")
    return out


def enumerate_callables(include_torch: bool = True) -> dict[str, list[str]]:
    """Every enumerated callable, by the module or class it was found in."""
    sources: dict[str, list[str]] = {}
    modules = [*NUMPY_MODULES, *STDLIB_MODULES]
    classes = list(NUMPY_CLASSES)
    if include_torch:
        modules = [*modules, *TORCH_MODULES]
        classes += TORCH_CLASSES
    for name in modules:
        sources[name] = module_callables(name)
    for name in classes:
        sources[name] = class_methods(name)
    if include_torch:
        for name in TORCH_CLASS_MODULES:
            sources[name] = module_callables(name, classes_only=True)
    return sources


def _norm(name: str) -> str:
    return name.lower().replace("_", "")


def _same_name(group: str, left: list[str], right: list[str]) -> Iterator[Pair]:
    rights = {p.rpartition(".")[2]: p for p in right}
    for path in left:
        other = rights.get(path.rpartition(".")[2])
        if other is not None:
            yield Pair(group, path, other)


def meaningful_pairs(sources: dict[str, list[str]]) -> Iterator[Pair]:
    """Counterparts across libraries, group by group (only for modules that were enumerated)."""

    def have(*names: str) -> bool:
        return all(n in sources for n in names)

    if have("numpy", "torch"):
        yield from _same_name("numpy vs torch", sources["numpy"], sources["torch"])
    if have("numpy.linalg", "torch.linalg"):
        yield from _same_name("numpy.linalg vs torch.linalg", *_get(sources, "linalg"))
    if have("numpy.fft", "torch.fft"):
        yield from _same_name("numpy.fft vs torch.fft", *_get(sources, "fft"))
    if have("numpy.ndarray", "torch.Tensor"):
        yield from _same_name(
            "numpy.ndarray vs torch.Tensor", sources["numpy.ndarray"], sources["torch.Tensor"]
        )
    if have("torch.nn.functional", "torch.nn"):
        classes = {_norm(p.rpartition(".")[2]): p for p in sources["torch.nn"]}
        for path in sources["torch.nn.functional"]:
            key = _norm(path.rpartition(".")[2])
            if path.endswith("_"):  # relu_ is the in-place relu: same class
                key = key.rstrip("_")
            other = classes.get(key) or classes.get(key + "loss")
            if other is not None:
                yield Pair("torch.nn.functional vs torch.nn class", path, other)
    if have("math", "numpy"):
        yield from _same_name("math vs numpy", sources["math"], sources["numpy"])
    if have("statistics", "numpy"):
        numpy_names = set(sources["numpy"])
        for path in sources["statistics"]:
            other = STATISTICS_TO_NUMPY.get(path.rpartition(".")[2])
            if other is not None and f"numpy.{other}" in numpy_names:
                yield Pair("statistics vs numpy", path, f"numpy.{other}")


def _get(sources: dict[str, list[str]], sub: str) -> tuple[list[str], list[str]]:
    return sources[f"numpy.{sub}"], sources[f"torch.{sub}"]


def neighbour_pairs(sources: dict[str, list[str]]) -> Iterator[Pair]:
    """Consecutive names of each module, round-robin over the modules."""
    per_module = [
        [Pair(f"neighbours in {name}", a, b) for a, b in itertools.pairwise(paths)]
        for name, paths in sources.items()
    ]
    for batch in itertools.zip_longest(*per_module):
        yield from (pair for pair in batch if pair is not None)


def select_pairs(
    count: int, sources: dict[str, list[str]], readable: dict[str, bool | str]
) -> Selection:
    """The first ``count`` candidate pairs whose sides are both readable.

    ``readable`` maps a dotted path to ``True`` or to the reason it cannot be read.
    """
    selection = Selection([])
    seen: set[tuple[str, str]] = set()
    for pair in itertools.chain(meaningful_pairs(sources), neighbour_pairs(sources)):
        if len(selection.pairs) >= count:
            break
        key = (pair.left, pair.right)
        if key in seen or pair.left == pair.right:
            continue
        seen.add(key)
        problems = [
            f"{side}: {readable[side]}" for side in key if readable.get(side, True) is not True
        ]
        if problems:
            selection.skipped.append((pair, "; ".join(problems)))
            continue
        selection.pairs.append(pair)
    return selection
