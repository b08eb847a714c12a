"""Reading a signature's parameters as tuples, and a package of classes to read: shared by the
``test_introspect*.py`` files.

Their ``torch`` and ``make_package`` fixtures are in ``tests/conftest.py``.
"""

from __future__ import annotations

from sphinx_apidiff.signature import Kind


def params(api, index=0):
    sig = api.overloads[index]
    return [(p.name, p.kind, p.default) for p in sig.parameters]


PK = Kind.POSITIONAL_OR_KEYWORD
KW = Kind.KEYWORD_ONLY
PO = Kind.POSITIONAL_ONLY
VP = Kind.VAR_POSITIONAL
VK = Kind.VAR_KEYWORD

#: The ``apidiff_classes`` package (the ``classes`` fixture of each file that reads it).
CLASSES = """
import functools


class WithInit:
    def __init__(self, a: int, b: str = "x", *, c=None) -> None:
        pass


class NewOnly:
    def __new__(cls, size, fill=0):
        return super().__new__(cls)


class Meta(type):
    def __call__(cls, left, right=2):
        return super().__call__()


class WithMeta(metaclass=Meta):
    def __init__(self, ignored):
        pass


class Declared:
    def __init__(self, *args, **kwargs):
        pass


import inspect as _inspect

Declared.__signature__ = _inspect.Signature(
    [_inspect.Parameter("q", _inspect.Parameter.KEYWORD_ONLY, default=3)]
)


class BareInit:
    '''BareInit(width, height=1)

    Built from C in real life.'''

    def __init__(self, *args, **kwargs):
        pass


class Methods:
    def method(x, y, z=1):
        pass

    @staticmethod
    def static(a, b=2):
        pass

    @classmethod
    def klass(cls, a, b=3):
        pass


from typing import overload


class OverloadedInit:
    @overload
    def __init__(self, size: int, mode: str = "zeros") -> None: ...

    @overload
    def __init__(self, *args, **kwargs) -> None: ...

    def __init__(self, *args, **kwargs):
        pass


@overload
def overloaded(x: int) -> int: ...


@overload
def overloaded(x: str, *, strict: bool = False) -> str: ...


def overloaded(*args, **kwargs):
    pass


def decorator(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        return func(*args, **kwargs)

    return wrapper


@decorator
def decorated(alpha, beta=0.5):
    pass


def base(a, b, c=1, *, d=2):
    pass


bound = functools.partial(base, 10, c=30)
"""
