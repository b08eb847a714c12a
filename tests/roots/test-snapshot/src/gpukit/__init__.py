"""A framework whose import fails where it has no GPU (as MegEngine's does on Python 3.11)."""

raise ImportError("gpukit needs a CUDA device: libgpukit_rt.so not found")

from .functional import conv2d  # noqa: E402  (never reached: read from the source)
from .nn import ConvTranspose2d, Linear  # noqa: E402

__all__ = ["ConvTranspose2d", "Linear", "conv2d"]
