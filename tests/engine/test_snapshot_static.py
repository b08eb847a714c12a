"""Static reading without Sphinx: a package's source read without importing it."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.introspect import read_api
from sphinx_apidiff.introspect.static import NoSource, clear_static_cache, read_static

GPUKIT = Path(__file__).resolve().parents[1] / "roots" / "test-snapshot" / "src"


@pytest.fixture
def on_path(tmp_path, monkeypatch):
    """A folder on ``sys.path`` to write packages into; static caches cleared around it."""
    monkeypatch.syspath_prepend(str(tmp_path))
    clear_static_cache()
    yield tmp_path
    clear_static_cache()


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_the_order_trap_is_read_from_source_when_the_import_fails(monkeypatch):
    monkeypatch.syspath_prepend(str(GPUKIT))
    clear_static_cache()
    api = read_api("gpukit.ConvTranspose2d")
    assert (api.source, api.kind) == ("static", "class")
    names = api.signature.names()
    assert names[:3] == ["in_channels", "out_channels", "kernel_size"]  # no self
    assert names.index("dilation") < names.index("groups") < names.index("bias")
    assert api.signature["kernel_size"].annotation == "Union[int, Tuple[int, int]]"
    assert api.signature["conv_mode"].default == "'cross_correlation'"
    assert api.signature.var_keyword().name == "kwargs"
    assert api.notes[0] == (
        "not imported: importing 'gpukit' raised ImportError: gpukit needs a CUDA device: "
        "libgpukit_rt.so not found"
    )
    assert "decorated with @register('deconv')" in api.notes
    assert "gpukit" not in sys.modules or sys.modules["gpukit"] is None


def test_methods_static_and_class_methods_properties(on_path):
    write(
        on_path,
        {
            "kit/__init__.py": """
                raise RuntimeError("no")
                from .core import Box
            """,
            "kit/core.py": """
                from dataclasses import dataclass

                class Box:
                    def grow(self, by: int, *, twice=False): ...
                    @staticmethod
                    def make(a, b=2): ...
                    @classmethod
                    def load(cls, path: str): ...
                    @property
                    def size(self): ...

                @dataclass
                class Point:
                    x: int
                    y: int = 0
            """,
        },
    )
    assert read_api("kit.Box.grow").signature.text() == "(by: int, *, twice=False)"
    assert read_api("kit.Box.grow").kind == "method"
    assert read_api("kit.Box.make").signature.text() == "(a, b=2)"
    assert read_api("kit.Box.load").signature.text() == "(path: str)"
    assert read_api("kit.core.Point").signature.text() == "(x: int, y: int = 0)"
    with pytest.raises(ApiDiffError, match=r"not callable .* a property"):
        read_api("kit.Box.size")
    with pytest.raises(ApiDiffError, match=r"'kit\.Box\.nothing' is not in the source of 'kit'"):
        read_api("kit.Box.nothing")


def test_a_listed_package_is_not_imported(on_path):
    write(on_path, {"quiet/__init__.py": "import sys\nsys.exit(3)\n\ndef f(a, /, b): ...\n"})
    api = read_api("quiet.f", static=True)
    assert (api.source, api.signature.text()) == ("static", "(a, /, b)")
    assert "quiet" not in sys.modules


def test_no_source_on_disk_keeps_the_import_message(on_path):
    with pytest.raises(NoSource):
        read_static("absent_pkg.f")
    with pytest.raises(ApiDiffError) as info:
        read_api("absent_pkg.f")
    assert str(info.value) == "cannot import 'absent_pkg.f': no module named 'absent_pkg'"


def test_a_module_blocked_in_sys_modules_is_not_read_either(on_path, monkeypatch):
    write(on_path, {"blocked/__init__.py": "def f(a): ...\n"})
    monkeypatch.setitem(sys.modules, "blocked", None)
    with pytest.raises(ApiDiffError) as info:
        read_api("blocked.f")
    assert "blocked" in str(info.value)
    assert "static" not in str(info.value)


def test_a_missing_name_says_both_failures(on_path):
    write(on_path, {"half/__init__.py": "raise ImportError('no GPU')\n"})
    with pytest.raises(ApiDiffError) as info:
        read_api("half.f")
    assert str(info.value) == (
        "importing 'half' raised ImportError: no GPU; reading its source instead: "
        "'half.f' is not in the source of 'half'"
    )


def test_a_bare_source_reads_its_stub_and_overloads(on_path):
    write(
        on_path,
        {
            "stubbed/__init__.py": "raise ImportError('compiled part missing')\n",
            "stubbed/ops.py": "def add(*args, **kwargs): ...\n",
            "stubbed/ops.pyi": """
                from typing import overload
                @overload
                def add(x: int, y: int) -> int: ...
                @overload
                def add(x: str, y: str, sep: str = "") -> str: ...
            """,
        },
    )
    api = read_api("stubbed.ops.add")
    assert [s.text() for s in api.overloads] == [
        "(x: int, y: int) -> int",
        "(x: str, y: str, sep: str = '') -> str",
    ]


def test_a_second_read_in_a_package_is_a_lookup(monkeypatch):
    """Counted, not timed: griffe loads the package once (bench/bench_snapshot.py times it)."""
    import griffe

    monkeypatch.syspath_prepend(str(GPUKIT))
    clear_static_cache()
    loads = []
    real = griffe.GriffeLoader.load
    monkeypatch.setattr(
        griffe.GriffeLoader, "load", lambda self, *a, **k: loads.append(a) or real(self, *a, **k)
    )
    for path in ("gpukit.ConvTranspose2d", "gpukit.conv2d", "gpukit.nn.Linear"):
        read_static(path)
    assert loads == [("gpukit",)]


def test_type_aliases_in_the_source_are_expanded(on_path):
    """As the live reading sees them: ``_size_2_t`` is ``int | tuple[int, int]``."""
    write(
        on_path,
        {
            "aliased/__init__.py": "raise ImportError('no GPU')\n",
            "aliased/types.py": """
                from typing import Tuple, TypeVar, Union

                from typing_extensions import TypeAlias

                from .core import dtype as _dtype

                T = TypeVar("T")
                _pair: TypeAlias = Union[T, Tuple[T, T]]
                _size_2_t: TypeAlias = _pair[int]
                Opt = _size_2_t | None
                NotAType = 3
            """,
            "aliased/core.py": "class dtype: ...\n",
            "aliased/ops.py": """
                from ._C import Native  # compiled: not on disk
                from .core import dtype
                from .types import NotAType, Opt, _dtype, _pair, _size_2_t

                def conv(
                    k: _size_2_t,
                    s: "Opt" = None,
                    p: str | _size_2_t = 0,
                    d: _dtype = None,
                    n: Native = None,
                    x: NotAType = 1,
                    f: _pair[float] = 1.0,
                    same: dtype = None,
                ) -> _size_2_t: ...
            """,
        },
    )
    sig = read_api("aliased.ops.conv").signature
    annotations = {p.name: p.annotation for p in sig.parameters}
    assert annotations == {
        "k": "Union[int, Tuple[int, int]]",  # the generic alias, with int for T
        "s": "Union[int, Tuple[int, int]] | None",  # a string annotation too
        "p": "str | Union[int, Tuple[int, int]]",
        "d": "aliased.core.dtype",  # imported under another name: said by its own
        "n": "Native",  # nothing on disk to resolve it with: as written
        "x": "NotAType",  # a module attribute that is not a type alias
        "f": "Union[float, Tuple[float, float]]",
        "same": "dtype",
    }
    assert sig.return_annotation == "Union[int, Tuple[int, int]]"
