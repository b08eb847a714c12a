"""apidiff_type_equivalents in a real build, and --same-type on the command line."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest
from conftest import main_body, run_build

from sphinx_apidiff.cli import main

MODULES = {
    "alib.py": """
        class Net:
            pass

        def add(name: str, module: Net, *, strict: bool = True) -> Net:
            pass
    """,
    "blib.py": """
        class Layer:
            pass

        def add(name: str, module: Layer, *, strict: bool = True) -> Layer:
            pass
    """,
}


@pytest.fixture
def libs(tmp_path, monkeypatch):
    site = tmp_path / "site"
    site.mkdir()
    for name, text in MODULES.items():
        (site / name).write_text(textwrap.dedent(text), encoding="utf-8")
    monkeypatch.syspath_prepend(str(site))
    yield tmp_path
    for name in ("alib", "blib"):
        sys.modules.pop(name, None)


def build(root, **conf):
    docs = root / "docs"
    docs.mkdir(exist_ok=True)
    lines = ['extensions = ["sphinx_apidiff"]', 'apidiff_undocumented = "auto"']
    lines += [f"apidiff_{k} = {v!r}" for k, v in conf.items()]
    (docs / "conf.py").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (docs / "index.rst").write_text(
        "Add\n===\n\n.. apidiff:: alib.add blib.add\n", encoding="utf-8"
    )
    return run_build(docs)


@pytest.mark.sphinx
def test_a_project_says_once_that_two_names_are_one_type(libs):
    export = lambda done: (done.outdir / "apidiff.json").read_text(encoding="utf-8")  # noqa: E731
    before = build(libs)
    assert "return types differ" in main_body(before.page("index")).words()
    assert '"category": "return-type-differs"' in export(before)
    after = build(libs, type_equivalents=[["alib.Net", "blib.Layer"]])
    words = main_body(after.page("index")).words()
    assert "identical parameters" in words
    assert "types differ" not in words
    assert "apidiff.config" not in after.warnings
    assert '"category": "identical"' in export(after)


@pytest.mark.sphinx
def test_a_malformed_group_is_a_config_warning_and_the_default_is_used(libs):
    done = build(libs, type_equivalents=[["alib.Net"]])
    assert (
        "invalid apidiff_type_equivalents = [['alib.Net']]: type equivalents [alib.Net]: a group "
        "names two types or more; using []"
    ) in done.warnings
    assert "return types differ" in main_body(done.page("index")).words()


def test_the_command_line_takes_groups(libs, capsys):
    assert main(["diff", "alib.add", "blib.add", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["category"] == "return-type-differs"
    assert data["kinds"] == {"annotation": 1, "return-annotation": 1}
    assert (
        main(["diff", "alib.add", "blib.add", "--same-type", "alib.Net,blib.Layer", "--json"]) == 0
    )
    assert json.loads(capsys.readouterr().out)["category"] == "identical"
    assert main(["diff", "alib.add", "blib.add", "--same-type", "alib.Net"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "sphinx-apidiff: error: type equivalents [alib.Net]: a group names two types or more\n"
    )
