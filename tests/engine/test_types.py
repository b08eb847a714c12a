"""Annotations as types: aliases expanded, one name per type, "types differ" only where the
right side cannot take what the left side does, and the project's type equivalents."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.api import Api, ApiDiffError
from sphinx_apidiff.comparison import compare_apis
from sphinx_apidiff.comparison.options import parse_type_equivalents
from sphinx_apidiff.signature import (
    NO_EQUIVALENTS,
    TypeEquivalents,
    annotation_accepts,
    annotation_key,
    normalize_annotation,
    parse_signature,
)
from sphinx_apidiff.signature.aliases import Alias, expand_aliases


def api(path: str, text: str) -> Api:
    return Api(path, path.split(".")[0], "function", "explicit", (parse_signature(text),))


def takes(left: str, right: str, lpkg="torch", rpkg="paddle", same=NO_EQUIVALENTS) -> bool:
    return annotation_accepts(annotation_key(left, lpkg, same), annotation_key(right, rpkg, same))


# --------------------------------------------------------------------------- accepts


@pytest.mark.parametrize(
    ("left", "right", "ok"),
    [
        # the right side takes more: no difference for a caller of the left side
        ("Union[int, tuple[int, int]]", "Union[int, Tuple[int, int], List[int]]", True),
        ("Union[int, Tuple[int, int], List[int]]", "Union[int, tuple[int, int]]", False),
        ("int", "float", True),
        ("float", "int", False),
        ("bool", "int", True),
        ("list[int]", "Sequence[int]", True),
        ("tuple[int, int]", "Sequence[int]", True),
        ("Sequence[int]", "list[int]", False),
        ("tuple[int, int]", "tuple[int, ...]", True),
        ("tuple[int, ...]", "tuple[int, int]", False),
        ("tuple[int, int]", "tuple[int, int, int]", False),
        ("list[int]", "Iterable[float]", True),
        ("dict[str, int]", "Mapping[str, float]", True),
        ("list[int | str]", "list[int]", False),
        ("list", "list[int]", False),
        ("list[int]", "list", True),
        ("Literal['zeros', 'reflect']", "str", True),
        ("Literal['zeros', 'reflect']", "Literal['reflect', 'zeros', 'circular']", True),
        ("Literal['zeros', 'reflect']", "Literal['zeros']", False),
        ("Literal[1]", "str", False),
        ("Optional[torch.Tensor]", "Tensor | None", True),
        ("torch.Tensor", "Any", True),
        ("Any", "torch.Tensor", False),
        ("torch.Tensor", "numpy.ndarray", False),
        ("Callable[[int], str]", "Callable[[int], str]", True),
    ],
)
def test_the_right_side_takes_what_the_left_side_does(left, right, ok):
    assert takes(left, right) is ok


def test_a_type_named_by_its_own_package_is_its_name():
    """torch.Tensor of PyTorch and paddle.Tensor of Paddle; a bare Tensor in a stub."""
    assert takes("torch.Tensor", "paddle.Tensor")
    assert takes("torch.Tensor", "Tensor")
    assert takes("Tensor", "torch.Tensor", "paddle", "torch")
    assert takes("list[torch.Tensor]", "Sequence['Tensor']")  # a forward reference read
    assert takes("torch.nn.modules.module.Module", "paddle.nn.Module")
    # a type of a third package keeps its qualifier: only a bare name stands for it
    assert takes("torch.Tensor", "Union[PIL.Image.Image, np.ndarray, paddle.Tensor]", "tv")
    assert not takes("numpy.ndarray", "paddle.Tensor")
    assert not takes("torch.nn.Module", "paddle.nn.Layer")  # other names: said in config
    # a Literal holds values, not type names
    assert annotation_key("Literal['torch.Tensor']", "torch") == "Literal['torch.Tensor']"


def test_type_equivalents_make_other_names_one_type():
    same = parse_type_equivalents([["torch.nn.Module", "paddle.nn.Layer"]])
    assert takes("torch.nn.Module", "paddle.nn.Layer", same=same)
    # read at run time under its defining module: found by package and name
    assert takes("torch.nn.modules.module.Module", "paddle.nn.layer.layers.Layer", same=same)
    assert takes("list[Module]", "Sequence[Layer]", same=same)  # bare, in each side's package
    assert not takes("torch.nn.Module", "paddle.nn.Layer")


def test_groups_that_share_a_name_are_one_group():
    same = TypeEquivalents([["a.X", "b.Y"], ["b.Y", "c.Z"], ["d.W", "e.V"]])
    assert same.groups == (("a.X", "b.Y", "c.Z"), ("d.W", "e.V"))
    assert same.canonical("c.Z") == same.canonical("a.X") == "a.X"
    assert same == TypeEquivalents([["e.V", "d.W"], ["c.Z", "b.Y", "a.X"]])
    assert hash(same) == hash(TypeEquivalents(same.groups))


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("torch.Tensor", "expected a list of groups"),
        ({"torch.Tensor": "paddle.Tensor"}, "expected a list of groups"),
        ([["torch.Tensor"]], "a group names two types or more"),
        ([["torch.Tensor", "torch.Tensor"]], "a group names two types or more"),
        ([["torch.Tensor", "paddle Tensor"]], "'paddle Tensor' is not a type name"),
        ([["torch.Tensor", "List[int]"]], "'List[int]' is not a type name"),
    ],
)
def test_malformed_type_equivalents(spec, message):
    with pytest.raises(ApiDiffError, match=message.replace("[", r"\[")):
        parse_type_equivalents(spec)


def test_a_group_may_be_a_comma_separated_string():
    assert parse_type_equivalents(["torch.Tensor, paddle.Tensor"]).groups == (
        ("paddle.Tensor", "torch.Tensor"),
    )


# --------------------------------------------------------------------- properties

_NAMES = ["int", "str", "float", "bool", "None", "Tensor", "torch.Tensor", "Any", "bytes"]


def _annotations() -> st.SearchStrategy[str]:
    leaf = st.sampled_from(_NAMES)
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.builds(lambda a: f"list[{a}]", inner),
            st.builds(lambda a: f"Sequence[{a}]", inner),
            st.builds(lambda a, b: f"tuple[{a}, {b}]", inner, inner),
            st.builds(lambda a: f"tuple[{a}, ...]", inner),
            st.builds(lambda a, b: f"Union[{a}, {b}]", inner, inner),
            st.builds(lambda a: f"Optional[{a}]", inner),
            st.builds(lambda a, b: f"{a} | {b}", inner, inner),
        ),
        max_leaves=6,
    )


@settings(max_examples=200, deadline=None)
@given(_annotations(), _annotations())
def test_accepts_properties(a, b):
    key = lambda text: annotation_key(text, "torch")  # noqa: E731
    assert annotation_accepts(key(a), key(a))  # a type takes itself
    assert annotation_accepts(key(a), key(f"Union[{a}, {b}]"))  # and a wider union takes it
    assert annotation_accepts(key(a), key(f"Optional[{a}]"))
    # the spelling of a union decides nothing
    assert key(f"Union[{a}, {b}]") == key(f"{b} | {a}")
    if annotation_accepts(key(a), key(b)) and annotation_accepts(key(b), key(a)):
        # two types that take each other are taken alike by a third
        for other in ("int", "list[Any]", "Sequence[float]"):
            assert annotation_accepts(key(other), key(a)) == annotation_accepts(key(other), key(b))


@settings(max_examples=100, deadline=None)
@given(_annotations(), st.sampled_from(["torch", "paddle", "numpy"]))
def test_a_name_of_the_own_package_reads_as_its_bare_name(text, package):
    qualified = text.replace("torch.Tensor", "Tensor").replace("Tensor", f"{package}.Tensor")
    bare = text.replace("torch.Tensor", "Tensor")
    assert annotation_key(qualified, package) == annotation_key(bare, package)


# ---------------------------------------------------------------------------- aliases


def lookup_of(aliases: dict[str, tuple[str, tuple[str, ...]]]):
    def lookup(name: str) -> Alias | None:
        if name not in aliases:
            return None
        value, params = aliases[name]
        return Alias(value, params, lookup)

    return lookup


TORCH_LIKE = lookup_of(
    {
        "_scalar_or_tuple_2_t": ("T | tuple[T, T]", ("T",)),
        "_size_2_t": ("_scalar_or_tuple_2_t[int]", ()),
        "Size2": ("Union[int, Tuple[int, int], List[int]]", ()),
        "types.Size2": ("Union[int, Tuple[int, int], List[int]]", ()),
        "Loop": ("list[Loop]", ()),
    }
)


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("_size_2_t", "int | tuple[int, int]"),
        ("str | _size_2_t", "str | int | tuple[int, int]"),
        ("Optional[_size_2_t]", "Optional[int | tuple[int, int]]"),
        ("_scalar_or_tuple_2_t[float]", "float | tuple[float, float]"),
        ("_scalar_or_tuple_2_t", "Any | tuple[Any, Any]"),  # bare: as typing reads it
        ("types.Size2", "Union[int, Tuple[int, int], List[int]]"),
        ("Literal['_size_2_t']", "Literal['_size_2_t']"),
        ("Tensor", "Tensor"),
        ("not an expression(", "not an expression("),
    ],
)
def test_aliases_are_expanded(text, expanded):
    assert expand_aliases(text, TORCH_LIKE) == expanded


def test_an_alias_of_itself_stops():
    assert expand_aliases("Loop", TORCH_LIKE).count("list[") == 8


def test_an_alias_is_the_type_it_stands_for():
    live = normalize_annotation("Union[int, tuple[int, int]]")
    assert normalize_annotation(expand_aliases("_size_2_t", TORCH_LIKE)) == live
    assert annotation_accepts(live, normalize_annotation(expand_aliases("Size2", TORCH_LIKE)))


# ------------------------------------------------------------------- the category


def test_tensor_spelling_decides_no_category():
    left = api(
        "torch.nn.functional.softmax", "(input: torch.Tensor, dim: int = None) -> torch.Tensor"
    )
    right = api("paddle.nn.functional.softmax", "(x: Tensor, axis: int = -1) -> Tensor")
    comparison = compare_apis(left, right, rename="input=x, dim=axis")
    assert comparison.category == "defaults-differ"
    assert "annotation" not in comparison.kinds and "return-annotation" not in comparison.kinds


def test_a_return_type_differs_where_the_right_side_returns_more():
    narrow = api("a.f", "(x) -> int")
    wide = api("b.f", "(x) -> int | None")
    assert compare_apis(narrow, wide).category == "return-type-differs"
    assert compare_apis(wide, narrow).category == "identical"  # an int is what the caller takes


def test_configured_equivalents_reach_the_category():
    left = api("torch.nn.Module.add_module", "(name: str, module: torch.nn.Module)")
    right = api("paddle.nn.Layer.add_sublayer", "(name: str, module: paddle.nn.Layer)")
    assert compare_apis(left, right).category == "types-differ"
    same = [["torch.nn.Module", "paddle.nn.Layer"]]
    assert compare_apis(left, right, type_equivalents=same).category == "identical"


# ------------------------------------------------------ real readings, real torch

PADDLE_LIKE = {
    # written as PaddlePaddle writes it: aliases in a _typing module, imported for type
    # checkers only, annotations kept as text
    "{pkg}/__init__.py": "{first}from .nn import Conv2D, softmax\n",
    "{pkg}/_typing.py": """
        from typing import List, Tuple, TypeVar, Union

        from typing_extensions import TypeAlias

        T = TypeVar("T")
        Size2: TypeAlias = Union[int, Tuple[int, int], List[int]]
        Pair = Union[T, Tuple[T, T]]
        Stride2 = Pair[int]
    """,
    "{pkg}/nn.py": """
        from __future__ import annotations

        from typing import TYPE_CHECKING

        if TYPE_CHECKING:
            from . import Tensor
            from ._typing import Size2, Stride2


        class Conv2D:
            def __init__(
                self,
                in_channels: int,
                out_channels: int,
                kernel_size: Size2,
                stride: Stride2 = 1,
                padding: str | Size2 = 0,
                dilation: Size2 = 1,
                groups: int = 1,
                bias: bool = True,
                padding_mode: str = "zeros",
            ) -> None:
                pass


        def softmax(x: Tensor, axis: int = -1, dtype: str | None = None) -> Tensor:
            pass
    """,
}


@pytest.fixture(params=["live", "static"])
def paddle_like(request, tmp_path, monkeypatch):
    """A package like PaddlePaddle's, imported (``live``) or whose import fails (``static``)."""
    import sys
    import textwrap

    from sphinx_apidiff.introspect.static import clear_static_cache

    pkg = f"paddlelike_{request.param}"
    first = 'raise ImportError("needs a GPU")\n' if request.param == "static" else ""
    for name, text in PADDLE_LIKE.items():
        path = tmp_path / name.format(pkg=pkg)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text.format(first=first)), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    clear_static_cache()
    yield pkg, request.param
    clear_static_cache()
    for name in [m for m in sys.modules if m.startswith(pkg)]:
        del sys.modules[name]


