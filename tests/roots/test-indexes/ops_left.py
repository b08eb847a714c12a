"""A small framework's operators (the covered side)."""

__all__ = ["abs", "absolute", "add", "cat", "int_repr", "relu"]


def abs(input, *, out=None):
    return input


def absolute(input, *, out=None):
    return input


def add(input, other, *, alpha=1, out=None):
    return input


def cat(tensors, dim=0, *, out=None):
    return tensors


def int_repr(input):
    return input


def relu(input, inplace=False):
    return input
