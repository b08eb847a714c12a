"""Two readings of one release are no drift (a real build).

``fastconv`` is installed (a ``dist-info`` with its version) but its import fails, as a GPU
build's does on a CPU docs machine: it is read from its source, where ``kernel_size`` is the
alias ``Size2`` from a compiled part that is not on disk. Its snapshot entry was recorded live
from the same release, where the annotation is ``Union[int, tuple[int, int]]``.
"""

from __future__ import annotations

import importlib
import json
import textwrap
from pathlib import Path

import pytest
from conftest import main_body, parse_html, run_build

from sphinx_apidiff.introspect.static import clear_static_cache
from sphinx_apidiff.signature import parse_signature
from sphinx_apidiff.snapshot import Entry, Snapshot, dumps, read_snapshot

pytestmark = pytest.mark.sphinx

LIVE = (
    "(in_channels: int, out_channels: int, kernel_size: Union[int, tuple[int, int]], "
    "stride: Union[int, tuple[int, int]] = 1, bias: bool = True)"
)


resolve = importlib.import_module("sphinx_apidiff.introspect.resolve")


def _clear_versions() -> None:
    resolve._packages_distributions.cache_clear()
    resolve._distribution_version.cache_clear()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A docs project comparing ``fastconv.Conv2d`` (installed 1.2.0, import fails)."""
    site = tmp_path / "site"
    files = {
        "fastconv/__init__.py": """
            raise ImportError("fastconv needs a CUDA device")
            from .nn import Conv2d  # noqa: E402
        """,
        "fastconv/nn.py": """
            from ._C import Size2  # compiled: not on this machine

            class Conv2d:
                def __init__(
                    self,
                    in_channels: int,
                    out_channels: int,
                    kernel_size: Size2,
                    stride: Size2 = 1,
                    bias: bool = True,
                ):
                    pass
        """,
        "fastconv-1.2.0.dist-info/METADATA": """
            Metadata-Version: 2.1
            Name: fastconv
            Version: 1.2.0
        """,
        "fastconv-1.2.0.dist-info/top_level.txt": "fastconv\n",
        "refconv.py": """
            def conv(in_channels, out_channels, kernel_size, stride=1, bias=True):
                pass
        """,
    }
    for name, text in files.items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\n'
        'apidiff_signature_snapshot = "apidiff-signatures.json"\n'
        'apidiff_undocumented = "auto"\n',
        encoding="utf-8",
    )
    (docs / "index.rst").write_text(
        "Conv\n====\n\n.. apidiff:: fastconv.Conv2d refconv.conv\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    _clear_versions()
    clear_static_cache()
    yield docs
    _clear_versions()
    clear_static_cache()


def record(docs: Path, text: str, version: str = "1.2.0", source: str = "runtime") -> None:
    entry = Entry("fastconv.Conv2d", "fastconv", version, source, "class", (parse_signature(text),))
    (docs / "apidiff-signatures.json").write_text(
        dumps(Snapshot({entry.path: entry})), encoding="utf-8"
    )


def drift(build) -> list[str]:
    return [w for w in build.warning_lines() if "[apidiff.drift]" in w]


def left_card(build) -> str:
    return parse_html(build.page("index")).find_all(cls="apidiff-card")[0].words()


def test_a_live_entry_of_the_installed_release_is_no_drift_and_is_shown(project):
    record(project, LIVE)
    build = run_build(project)
    assert drift(build) == []
    card = left_card(build)
    assert "kernel_size: Union[int, tuple[int, int]]" in card  # the live reading
    assert "Size2" not in main_body(build.page("index")).words()
    assert "recorded from fastconv 1.2.0" in card
    data = json.loads((build.outdir / "apidiff.json").read_text(encoding="utf-8"))
    assert "fastconv" in json.dumps(data)


def test_the_live_entry_is_kept_by_an_update(project):
    record(project, LIVE)
    before = read_snapshot(project / "apidiff-signatures.json").get("fastconv.Conv2d")
    build = run_build(project, confoverrides={"apidiff_update_snapshot": True})
    assert drift(build) == []
    after = read_snapshot(project / "apidiff-signatures.json")
    assert after.get("fastconv.Conv2d") == before  # not replaced by the reading from source
    assert after.get("refconv.conv").source == "runtime"  # the update did run


def test_an_entry_of_another_release_still_drifts(project):
    record(project, LIVE, version="1.1.0")
    build = run_build(project)
    (warning,) = drift(build)
    assert "(recorded from fastconv 1.1.0, now 1.2.0)" in warning
    assert "annotation of `kernel_size` changed" in warning
    assert "Size2" in left_card(build)  # the reading here is shown, not the old entry


def test_a_parameter_added_since_another_release_drifts(project):
    record(project, LIVE.replace(", bias: bool = True", ""), version="1.1.0")
    build = run_build(project)
    (warning,) = drift(build)
    assert "gained parameter `bias`" in warning


def test_the_same_reading_method_still_compares(project):
    """A static entry of the same release read statically again: the text is the code's."""
    record(project, "(in_channels: int, out_channels: int, kernel_size: Size2)", source="static")
    build = run_build(project)
    (warning,) = drift(build)
    assert "(recorded from fastconv 1.2.0, still 1.2.0)" in warning
    assert "gained parameter `stride`" in warning