def test_an_alias_that_is_the_same_union_is_no_type_difference(paddle_like):
    from sphinx_apidiff import compare

    pkg, how = paddle_like
    comparison = compare("torch.nn.Conv2d", f"{pkg}.Conv2D")
    assert comparison.right.source == ("runtime" if how == "live" else "static")
    right = comparison.right.signature
    assert "Size2" not in right.text() and "Stride2" not in right.text()
    assert normalize_annotation(right["kernel_size"].annotation) == normalize_annotation(
        "Union[int, Tuple[int, int], List[int]]"
    )
    assert normalize_annotation(right["stride"].annotation) == normalize_annotation(
        "Union[int, Tuple[int, int]]"
    )
    for row in comparison.rows:
        assert "annotation" not in row.changes, row
    assert comparison.category != "types-differ"
    # the other way round the right side (torch) cannot take a list, nor any str as a mode
    back = compare(f"{pkg}.Conv2D", "torch.nn.Conv2d")
    assert {r.left.name for r in back.rows if "annotation" in r.changes} == {
        "kernel_size",
        "padding",
        "dilation",
        "padding_mode",
    }


def test_tensor_against_a_bare_tensor_is_no_type_difference(paddle_like):
    from sphinx_apidiff import compare

    pkg, _ = paddle_like
    comparison = compare("torch.nn.functional.softmax", f"{pkg}.softmax", rename="input=x")
    assert comparison.left.signature.return_annotation == "torch.Tensor"
    assert comparison.right.signature.return_annotation == "Tensor"
    assert "return-annotation" not in comparison.pair_changes
    row = next(r for r in comparison.rows if r.left is not None and r.left.name == "input")
    assert (row.left.annotation, row.right.annotation) == ("torch.Tensor", "Tensor")
    assert "annotation" not in row.changes


