"""Indexes teams keep by hand (issue 21 §4): the summary grouped by module of the left API,
and the coverage with the project's notes (a counterpart under another name, an alias, a
reason). Pure logic first, then real builds of ``tests/roots/test-indexes``."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import Build, copy_root, main_body, run_build
from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.concepts import Entry, group_by_module, module_of
from sphinx_apidiff.coverage import ModuleCallables, coverage_of, unmatched_notes
from sphinx_apidiff.coverage_notes import CoverageNote, parse_notes, read_notes_file
from sphinx_apidiff.export import build_export, load_schema
from sphinx_apidiff.records import PairRecord

# ------------------------------------------------------------------------- grouping by module


def entry(left: str, right: str, doc: str = "p", position: int = 0) -> Entry:
    record = PairRecord(left=left, right=right, left_label="L", right_label="R")
    return Entry(doc, record, position)


def test_module_of_a_path_is_all_but_its_last_name():
    assert module_of("torch.nn.Conv2d") == "torch.nn"
    assert module_of("torch.Tensor.add") == "torch.Tensor"
    assert module_of("len") == "len"


def test_groups_are_sorted_by_module_and_keep_the_given_order_within():
    entries = [
        entry("torch.nn.Conv2d", "paddle.nn.Conv2D"),
        entry("torch.add", "paddle.add"),
        entry("torch.nn.ReLU", "paddle.nn.ReLU"),
        entry("torch.Tensor.add", "paddle.Tensor.add"),
        entry("torch.abs", "paddle.abs"),
    ]
    groups = group_by_module(entries)
    assert [(m, [e.left for e in es]) for m, es in groups] == [
        ("torch", ["torch.add", "torch.abs"]),
        ("torch.Tensor", ["torch.Tensor.add"]),
        ("torch.nn", ["torch.nn.Conv2d", "torch.nn.ReLU"]),
    ]


paths = st.lists(st.sampled_from(["a", "b", "a.b", "c"]), min_size=1, max_size=3).map(".".join)


@given(st.lists(st.tuples(paths, paths), max_size=12))
def test_grouping_loses_nothing_and_each_group_holds_its_module(pairs):
    entries = [entry(left, right, position=i) for i, (left, right) in enumerate(pairs)]
    groups = group_by_module(entries)
    assert sorted(e.position for _m, es in groups for e in es) == list(range(len(entries)))
    assert [m for m, _es in groups] == sorted({module_of(e.left) for e in entries})
    for module, members in groups:
        assert all(module_of(e.left) == module for e in members)
        assert [e.position for e in members] == sorted(e.position for e in members)


# ------------------------------------------------------------------------------ coverage notes


def test_a_note_says_exactly_one_thing_of_a_dotted_api():
    notes, problems = parse_notes(
        [
            ("torch.cat", {"counterpart": "megengine.functional.concat"}, 2),
            ("torch.absolute", {"alias": "torch.abs", "reason": ""}, 3),
            ("torch.Tensor.int_repr", {"reason": "no  quantized\ntensors"}, 4),
            ("cat", {"counterpart": "m.concat"}, 5),
            ("torch.two", {"alias": "torch.a", "reason": "why"}, 6),
            ("torch.none", {}, 7),
            ("torch.kind", {"replacement": "torch.x"}, 8),
            ("torch.self", {"alias": "torch.self"}, 9),
            ("torch.cat", {"reason": "again"}, 10),
            ("torch.bad", {"counterpart": "not a path"}, 11),
        ]
    )
    assert {api: (n.kind, n.value) for api, n in notes.items()} == {
        "torch.cat": ("counterpart", "megengine.functional.concat"),
        "torch.absolute": ("alias", "torch.abs"),
        "torch.Tensor.int_repr": ("reason", "no quantized tensors"),
    }
    assert [p.line for p in problems] == [5, 6, 7, 8, 9, 10, 11]
    assert "written twice (first at line 2)" in problems[5].message
    assert "'replacement' is not one of counterpart, alias, reason" in problems[3].message


@pytest.mark.parametrize(
    ("name", "text", "lines"),
    [
        (
            "notes.toml",
            '["m.cat"]\ncounterpart = "o.concat"\n\n["m.absolute"]\nalias = "m.abs"\n',
            (1, 4),
        ),
        (
            "notes.json",
            '{\n "m.cat": {"counterpart": "o.concat"},\n "m.absolute": {"alias": "m.abs"}}',
            (2, 3),
        ),
        (
            "notes.csv",
            "api,counterpart,alias,reason\nm.cat,o.concat,,\n\nm.absolute,,m.abs,\n",
            (2, 4),
        ),
    ],
)
def test_the_three_file_forms_give_the_same_notes_with_their_lines(tmp_path, name, text, lines):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    notes, problems = read_notes_file(path)
    assert problems == []
    assert [(n.api, n.kind, n.value) for n in notes.values()] == [
        ("m.cat", "counterpart", "o.concat"),
        ("m.absolute", "alias", "m.abs"),
    ]
    assert (notes["m.cat"].line, notes["m.absolute"].line) == lines  # the line naming it


@pytest.mark.parametrize(
    ("name", "text", "message", "line"),
    [
        ("n.json", '{"m.cat": ', "not valid JSON", 1),
        ("n.toml", "[m.cat\n", "not valid TOML", None),
        ("n.csv", "name,value\nm.cat,x\n", "expected a header row", 1),
        ("n.csv", "api,reason\nm.cat,x,y\n", "3 cells, the header has 2", 2),
        ("n.yaml", "m.cat: x\n", "expected a .csv, .json, .toml file", None),
        ("n.json", "[1, 2]", "expected a table of APIs", None),
    ],
)
def test_a_file_that_cannot_be_read_is_a_problem_with_its_line(tmp_path, name, text, message, line):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    notes, problems = read_notes_file(path)
    assert notes == {}
    assert len(problems) == 1 and message in problems[0].message
    assert problems[0].line == line


def module(path: str, *names: str, same: dict[str, str] | None = None) -> ModuleCallables:
    same = same or {}
    return ModuleCallables(path, {n: same.get(n, f"{path}.{n}") for n in names})


def test_notes_give_a_counterpart_an_alias_and_a_reason():
    left = module("m", "abs", "absolute", "cat", "int_repr", "log", "logarithm")
    right = module("o", "abs", "concat")
    notes = {
        "m.cat": CoverageNote("m.cat", counterpart="o.concat"),
        "m.absolute": CoverageNote("m.absolute", alias="m.abs"),
        "m.logarithm": CoverageNote("m.logarithm", alias="m.log"),
        "m.int_repr": CoverageNote("m.int_repr", reason="no quantized tensors"),
    }
    rows = {r.name: r for r in coverage_of(left, right, {("m.abs", "o.abs")}, notes=notes)}
    assert (rows["cat"].status, rows["cat"].counterpart) == ("counterpart", "o.concat")
    assert (rows["absolute"].status, rows["absolute"].compared_as) == ("page", "m.abs")
    assert rows["absolute"].compared_with == ("o.abs",)
    assert rows["logarithm"].status == "missing"  # its target has no counterpart either
    assert (rows["int_repr"].status, rows["int_repr"].note.reason) == (
        "missing",
        "no quantized tensors",
    )
    assert rows["abs"].note is None


def test_a_note_never_hides_a_page():
    left, right = module("m", "cat"), module("o", "cat", "concat")
    notes = {"m.cat": CoverageNote("m.cat", counterpart="o.concat")}
    (row,) = coverage_of(left, right, {("m.cat", "o.cat")}, notes=notes)
    assert (row.status, row.compared_with, row.note) == ("page", ("o.cat",), notes["m.cat"])


def test_notes_naming_what_the_module_lacks_are_found():
    left = module("m", "cat")
    notes = [
        CoverageNote("m.cat", reason="x"),
        CoverageNote("m.dog", reason="x"),
        CoverageNote("m.sub.dog", reason="x"),  # another module's
        CoverageNote("mm.dog", reason="x"),
    ]
    assert [n.api for n in unmatched_notes(left, notes)] == ["m.dog"]


def test_the_export_carries_the_notes_sorted_and_valid():
    notes = [
        CoverageNote("m.int_repr", reason="no quantized tensors"),
        CoverageNote("m.cat", counterpart="o.concat"),
        CoverageNote("m.absolute", alias="m.abs"),
    ]
    doc = build_export([], project="P", coverage_notes=notes)
    jsonschema.Draft202012Validator(load_schema()).validate(doc)
    assert doc["coverage_notes"] == [
        {"api": "m.absolute", "alias": "m.abs"},
        {"api": "m.cat", "counterpart": "o.concat"},
        {"api": "m.int_repr", "reason": "no quantized tensors"},
    ]
    assert "coverage_notes" not in build_export([], project="P")
    bad = {**doc, "coverage_notes": [{"api": "m.cat"}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(load_schema()).validate(bad)


# ------------------------------------------------------------------------------- real builds


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Build:
    return run_build(copy_root("indexes", tmp_path_factory.mktemp("indexes")))


def _groups(page_html: str) -> list[tuple[str, list[list[str]]]]:
    """``[(module, [[left, right], ...]), ...]``: each rubric and the API cells of its table."""
    out: list[tuple[str, list[list[str]]]] = []
    for element in main_body(page_html).iter():
        if "rubric" in element.classes and "apidiff-summary-group" in element.classes:
            out.append((element.words(), []))
        elif element.tag == "table" and "apidiff-summary" in element.classes:
            if not out or out[-1][1]:  # a table under no rubric
                out.append(("", []))
            for tr in element.find("tbody").find_all("tr"):
                apis = tr.find_all("td", cls="apidiff-col-api")
                out[-1][1].append([td.find("code").words() for td in apis])
    return out


def test_a_summary_grouped_by_module_has_a_rubric_and_a_table_per_module(built):
    assert built.warnings == ""
    groups = _groups(built.page("summary"))
    assert groups == [
        ("math", [["math.fsum", "builtins.sum"]]),
        ("ops_left", [["ops_left.abs", "ops_right.abs"], ["ops_left.add", "ops_right.add"]]),
        ("os.path", [["os.path.join", "posixpath.join"]]),
        # the :label: filter, then the groups
        ("ops_left", [["ops_left.abs", "ops_right.abs"], ["ops_left.add", "ops_right.add"]]),
    ]
    body = main_body(built.page("summary"))
    # the rubrics open no section: the page keeps the author's two sections
    assert len(body.find_all("section")) == 2
    assert built.page("summary").count("apidiff-summary.js") == 1


def test_the_myst_summary_is_the_rst_summary(built):
    assert _groups(built.page("summary_md")) == _groups(built.page("summary"))


def test_a_grouped_summary_in_a_text_build_names_each_module(tmp_path):
    build = run_build(copy_root("indexes", tmp_path), "text")
    assert build.warnings == ""
    text = build.read("summary.txt")
    rubrics = [line for line in text.splitlines() if line.startswith("-[ ")]
    assert rubrics == ['-[ "math" ]-', '-[ "ops_left" ]-', '-[ "os.path" ]-', '-[ "ops_left" ]-']
    assert "os.path.join" in text and "ops_left.add" in text


def test_an_unknown_grouping_is_a_located_warning_and_one_table(tmp_path):
    srcdir = copy_root("indexes", tmp_path)
    source = srcdir / "summary.rst"
    source.write_text(
        source.read_text(encoding="utf-8").replace(":group-by: module\n", ":group-by: page\n", 1),
        encoding="utf-8",
    )
    build = run_build(srcdir)
    line = build.source_line("summary", ":group-by: page")
    assert build.warning_lines() == [
        f"{srcdir / 'summary.rst'}:{line}: WARNING: apidiff-summary :group-by: 'page' is not "
        "one of module; one table is shown [apidiff.directive]"
    ]
    groups = _groups(build.page("summary"))
    assert [m for m, _rows in groups] == ["", "ops_left"]  # only the second one is grouped
    assert [len(rows) for _m, rows in groups] == [4, 2]


def _coverage(page_html: str) -> dict[str, list[str]]:
    table = main_body(page_html).find("table", cls="apidiff-coverage")
    cells = (tr.find_all("td") for tr in table.find_all("tr"))
    return {tds[0].words(): [td.words() for td in tds[1:]] for tds in cells if tds}


def test_the_coverage_shows_the_projects_notes(built):
    rows = _coverage(built.page("coverage"))
    assert rows == {
        "ops_left.abs": ["compared", "ops_right.abs"],
        "ops_left.absolute": ["compared alias of ops_left.abs", "ops_right.abs"],
        "ops_left.add": ["compared", "ops_right.add"],
        "ops_left.cat": ["counterpart, no page yet", "ops_right.concat"],
        "ops_left.int_repr": [
            "no counterpart not implemented: the other side has no quantized tensors",
            "—",
        ],
        "ops_left.relu": ["counterpart, no page yet", "ops_right.relu"],
    }
    assert _coverage(built.page("coverage_md")) == rows
    exported = json.loads(built.read("apidiff.json"))
    jsonschema.Draft202012Validator(load_schema()).validate(exported)
    assert exported["coverage_notes"] == [
        {"api": "ops_left.absolute", "alias": "ops_left.abs"},
        {"api": "ops_left.cat", "counterpart": "ops_right.concat"},
        {"api": "ops_left.int_repr", "reason": "the other side has no quantized tensors"},
    ]


def test_notes_written_in_conf_py_are_the_notes_of_a_file(built, tmp_path):
    notes = {
        "ops_left.cat": {"counterpart": "ops_right.concat"},
        "ops_left.absolute": {"alias": "ops_left.abs"},
        "ops_left.int_repr": {"reason": "the other side has no quantized tensors"},
    }
    build = run_build(
        copy_root("indexes", tmp_path), confoverrides={"apidiff_coverage_notes": notes}
    )
    assert build.warnings == ""
    assert _coverage(build.page("coverage")) == _coverage(built.page("coverage"))
    assert build.read("apidiff.json") == built.read("apidiff.json")


def test_a_parallel_build_exports_what_a_serial_build_does(sphinx_build):
    serial = sphinx_build("indexes", "html")
    parallel = sphinx_build("indexes", "html", parallel=2)
    assert parallel.warnings == serial.warnings == ""
    assert parallel.read("apidiff.json") == serial.read("apidiff.json")
    assert parallel.read("coverage.html") == serial.read("coverage.html")


def _notes_build(tmp_path: Path, text: str | None, name: str = "coverage-notes.toml") -> Build:
    srcdir = copy_root("indexes", tmp_path)
    (srcdir / "coverage-notes.toml").unlink()
    if text is not None:
        (srcdir / name).write_text(text, encoding="utf-8")
    overrides = {"apidiff_coverage_notes": name}
    return run_build(srcdir, confoverrides=overrides)


def test_a_missing_notes_file_is_a_warning_and_the_build_goes_on(tmp_path):
    build = _notes_build(tmp_path, None)
    (line,) = build.warning_lines()
    assert "WARNING: apidiff_coverage_notes: no file" in line and "coverage-notes.toml" in line
    assert line.startswith(str(build.srcdir / "conf.py"))
    assert line.endswith("[apidiff.coverage]")
    rows = _coverage(build.page("coverage"))
    assert rows["ops_left.cat"] == ["no counterpart", "—"]


def test_a_bad_row_is_a_warning_at_its_line_and_the_others_are_used(tmp_path):
    text = "api,counterpart,alias,reason\nops_left.cat,ops_right.concat,,\nops_left.relu,,,\n"
    build = _notes_build(tmp_path, text, "notes.csv")
    assert build.warning_lines() == [
        f"{build.srcdir / 'notes.csv'}:3: WARNING: apidiff_coverage_notes: ops_left.relu: "
        "expected exactly one of counterpart, alias, reason, got 0 [apidiff.coverage]"
    ]
    assert _coverage(build.page("coverage"))["ops_left.cat"][1] == "ops_right.concat"


def test_a_note_naming_what_the_module_lacks_is_a_warning_at_the_directive(tmp_path):
    text = '["ops_left.cat"]\ncounterpart = "ops_right.concat"\n\n["ops_left.dog"]\nreason = "x"\n'
    build = _notes_build(tmp_path, text, "notes.toml")
    message = (
        "WARNING: apidiff-coverage: the coverage note for ops_left.dog (notes.toml, line 4) "
        "names no public callable of ops_left; it is not shown [apidiff.coverage]"
    )
    line = build.source_line("coverage", "apidiff-coverage::")
    md_line = build.source_line("coverage_md", "{apidiff-coverage}", ".md")
    assert build.warning_lines() == [
        f"{build.srcdir / 'coverage.rst'}:{line}: {message}",
        f"{build.srcdir / 'coverage_md.md'}:{md_line}: {message}",
    ]
    assert "ops_left.dog" not in _coverage(build.page("coverage"))


def test_an_edited_notes_file_reads_the_coverage_pages_again(tmp_path):
    srcdir = copy_root("indexes", tmp_path)
    run_build(srcdir)
    notes = srcdir / "coverage-notes.toml"
    notes.write_text(
        notes.read_text(encoding="utf-8").replace("no quantized tensors", "no int8"),
        encoding="utf-8",
    )
    build = run_build(srcdir)
    assert "no int8" in _coverage(build.page("coverage"))["ops_left.int_repr"][0]
    assert "no int8" in build.read("apidiff.json")
