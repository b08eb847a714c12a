"""A small stand-in for MegEngine: just enough of its API for the seed page's example."""

from . import module, random
from .tensor import Tensor

float32 = "float32"

__all__ = ["Tensor", "float32", "module", "random"]