def test_a_module_whose_getattr_raises_keeps_its_names(tmp_path, monkeypatch):
    import sys

    from sphinx_apidiff.introspect import read_api

    (tmp_path / "rudemod.py").write_text(
        "from __future__ import annotations\n\n"
        "def __getattr__(name):\n"
        "    if name.startswith('__'):\n        raise AttributeError(name)\n"
        "    raise RuntimeError('no attribute for you')\n\n"
        "def f(x: Weird, y: list[int]) -> Weird:\n    pass\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        assert read_api("rudemod.f").signature.text() == "(x: Weird, y: list[int]) -> Weird"
    finally:
        sys.modules.pop("rudemod", None)


def test_warming_up_parses_the_imports_text_annotations_name(paddle_like):
    """Before a parallel build forks, the main process parses the ``from ... import``
    statements of the modules whose text annotations the workers will expand: a read after it
    parses no module, and expands the aliases as a cold read does."""
    from sphinx_apidiff.introspect import clear_caches, live_aliases, read_api
    from sphinx_apidiff.introspect.warm import warm

    pkg, how = paddle_like
    if how == "static":
        pytest.skip("nothing is imported to warm for a package read statically")
    cold = read_api(f"{pkg}.Conv2D")
    clear_caches()
    live_aliases._imported_names.cache_clear()
    live_aliases._expanded.cache_clear()
    assert warm([f"{pkg}.Conv2D", f"{pkg}.softmax"]) == 2
    assert live_aliases._imported_names.cache_info().currsize == 1  # {pkg}.nn, once
    misses = live_aliases._imported_names.cache_info().misses
    clear_caches()
    warmed = read_api(f"{pkg}.Conv2D")
    assert live_aliases._imported_names.cache_info().misses == misses
    assert warmed.signature.text() == cold.signature.text()
    assert "Size2" not in warmed.signature.text()


_NESTED_IMPORTS = """
from a import A
if TYPE_CHECKING:
    from b import B as A, C
    try:
        from c import D
    except ImportError:
        from d import D
    else:
        from e import E
    finally:
        from f import F
def g():
    from .h import H
    class K:
        from ..i import I
    return lambda: [x for x in ()]
with open(p) as f:
    from j import J
for x in y:
    pass
else:
    from k import K
match v:
    case 1:
        from m import M
x = f(from_ := 1)
from n import *
"""


@pytest.mark.parametrize("module", ["_NESTED", "inspect", "ast", "typing", "dataclasses"])
def test_the_import_statements_are_those_ast_walk_finds_in_its_order(module):
    """The statements-only walk (a full :func:`ast.walk` of PaddlePaddle's modules cost a
    1,600-page build two seconds) finds every ``from ... import``, first-found first, as the
    full walk does: the first binding of a name is the one kept."""
    import ast
    import importlib
    import inspect

    from sphinx_apidiff.introspect.live_aliases import _import_statements

    source = (
        _NESTED_IMPORTS
        if module == "_NESTED"
        else inspect.getsource(importlib.import_module(module))
    )
    tree = ast.parse(source)
    walked = [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert walked  # the test would pass on a module with none
    assert list(_import_statements(tree.body)) == walked
