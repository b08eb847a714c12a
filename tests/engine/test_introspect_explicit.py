"""Signatures the author writes (explicit), for libraries read or not installed."""

from __future__ import annotations

import importlib

import pytest
from introspect_parts import CLASSES, PK, params

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.introspect import read_api

# ---------------------------------------------------------------------------- explicit


@pytest.fixture
def classes(make_package):
    make_package("apidiff_classes", {"__init__.py": CLASSES})
    return "apidiff_classes"


def test_explicit_for_a_library_that_is_not_installed():
    assert importlib.util.find_spec("megengine") is None
    api = read_api(
        "megengine.module.ConvTranspose2d",
        signature="ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, "
        "padding=0,\n    dilation=1, groups=1, bias=True)",
    )
    assert (api.kind, api.source, api.version, api.label) == (
        "explicit",
        "explicit",
        None,
        "megengine",
    )
    assert len(api.overloads) == 1
    assert api.signature.names()[-1] == "bias"
    assert api.notes[0].startswith("not resolved: cannot import 'megengine.module.ConvTranspose2d'")


def test_explicit_overloads_one_per_line():
    api = read_api("mylib.f", signature="(a, b=1) -> int\n\n(a, *, c) -> str\n")
    assert [o.text() for o in api.overloads] == ["(a, b=1) -> int", "(a, *, c) -> str"]


def test_explicit_for_an_importable_object_keeps_kind_and_version(classes):
    api = read_api(f"{classes}.Methods.method", signature="(self, y, w=5)")
    assert (api.kind, api.source) == ("method", "explicit")
    assert params(api) == [("y", PK, None), ("w", PK, "5")]
    assert read_api("os.path.join", signature="(a, *p)").kind == "function"


def test_explicit_self_is_dropped_only_for_an_instance_call(classes):
    api = read_api("mylib.Thing.method", signature="def method(self, a): ...")
    assert api.signature.names() == ["a"]
    assert "instance parameter 'self' not compared" in api.notes
    # a function whose first parameter is called self keeps it
    function = read_api(f"{classes}.decorated", signature="(self, alpha)")
    assert function.signature.names() == ["self", "alpha"]


def test_explicit_empty():
    with pytest.raises(ApiDiffError, match=r"^empty signature text for 'mylib\.f'$"):
        read_api("mylib.f", signature="  \n ")


def test_explicit_malformed():
    with pytest.raises(ApiDiffError) as info:
        read_api("mylib.g", signature="(a, b=)")
    message = str(info.value)
    assert message.startswith("malformed signature for 'mylib.g': cannot parse signature")
    assert "\n" not in message
