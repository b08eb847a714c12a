"""Another framework's layers, named as PaddlePaddle names them: ``2D``, not ``2d``."""


class Conv2D:
    def __init__(self, in_channels, out_channels, kernel_size):
        pass


class AvgPool2D:
    def __init__(self, kernel_size):
        pass


class BatchNorm2D:
    def __init__(self, num_features, epsilon=1e-5):
        pass


class Linear:
    def __init__(self, in_features, out_features):
        pass


def relu(x):
    return x


class ReLU:
    def __init__(self):
        pass
