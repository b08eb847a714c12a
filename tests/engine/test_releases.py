"""The releases engine: naming a release, obtaining it (wheel, sdist, folder, package index
through pip, git ref), reading it statically, and the overview between two releases, on a
tiny package the tests build themselves (``release_builder``)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st
from release_builder import PACKAGE, build_sdist, build_wheel, git_repository, write_sources

from sphinx_apidiff.api import ApiDiffError
from sphinx_apidiff.releases import (
    ReleaseUnavailable,
    obtain_release,
    overview_of,
    parse_side,
    read_at_release,
    split_release,
)
from sphinx_apidiff.releases.load import clear_release_loaders


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    """Every test fetches into its own cache folder (never the user's, never the tree)."""
    monkeypatch.setenv("SPHINX_APIDIFF_CACHE", str(tmp_path / "cache"))
    clear_release_loaders()
    yield
    clear_release_loaders()


@pytest.fixture
def wheels(tmp_path):
    return build_wheel(tmp_path, "1.0"), build_wheel(tmp_path, "2.0")


# ------------------------------------------------------------------------------- naming


@pytest.mark.parametrize(
    ("text", "path", "kind", "value"),
    [
        ("numpy", "numpy", "installed", ""),
        ("numpy==1.26.4", "numpy", "version", "1.26.4"),
        ("numpy.linspace@1.26.4", "numpy.linspace", "version", "1.26.4"),
        ("pkg.f@git:v1.0", "pkg.f", "git", "v1.0"),
        ("pkg.f@dist/pkg-1.0-py3-none-any.whl", "pkg.f", "path", "dist/pkg-1.0-py3-none-any.whl"),
        ("pkg@pkg-1.0.tar.gz", "pkg", "path", "pkg-1.0.tar.gz"),
        ("pkg@./old", "pkg", "path", "./old"),
    ],
)
def test_parse_side(text, path, kind, value):
    side = parse_side(text)
    assert (side.path, side.release.kind, side.release.value) == (path, kind, value)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("numpy@", "nothing after '@'"),
        ("numpy@git:", "needs a ref"),
        ("numpy@???", "is not a version"),
        ("1numpy==1.0", "not a dotted Python path"),
        ("", "empty side"),
    ],
)
def test_parse_side_refuses(text, words):
    with pytest.raises(ApiDiffError, match=words.replace("(", r"\(").replace("?", r"\?")):
        parse_side(text)


@given(
    path=st.from_regex(r"[a-z_][a-z0-9_]{0,6}(\.[a-z_][a-z0-9_]{0,6}){0,2}", fullmatch=True),
    version=st.from_regex(r"[0-9]{1,3}(\.[0-9]{1,3}){0,3}", fullmatch=True),
)
def test_side_text_round_trips(path, version):
    side = parse_side(f"{path}@{version}")
    assert parse_side(side.text) == side
    assert split_release(f"{path}=={version}") == (path, version)


# ----------------------------------------------------------------------------- obtaining


def test_wheel_is_read_with_its_version(wheels, tmp_path):
    release = obtain_release(PACKAGE, parse_side(f"{PACKAGE}@{wheels[0]}").release)
    assert (release.how, release.version) == ("wheel", "1.0")
    assert str(tmp_path / "cache") in release.root  # unpacked into the cache, not beside it
    assert release.describe() == (
        f"{PACKAGE} 1.0, read from the wheel {wheels[0].name}, not imported"
    )


def test_relative_path_is_from_base_dir(wheels):
    side = parse_side(f"{PACKAGE}@{wheels[1].name}")
    release = obtain_release(PACKAGE, side.release, wheels[1].parent)
    assert release.version == "2.0"


def test_sdist_and_folder(tmp_path):
    sdist = build_sdist(tmp_path, "1.0")
    release = obtain_release(PACKAGE, parse_side(f"{PACKAGE}@{sdist}").release)
    assert (release.how, release.version) == ("sdist", "1.0")
    folder = write_sources(tmp_path / "checkout", "2.0")
    release = obtain_release(PACKAGE, parse_side(f"{PACKAGE}@{folder}").release)
    assert (release.how, release.version, release.root) == ("folder", None, str(folder))


