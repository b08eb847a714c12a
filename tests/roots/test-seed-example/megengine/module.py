import numpy as np

from .tensor import Tensor


class ConvTranspose2d:
    def __init__(
        self,
        in_channels,
        out_channels,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        dilation=1,
        groups=1,
        bias=True,
        conv_mode="cross_correlation",
        compute_mode="default",
        **kwargs,
    ):
        self.out_channels = out_channels
        self.stride = stride
        self.padding = padding
        self.kernel_size = kernel_size

    def __call__(self, x):
        n, _, h, w = x.shape
        size = lambda d: (d - 1) * self.stride - 2 * self.padding + self.kernel_size  # noqa: E731
        return Tensor(np.zeros((n, self.out_channels, size(h), size(w)), dtype="float32"))
