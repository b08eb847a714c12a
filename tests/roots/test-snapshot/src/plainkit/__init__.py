"""A package that imports fine but is listed in ``apidiff_static``: never imported."""

import sys

sys.stderr.write("plainkit was imported\n")


def scale(x: float, factor: float = 2.0, *, inplace: bool = False) -> float:
    return x * factor
