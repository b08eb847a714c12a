"""Reading signatures at run time from real libraries and from small packages written on the fly:
torch, numpy, pure Python, defaults.

The other ``test_introspect_*.py`` files: docstrings and stubs, explicit signatures,
resolving (errors, versions) and the docstring dialects of C callables.
"""

from __future__ import annotations

import enum
import importlib
import sys

import pytest
from introspect_parts import CLASSES, KW, PK, PO, VP, params

from sphinx_apidiff import introspect
from sphinx_apidiff.introspect import read_api, resolve
from sphinx_apidiff.introspect.runtime import Reading
from sphinx_apidiff.introspect.stubs import read_stub
from sphinx_apidiff.signature import Kind

# ------------------------------------------------------------------------ torch, numpy


@pytest.mark.torch
def test_torch_conv_transpose2d_class(torch):
    api = read_api("torch.nn.ConvTranspose2d")
    assert (api.kind, api.source, api.label) == ("class", "runtime", "torch")
    assert api.version == importlib.metadata.version("torch")
    assert params(api) == [
        ("in_channels", PK, None),
        ("out_channels", PK, None),
        ("kernel_size", PK, None),
        ("stride", PK, "1"),
        ("padding", PK, "0"),
        ("output_padding", PK, "0"),
        ("groups", PK, "1"),
        ("bias", PK, "True"),
        ("dilation", PK, "1"),
        ("padding_mode", PK, "'zeros'"),
        ("device", PK, "None"),
        ("dtype", PK, "None"),
    ]
    sig = api.signature
    assert sig.return_annotation is None
    assert sig["in_channels"].annotation == "int"
    assert sig["kernel_size"].annotation == "Union[int, tuple[int, int]]"
    assert sig["padding_mode"].annotation.startswith("Literal['zeros'")
    assert all(p.default_known for p in sig.parameters)
    assert "instance parameter 'self' not compared" in api.notes


@pytest.mark.torch
def test_torch_add_from_its_stub(torch):
    """The docstring and the generated stub agree on names: the stub's overloads are read, the
    deprecated ``add(self, alpha, other)`` ones with their receiver positional-only."""
    api = read_api("torch.add")
    assert (api.kind, api.source) == ("builtin", "stub")
    assert params(api) == [
        ("input", PK, None),
        ("other", PK, None),
        ("alpha", KW, "1"),
        ("out", KW, "None"),
    ]
    assert api.signature.return_annotation == "Tensor"
    assert [o.names() for o in api.overloads[1:]] == [
        ["self", "alpha", "other"],
        ["self", "alpha", "other", "out"],
    ]
    assert all(o["self"].kind is Kind.POSITIONAL_ONLY for o in api.overloads[1:])
    assert any(n.startswith("runtime: ValueError") for n in api.notes)
    assert not any("0x" in n for n in api.notes)


@pytest.mark.torch
def test_torch_sum_has_two_overloads(torch):
    api = read_api("torch.sum")
    assert api.source == "stub"
    assert [o.names() for o in api.overloads] == [
        ["input", "dtype"],
        ["input", "dim", "keepdim", "dtype", "out"],
    ]
    assert api.overloads[1]["keepdim"].default == "False"


@pytest.mark.torch
def test_torch_tensor_method_has_no_self(torch):
    api = read_api("torch.Tensor.add")
    assert api.kind == "method"
    assert api.source in ("docstring", "stub")
    assert api.signature.names()[:2] == ["other", "alpha"]
    assert api.signature["alpha"].kind is KW
    assert "self" not in api.signature.names()


@pytest.mark.torch
def test_torch_stubs_are_read(torch):
    """The stub source on its own: torch.add's overloads, Tensor.add without ``self``."""
    reading = Reading()
    obj, owner, module = resolve("torch.add")
    overloads = read_stub(obj, "torch.add", owner, module, "none", reading)
    assert len(overloads) == 3
    assert overloads[0].names() == ["input", "other", "alpha", "out"]
    assert overloads[0]["alpha"].default == "1"

    obj, owner, module = resolve("torch.Tensor.add")
    overloads = read_stub(obj, "torch.Tensor.add", owner, module, "drop", reading)
    assert overloads[0].names() == ["other", "alpha", "out"]
    assert "instance parameter 'self' not compared" in overloads[0].notes


@pytest.mark.torch
def test_torch_dispatcher_is_not_bare_varargs(torch):
    api = read_api("torch.nn.functional.max_pool2d")
    assert not api.signature.is_bare_varargs()
    assert api.source == "stub"
    assert api.signature.names() == [
        "input",
        "kernel_size",
        "stride",
        "padding",
        "dilation",
        "ceil_mode",
        "return_indices",
    ]
    assert "runtime: only (*args, **kwargs)" in api.notes


@pytest.mark.torch
def test_torch_docstring_redundant_star_after_varargs(torch):
    # the docstring says ``zeros(*size, *, out=None, ...)``: not Python, but clear enough
    obj, owner, _module = resolve("torch.zeros")
    (sig,) = introspect.read.read_docstring(obj, "torch.zeros", owner, "none", Reading())
    assert [(p.name, p.kind, p.default) for p in sig.parameters][:2] == [
        ("size", VP, None),
        ("out", KW, "None"),
    ]
    assert sig["layout"].default == "torch.strided"


