"""``sphinx-apidiff new``: starting pages whose placeholders are warned about until written,
never overwriting by accident."""

from __future__ import annotations

import json
import re

import pytest
from conftest import main_body, run_build

from sphinx_apidiff.cli import main

CONF = 'extensions = ["sphinx_apidiff"]\nproject = "scaffold"\n'


def project(tmp_path, conf=CONF, index="Docs\n====\n\n.. toctree::\n\n   sums\n"):
    src = tmp_path / "docs"
    src.mkdir()
    (src / "conf.py").write_text(conf, encoding="utf-8")
    if index is not None:
        (src / "index.rst").write_text(index, encoding="utf-8")
    return src


def _placeholders(build) -> list[tuple[int, str]]:
    """``(line, note title)`` of each ``apidiff.placeholder`` warning of the build."""
    found = re.findall(
        r":(\d+): WARNING: apidiff-note '(\w+)' still holds the placeholder that "
        r"sphinx-apidiff new wrote: write the note in its place \[apidiff.placeholder\]",
        build.warnings,
    )
    return [(int(line), name) for line, name in found]


def test_a_new_page_has_a_note_for_every_difference_each_warned_until_written(tmp_path, capsys):
    src = project(tmp_path)
    assert main(["new", "numpy.sum", "math.fsum", "-o", str(src / "sums.rst")]) == 0
    assert f"wrote {src / 'sums.rst'}" in capsys.readouterr().out
    text = (src / "sums.rst").read_text(encoding="utf-8")
    assert text.startswith("numpy.sum vs math.fsum\n======================\n")
    for name in ("a", "axis", "dtype", "out", "keepdims", "initial", "where"):
        assert f"   .. apidiff-note:: {name}\n" in text
    assert "      import numpy\n      import math\n" in text
    build = run_build(src, confoverrides={"apidiff_undocumented": "warn"})
    # every difference has its note (no apidiff.undocumented), each a placeholder, located
    names = ["a", "axis", "dtype", "out", "keepdims", "initial", "where"]
    lines = [build.source_line("sums", f".. apidiff-note:: {name}") for name in names]
    assert sorted(_placeholders(build)) == sorted(zip(lines, names, strict=True))
    # and the example skeleton's comment, at its line
    todo = build.source_line("sums", "# TODO: call both")
    assert f"sums.rst:{todo}: WARNING: apidiff-example still holds the placeholder comment" in (
        build.warnings
    )
    assert len(build.warning_lines()) == len(names) + 1
    page = main_body(build.page("sums")).text()
    assert "TODO: what a reader moving from numpy needs to know here" in page
    assert "No usage note for this difference yet" not in page
    notes = json.loads(build.read("apidiff.json"))["pairs"][0]["notes"]
    assert [note["by_author"] for note in notes] == [False] * len(names)  # missing, all

    # one note written: its warning goes, and the export counts it as the author's
    start = text.index("TODO:", text.index(".. apidiff-note:: axis"))
    end = text.index("\n", start)
    text = (
        text[:start] + "``math.fsum`` sums a flat iterable: sum along an axis first." + text[end:]
    )
    (src / "sums.rst").write_text(text, encoding="utf-8")
    build = run_build(src, confoverrides={"apidiff_undocumented": "warn"})
    assert [name for _line, name in _placeholders(build)] == [n for n in names if n != "axis"]
    assert len(build.warning_lines()) == len(names)  # the example's comment is still there
    notes = json.loads(build.read("apidiff.json"))["pairs"][0]["notes"]
    assert [n["names"] for n in notes if n["by_author"]] == [["axis"]]


def test_a_chinese_page_says_so_in_chinese_and_warns_of_its_placeholders(tmp_path):
    src = project(tmp_path, conf=CONF + 'language = "zh_CN"\n')
    assert (
        main(["new", "numpy.sum", "math.fsum", "--lang", "zh_CN", "-o", str(src / "sums.rst")]) == 0
    )
    text = (src / "sums.rst").read_text(encoding="utf-8")
    assert text.startswith("numpy.sum 与 math.fsum 的对比\n")
    assert "待补充：从 numpy 迁移时需要注意的地方（仅 numpy 有此参数" in text
    build = run_build(src)
    assert len(_placeholders(build)) == text.count(".. apidiff-note::") == 7
    assert "WARNING: apidiff-example still holds the placeholder comment" in build.warnings
    assert len(build.warning_lines()) == 8


