# ruff: noqa: F821, UP006, UP007, UP035  (written the way MegEngine writes its source)
from typing import Optional, Tuple, Union

from ._registry import deprecated_alias


@deprecated_alias(inp="input")
def conv2d(
    inp: "Tensor",
    weight: "Tensor",
    bias: Optional["Tensor"] = None,
    stride: Union[int, Tuple[int, int]] = 1,
    padding: Union[int, Tuple[int, int]] = 0,
    dilation: Union[int, Tuple[int, int]] = 1,
    groups: int = 1,
    conv_mode="cross_correlation",
    compute_mode="default",
) -> "Tensor":
    raise NotImplementedError


def scale(*args, **kwargs):
    """Its real signature is in functional.pyi."""
