"""The right library of the basic test root."""


def resize(
    image,
    size,
    antialias=False,
    mode="bilinear",
    *,
    max_size=None,
    align_corners=None,
    name=None,
    **kwargs,
):
    """Resize an image."""


def clip(x, lower, upper):
    """Clip values."""
