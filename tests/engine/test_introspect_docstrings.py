"""Signatures read from docstrings and stubs, where the callable itself gives none."""

from __future__ import annotations

import pytest
from introspect_parts import PK, params

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.introspect import read_api

# ------------------------------------------------------------ docstring and stub sources


DISPATCH = '''
class _Dispatcher:
    """Not a signature line: see below."""

    def __init__(self, doc):
        self.__doc__ = doc

    @property
    def __signature__(self):
        raise ValueError("no signature found for builtin <thing at 0x7f00deadbeef>")

    def __call__(self, *args, **kwargs):
        pass


combine = _Dispatcher("""
combine(a, b, *, how='left') -> Frame

combine(a, b) joins two frames: prose, not a signature.

Examples::

    >>> combine(x, y)
    combine(result=1, other=2)

.. function:: combine(a, b, c,
                      d=4) -> Frame
""")
combine.__name__ = "combine"

stubbed = _Dispatcher(None)
stubbed.__name__ = "stubbed"

undocumented = _Dispatcher(None)
undocumented.__name__ = "undocumented"


def only_varargs(*args, **kwargs):
    pass


class CThing:
    __signature__ = property(lambda self: (_ for _ in ()).throw(ValueError("nope")))

    def grow(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        pass
'''

STUB = """
from typing import overload

@overload
def stubbed(x: int, /, scale: float = 1.0) -> int: ...
@overload
def stubbed(x: str, *, sep: str = ...) -> str: ...

class CThing:
    def __init__(self, size: int, fill: float = 0.0) -> None: ...
    def grow(self, by: int = 1) -> None: ...
    @staticmethod
    def make(n: int) -> CThing: ...
"""


@pytest.fixture
def dispatch(make_package):
    make_package("apidiff_dispatch", {"__init__.py": "", "mod.py": DISPATCH, "mod.pyi": STUB})
    return "apidiff_dispatch.mod"


def test_docstring_overloads_skip_examples(dispatch):
    api = read_api(f"{dispatch}.combine")
    assert (api.kind, api.source) == ("callable", "docstring")
    assert [o.text() for o in api.overloads] == [
        "(a, b, *, how='left') -> Frame",
        "(a, b, c, d=4) -> Frame",
    ]
    note = api.notes[0]
    assert note.startswith("runtime: ValueError: no signature found for builtin <thing")
    assert "0x" not in note


def test_stub_overloads(dispatch):
    api = read_api(f"{dispatch}.stubbed")
    assert api.source == "stub"
    assert [o.text() for o in api.overloads] == [
        "(x: int, /, scale: float = 1.0) -> int",
        "(x: str, *, sep: str = ...) -> str",
    ]
    assert api.overloads[1]["sep"].default_known is False
    assert "docstring: none" in api.notes


def test_stub_method_and_class_drop_self(dispatch):
    grow = read_api(f"{dispatch}.CThing.grow")
    assert (grow.kind, grow.source) == ("method", "stub")
    assert params(grow) == [("by", PK, "1")]
    thing = read_api(f"{dispatch}.CThing")
    assert thing.kind == "class"
    assert thing.source == "stub"
    assert params(thing) == [("size", PK, None), ("fill", PK, "0.0")]
    assert thing.signature.return_annotation is None


def test_bare_varargs_is_the_last_resort(dispatch):
    api = read_api(f"{dispatch}.only_varargs")
    assert api.source == "runtime"
    assert api.signature.is_bare_varargs()
    assert "runtime: only (*args, **kwargs)" in api.notes


def test_no_signature_from_any_source(dispatch):
    with pytest.raises(ApiDiffError) as info:
        read_api(f"{dispatch}.undocumented")
    assert str(info.value) == (
        f"no signature for '{dispatch}.undocumented' from runtime, docstring or stub "
        "(docstring: none; stub: no .pyi defines it); give one explicitly"
    )
