"""Releases in a real Sphinx build (``tests/roots/test-releases``): a page comparing one
callable at two releases, an ``apidiff-overview`` with notes, bad input as located warnings
and placeholders, and an overview shown offline from its recorded snapshot."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import copy_root, main_body, run_build, visible_text
from release_builder import build_wheel

from sphinx_apidiff.releases.load import clear_release_loaders

pytestmark = pytest.mark.sphinx


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return tmp_path_factory.mktemp("release-cache")


@pytest.fixture(autouse=True)
def own_cache(cache, monkeypatch):
    monkeypatch.setenv("SPHINX_APIDIFF_CACHE", str(cache))
    clear_release_loaders()
    yield
    clear_release_loaders()


def _root(parent: Path) -> Path:
    srcdir = copy_root("releases", parent)
    for version in ("1.0", "2.0"):
        build_wheel(srcdir / "dist", version)
    (srcdir / "dist" / "not-a-wheel.whl").write_text("not a zip")
    return srcdir


@pytest.fixture(scope="module")
def build(tmp_path_factory, cache):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SPHINX_APIDIFF_CACHE", str(cache))
        return run_build(_root(tmp_path_factory.mktemp("releases")))


def test_page_at_two_releases_says_which_and_how(build):
    text = visible_text(build.page("page"))
    assert "tinyrel 1.0, read from the wheel tinyrel-1.0-py3-none-any.whl, not imported" in text
    assert "factor default: 1.0 in tinyrel tinyrel-1.0-py3-none-any.whl, 2.0 in tinyrel 2" in text
    assert "The default doubled." in text


def test_overview_groups_counts_and_notes(build):
    text = visible_text(build.page("overview"))
    assert "2 removed, 2 renamed, 1 moved, 2 changed, 1 added; 2 unchanged" in text
    for heading in ("Removed (2)", "Renamed (2)", "Moved (1)", "Changed (2)", "Added (1)"):
        assert heading in text
    assert "tinyrel.gone Deprecation note: gone() is deprecated; call scale(x) instead" in text
    assert "Call scale() instead." in text  # the author's note under its member
    assert "tinyrel.moving → tinyrel.helpers.moving" in text
    assert "a call that passes color by keyword breaks in" in text
    assert "scale doubles by default now" in text
    # a member a page compares (at any release) links to it: the first such page by name,
    # as :apidiff: does (bad.rst compares tinyrel.scale too); the others link nowhere
    body = main_body(build.page("overview"))
    links = [span.find("a") for span in body.find_all("span", cls="apidiff-overview-page")]
    assert [(a.attrs["href"], a.text()) for a in links] == [("bad.html", "Bad input")]


def test_changed_member_without_note_is_located(build):
    line = build.source_line("overview", "apidiff-overview::")
    undocumented = [w for w in build.warning_lines() if "[apidiff.undocumented]" in w]
    assert len(undocumented) == 1
    assert (
        f"overview.rst:{line}: WARNING: apidiff-overview: tinyrel.Widget changed"
        in (undocumented[0])
    )


def test_bad_input_is_located_with_placeholders(build):
    text = visible_text(build.page("bad"))
    assert text.count("Release overview not available") == 3
    assert "not-a-wheel.whl: not a wheel" in text
    for where, said, subtype in (
        ("dist/nothing.whl", "left side: dist/nothing.whl: no such file or folder", "import"),
        ("not-a-wheel.whl", "not-a-wheel.whl: not a wheel", "release"),
        ("git:no-such-ref", "git:no-such-ref: ", "release"),
        ("-1.0-py3-none-any.whl\n", "takes two releases (OLD NEW), got 1", "directive"),
    ):
        line = (
            build.source_line("bad", where.rstrip("\n"))
            if not where.endswith("\n")
            else (len((build.srcdir / "bad.rst").read_text().splitlines()))
        )
        assert any(
            f"bad.rst:{line}: WARNING:" in w and said in w and f"[apidiff.{subtype}]" in w
            for w in build.warning_lines()
        ), said
    assert "Traceback" not in build.warnings + build.status


def test_nothing_is_written_into_the_source_tree(build):
    created = {p.relative_to(build.srcdir).parts[0] for p in build.srcdir.rglob("*")}
    assert created <= {
        "conf.py",
        "index.rst",
        "page.rst",
        "overview.rst",
        "bad.rst",
        "dist",
        "_build",
    }


def test_offline_build_shows_the_recorded_overview(tmp_path, monkeypatch):
    """Recorded where the releases can be fetched (a find-links folder stands in for the
    index); shown as recorded where nothing can be fetched and the cache is empty."""
    import os

    srcdir = _root(tmp_path)
    (srcdir / "index.rst").write_text("Offline\n=======\n\n.. toctree::\n\n   offline\n")
    (srcdir / "offline.rst").write_text(
        "Offline\n=======\n\n.. apidiff-overview:: tinyrel==1.0 tinyrel==2.0\n"
        "   :undocumented: ignore\n\n"
        ".. apidiff:: tinyrel.scale@1.0 tinyrel.scale@2.0\n   :undocumented: ignore\n"
    )
    for name in ("page", "overview", "bad"):
        (srcdir / f"{name}.rst").unlink()
    for key in [k for k in os.environ if k.startswith("PIP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_NO_INDEX", "1")
    monkeypatch.setenv("PIP_FIND_LINKS", str(srcdir / "dist"))
    overrides = {
        "apidiff_overview_snapshots": "recorded",
        "apidiff_update_snapshot": True,
        "apidiff_signature_snapshot": "apidiff-signatures.json",
    }
    live = run_build(srcdir, confoverrides=overrides)
    assert live.warning_lines() == []
    recorded = sorted(p.name for p in (srcdir / "recorded").glob("*.json"))
    assert recorded == ["tinyrel==1.0--tinyrel==2.0.json"]
    live_text = visible_text(live.page("offline"))

    shutil.rmtree(srcdir / "_build")
    monkeypatch.setenv("SPHINX_APIDIFF_CACHE", str(tmp_path / "empty-cache"))
    overrides = {
        "apidiff_overview_snapshots": "recorded",
        "apidiff_release_fetch": False,
        "apidiff_signature_snapshot": "apidiff-signatures.json",
    }
    offline = run_build(srcdir, confoverrides=overrides)
    assert offline.warning_lines() == []
    assert not (tmp_path / "empty-cache").exists()  # nothing was fetched
    text = visible_text(offline.page("offline"))
    assert "Version: recorded from tinyrel 1.0" in text
    assert "(as recorded in tinyrel==1.0--tinyrel==2.0.json)" in text
    overview = text.split("Category:")[0]
    assert (
        overview.replace(" (as recorded in tinyrel==1.0--tinyrel==2.0.json)", "")
        == (live_text.split("Category:")[0])
    )

    (srcdir / "recorded" / "tinyrel==1.0--tinyrel==2.0.json").unlink()
    shutil.rmtree(srcdir / "_build")
    missing = run_build(srcdir, confoverrides=overrides)
    assert "Release overview not available: tinyrel==1.0 is not in the cache" in visible_text(
        missing.page("offline")
    )
    assert [w for w in missing.warning_lines() if "[apidiff.release]" in w]


def test_export_holds_each_overview_by_its_schemas(build):
    import json

    import jsonschema

    from sphinx_apidiff.export import load_schema
    from sphinx_apidiff.releases.overview import load_overview_schema

    document = json.loads(build.read("apidiff.json"))
    jsonschema.Draft202012Validator(load_schema()).validate(document)
    (record,) = document["overviews"]
    assert (record["page"], record["line"]) == (
        "overview",
        build.source_line("overview", "apidiff-overview::"),
    )
    assert record["notes"] == ["tinyrel.gone", "tinyrel.scale"] and record["recorded"] is None
    jsonschema.Draft202012Validator(load_overview_schema()).validate(record["overview"])
    assert record["overview"]["counts"]["changed"] == 2


def test_parallel_build_exports_the_same(tmp_path, build, cache, monkeypatch):
    monkeypatch.setenv("SPHINX_APIDIFF_CACHE", str(cache))
    parallel = run_build(_root(tmp_path), parallel=2)
    assert parallel.read("apidiff.json") == build.read("apidiff.json")
    assert visible_text(parallel.page("overview")) == visible_text(build.page("overview"))