def test_not_a_wheel(tmp_path):
    bogus = tmp_path / "tinyrel-1.0-py3-none-any.whl"
    bogus.write_text("not a zip file")
    with pytest.raises(ApiDiffError, match=r"tinyrel-1.0-py3-none-any.whl: not a wheel"):
        obtain_release(PACKAGE, parse_side(f"{PACKAGE}@{bogus}").release)
    assert not any((tmp_path / "cache").rglob("*.py"))  # nothing half-unpacked is kept


def test_missing_file_and_wrong_package(wheels, tmp_path):
    with pytest.raises(ApiDiffError, match="no such file or folder"):
        obtain_release(PACKAGE, parse_side(f"{PACKAGE}@{tmp_path}/nope.whl").release)
    with pytest.raises(ApiDiffError, match="no package 'other' in it"):
        obtain_release("other", parse_side(f"other@{wheels[0]}").release)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_refs(tmp_path):
    repo = git_repository(tmp_path)
    api = read_at_release(f"{PACKAGE}.scale@git:v1.0", base_dir=repo)
    assert api.signature.text() == "(x, factor=1.0)"
    assert api.version is None and "git ref v1.0" in api.notes[0]
    api = read_at_release(f"{PACKAGE}.scale@git:v2.0", base_dir=repo / "src")
    assert api.signature.text() == "(x, factor=2.0, *, clip=False)"
    with pytest.raises(ApiDiffError, match=r"git:v9\.9: no such ref in the repository repo"):
        read_at_release(f"{PACKAGE}.scale@git:v9.9", base_dir=repo)
    with pytest.raises(ApiDiffError, match="is not in a git repository"):
        read_at_release(f"{PACKAGE}.scale@git:v1.0", base_dir=tmp_path)


