"""Reading what a callable accepts: a C builtin's generated stub over its docstring, and the
operator schema its binding parses by over both where they disagree with it
(:mod:`sphinx_apidiff.introspect.reconcile`, :mod:`sphinx_apidiff.introspect.schemas`), and the reading check of ``bench/reading_probe.py``
that calls PyTorch's builtins with sentinels to see that every name shown is one they take."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.introspect import read_api, resolve
from sphinx_apidiff.introspect.binding_strings import (
    needed_libraries,
    parse_binding_string,
    read_binding_strings,
    strings_in,
)
from sphinx_apidiff.introspect.cflags import positional_only, takes_keywords
from sphinx_apidiff.introspect.docstring import read_docstring
from sphinx_apidiff.introspect.reconcile import prefer_binding, prefer_schema, reconcile
from sphinx_apidiff.introspect.runtime import Reading
from sphinx_apidiff.introspect.schemas import read_schema
from sphinx_apidiff.introspect.stubs import read_stub
from sphinx_apidiff.signature import Signature, parse_signature

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
import reading_probe as probe


def sigs(*texts: str) -> tuple[Signature, ...]:
    return tuple(parse_signature(t) for t in texts)


# ------------------------------------------------------------------- reconcile, pure


def test_the_stub_names_the_parameters_where_the_docstring_disagrees():
    reading = Reading()
    overloads, source = reconcile(
        sigs("(A, p=None, *, out=None)"), sigs("(input, p=..., *, out=None)"), reading
    )
    assert source == "stub"
    assert [o.text() for o in overloads] == ["(input, p=..., *, out=None)"]
    assert reading.notes == ["docstring: names A are not the stub's; the stub is read"]


def test_a_docstring_default_fills_the_stubs_ellipsis_where_the_names_agree():
    overloads, source = reconcile(
        sigs("(input, dim=-1, *, out=None)"),
        sigs("(input, dim=..., *, out=None)", "(input, dim: str, *, out=None)"),
        Reading(),
    )
    assert source == "stub"
    assert [o.text() for o in overloads] == [
        "(input, dim=-1, *, out=None)",
        "(input, dim: str, *, out=None)",  # required in the stub: stays required
    ]
    assert overloads[0]["dim"].default_known


def test_every_stub_overload_is_kept():
    overloads, _ = reconcile(
        sigs("(window_length, *, dtype=None)"),
        sigs(
            "(window_length, *, dtype=None)",
            "(window_length, periodic, *, dtype=None)",
            "(window_length, periodic, alpha, beta, *, dtype=None)",
        ),
        Reading(),
    )
    assert [o.names() for o in overloads] == [
        ["window_length", "dtype"],
        ["window_length", "periodic", "dtype"],
        ["window_length", "periodic", "alpha", "beta", "dtype"],
    ]


def test_a_disagreeing_docstring_lends_no_default():
    overloads, _ = reconcile(sigs("(divisor=2)"), sigs("(other=...)"), Reading())
    assert overloads[0]["other"].default == "..."
    assert not overloads[0]["other"].default_known


def test_a_docstring_out_of_order_does_not_agree():
    overloads, _ = reconcile(sigs("(b=1, a=2)"), sigs("(a=..., b=...)"), Reading())
    assert overloads[0].text() == "(a=..., b=...)"


def test_without_a_stub_the_docstring_is_read():
    docstring = sigs("(A, p=None)")
    assert reconcile(docstring, (), Reading()) == (docstring, "docstring")
    assert reconcile((), docstring, Reading()) == (docstring, "stub")


NAMES = st.lists(st.sampled_from("abcdefgh"), min_size=0, max_size=5, unique=True)


@given(doc=NAMES, stub=NAMES)
def test_the_names_read_are_always_the_stubs(doc, stub):
    if not stub:
        return
    docstring = (Signature(tuple(parse_signature(f"({', '.join(doc)})").parameters)),)
    stub_sig = parse_signature("(" + ", ".join(f"{n}=..." for n in stub) + ")")
    overloads, source = reconcile(docstring, (stub_sig,), Reading())
    assert source == "stub"
    assert [o.names() for o in overloads] == [stub]


# ---------------------------------------------------------------- prefer_schema, pure


def test_the_schema_names_the_parameters_over_a_docstring():
    reading = Reading()
    overloads, source = prefer_schema(
        sigs("(A: Tensor, p=2)"), "docstring", sigs("(input, p=None, *, out=None)"), set(), reading
    )
    assert source == "schema"
    assert [o.text() for o in overloads] == ["(input, p=None, *, out=None)"]
    assert reading.notes == [
        "docstring: names A are not the registered schema's; the schema is read"
    ]


def test_a_default_and_annotation_are_kept_where_the_names_agree():
    overloads, source = prefer_schema(
        sigs("(input: Tensor, p: float = 2) -> Tensor"),
        "docstring",
        sigs("(input, p=None)"),
        set(),
        Reading(),
    )
    assert source == "schema"
    assert [o.text() for o in overloads] == ["(input: Tensor, p: float = 2) -> Tensor"]


def test_an_agreeing_stub_stays_less_what_a_method_never_binds():
    stub = sigs("(other: Tensor, *, alpha=1, out=None)", "(other: int)")
    overloads, source = prefer_schema(stub, "stub", sigs("(other, *, alpha=1)"), {"out"}, Reading())
    assert source == "stub"
    assert [o.text() for o in overloads] == ["(other: Tensor, *, alpha=1)", "(other: int)"]


def test_a_stubs_keyword_only_extra_is_the_bindings():
    stub = sigs("(size, *, dtype=None, requires_grad=False)")
    overloads, source = prefer_schema(stub, "stub", sigs("(size, *, dtype=None)"), set(), Reading())
    assert (overloads, source) == (stub, "stub")


def test_no_schema_changes_nothing_and_no_other_source_reads_the_schema():
    stub = sigs("(mode=True)")
    assert prefer_schema(stub, "stub", (), set(), Reading()) == (stub, "stub")
    schema = sigs("(requires_grad=True)")
    assert prefer_schema((), "stub", schema, set(), Reading()) == (schema, "schema")
    assert prefer_schema(stub, "stub", schema, set(), Reading()) == (schema, "schema")


@given(shown=NAMES, registered=NAMES)
def test_every_positional_name_read_is_the_schemas(shown, registered):
    if not registered:
        return
    stub = (parse_signature("(" + ", ".join(shown) + ")"),)
    schema = (parse_signature("(" + ", ".join(registered) + ")"),)
    overloads, source = prefer_schema(stub, "stub", schema, set(), Reading())
    assert {n for o in overloads for n in o.names()} <= set(registered)
    assert source == ("stub" if set(shown) <= set(registered) else "schema")


# ------------------------------------------------------------- a C function's flags


def test_the_method_table_tells_which_c_functions_take_keywords():
    import math

    assert takes_keywords(math.sqrt) is False  # METH_O
    assert takes_keywords(len) is False
    assert takes_keywords(sorted) is True
    assert takes_keywords(str.split) is True  # a method descriptor
    assert takes_keywords(dict.fromkeys) is False  # a bound class method
    assert takes_keywords(object.__init__) is None  # a slot wrapper: no method table entry
    assert takes_keywords(test_classify_reads_the_bindings_answer) is None  # not C


def test_a_callable_without_keywords_reads_positional_only():
    sig = positional_only(parse_signature("(a, b=1, *args, c=2, **kw) -> int"))
    assert sig.text() == "(a, b=1, /, *args) -> int"


@pytest.mark.torch
def test_a_torch_function_without_keywords_shows_no_keyword_name(torch):
    api = read_api("torch.set_num_threads")
    assert [p.kind.keyword for p in api.overloads[0].parameters] == [False]
    assert "binding: takes no keyword argument; its parameters are positional" in api.notes
    assert read_api("torch.add").overloads[0]["other"].kind.keyword


# --------------------------------------------------------------- the probe's verdicts


def test_classify_reads_the_bindings_answer():
    made_up = probe.MADE_UP
    missing = 'TypeError: f() missing 1 required positional arguments: "input"'
    assert probe.classify("input", ("reached", ""), ("raised", missing)) == probe.ACCEPTED
    # told apart from a made-up name: accepted
    assert (
        probe.classify(
            "dim", ("raised", "TypeError: f(): argument 'dim' must be int"), ("raised", missing)
        )
        == probe.ACCEPTED
    )
    unexpected = f"TypeError: f() got an unexpected keyword argument '{made_up}'"
    assert (
        probe.classify("A", ("raised", unexpected.replace(made_up, "A")), ("raised", unexpected))
        == probe.REJECTED
    )
    listing = (
        "TypeError: f() received an invalid combination of arguments - got (NAME=S, ), but "
        "expected one of:\n * (Tensor other)\n * (Number other, *, Tensor out = None)\n"
    )
    assert (
        probe.classify(
            "divisor",
            ("raised", listing.replace("NAME", "divisor")),
            ("raised", listing.replace("NAME", made_up)),
        )
        == probe.REJECTED
    )
    # the same "missing" for both names says nothing about the name
    assert probe.classify("p", ("raised", missing), ("raised", missing)) == probe.UNDECIDABLE
    # a binding that took the sentinel and returned took the name; if both return, no answer
    assert probe.classify("p", ("returned", ""), ("raised", missing)) == probe.ACCEPTED
    assert probe.classify("p", ("returned", ""), ("returned", "")) == probe.UNDECIDABLE


def test_probe_of_python_callables_tells_names_apart():
    """The probe on a plain Python function, in this process: no PyTorch needed. A Python
    function is bound before its body runs, so a name it lacks never gets there."""
    ran: list[str] = []

    def f(input, p=None, *, out=None):
        ran.append("body")

    def run(name, positional):
        return probe._verdict(f, name, positional, [])

    assert run("A", 0) == probe.REJECTED
    assert ran == []
    assert run("input", 0) == probe.ACCEPTED
    assert run("p", 1) == probe.ACCEPTED
    assert run("out", 1) == probe.ACCEPTED


# --------------------------------------------------------------------- PyTorch, live

#: What the issue found read wrong, and how each must read now: the binding's names.
EXAMPLES = {
    "torch.Tensor.bitwise_and": [["other"], ["other"]],
    "torch.Tensor.fmod": [["other"], ["other"]],
    "torch.Tensor.remainder": [["other"], ["other"]],
    "torch.Tensor.matmul": [["other"]],
    "torch.cholesky_solve": [["input", "input2", "upper", "out"]],
    "torch.broadcast_to": [["input", "size"]],
}


@pytest.fixture(scope="module")
def torch():
    return pytest.importorskip("torch")


@pytest.mark.torch
@pytest.mark.parametrize("path", sorted(EXAMPLES))
def test_builtins_read_with_the_bindings_names(torch, path):
    api = read_api(path)
    assert api.source == "stub"
    assert [o.names() for o in api.overloads] == EXAMPLES[path]


@pytest.mark.torch
def test_hamming_window_reads_every_overload(torch):
    api = read_api("torch.hamming_window")
    assert [o.names()[:4] for o in api.overloads] == [
        ["window_length", "dtype", "layout", "device"],
        ["window_length", "periodic", "dtype", "layout"],
        ["window_length", "periodic", "alpha", "dtype"],
        ["window_length", "periodic", "alpha", "beta"],
    ]


@pytest.mark.torch
def test_a_tensor_method_drops_the_instance_in_every_overload(torch):
    api = read_api("torch.Tensor.view")
    assert api.kind == "method"
    assert [o.text().split(":")[0] for o in api.overloads] == ["(dtype", "(size", "(*size"]


@pytest.mark.torch
def test_a_builtin_without_stub_reads_its_registered_schema(torch):
    """PyTorch 2.13 ships no stub for ``torch._C._linalg``, and the docstring names ``A`` where
    the binding takes ``input``: the operator schema it parses by names the parameters, and
    the reading says what the docstring said instead."""
    api = read_api("torch.linalg.cond")
    assert api.source == "schema"
    assert [o.names() for o in api.overloads] == [["input", "p", "out"], ["input", "p", "out"]]
    assert api.overloads[0]["p"].default == "None"
    assert "docstring: names A are not the registered schema's; the schema is read" in api.notes


@pytest.mark.torch
def test_a_tensor_method_binds_no_out_overload(torch):
    """``Tensor.add``'s stub lists ``out``, which the method refuses: the schema's out
    overload is the function's, never the method's; the stub's annotations stay."""
    api = read_api("torch.Tensor.add")
    assert api.source == "stub"
    assert "out" not in {name for o in api.overloads for name in o.names()}
    assert api.overloads[0]["other"].annotation


