"""The library of the warnings test root."""


def left(x, y=1, *, flag=False):
    """Left."""


def right(x, y=2, *, flag=False):
    """Right."""


def other(x):
    """Other."""
