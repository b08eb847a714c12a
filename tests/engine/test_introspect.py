"""Reading signatures from real libraries and from small packages written on the fly."""

from __future__ import annotations

import enum
import functools
import importlib
import math
import sys
import textwrap

import pytest

from sphinx_apidiff import introspect
from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.introspect import package_version, read_api, resolve
from sphinx_apidiff.introspect.read import _binding
from sphinx_apidiff.introspect.runtime import Reading
from sphinx_apidiff.introspect.stubs import read_stub
from sphinx_apidiff.signature import Kind

# ----------------------------------------------------------------------------- helpers


@pytest.fixture
def torch():
    return pytest.importorskip("torch")


@pytest.fixture
def make_package(tmp_path, monkeypatch):
    """Write ``{relative path: source}`` under tmp_path and make it importable."""
    created: list[str] = []

    def make(name: str, files: dict[str, str]) -> None:
        for relative, source in files.items():
            target = tmp_path / name / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(textwrap.dedent(source))
        created.append(name)
        importlib.invalidate_caches()

    monkeypatch.syspath_prepend(str(tmp_path))
    yield make
    for name in created:
        for module in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[module]


def params(api, index=0):
    sig = api.overloads[index]
    return [(p.name, p.kind, p.default) for p in sig.parameters]


PK = Kind.POSITIONAL_OR_KEYWORD
KW = Kind.KEYWORD_ONLY
PO = Kind.POSITIONAL_ONLY
VP = Kind.VAR_POSITIONAL
VK = Kind.VAR_KEYWORD


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


# ---------------------------------------------------------------------------- explicit


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


# ------------------------------------------------------------------------------ errors


def test_error_module_not_found():
    with pytest.raises(ApiDiffError) as info:
        read_api("apidiff_no_such_module.f")
    assert str(info.value) == (
        "cannot import 'apidiff_no_such_module.f': no module named 'apidiff_no_such_module'"
    )


def test_error_attribute_with_suggestions():
    pytest.importorskip("numpy")
    with pytest.raises(ApiDiffError) as info:
        read_api("numpy.summ")
    message = str(info.value)
    assert message.startswith("'numpy' has no attribute 'summ'; did you mean 'sum'")
    assert message.endswith("?")


def test_error_attribute_without_suggestions():
    with pytest.raises(ApiDiffError, match=r"^'os\.path' has no attribute 'qqqqqq'$"):
        read_api("os.path.qqqqqq")


def test_error_import_raises(make_package):
    make_package(
        "apidiff_badmod",
        {"__init__.py": "raise RuntimeError('broken on purpose\\nsecond line')\n"},
    )
    with pytest.raises(ApiDiffError) as info:
        read_api("apidiff_badmod.func")
    # the import failed, so its source was read instead (static reading): it has no func either
    assert str(info.value) == (
        "importing 'apidiff_badmod' raised RuntimeError: broken on purpose; reading its source "
        "instead: 'apidiff_badmod.func' is not in the source of 'apidiff_badmod'"
    )


def test_error_import_of_missing_dependency(make_package):
    make_package("apidiff_needsdep", {"__init__.py": "import apidiff_missing_dependency\n"})
    with pytest.raises(ApiDiffError) as info:
        read_api("apidiff_needsdep.func")
    assert str(info.value) == (
        "importing 'apidiff_needsdep' raised ModuleNotFoundError: "
        "No module named 'apidiff_missing_dependency'; reading its source instead: "
        "'apidiff_needsdep.func' is not in the source of 'apidiff_needsdep'"
    )


def test_error_not_callable():
    with pytest.raises(ApiDiffError) as info:
        read_api("math.pi")
    assert str(info.value) == "'math.pi' is not callable (it is a float)"
    with pytest.raises(ApiDiffError, match=r"^'os' is not callable \(it is a module\)$"):
        read_api("os")


def test_error_bad_path():
    with pytest.raises(ApiDiffError, match="is not a dotted Python path"):
        read_api("os..path")


# ----------------------------------------------------------------------------- version


def test_package_version(make_package):
    np = pytest.importorskip("numpy")
    assert package_version("numpy.linalg") == np.__version__
    assert package_version("os.path") is None
    make_package("apidiff_versioned", {"__init__.py": "__version__ = '1.2.3'\ndef f(): pass\n"})
    assert read_api("apidiff_versioned.f").version == "1.2.3"