@pytest.mark.torch
def test_a_stub_naming_a_positional_parameter_the_schema_lacks_gives_way(torch):
    api = read_api("torch.Tensor.requires_grad_")
    assert api.source == "schema"
    assert [o.names() for o in api.overloads] == [["requires_grad"]]
    assert "stub: names mode are not the registered schema's; the schema is read" in api.notes


@pytest.mark.torch
def test_the_binding_adds_keywords_the_schema_lacks_and_the_stub_keeps_them(torch):
    api = read_api("torch.zeros")
    assert api.source == "stub"
    assert "requires_grad" in api.overloads[0].names()


def test_a_package_without_a_registry_has_no_schema():
    import json

    assert read_schema(json.dumps, "json.dumps", False) == ()
    assert read_schema(len, "builtins.len", False) == ()


# ------------------------------------------------------------- the argument parser's strings


def test_a_parser_string_reads_as_names_kinds_and_defaults():
    name, sig = parse_binding_string(
        "to(Tensor tensor, bool non_blocking=False, *, MemoryFormat? memory_format=None)"
    )
    assert name == "to"
    assert sig.text() == "(tensor, non_blocking=False, *, memory_format=None)"
    # a C++ type is not a Python annotation: none is read
    assert all(p.annotation is None for p in sig.parameters)
    assert parse_binding_string("new_tensor(PyObject* data, *, Device? device=None)")[
        1
    ].names() == ["data", "device"]
    assert parse_binding_string("f(IntArrayRef[2] stride=1)")[1]["stride"].default == "1"


