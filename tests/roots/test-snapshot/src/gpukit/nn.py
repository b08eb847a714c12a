# ruff: noqa: UP006, UP007, UP035  (written the way MegEngine writes its source)
from typing import Tuple, Union

from ._registry import register


class Module:
    def __init__(self, name=None):
        self.name = name


class _ConvNd(Module):
    def __init__(self, in_channels: int, out_channels: int, kernel_size, **kwargs):
        super().__init__(**kwargs)


@register("deconv")
class ConvTranspose2d(_ConvNd):
    """Like MegEngine's: ``dilation`` comes before ``groups`` and ``bias``."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Union[int, Tuple[int, int]],
        stride: Union[int, Tuple[int, int]] = 1,
        padding: Union[int, Tuple[int, int]] = 0,
        output_padding: Union[int, Tuple[int, int]] = 0,
        dilation: Union[int, Tuple[int, int]] = 1,
        groups: int = 1,
        bias: bool = True,
        conv_mode: str = "cross_correlation",
        compute_mode: str = "default",
        **kwargs,
    ):
        super().__init__(in_channels, out_channels, kernel_size, **kwargs)


class Linear(Module):
    # no __init__ of its own: Module's is inherited
    pass