def test_reading_again_answers_from_the_memo():
    # how much cheaper is measured in bench/bench_compare.py ("read_api x2 again")
    first = read_api("os.path.join")
    assert read_api("os.path.join") is first
    introspect.clear_caches()
    again = read_api("os.path.join")
    assert again is not first and again == first


def test_math_builtin():
    api = read_api("math.sqrt")
    assert (api.kind, api.source) == ("builtin", "runtime")
    assert params(api) == [("x", PO, None)]


def test_partial_in_module_namespace_is_not_a_method():
    # a partial stored on a class does not bind: nothing is dropped
    class Holder:
        run = functools.partial(math.pow, 2)

    assert _binding(Holder.run, Holder, "x.Holder.run") == ("partial", "none")


# ------------------------------------------------------- docstring dialects of C callables


def test_math_log_bracketed_parameter_keeps_its_default():
    api = read_api("math.log")
    assert api.source == "docstring"
    # math.log takes no keyword (its method table entry says so): both are positional-only
    assert params(api) == [("x", PO, None), ("base", PO, "math.e")]
    assert api.signature["base"].default_known


def test_itertools_arrow_return_of_a_class():
    chain = read_api("itertools.chain")
    assert (chain.source, params(chain)) == ("docstring", [("iterables", VP, None)])
    assert chain.signature.return_annotation is None  # "--> chain object" is the instance
    islice = read_api("itertools.islice")
    assert [sig.names() for sig in islice.overloads] == [
        ["iterable", "stop"],
        ["iterable", "start", "stop", "step"],
    ]
    assert read_api("itertools.product").signature["repeat"].default == "1"
    # "partial(func, *args, **keywords) - new function with partial application ..."
    assert read_api("functools.partial").signature.names() == ["func", "args", "keywords"]


@pytest.mark.torch
def test_torch_c_typed_parameter(torch):
    api = read_api("torch.linalg.lu_factor")
    assert params(api) == [("A", PK, None), ("pivot", KW, "True"), ("out", KW, "None")]
    assert api.signature["pivot"].annotation == "bool"


@pytest.mark.torch
def test_torch_pybind11_class_constructors_from_init_docstring(torch):
    from sphinx_apidiff.introspect.docstring import read_init_docstring

    # "1. __init__(self: torch._C.PyTorchFileWriter, file_name: str, ...) -> None" ...
    assert torch.PyTorchFileWriter.__doc__ is None
    overloads = read_init_docstring(torch.PyTorchFileWriter, Reading())
    assert [sig.names()[:2] for sig in overloads] == [
        ["file_name", "compute_crc32"],
        ["buffer", "compute_crc32"],
        ["writer_func", "compute_crc32"],
    ]
    assert all(sig.return_annotation is None for sig in overloads)
    assert overloads[0]["compute_crc32"].annotation == "bool"
    # the stub names what pybind11 calls arg0, so it answers first where there is one
    assert read_api("torch.PyTorchFileWriter").source == "stub"
    graph = read_api("torch.Graph")  # __init__(self: torch._C.Graph) -> None, no stub
    assert graph.source == "docstring" and graph.signature.parameters == ()
    key = read_api("torch.DispatchKey")
    assert key.signature.names() == ["value"]


@pytest.mark.torch
def test_torch_legacy_tensor_type_is_unreadable_with_a_reason(torch):
    with pytest.raises(ApiDiffError) as info:
        read_api("torch.FloatTensor")
    assert "a class whose constructor is built in C" in str(info.value)
    assert "give one explicitly" in str(info.value)


def test_typing_overloads_answer_for_a_bare_implementation(classes):
    # torch.nn.GRU's way: typed @overload declarations over an (*args, **kwargs) body
    api = read_api(f"{classes}.OverloadedInit")
    assert (api.kind, api.source) == ("class", "runtime")
    assert params(api) == [("size", PK, None), ("mode", PK, "'zeros'")]  # bare overload left out
    assert api.signature.return_annotation is None
    func = read_api(f"{classes}.overloaded")
    assert [[p.name for p in sig.parameters] for sig in func.overloads] == [["x"], ["x", "strict"]]
    assert func.overloads[1]["strict"].kind is KW


def test_torch_recurrent_modules_read_from_their_overloads(torch):
    gru = read_api("torch.nn.GRU")
    names = [p.name for p in gru.signature.parameters]
    assert names[:3] == ["input_size", "hidden_size", "num_layers"]
    assert "proj_size" in [p.name for p in read_api("torch.nn.LSTM").signature.parameters]