@pytest.mark.parametrize("text", ["usage: f(x)", "f(x, y)", "f(", "f(int x"])
def test_text_that_is_not_a_parser_string_reads_as_none(text):
    assert parse_binding_string(text) is None


def test_strings_are_found_between_nuls_and_flagged_overloads_left_out():
    data = (
        b"\x00junk\x00add(Tensor other, *, Scalar alpha=1)\x00"
        b"add(Scalar alpha, Tensor other)|deprecated\x00"
        b"add(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)\x00"
        b"not a call\x00x_(Tensor a)|hidden\x00"
    )
    assert strings_in(data) == {
        "add": (
            "add(Tensor other, *, Scalar alpha=1)",
            "add(Tensor input, Tensor other, *, Scalar alpha=1, Tensor out=None)",
        )
    }


def test_needed_libraries_of_an_elf_file_and_of_anything_else(tmp_path):
    ctypes_module = Path(__import__("_ctypes").__file__)
    if sys.platform.startswith("linux"):  # an extension module names libc at least
        assert any(name.startswith("libc.so") for name in needed_libraries(ctypes_module))
    text = tmp_path / "x.so"
    text.write_text("not an ELF file")
    assert needed_libraries(text) == []
    assert needed_libraries(tmp_path / "missing.so") == []


