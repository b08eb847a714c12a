"""The other side of the ``indexes`` snapshot page's coverage."""

__all__ = ["concat", "sign"]


def sign(input):
    return input


def concat(inps, axis=0):
    return inps