def test_an_existing_file_is_kept_unless_forced(tmp_path, capsys):
    target = tmp_path / "sums.rst"
    target.write_text("mine\n", encoding="utf-8")
    assert main(["new", "numpy.sum", "math.fsum", "-o", str(target)]) == 2
    assert "not overwriting" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert main(["new", "numpy.sum", "math.fsum", "-o", str(target), "--force"]) == 0
    assert target.read_text(encoding="utf-8").startswith("numpy.sum vs math.fsum")


def test_without_output_the_page_goes_to_stdout(capsys):
    assert main(["new", "os.path.join", "ntpath.join"]) == 0
    assert capsys.readouterr().out.startswith("os.path.join vs ntpath.join\n")


def test_an_unreadable_side_still_gives_a_page_and_a_warning(tmp_path, capsys):
    target = tmp_path / "x.rst"
    assert main(["new", "numpy.sum", "nosuchpkg_xyz.f", "-o", str(target)]) == 0
    err = capsys.readouterr().err
    assert "warning" in err and "nosuchpkg_xyz" in err
    assert ".. apidiff:: numpy.sum nosuchpkg_xyz.f" in target.read_text(encoding="utf-8")


PAIRS = "left,right,title\nnumpy.sum,math.fsum,\nnumpy.sum,builtins.sum,Sum vs builtin sum\nos.path.join,ntpath.join,\n"


def test_from_csv_writes_a_page_per_row_and_an_index(tmp_path, capsys):
    csv = tmp_path / "pairs.csv"
    csv.write_text(PAIRS, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["new", "--from", str(csv), "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "conf.py",
        "index.rst",
        "numpy.sum--builtins.sum.rst",
        "numpy.sum.rst",
        "os.path.join.rst",
    ]
    assert (out / "numpy.sum--builtins.sum.rst").read_text().startswith("Sum vs builtin sum\n")
    index = (out / "index.rst").read_text(encoding="utf-8")
    assert ".. apidiff-summary::" in index
    assert "   numpy.sum\n   numpy.sum--builtins.sum\n   os.path.join\n" in index
    # a second run changes nothing and says why
    (out / "numpy.sum.rst").write_text("edited\n", encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(out)]) == 2
    assert "not overwriting" in capsys.readouterr().err
    assert (out / "numpy.sum.rst").read_text() == "edited\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["new", "numpy.sum"], "needs LEFT and RIGHT"),
        (["new", "a.b", "c.d", "--lang", "xx"], "--lang 'xx'"),
        (["new", "--from", "nowhere.csv", "-o", "x"], "cannot read nowhere.csv"),
        (["new", "--from", "nowhere.csv"], "--from needs -o DIR"),
    ],
)
def test_bad_input_is_one_line_and_status_2(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_a_csv_row_without_a_right_path_names_its_line(tmp_path, capsys):
    csv = tmp_path / "pairs.csv"
    csv.write_text("left,right\nnumpy.sum,math.fsum\nnumpy.mean,\n", encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(tmp_path / "o")]) == 2
    assert "pairs.csv, line 3: a row needs a left and a right" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()


