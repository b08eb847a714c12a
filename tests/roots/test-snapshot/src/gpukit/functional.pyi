# ruff: noqa: F821, UP006, UP007, UP035, UP045  (written the way MegEngine writes its source)
from typing import Optional, Tuple, Union

def conv2d(
    inp: Tensor,
    weight: Tensor,
    bias: Optional[Tensor] = None,
    stride: Union[int, Tuple[int, int]] = 1,
    padding: Union[int, Tuple[int, int]] = 0,
    dilation: Union[int, Tuple[int, int]] = 1,
    groups: int = 1,
    conv_mode=...,
    compute_mode=...,
) -> Tensor: ...
def scale(x: float, factor: float = 2.0, *, inplace: bool = False) -> float: ...
