class Conv2d:
    def __init__(self, in_channels, out_channels, kernel_size, stride=1):
        pass


class Linear:
    def __init__(self, in_features, out_features):
        pass
