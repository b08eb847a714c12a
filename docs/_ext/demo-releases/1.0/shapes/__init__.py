"""shapes 1.0: a tiny library whose two releases the manual compares (docs/cli.rst)."""

import warnings

__version__ = "1.0"

__all__ = ["Rectangle", "area", "perimeter", "scale", "surface", "unit"]


def area(width, height):
    return width * height


def surface(width, height):
    warnings.warn("surface() is deprecated: use area()", DeprecationWarning, stacklevel=2)
    return area(width, height)


def perimeter(width, height):
    return 2 * (width + height)


def scale(shape, factor=1.0):
    return [side * factor for side in shape]


def unit():
    return Rectangle(1, 1)


class Rectangle:
    def __init__(self, width, height, color="black"):
        self.width, self.height, self.color = width, height, color
