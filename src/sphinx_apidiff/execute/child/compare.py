"""``:compare:``: do two values of a page's namespace (or of the two halves of a pair) agree
(``numpy.allclose``)?

Runs in the page process, after the block. NumPy is imported only when a block compares;
framework tensors (PyTorch, CuPy, anything with ``.numpy()``) are converted first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..spec import ComparisonResult

__all__ = ["compare_halves", "compare_values", "safe_str"]


def safe_str(exc: BaseException) -> str:
    if isinstance(exc, SyntaxError):
        return str(exc.msg)
    try:
        return str(exc)
    except Exception:
        return "<str() of the exception failed>"


def _to_array(value: Any, np: Any) -> Any:
    """A NumPy array from a framework tensor, an array-like or a scalar."""
    module = type(value).__module__.split(".", 1)[0]
    if module == "torch" and hasattr(value, "detach"):
        tensor = value.detach().cpu()
        if getattr(tensor, "is_conj", lambda: False)():
            tensor = tensor.resolve_conj()
        try:
            return np.asarray(tensor.numpy())
        except (TypeError, RuntimeError):  # bfloat16 and friends have no NumPy dtype
            return np.asarray(tensor.float().numpy())
    if module == "cupy" and hasattr(value, "get"):
        return np.asarray(value.get())
    if module != "numpy" and callable(getattr(value, "numpy", None)):
        return np.asarray(value.numpy())  # MegEngine, Paddle, TensorFlow eager tensors
    return np.asarray(value)  # NumPy, JAX, lists, scalars


def _shape_text(shape: Sequence[int]) -> str:
    return str(tuple(shape))


def compare_values(
    namespace: dict[str, Any], names: Sequence[str], rtol: float, atol: float
) -> ComparisonResult:
    """Compare two variables of ``namespace`` with :func:`numpy.allclose`."""
    missing = [name for name in names if name not in namespace]
    if missing:
        if len(missing) == 1:
            message = f"name {missing[0]!r} is not defined after the block"
        else:
            message = f"names {missing[0]!r} and {missing[1]!r} are not defined after the block"
        return ComparisonResult(False, message=message)
    return _compare(names, [namespace[name] for name in names], rtol, atol)


def compare_halves(
    left: dict[str, Any],
    right: dict[str, Any],
    names: Sequence[str],
    rtol: float,
    atol: float,
) -> ComparisonResult:
    """Compare the left half's ``names[0]`` with the right half's ``names[1]`` (each half ran
    in its own namespace), as :func:`compare_values` compares two variables."""
    missing = [
        f"name {name!r} is not defined after the {side} half"
        for name, side, namespace in zip(names, ("left", "right"), (left, right), strict=True)
        if name not in namespace
    ]
    if missing:
        return ComparisonResult(False, message="; ".join(missing))
    return _compare(names, [left[names[0]], right[names[1]]], rtol, atol)


def _compare(
    names: Sequence[str], values: Sequence[Any], rtol: float, atol: float
) -> ComparisonResult:
    try:
        import numpy as np
    except ImportError as exc:
        return ComparisonResult(
            False, message=f"cannot compare: numpy is not importable in the example process ({exc})"
        )
    arrays = []
    for name, value in zip(names, values, strict=True):
        try:
            arrays.append(_to_array(value, np))
        except Exception as exc:
            return ComparisonResult(
                False,
                message=f"cannot compare: {name!r} is not array-like "
                f"({type(exc).__name__}: {safe_str(exc)})",
            )
    left, right = arrays
    left_shape = tuple(int(n) for n in left.shape)
    right_shape = tuple(int(n) for n in right.shape)
    if left_shape != right_shape:
        return ComparisonResult(
            False,
            left_shape,
            right_shape,
            message=f"shapes differ: {_shape_text(left_shape)} vs {_shape_text(right_shape)}",
        )
    if left.dtype.kind not in "biufc" or right.dtype.kind not in "biufc":
        equal = bool(np.array_equal(left, right))
        return ComparisonResult(
            equal,
            left_shape,
            right_shape,
            message="agree: equal values" if equal else "differ: values are not equal",
        )
    wide = np.complex128 if "c" in (left.dtype.kind, right.dtype.kind) else np.float64
    a = left.astype(wide)
    b = right.astype(wide)
    with np.errstate(all="ignore"):
        a, b = np.atleast_1d(a), np.atleast_1d(b)  # two plain numbers compare too
        diff = np.abs(a - b)
        both_nan = np.isnan(a) & np.isnan(b)
        same_inf = np.isinf(a) & (a == b)
        diff[both_nan | same_inf] = 0.0
        scale = np.abs(b)
        rel = np.where(diff == 0, 0.0, diff / np.where(scale == 0, 0.0, scale))
    max_abs = float(diff.max()) if diff.size else 0.0
    max_rel = float(rel.max()) if rel.size else 0.0
    agree = bool(np.allclose(a, b, rtol=rtol, atol=atol, equal_nan=True))
    if agree:
        message = f"agree: max abs diff {max_abs:.2g}"
    else:
        message = f"differ: max abs diff {max_abs:.2g} (rtol {rtol:g}, atol {atol:g})"
    return ComparisonResult(agree, left_shape, right_shape, max_abs, max_rel, message)
