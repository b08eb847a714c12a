"""A module whose import ends the process that imports it."""

import sys


def conv2d(x, weight):
    return x


class Linear:
    def __init__(self, in_features, out_features):
        pass


sys.exit(3)
