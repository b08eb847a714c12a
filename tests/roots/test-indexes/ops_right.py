"""Another framework's operators (the other side)."""

__all__ = ["abs", "add", "concat", "relu"]


def abs(x):
    return x


def add(x, y, name=None):
    return x


def concat(inps, axis=0):
    return inps


def relu(x):
    return x