def _pip_env(monkeypatch, **env):
    for key in [k for k in os.environ if k.startswith("PIP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    for key, value in env.items():
        monkeypatch.setenv(key, value)


def test_version_from_an_index_with_pip(wheels, monkeypatch):
    """pip's own download, with its settings from the environment (a local find-links
    folder stands in for the index): fetched once, then read from the cache."""
    _pip_env(monkeypatch, PIP_NO_INDEX="1", PIP_FIND_LINKS=str(wheels[0].parent))
    release = obtain_release(PACKAGE, parse_side(f"{PACKAGE}==1.0").release)
    assert (release.how, release.version) == ("index", "1.0")
    assert release.origin == f"{wheels[0].name} (package index)"
    # the cache answers now: no index at all
    _pip_env(monkeypatch, PIP_NO_INDEX="1")
    assert obtain_release(PACKAGE, parse_side(f"{PACKAGE}==1.0").release) == release
    with pytest.raises(ReleaseUnavailable, match=r"tinyrel==3.0 is not on the package index"):
        obtain_release(PACKAGE, parse_side(f"{PACKAGE}==3.0").release)


def test_index_cannot_be_reached(monkeypatch):
    _pip_env(
        monkeypatch,
        PIP_INDEX_URL="http://127.0.0.1:9/simple",
        PIP_RETRIES="1",
        PIP_TIMEOUT="2",
    )
    with pytest.raises(ReleaseUnavailable, match="the package index cannot be reached"):
        obtain_release(PACKAGE, parse_side(f"{PACKAGE}==1.0").release)


def test_installed_version_is_read_in_place():
    import numpy

    release = obtain_release("numpy", parse_side(f"numpy=={numpy.__version__}").release)
    assert release.how == "installed"


# ------------------------------------------------------------------------------ overview


def test_overview_kinds(wheels):
    overview = overview_of(f"{PACKAGE}@{wheels[0]}", f"{PACKAGE}@{wheels[1]}")
    data = overview.to_dict()
    assert data["counts"] == {
        "removed": 2,
        "renamed": 2,
        "moved": 1,
        "changed": 2,
        "added": 1,
        "unchanged": data["counts"]["unchanged"],
        "retyped": 0,
    }
    removed = {c["path"]: c for c in data["removed"]}
    assert removed["tinyrel.gone"]["note"] == "gone() is deprecated; call scale(x) instead"
    assert removed["tinyrel.gone"]["note_source"] == "a deprecation warning in tinyrel.gone"
    assert removed["tinyrel.CONSTANT"]["note"] == "Use the number 1 instead."
    assert removed["tinyrel.CONSTANT"]["note_source"] == "tinyrel._expired.EXPIRED (tinyrel 2.0)"
    renamed = {c["path"]: c["to"] for c in data["renamed"]}
    assert renamed == {
        "tinyrel.old_name": "tinyrel.new_name",
        "tinyrel.compute_total": "tinyrel.compute_totals",
    }
    assert data["moved"] == [
        {"path": "tinyrel.moving", "member": "function", "to": "tinyrel.helpers.moving"}
    ]
    changed = {c["path"]: c["differences"] for c in data["changed"]}
    assert changed["tinyrel.scale"] == [
        "factor: default: 1.0 in tinyrel 1.0, 2.0 in tinyrel 2.0",
        "clip: only in tinyrel 2.0, default False",
    ]
    assert changed["tinyrel.Widget"][0].endswith(
        "a call that passes color by keyword breaks in tinyrel 2.0"
    )
    assert [c["path"] for c in data["added"]] == ["tinyrel.fresh"]


def test_overview_of_submodules_lists_each_by_its_own_path(wheels):
    data = overview_of(
        f"{PACKAGE}@{wheels[0]}", f"{PACKAGE}@{wheels[1]}", submodules=True
    ).to_dict()
    added = [c["path"] for c in data["added"]]
    # what moved is listed once, where it went; the new private module is not listed
    assert "tinyrel.helpers.moving" not in added and not any("_expired" in p for p in added)
    assert [c["to"] for c in data["moved"]] == ["tinyrel.helpers.moving"]
    removed = {c["path"] for c in data["removed"]}
    assert {"tinyrel.core.deprecated", "tinyrel.core.old_name"} <= removed | {
        c["path"] for c in data["renamed"]
    }


def test_overview_is_cached_per_release(wheels):
    first = overview_of(f"{PACKAGE}@{wheels[0]}", f"{PACKAGE}@{wheels[1]}").to_dict()
    clear_release_loaders()
    again = overview_of(f"{PACKAGE}@{wheels[0]}", f"{PACKAGE}@{wheels[1]}")
    assert again.to_dict() == first
    from sphinx_apidiff.releases.load import _LOADERS

    assert not _LOADERS  # no source was read the second time


def test_overview_refuses_two_modules(wheels):
    with pytest.raises(ApiDiffError, match="one module at two releases"):
        overview_of("tinyrel==1.0", "other==2.0")
    with pytest.raises(ApiDiffError, match=r"'tinyrel\.nothing' is not a module of tinyrel 1\.0"):
        overview_of(f"tinyrel.nothing@{wheels[0]}", f"tinyrel.nothing@{wheels[1]}")


def test_engine_imports_neither_sphinx_nor_docutils():
    code = (
        "import sys, sphinx_apidiff.releases;"
        "print(any(m.split('.')[0] in ('sphinx', 'docutils') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def _package(root, files: dict[str, str]):
    import textwrap

    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip())
    return root


def test_names_a_stub_hides_are_read_from_the_source(tmp_path):
    """The stub declares a bare ``__all__`` and leaves ``old_total`` out; the ``.py`` binds it
    through ``from .core import *`` and a helper that extends ``__all__`` with another
    module's: it is still the release's API, and gone in the next one."""
    old = _package(
        tmp_path / "old",
        {
            "stubby/__init__.py": "from .core import *\nfrom . import core\n",
            "stubby/__init__.pyi": "__all__: list[str]\nfrom .core import total as total\n",
            "stubby/core.py": """
                from . import extra
                from .extra import *

                __all__ = ["total"]


                def extend_all(module):
                    for name in module.__all__:
                        __all__.append(name)


                def total(values):
                    return sum(values)


                extend_all(extra)
                """,
            "stubby/extra.py": """
                __all__ = ["old_total"]


                def old_total(values):
                    return sum(values)
                """,
        },
    )
    new = _package(
        tmp_path / "new",
        {
            "stubby/__init__.py": "from .core import total\n",
            "stubby/core.py": "def total(values):\n    return sum(values)\n",
        },
    )
    data = overview_of(f"stubby@{old}", f"stubby@{new}").to_dict()
    assert [c["path"] for c in data["removed"]] == ["stubby.extra", "stubby.old_total"]
    assert data["counts"]["unchanged"] == 2  # total, and the module core
