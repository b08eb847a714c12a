"""The library of the template test root."""


def left(x, y=1):
    """Left."""


def right(x, z=1):
    """Right."""