def test_numpy_sum_sentinel_default_is_unknown():
    np = pytest.importorskip("numpy")
    api = read_api("numpy.sum")
    assert (api.kind, api.source, api.version) == ("function", "runtime", np.__version__)
    keepdims = api.signature["keepdims"]
    assert keepdims.default == "<no value>"
    assert keepdims.default_known is False
    assert api.signature["axis"].default == "None"
    assert api.signature["axis"].default_known is True


def test_numpy_ufunc_has_a_signature():
    pytest.importorskip("numpy")
    api = read_api("numpy.add")
    assert api.signature.names()[:2] == ["x1", "x2"]
    assert api.signature["x1"].kind is PO
    assert api.signature["casting"].default == "'same_kind'"


def test_os_path_join():
    api = read_api("os.path.join")
    assert (api.kind, api.source, api.version, api.label) == ("function", "runtime", None, "os")
    assert params(api) == [("a", PK, None), ("p", VP, None)]


def test_label_is_kept():
    assert read_api("os.path.join", label="stdlib").label == "stdlib"


# ----------------------------------------------------------------------- pure Python


@pytest.fixture
def classes(make_package):
    make_package("apidiff_classes", {"__init__.py": CLASSES})
    return "apidiff_classes"


def test_class_with_init(classes):
    api = read_api(f"{classes}.WithInit")
    assert (api.kind, api.source) == ("class", "runtime")
    assert params(api) == [("a", PK, None), ("b", PK, "'x'"), ("c", KW, "None")]
    assert api.signature["a"].annotation == "int"
    assert api.signature.return_annotation is None
    assert api.version is None


def test_class_with_new_only(classes):
    api = read_api(f"{classes}.NewOnly")
    assert params(api) == [("size", PK, None), ("fill", PK, "0")]


def test_metaclass_call(classes):
    api = read_api(f"{classes}.WithMeta")
    assert params(api) == [("left", PK, None), ("right", PK, "2")]


def test_class_signature_attribute(classes):
    api = read_api(f"{classes}.Declared")
    assert params(api) == [("q", KW, "3")]


def test_bare_varargs_class_falls_through_to_docstring(classes):
    api = read_api(f"{classes}.BareInit")
    assert api.source == "docstring"
    assert params(api) == [("width", PK, None), ("height", PK, "1")]


def test_partial(classes):
    api = read_api(f"{classes}.bound")
    assert (api.kind, api.source) == ("partial", "runtime")
    assert params(api) == [("b", PK, None), ("c", KW, "30"), ("d", KW, "2")]
    assert api.signature["c"].default_known


def test_wraps_follows_wrapped(classes):
    api = read_api(f"{classes}.decorated")
    assert api.kind == "function"
    assert params(api) == [("alpha", PK, None), ("beta", PK, "0.5")]


def test_method_through_class_drops_first_whatever_its_name(classes):
    api = read_api(f"{classes}.Methods.method")
    assert api.kind == "method"
    assert params(api) == [("y", PK, None), ("z", PK, "1")]
    assert "instance parameter 'x' not compared" in api.notes


def test_staticmethod_and_classmethod_through_class(classes):
    static = read_api(f"{classes}.Methods.static")
    assert static.kind == "staticmethod"
    assert params(static) == [("a", PK, None), ("b", PK, "2")]
    klass = read_api(f"{classes}.Methods.klass")
    assert klass.kind == "classmethod"
    assert params(klass) == [("a", PK, None), ("b", PK, "3")]


def test_resolve_returns_owner_and_module(classes):
    obj, owner, module = resolve(f"{classes}.Methods.static")
    assert module == classes
    assert owner is sys.modules[classes].Methods
    assert obj(1) is None
    obj, owner, module = resolve("os.path.join")
    assert (owner, module) == (None, "os.path")


def test_read_sees_a_replaced_object(classes, monkeypatch):
    assert read_api(f"{classes}.decorated").signature.names() == ["alpha", "beta"]

    def decorated(gamma):
        pass

    monkeypatch.setattr(sys.modules[classes], "decorated", decorated)
    assert read_api(f"{classes}.decorated").signature.names() == ["gamma"]


# ------------------------------------------------------------------------ defaults


class Color(enum.Enum):
    RED = 1


def _with_defaults(
    sentinel=object(),  # noqa: B008
    color=Color.RED,
    func=len,
    kind=int,
    flags=frozenset("ba"),
):
    pass


def test_default_texts_are_reproducible():
    sig = read_api(f"{__name__}._with_defaults").signature
    sentinel = sig["sentinel"]
    assert sentinel.default == "<object object>"
    assert sentinel.default_known is False
    assert (sig["color"].default, sig["color"].default_known) == ("Color.RED", True)
    assert sig["func"].default == "len"
    assert sig["kind"].default == "int"
    assert sig["flags"].default == "frozenset({'a', 'b'})"


def test_annotation_text():
    from typing import Optional

    assert introspect.format_annotation(Optional[int]) == "Optional[int]"  # noqa: UP045
    assert introspect.format_annotation(list[int]) == "list[int]"
    assert introspect.format_annotation(int | None) == "int | None"
    assert introspect.format_annotation(type(None)) == "None"
    assert introspect.format_annotation("np.ndarray") == "np.ndarray"
    assert introspect.format_annotation(enum.Enum) == "enum.Enum"