def test_a_scaffolded_set_builds_clean_with_its_summary_but_for_its_placeholders(tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text(PAIRS, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["new", "--from", str(csv), "-o", str(out)]) == 0
    # the conf.py that `new` wrote: the first build works (its notes are placeholders)
    build = run_build(
        out,
        confoverrides={
            "apidiff_undocumented": "warn",
            "suppress_warnings": ["apidiff.placeholder"],
        },
    )
    assert build.warnings == ""
    table = main_body(build.page("index")).find("table", cls="apidiff-summary")
    # both names of a comparison link to its page
    assert list(dict.fromkeys(a.attrs["href"] for a in table.find_all("a"))) == [
        "numpy.sum--builtins.sum.html",
        "numpy.sum.html",
        "os.path.join.html",
    ]


def test_every_note_new_writes_is_recognised_as_a_placeholder():
    from sphinx_apidiff.scaffold import PHRASES
    from sphinx_apidiff.scaffold_marks import PLACEHOLDER_MARKERS, is_placeholder, placeholder_line

    assert set(PLACEHOLDER_MARKERS) == set(PHRASES)
    for lang, words in PHRASES.items():
        note = words["note"].format(left_label="torch", summary="only torch has it")
        assert note.startswith(PLACEHOLDER_MARKERS[lang]) and is_placeholder(note)
        assert placeholder_line(f"import torch\n\n{words['example']}\n") == 2
    assert not is_placeholder("PyTorch pads with zeros; TODO: nothing, this is a real note.")
    assert placeholder_line("x = 1  # TODO: later\nprint(x)\n") is None  # not a comment line


# ------------------------------------------------------------------ bad input to --from


def tree(folder):
    """Every file under ``folder`` with its text (what a command may have written)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("left,right,file\nnumpy.sum,math.fsum,../index\n", "file '../index' is not a file name"),
        ("left,right,file\nnumpy.sum,math.fsum,sub/../../x\n", "is not a file name inside"),
        ("left,right,file\nnumpy.sum,math.fsum,{abs}\n", "is not a file name inside"),
        ("left,right,file\nnumpy.sum,math.fsum,.hidden\n", "is not a file name inside"),
        ("left,right\n../x,math.fsum\n", "left '../x' is not a dotted path"),
        ("left,right\nnumpy.sum,/etc/passwd\n", "right '/etc/passwd' is not a dotted path"),
        (
            'left,right,title\nnumpy.sum,math.fsum,"x\n\n.. raw:: html\n\n   <b>hi</b>"\n',
            "line 2: title holds a line break",
        ),
        ('left,right\n"numpy.sum\n.. raw:: html",math.fsum\n', "left holds a line break"),
        ("left,right,file\nnumpy.sum,math.fsum,index\n", "'index' is the index page's"),
    ],
)
def test_nothing_is_written_outside_the_output_folder(tmp_path, capsys, csv_text, message):
    src = project(tmp_path)  # a docs project with its own index.rst
    before = tree(tmp_path)
    csv = tmp_path / "pairs.csv"
    csv.write_text(csv_text.format(abs=tmp_path / "docs" / "index"), encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(src / "out"), "--force"]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err
    after = tree(tmp_path)
    del after["pairs.csv"]
    assert after == before  # nothing written, the project's index.rst untouched


@pytest.mark.parametrize(
    ("csv_text", "message"),
    [
        ("left,title\nnumpy.sum,Sums\n", "line 1: the header has no right column"),
        ("left,right,note\nnumpy.sum,math.fsum,x\n", "unknown columns ['note']"),
        ("left,right,left\nnumpy.sum,math.fsum,x\n", "the header names left twice"),
        ("left,right\n", "has a header but no pairs"),
        ("\n\n", "has no rows"),
        (
            "left,right\nnumpy.sum,math.fsum\n\nnumpy.sum,math.fsum\n",
            "line 4: numpy.sum against math.fsum is already on line 2",
        ),
        ("numpy.sum,math.fsum,Title,sums,extra\n", "line 1: 5 cells, but the columns are"),
        (
            "left,right,file\nnumpy.sum,math.fsum,sums.rst\nnumpy.mean,math.fsum,sums.md\n",
            "line 3: 'sums' is another row's page",
        ),
    ],
)
def test_a_csv_that_says_something_else_is_refused_by_line(tmp_path, capsys, csv_text, message):
    csv = tmp_path / "pairs.csv"
    csv.write_text(csv_text, encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err
    assert not (tmp_path / "out").exists()


def test_a_title_that_looks_like_markup_stays_a_title(tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text(
        "left,right,title\nnumpy.sum,math.fsum,.. raw:: html\nos.path.join,ntpath.join,- one\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["new", "--from", str(csv), "-o", str(out)]) == 0
    # the placeholders' warnings aside, nothing: the titles are no markup
    build = run_build(out, confoverrides={"suppress_warnings": ["apidiff.placeholder"]})
    assert build.warnings == ""
    assert main_body(build.page("numpy.sum")).find("h1").text().startswith(".. raw:: html")
    assert main_body(build.page("os.path.join")).find("h1").text().startswith("- one")


@pytest.mark.parametrize(
    ("argv", "setup", "message"),
    [
        (["new", "numpy.sum", "math.fsum", "-o", "{tmp}"], None, "is a folder: name the file"),
        (["new", "numpy.sum", "math.fsum", "-o", "{tmp}/f/x.rst"], "f", "f is a file, not a"),
        (["new", "--from", "{tmp}/p.csv", "-o", "{tmp}/f"], "f", "not a folder"),
        (["new", "--from", "{tmp}/p.csv", "-o", "{tmp}/f/out"], "f", "f is a file, not a folder"),
        (["new", "--from", "{tmp}/latin1.csv", "-o", "{tmp}/o"], None, "line 2 is not UTF-8"),
        (["new", "--from", "{tmp}", "-o", "{tmp}/o"], None, "cannot read"),
        (["new", "numpy.sum", "math.fsum\n.. raw:: html"], None, "RIGHT holds a line break"),
    ],
)
def test_new_never_ends_in_a_traceback(tmp_path, capsys, argv, setup, message):
    (tmp_path / "p.csv").write_text(PAIRS, encoding="utf-8")
    (tmp_path / "latin1.csv").write_bytes(
        "left,right,title\nmath.fsum,numpy.sum,Somme exacte \u00e9\n".encode("latin-1")
    )
    if setup:
        (tmp_path / setup).write_text("a file\n", encoding="utf-8")
    assert main([arg.replace("{tmp}", str(tmp_path)) for arg in argv]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1, err


def test_a_markdown_target_gets_a_myst_page_and_its_extension(tmp_path, capsys):
    csv = tmp_path / "pairs.csv"
    csv.write_text("left,right,file\nnumpy.sum,math.fsum,sums.md\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["new", "--from", str(csv), "-o", str(out)]) == 0
    text = (out / "sums.md").read_text(encoding="utf-8")
    assert text.startswith("# numpy.sum vs math.fsum\n\n````{apidiff} numpy.sum math.fsum\n")
    assert "```{apidiff-note} axis\nTODO: what a reader moving from numpy" in text
    assert ":literal:" not in text  # Markdown code spans, not reStructuredText roles
    assert '"myst_parser"' in (out / "conf.py").read_text(encoding="utf-8")
    build = run_build(
        out,
        confoverrides={
            "apidiff_undocumented": "warn",
            "suppress_warnings": ["apidiff.placeholder"],
        },
    )
    assert build.warnings == ""
    page = main_body(build.page("sums")).text()
    assert "TODO: what a reader moving from numpy needs to know here" in page
    assert "only in numpy, default None" in page


def test_a_single_markdown_page(tmp_path):
    assert main(["new", "numpy.sum", "math.fsum", "-o", str(tmp_path / "sums.md")]) == 0
    assert (tmp_path / "sums.md").read_text(encoding="utf-8").startswith("# numpy.sum vs")


def test_conf_py_is_written_when_none_is_there_and_the_next_command_said(tmp_path, capsys):
    csv = tmp_path / "pairs.csv"
    csv.write_text(PAIRS, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["new", "--from", str(csv), "-o", str(out), "--lang", "zh_CN"]) == 0
    conf = (out / "conf.py").read_text(encoding="utf-8")
    assert 'extensions = ["sphinx_apidiff", "sphinx_design"]' in conf
    assert 'language = "zh_CN"' in conf
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"next: sphinx-build -b html {out} {out / '_build' / 'html'}"


def test_an_existing_conf_py_is_never_overwritten(tmp_path, capsys):
    csv = tmp_path / "pairs.csv"
    csv.write_text(PAIRS, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "conf.py").write_text(CONF, encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(out), "--force"]) == 0
    assert (out / "conf.py").read_text(encoding="utf-8") == CONF
    assert capsys.readouterr().out.splitlines()[-1].startswith("next: sphinx-build -b html")


def test_pages_inside_a_docs_project_use_its_conf_py(tmp_path, capsys):
    src = project(tmp_path)
    csv = tmp_path / "pairs.csv"
    csv.write_text(PAIRS, encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(src / "comparisons")]) == 0
    assert not (src / "comparisons" / "conf.py").exists()
    said = capsys.readouterr().out.splitlines()[-1]
    assert said.startswith(f"next: list comparisons/index in a toctree of {src}, then: ")


def test_a_linked_folder_does_not_lead_outside(tmp_path, capsys):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "nn").symlink_to(outside, target_is_directory=True)
    csv = tmp_path / "pairs.csv"
    csv.write_text("left,right,file\nnumpy.sum,math.fsum,nn/sums\n", encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(out)]) == 2
    assert "would be written outside" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("sep", [";", "\t"])
def test_a_csv_a_spreadsheet_wrote_with_semicolons_or_tabs_reads_the_same(tmp_path, sep):
    csv = tmp_path / "pairs.csv"
    csv.write_text(PAIRS.replace(",", sep), encoding="utf-8")
    assert main(["new", "--from", str(csv), "-o", str(tmp_path / "out")]) == 0
    text = (tmp_path / "out" / "numpy.sum--builtins.sum.rst").read_text(encoding="utf-8")
    assert text.startswith("Sum vs builtin sum\n")


PORTED = """\
def Linear(in_features, out_features, bias=True, name=None):
    pass


def Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
           groups=1, bias=True, padding_mode="zeros"):
    pass


def BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True,
                track_running_stats=True):
    pass
"""


@pytest.mark.torch
def test_a_set_suggests_ignoring_what_differs_on_most_pages(tmp_path, capsys, monkeypatch):
    """device and dtype, on every PyTorch module: no note on each page, one apidiff_ignore."""
    pytest.importorskip("torch")
    (tmp_path / "ported.py").write_text(PORTED, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    csv = tmp_path / "pairs.csv"
    csv.write_text(
        "left,right\n"
        + "".join(f"torch.nn.{n},ported.{n}\n" for n in ("Linear", "Conv2d", "BatchNorm2d")),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert main(["new", "--from", str(csv), "-o", str(out)]) == 0
    said = capsys.readouterr().out.splitlines()
    [suggestion] = [line for line in said if line.startswith("suggestion:")]
    assert suggestion.startswith("suggestion: device, dtype are only on one side")
    assert f'apidiff_ignore = ["device", "dtype"] in {out / "conf.py"}' in suggestion
    # name: only on one page; a renamed or changed parameter is never suggested
    conf = (out / "conf.py").read_text(encoding="utf-8")
    assert '# apidiff_ignore = ["device", "dtype"]\n' in conf
    linear = (out / "torch.nn.Linear.rst").read_text(encoding="utf-8")
    assert ".. apidiff-note:: name" in linear
    assert "apidiff-note:: device" not in linear and "apidiff-note:: dtype" not in linear
    # taken up, the suggestion leaves no undocumented difference
    (out / "conf.py").write_text(conf.replace("# apidiff_ignore", "apidiff_ignore"))
    build = run_build(out, "dummy", confoverrides={"apidiff_execution_mode": "off"})
    assert "[apidiff.undocumented]" not in build.warnings
    left = {name for _, name in _placeholders(build)}
    assert "name" in left and not left & {"device", "dtype"}, left


def test_common_differences_counts_apis_not_pages_and_never_renames():
    from sphinx_apidiff.api import Api
    from sphinx_apidiff.comparison import compare_apis
    from sphinx_apidiff.scaffold import common_differences
    from sphinx_apidiff.signature import parse_signature

    def pair(left, lsig, right, rsig):
        def api(path, text):
            return Api(path, path.split(".")[0], "function", "explicit", (parse_signature(text),))

        return compare_apis(api(left, lsig), api(right, rsig))

    same_api_twice = [
        pair("a.f", "(x, out=None)", "b.f", "(x)"),
        pair("a.f", "(x, out=None)", "c.f", "(x)"),
        None,  # a side that could not be read: no page to count
    ]
    assert common_differences(same_api_twice) == ()
    several = [
        pair("a.f", "(input, out=None, **kwargs)", "b.f", "(x)"),
        pair("a.g", "(input, out=None, **kwargs)", "b.g", "(x)"),
        pair("a.h", "(input)", "b.h", "(x, name=None)"),
    ]
    # out: two APIs of three pages; input/x renamed and **kwargs are what pages are for
    assert common_differences(several) == ("out",)