def test_the_parser_replaces_a_reading_with_a_name_it_refuses():
    parser = tuple(parse_binding_string(t)[1] for t in ["to(Tensor tensor, bool copy=False)"])
    reading = Reading()
    shown = (parse_signature("(other: Tensor, copy: bool = False)"),)
    overloads, source = prefer_binding(
        shown, "stub", parser, frozenset({"tensor", "copy"}), reading
    )
    assert source == "binding"
    # what the refused reading said is not carried over: its names are not the parser's
    assert [o.text() for o in overloads] == ["(tensor, copy=False)"]
    assert reading.notes == [
        "stub: names other are not the argument parser's; its strings are read"
    ]
    # a reading whose names the parser takes is kept whole, annotations and all
    agreeing = (parse_signature("(tensor: Tensor, copy: bool = False)"),)
    assert prefer_binding(agreeing, "stub", parser, frozenset({"tensor", "copy"}), Reading()) == (
        agreeing,
        "stub",
    )
    assert prefer_binding(agreeing, "stub", (), frozenset(), Reading()) == (agreeing, "stub")


@pytest.mark.torch
@pytest.mark.parametrize(
    ("path", "refused", "taken"),
    [
        ("torch.Tensor.to", "other", "tensor"),  # written by hand: the stub says other
        ("torch.range", "pin_memory", "step"),  # the stub adds a factory's pin_memory
        ("torch.linalg.matrix_exp", "out", "input"),  # no out overload is bound
    ],
)
def test_a_hand_written_binding_reads_the_names_its_parser_takes(torch, path, refused, taken):
    api = read_api(path)
    names = {n for o in api.overloads for n in o.names()}
    assert api.source == "binding"
    assert refused not in names
    assert taken in names
    assert any("its strings are read" in note for note in api.notes)


