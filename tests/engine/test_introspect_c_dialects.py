"""The docstring dialects of C callables (math, numpy, torch builtins): what each says it takes."""

from __future__ import annotations

import pytest
from introspect_parts import CLASSES, KW, PK, PO, VP, params

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.introspect import read_api
from sphinx_apidiff.introspect.runtime import Reading

# ------------------------------------------------------- docstring dialects of C callables


@pytest.fixture
def classes(make_package):
    make_package("apidiff_classes", {"__init__.py": CLASSES})
    return "apidiff_classes"


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
