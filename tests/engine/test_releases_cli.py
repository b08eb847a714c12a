"""``sphinx-apidiff overview`` and ``sphinx-apidiff diff`` with a side at a release, on the
tiny package the tests build (``release_builder``): what a terminal shows, the JSON and its
schema, and one line on stderr with exit status 2 for every bad input."""

from __future__ import annotations

import json

import jsonschema
import pytest
from release_builder import PACKAGE, build_wheel

from sphinx_apidiff.cli import main
from sphinx_apidiff.releases.load import clear_release_loaders
from sphinx_apidiff.releases.overview import load_overview_schema


@pytest.fixture(autouse=True)
def own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("SPHINX_APIDIFF_CACHE", str(tmp_path / "cache"))
    clear_release_loaders()
    yield
    clear_release_loaders()


@pytest.fixture
def wheels(tmp_path):
    return build_wheel(tmp_path, "1.0"), build_wheel(tmp_path, "2.0")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_overview_text(capsys, wheels):
    status, out, err = run(capsys, "overview", f"{PACKAGE}@{wheels[0]}", f"{PACKAGE}@{wheels[1]}")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == f"tinyrel: tinyrel 1.0, read from the wheel {wheels[0].name}, not imported"
    assert "removed (4)" in lines and "renamed (2)" in lines and "added (1)" in lines
    at = lines.index("  tinyrel.gone")
    assert lines[at + 1] == "      note: gone() is deprecated; call scale(x) instead"
    at = lines.index("  tinyrel.legacy_sum")
    assert lines[at + 1] == (
        "      still reachable as tinyrel.compat.legacy_sum, in the deprecated module "
        "tinyrel.compat (a deprecation warning when tinyrel.compat is imported)"
    )
    assert "  tinyrel.old_name -> tinyrel.new_name" in lines
    assert "  tinyrel.moving -> tinyrel.helpers.moving" in lines
    assert "      clip: only in tinyrel 2.0, default False" in lines
    assert str(wheels[0].parent) not in out  # no absolute path: the output is reproducible


def test_overview_json_follows_its_schema(capsys, wheels):
    status, out, _ = run(
        capsys, "overview", f"{PACKAGE}@{wheels[0]}", f"{PACKAGE}@{wheels[1]}", "--json"
    )
    assert status == 0
    data = json.loads(out)
    schema = load_overview_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(data)
    assert [m["path"] for m in data["moved"]] == ["tinyrel.moving"]
    assert data["old"]["how"] == "wheel" and data["new"]["version"] == "2.0"


def test_schema_rejects_a_member_without_its_place(wheels, capsys):
    _, out, _ = run(
        capsys, "overview", f"{PACKAGE}@{wheels[0]}", f"{PACKAGE}@{wheels[1]}", "--json"
    )
    data = json.loads(out)
    validator = jsonschema.Draft202012Validator(load_overview_schema())
    del data["renamed"][0]["to"]
    assert not validator.is_valid(data)
    data = json.loads(out)
    data["removed"][0]["surprise"] = 1
    assert not validator.is_valid(data)
    data = json.loads(out)
    (still,) = [c for c in data["removed"] if "deprecated_place" in c]
    assert validator.is_valid(data)
    del still["deprecated_place"]["source"]
    assert not validator.is_valid(data)


def test_diff_at_two_releases(capsys, wheels):
    status, out, err = run(
        capsys,
        "diff",
        f"{PACKAGE}.scale@{wheels[0]}",
        f"{PACKAGE}.scale@{wheels[1]}",
        "--json",
    )
    assert (status, err) == (0, "")
    data = json.loads(out)
    assert data["left"]["version"] == "1.0" and data["right"]["version"] == "2.0"
    assert data["left"]["label"] == "tinyrel tinyrel-1.0-py3-none-any.whl"
    rows = {r["left"] or r["right"]: r for r in data["rows"]}
    assert rows["clip"]["changes"] == ["only-right"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("overview", "tinyrel@{bogus}", "tinyrel@{v2}"), "not a wheel"),
        (("overview", "tinyrel@{missing}", "tinyrel@{v2}"), "no such file or folder"),
        (("overview", "tinyrel@git:nope", "tinyrel@{v2}"), "is not in a git repository"),
        (("overview", "tinyrel@{v1}", "other@{v2}"), "one module at two releases"),
        (("diff", "tinyrel.nothing@{v1}", "tinyrel.scale@{v2}"), "'tinyrel.nothing' is not in"),
        (("diff", "tinyrel.scale@", "tinyrel.scale@{v2}"), "nothing after '@'"),
    ],
)
def test_bad_input_is_one_line_and_status_2(capsys, wheels, tmp_path, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)  # not a git repository
    bogus = tmp_path / "tinyrel-9.0-py3-none-any.whl"
    bogus.write_bytes(b"PK not really")
    names = {"bogus": bogus, "missing": tmp_path / "gone.whl", "v1": wheels[0], "v2": wheels[1]}
    status, out, err = run(capsys, *(a.format(**names) for a in argv))
    assert status == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith("sphinx-apidiff: error: ")
    assert message in err


def test_index_unreachable_is_one_line(capsys, monkeypatch):
    import os

    for key in [k for k in os.environ if k.startswith("PIP_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("PIP_CONFIG_FILE", os.devnull)
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_RETRIES", "1")
    status, out, err = run(capsys, "overview", "tinyrel==1.0", "tinyrel==2.0")
    assert (status, out) == (2, "")
    assert err == (
        "sphinx-apidiff: error: the package index cannot be reached to fetch tinyrel==1.0 "
        "(pip download failed; offline?)\n"
    )