@pytest.mark.torch
def test_the_parser_settles_a_stub_that_disagrees_with_the_schema(torch):
    """``Tensor.copy_``'s stub says ``other``, its schema ``src``; the method's parser string
    takes ``other``: the stub stays (``src`` is a storage's ``copy_``, another class)."""
    api = read_api("torch.Tensor.copy_")
    assert api.source == "stub"
    assert [o.names() for o in api.overloads] == [["other", "non_blocking"]]
    # where the parser refuses the stub's name, the schema still names it
    assert read_api("torch.Tensor.requires_grad_").overloads[0].names() == ["requires_grad"]


def test_a_package_without_a_compiled_core_has_no_parser_strings():
    import json

    assert read_binding_strings(json.dumps, "json.dumps", False) == ((), frozenset())
    assert read_binding_strings(len, "builtins.len", False) == ((), frozenset())


#: Where PyTorch 2.13 ships stubs (``torch``, ``torch.nn.functional``, ``torch.Tensor``), its
#: docstrings are the binding's names (``torch.fft``) or it registers an operator schema per
#: function (``torch.linalg``, ``torch.special``, which have neither stub nor text signature).
#: The places the bench checks, sampled.
SAMPLED_PLACES = probe.TORCH_PLACES


def _sample() -> list[str]:
    """A fixed sample: the examples, then every 14th public C callable of the places above
    (about 90 in all)."""
    chosen = [*EXAMPLES, "torch.hamming_window", "torch.Tensor.view", "torch.add", "torch.sum"]
    return list(dict.fromkeys(chosen + probe.builtin_paths(SAMPLED_PLACES)[::14]))


def _every_source_says(path: str, name: str) -> bool:
    """Whether the docstring, the stub, the schema and the parser's strings, each that answers, all show ``name``:
    then no source the engine has knows better (``torch.from_numpy(ndarray)`` takes no keyword
    at all)."""
    obj, owner, module = resolve(path)
    binding = "drop" if isinstance(owner, type) else "none"
    sources = [
        read_docstring(obj, path, owner, binding, Reading()),
        read_stub(obj, path, owner, module, binding, Reading()),
        read_schema(obj, path, binding == "drop"),
        read_binding_strings(obj, path, binding == "drop")[0],
    ]
    said = [{p.name for sig in found for p in sig.parameters} for found in sources if found]
    return bool(said) and all(name in names for names in said)


@pytest.mark.torch
def test_every_name_shown_for_a_sample_of_builtins_is_accepted(torch):
    paths = _sample()
    assert len(paths) >= 80
    planned = probe.plan(paths)
    verdicts = probe.run_probes(planned["probes"])
    tally = probe.counts(planned, verdicts)
    rejected = [
        f"{p['path']}({p['name']}=) from the {planned['sources'][p['path']]}"
        for p, v in zip(planned["probes"], verdicts, strict=True)
        if v == probe.REJECTED and not _every_source_says(p["path"], p["name"])
    ]
    assert rejected == []
    assert tally[probe.ACCEPTED] > 10 * tally[probe.UNDECIDABLE]
    assert tally[probe.ACCEPTED] >= 200


@pytest.mark.torch
def test_warming_up_parses_the_stubs_a_c_callable_is_read_from(torch):
    """Before a parallel build forks, the main process parses the stubs its workers will ask
    (PyTorch's take about a second, once per process): a read after it parses nothing."""
    from sphinx_apidiff.introspect import clear_caches, stubs, warm

    stubs._parse_stub.cache_clear()
    assert warm.warm(["torch.Tensor.fmod", "torch.broadcast_to", "numpy.sum"]) == 3
    assert stubs._parse_stub.cache_info().currsize >= 2  # torch/_C/__init__ and _VariableFunctions
    misses = stubs._parse_stub.cache_info().misses
    clear_caches()
    assert read_api("torch.Tensor.fmod").source == "stub"
    assert read_api("torch.broadcast_to").source == "stub"
    assert stubs._parse_stub.cache_info().misses == misses


def test_warming_up_reads_the_argument_parser_strings_once(torch):
    """The strings PyTorch's argument parser keeps in its libraries (read from a few hundred
    MB of binaries, about half a second) are read in the main process before a parallel build
    forks: a worker's read of a C callable reads no library again."""
    from sphinx_apidiff.introspect import binding_strings, clear_caches, warm

    binding_strings._package_strings.cache_clear()
    assert warm.warm(["torch.Tensor.fmod"]) == 1
    assert binding_strings._package_strings.cache_info().currsize == 1
    misses = binding_strings._package_strings.cache_info().misses
    clear_caches()
    assert read_api("torch.Tensor.fmod").overloads
    assert binding_strings._package_strings.cache_info().misses == misses
