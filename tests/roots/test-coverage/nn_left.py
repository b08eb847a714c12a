"""A framework's layers, named as PyTorch names them."""


class Conv2d:
    def __init__(self, in_channels, out_channels, kernel_size):
        pass


class AvgPool2d:
    def __init__(self, kernel_size):
        pass


class BatchNorm2d:
    def __init__(self, num_features, eps=1e-5):
        pass


class Linear:
    def __init__(self, in_features, out_features):
        pass


class Unfold:
    def __init__(self, kernel_size):
        pass


def relu(x):
    return x
