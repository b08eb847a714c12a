"""shapes 2.0: a tiny library whose two releases the manual compares (docs/cli.rst)."""

from .measure import area

__version__ = "2.0"

__all__ = ["Rectangle", "area", "diagonal", "scale", "unit"]


def scale(shape, factor=1.0, *, clip=None):
    return [side * factor for side in shape]


def unit():
    return Rectangle(1, 1)


def diagonal(width, height):
    return (width**2 + height**2) ** 0.5


class Rectangle:
    def __init__(self, width, height, colour="black"):
        self.width, self.height, self.colour = width, height, colour
