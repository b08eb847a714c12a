"""A package whose compiled part is missing (a GPU-only or half-installed build) in a real build.

``from ._C import conv`` fails, so ``conv`` is not in the package's source either: the library
cannot be read here at all, and its snapshot entry stands in for it.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from conftest import main_body, run_build

from sphinx_apidiff.introspect import ImportFailed, read_api
from sphinx_apidiff.introspect.static import clear_static_cache

pytestmark = pytest.mark.sphinx

ENTRY = {
    "package": "halfbuilt",
    "version": "1.0",
    "source": "runtime",
    "kind": "function",
    "overloads": [
        {
            "signature": "(x, w, stride=1)",
            "parameters": [
                {"name": "x", "kind": "positional-or-keyword"},
                {"name": "w", "kind": "positional-or-keyword"},
                {"name": "stride", "kind": "positional-or-keyword", "default": "1"},
            ],
            "returns": None,
        }
    ],
}


def project(root: Path, page: str, entries: dict) -> Path:
    files = {
        "conf.py": """
            import sys
            from pathlib import Path
            sys.path.insert(0, str(Path(__file__).parent / "src"))
            extensions = ["sphinx_apidiff"]
            exclude_patterns = ["_build", "src"]
            apidiff_signature_snapshot = "sigs.json"
            apidiff_undocumented = "auto"
        """,
        # the compiled part halfbuilt/_C*.so is not there
        "src/halfbuilt/__init__.py": """
            from ._C import conv
            def plain(x, w, stride=1): pass
        """,
        "index.rst": f"Conv\n====\n\n{page}\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    snapshot = {"format": 1, "signatures": entries}
    (root / "sigs.json").write_text(json.dumps(snapshot, indent=2) + "\n", encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def _fresh_static():
    clear_static_cache()
    yield
    clear_static_cache()


def test_the_missing_compiled_part_is_an_import_failure(tmp_path, monkeypatch):
    project(tmp_path, "", {})
    monkeypatch.syspath_prepend(str(tmp_path / "src"))
    with pytest.raises(ImportFailed) as info:
        read_api("halfbuilt.conv")
    assert str(info.value).startswith(
        "importing 'halfbuilt' raised ModuleNotFoundError: No module named 'halfbuilt._C'; "
        "reading its source instead: "
    )


def test_its_snapshot_entry_stands_in(tmp_path):
    srcdir = project(
        tmp_path, ".. apidiff:: halfbuilt.conv halfbuilt.plain", {"halfbuilt.conv": ENTRY}
    )
    build = run_build(srcdir)
    assert "halfbuilt" not in build.warnings
    body = main_body(build.page("index")).words()
    assert "halfbuilt.conv( x, w, stride=1 )" in body
    assert "recorded from halfbuilt 1.0" in body
    assert "installed here" not in body


def test_without_an_entry_the_warning_says_there_is_none(tmp_path):
    srcdir = project(tmp_path, ".. apidiff:: halfbuilt.conv halfbuilt.plain", {})
    build = run_build(srcdir)
    warnings = [w for w in build.warning_lines() if "halfbuilt.conv" in w]
    assert len(warnings) == 1
    assert warnings[0].endswith("; and no entry in the snapshot sigs.json [apidiff.import]")
    assert "installed here" not in warnings[0]
