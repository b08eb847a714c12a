"""Snapshots, static reading and drift in real builds (``tests/roots/test-snapshot``).

The root compares PyTorch with GPUKit, a package on disk whose import fails (as MegEngine's
does on Python 3.11), and holds the snapshot ``sphinx-apidiff snapshot`` wrote for it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import copy_root, main_body, parse_html, run_build

from sphinx_apidiff.snapshot import FORMAT, read_snapshot

pytestmark = pytest.mark.sphinx

SRC = Path(__file__).resolve().parents[2] / "src"


def cards(page_html: str) -> list[str]:
    """Each card's text (title, code, version line) as a reader sees it (in any theme)."""
    return [card.words() for card in parse_html(page_html).find_all(cls="apidiff-card")]


def table_rows(page_html: str) -> list[str]:
    tables = parse_html(page_html).find_all("table", cls="apidiff-table")
    return [row.words() for table in tables for row in table.find_all("tr")]


def code_blocks(page_html: str) -> list[str]:
    return [pre.text() for pre in parse_html(page_html).find_all("pre")]


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    return run_build(copy_root("snapshot", tmp_path_factory.mktemp("live")))


def build_hiding(srcdir: Path, hidden: str, *extra: str) -> subprocess.CompletedProcess:
    """``sphinx-build`` in a child process whose ``import hidden`` fails."""
    script = (
        "import sys\n"
        f"sys.modules[{hidden!r}] = None  # import {hidden} raises ModuleNotFoundError\n"
        "from sphinx.cmd.build import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])}
    argv = [sys.executable, "-c", script, "-b", "html", "-E", "-q", "-D", "show_warning_types=1"]
    argv += [*extra, str(srcdir), str(srcdir / "_build" / "html")]
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=False)


# ------------------------------------------------------------------------- static reading


def test_a_package_whose_import_fails_is_read_from_its_source(live):
    page = live.page("static")
    left, right = cards(page)[:2]
    assert "gpukit.ConvTranspose2d(" in right
    assert "kernel_size: Union[int, Tuple[int, int]]" in right
    assert "(read from its source, not imported)" in right
    assert "**kwargs" in right
    # the order trap: GPUKit (like MegEngine) has dilation before groups and bias
    code = next(c for c in code_blocks(page) if c.startswith("gpukit.ConvTranspose2d("))
    assert code.index("dilation") < code.index("groups") < code.index("bias")
    rows = table_rows(page)
    for name in ("groups", "bias", "dilation"):
        row = next(r for r in rows if r.startswith(f"{name} {name}"))
        assert "moved" in row
    assert "torch 2.13.0" in left and "recorded from" not in left  # PyTorch is live here
    assert "gpukit" not in live.warnings


def _comparison(env, docname: str, position: int) -> dict:
    """The pair's comparison JSON, from the page's comparisons file beside its doctree."""
    from sphinx_apidiff.sphinxext.state.comparisons import page_comparisons
    from sphinx_apidiff.sphinxext.state.records import doc_record

    return page_comparisons(env, docname, len(doc_record(env, docname).pairs))[position]


def test_the_comparison_json_says_static(live):
    from sphinx_apidiff.sphinxext.state.records import doc_record

    pair = doc_record(live.app.env, "static").pairs[0]
    assert pair.sources == {"left": "runtime", "right": "static"}
    data = _comparison(live.app.env, "static", 0)
    assert data["right"]["source"] == "static"
    assert data["right"]["notes"][0].startswith("not imported: importing 'gpukit' raised")


def test_a_package_in_apidiff_static_is_never_imported(live):
    from sphinx_apidiff.sphinxext.state.records import doc_record

    pair = doc_record(live.app.env, "static").pairs[1]
    assert pair.sources == {"left": "static", "right": "static"}
    assert "plainkit" not in sys.modules
    assert "plainkit was imported" not in live.warnings
    assert _comparison(live.app.env, "static", 1)["left"]["signature"] == (
        "(x: float, factor: float = 2.0, *, inplace: bool = False) -> float"
    )


def test_a_stub_gives_what_a_bare_source_does_not(live):
    data = _comparison(live.app.env, "static", 1)
    # gpukit/functional.py says scale(*args, **kwargs); functional.pyi says what it takes
    assert data["right"]["signature"] == data["left"]["signature"]


# ---------------------------------------------------------------------- neither, nor


def test_with_no_source_at_all_a_located_warning_and_a_placeholder(live):
    line = live.source_line("missing", ".. apidiff:: nolib.conv")
    expected = (
        f"missing.rst:{line}: WARNING: apidiff left side: cannot import 'nolib.conv': no "
        "module named 'nolib'; and no entry in the snapshot apidiff-signatures.json "
        "[apidiff.import]"
    )
    assert [w for w in live.warning_lines() if "nolib" in w] == [
        f"{live.srcdir / 'missing.rst'}:{line}: WARNING: " + expected.split(": WARNING: ")[1]
    ]
    page = main_body(live.page("missing")).words()
    assert "Could not be read: cannot import 'nolib.conv'" in page
    assert "gpukit.functional.scale(" in page  # the other side is shown
    assert "The rest of the page still renders." in page


# ------------------------------------------------------------------------ hidden library


@pytest.fixture(scope="module")
def hidden(tmp_path_factory):
    srcdir = copy_root("snapshot", tmp_path_factory.mktemp("hidden"))
    done = build_hiding(srcdir, "torch")
    assert done.returncode == 0, done.stderr
    return srcdir, done


def test_a_hidden_library_comes_from_the_snapshot(hidden, live):
    srcdir, done = hidden
    page = (srcdir / "_build" / "html" / "recorded.html").read_text(encoding="utf-8")
    version = read_snapshot(srcdir / "apidiff-signatures.json").get("torch.nn.Linear").version
    first, _, linear, _ = cards(page)
    assert f"Version: recorded from torch {version}" in first
    assert f"recorded from torch {version}" in linear
    # nothing torch-related is a warning: the snapshot has every torch signature the pages use
    warnings = [w for w in done.stderr.splitlines() if "WARNING" in w]
    assert all("nolib" in w for w in warnings), warnings


@pytest.mark.parametrize("docname", ["static", "recorded"])
def test_hidden_and_live_pages_say_the_same(hidden, live, docname):
    srcdir, _ = hidden
    offline = (srcdir / "_build" / "html" / f"{docname}.html").read_text(encoding="utf-8")
    online = live.page(docname)
    assert table_rows(online) and code_blocks(online)
    assert code_blocks(offline) == code_blocks(online)
    assert table_rows(offline) == table_rows(online)
    strip = lambda text: text.replace("recorded from ", "")  # noqa: E731
    assert [strip(c) for c in cards(offline)] == cards(online)


# --------------------------------------------------------------------------------- drift


def _rewrite(path: Path, edit) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data["signatures"])
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def test_an_outdated_snapshot_is_drift_in_words(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    live_version = read_snapshot(srcdir / "apidiff-signatures.json").get("torch.nn.Linear").version

    def outdate(signatures):
        linear = signatures["torch.nn.Linear"]
        linear["version"] = "2.12.0"
        params = linear["overloads"][0]["parameters"]
        params[:] = [p for p in params if p["name"] != "bias"]  # bias is new since
        for p in params:
            if p["name"] == "dtype":
                p["kind"] = "keyword-only"
        params.append({"name": "factory", "kind": "keyword-only", "default": "None"})
        for p in params:
            if p["name"] == "device":
                p["default"] = "'cpu'"

    _rewrite(srcdir / "apidiff-signatures.json", outdate)
    build = run_build(srcdir)
    line = build.source_line("recorded", ".. apidiff:: torch.nn.Linear")
    drift = [w for w in build.warning_lines() if "[apidiff.drift]" in w]
    assert drift == [
        f"{srcdir / 'recorded.rst'}:{line}: WARNING: apidiff left side: torch.nn.Linear changed "
        f"since its snapshot entry (recorded from torch 2.12.0, now {live_version}): "
        "gained parameter `bias`; lost parameter `factory`; default of `device` changed "
        "from 'cpu' to None; `dtype` became positional-or-keyword (was keyword-only); review the page's notes, then refresh it with 'sphinx-apidiff snapshot "
        "DOCS_DIR' [apidiff.drift]"
    ]


def test_a_pair_that_became_identical_is_reported(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)

    def differ(signatures):
        params = signatures["gpukit.nn.Linear"]["overloads"][0]["parameters"]
        params.append({"name": "bias", "kind": "positional-or-keyword", "default": "True"})

    _rewrite(srcdir / "apidiff-signatures.json", differ)
    build = run_build(srcdir)
    line = build.source_line("retire", ".. apidiff::")
    retire = [w for w in build.warning_lines() if "identical now" in w]
    assert len(retire) == 1
    assert retire[0].startswith(
        f"{srcdir / 'retire.rst'}:{line}: WARNING: apidiff: gpukit.nn.Linear and "
        "gpukit.nn.Module are identical now; when recorded ("
    )
    assert retire[0].endswith(
        ") they had 1 difference: the page may be retired, or refresh it with "
        "'sphinx-apidiff snapshot DOCS_DIR' [apidiff.drift]"
    )
    # the drift of gpukit.nn.Linear itself is its own warning
    assert any("lost parameter `bias`" in w for w in build.warning_lines())


def test_a_note_for_a_parameter_neither_side_has_any_more(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    page = srcdir / "recorded.rst"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            ".. apidiff:: torch.nn.Linear gpukit.nn.Linear\n",
            ".. apidiff:: torch.nn.Linear gpukit.nn.Linear\n\n"
            "   .. apidiff-note:: weight_init\n\n      Gone in both.\n",
        ),
        encoding="utf-8",
    )
    build = run_build(srcdir)
    line = build.source_line("recorded", ".. apidiff-note:: weight_init")
    assert any(
        w.startswith(f"{page}:{line}: WARNING: apidiff-note names 'weight_init', which neither")
        and w.endswith("[apidiff.note]")
        for w in build.warning_lines()
    ), build.warnings


def test_an_installed_library_without_the_path_is_an_error_whatever_was_recorded(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)

    def moved(signatures):  # recorded when torch had it; the installed torch has not
        signatures["torch.nn.LinearOld"] = dict(signatures["torch.nn.Linear"])

    _rewrite(srcdir / "apidiff-signatures.json", moved)
    page = srcdir / "recorded.rst"
    page.write_text(
        page.read_text(encoding="utf-8").replace("torch.nn.Linear ", "torch.nn.LinearOld "),
        encoding="utf-8",
    )
    build = run_build(srcdir)
    line = build.source_line("recorded", ".. apidiff:: torch.nn.LinearOld")
    version = read_snapshot(srcdir / "apidiff-signatures.json").get("torch.nn.Linear").version
    assert [w for w in build.warning_lines() if "LinearOld" in w] == [
        f"{page}:{line}: WARNING: apidiff left side: 'torch.nn' has no attribute 'LinearOld'; "
        f"did you mean 'Linear', 'LazyLinear'? (its snapshot entry, recorded from torch {version}, is not "
        "used: torch is installed here) [apidiff.import]"
    ]
    assert "Could not be read:" in main_body(build.page("recorded")).words()


# ---------------------------------------------------------------------- broken snapshots


def test_a_broken_snapshot_is_a_located_warning_and_is_never_overwritten(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    target = srcdir / "apidiff-signatures.json"
    lines = target.read_text(encoding="utf-8").splitlines()
    number = next(i for i, text in enumerate(lines, 1) if '"name": "in_features"' in text)
    lines[number - 1] = lines[number - 1].replace('"kind"', "kind")  # a hand edit gone wrong
    broken = "\n".join(lines) + "\n"
    target.write_text(broken, encoding="utf-8")
    build = run_build(srcdir, confoverrides={"apidiff_update_snapshot": True})
    warnings = [w for w in build.warning_lines() if "[apidiff.snapshot]" in w]
    assert warnings[0].startswith(
        f"{target}:{number}: WARNING: signature snapshot: not valid JSON: Expecting property "
        "name enclosed in double quotes; not used in this build"
    )
    assert warnings[1] == (
        f"{target}:{number}: WARNING: signature snapshot not updated: not valid JSON: Expecting "
        "property name enclosed in double quotes; the file is left as it is [apidiff.snapshot]"
    )
    assert target.read_text(encoding="utf-8") == broken
    assert "torch.nn.Linear(" in main_body(build.page("recorded")).words()  # pages still build


def test_a_snapshot_that_is_not_utf8_is_located_at_its_line(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    target = srcdir / "apidiff-signatures.json"
    raw = target.read_bytes().replace(b'"name": "in_features"', b'"name": "in_f\xe9atures"')
    number = raw[: raw.index(b"\xe9")].count(b"\n") + 1
    target.write_bytes(raw)
    build = run_build(srcdir, confoverrides={"apidiff_update_snapshot": True})
    assert [w for w in build.warning_lines() if "[apidiff.snapshot]" in w] == [
        f"{target}:{number}: WARNING: signature snapshot: not UTF-8: byte 0xe9 cannot be "
        "decoded; not used in this build [apidiff.snapshot]",
        f"{target}:{number}: WARNING: signature snapshot not updated: not UTF-8: byte 0xe9 "
        "cannot be decoded; the file is left as it is [apidiff.snapshot]",
    ]
    assert target.read_bytes() == raw


def test_updating_without_a_snapshot_file_is_located_in_conf_py(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    conf = srcdir / "conf.py"
    text = conf.read_text(encoding="utf-8").replace(
        'apidiff_signature_snapshot = "apidiff-signatures.json"\n', ""
    )
    conf.write_text(text + "apidiff_update_snapshot = True\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    build = run_build(srcdir)
    assert [w for w in build.warning_lines() if "needs apidiff_signature_snapshot" in w] == [
        f"{conf}:{line}: WARNING: apidiff_update_snapshot needs apidiff_signature_snapshot "
        "(the file to write) [apidiff.config]"
    ]


def test_a_newer_format_is_refused_by_build_and_command(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    target = srcdir / "apidiff-signatures.json"
    newer = json.dumps({"format": FORMAT + 1, "signatures": {}}, indent=2) + "\n"
    target.write_text(newer, encoding="utf-8")
    build = run_build(srcdir)
    assert any(
        f"{target}:2: WARNING: signature snapshot: written in snapshot format {FORMAT + 1} "
        "by a newer sphinx-apidiff" in w
        for w in build.warning_lines()
    ), build.warnings
    done = run_command(srcdir)
    assert done.returncode == 2
    assert "newer sphinx-apidiff" in done.stderr
    assert target.read_text(encoding="utf-8") == newer


# ---------------------------------------------------------------------- writing it


def run_command(srcdir: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])}
    argv = [sys.executable, "-m", "sphinx_apidiff", "snapshot", str(srcdir), *args]
    return subprocess.run(argv, env=env, capture_output=True, text=True, check=False)


def test_the_committed_snapshot_is_what_the_command_writes(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    committed = (srcdir / "apidiff-signatures.json").read_bytes()
    done = run_command(srcdir, "--check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout
    (srcdir / "apidiff-signatures.json").unlink()
    assert run_command(srcdir, "--check").returncode == 1
    done = run_command(srcdir)
    assert done.returncode == 0, done.stderr
    assert (srcdir / "apidiff-signatures.json").read_bytes() == committed
    assert run_command(srcdir).stdout.endswith(": unchanged\n")  # twice: the same bytes


def test_the_build_option_writes_the_same_file(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    committed = (srcdir / "apidiff-signatures.json").read_bytes()
    (srcdir / "apidiff-signatures.json").unlink()
    build = run_build(srcdir, confoverrides={"apidiff_update_snapshot": True})
    assert "apidiff-signatures.json: 9 signature(s) recorded: written" in build.status
    assert (srcdir / "apidiff-signatures.json").read_bytes() == committed


def test_a_parallel_build_writes_the_same_file(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    committed = (srcdir / "apidiff-signatures.json").read_bytes()
    (srcdir / "apidiff-signatures.json").unlink()
    build = run_build(srcdir, parallel=2, confoverrides={"apidiff_update_snapshot": True})
    assert "9 signature(s) recorded: written" in build.status
    assert (srcdir / "apidiff-signatures.json").read_bytes() == committed


def test_pages_from_the_snapshot_are_read_again_once_the_library_is_installed(tmp_path):
    """Built where torch is hidden, then where it is installed: only its pages are read.

    Both builds are child processes: an earlier build in this process may have changed
    Sphinx's shared config defaults (``source_suffix``), which would read every page.
    """
    import re

    srcdir = copy_root("snapshot", tmp_path)
    doctrees = ["-d", str(srcdir / "_build" / "doctrees")]
    done = build_hiding(srcdir, "torch", *doctrees)
    assert done.returncode == 0, done.stderr
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path]), "NO_COLOR": "1"}
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-D", "show_warning_types=1"]
    argv += [*doctrees, str(srcdir), str(srcdir / "_build" / "html")]
    again = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    assert again.returncode == 0, again.stderr
    read = re.findall(r"reading sources\.\.\. \[\s*\d+%\] (\S+)", again.stdout)
    # missing and retire have no torch side
    assert sorted(read) == ["recorded", "static"], again.stdout


def test_unused_entries_are_reported_and_pruned_only_when_asked(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    target = srcdir / "apidiff-signatures.json"
    committed = target.read_text(encoding="utf-8")

    def add_unused(signatures):
        signatures["torch.nn.Conv1d"] = dict(signatures["torch.nn.Linear"])

    _rewrite(target, add_unused)
    done = run_command(srcdir)
    assert done.returncode == 0
    assert "not used by any page (prune with --prune): torch.nn.Conv1d" in done.stdout
    assert "torch.nn.Conv1d" in read_snapshot(target).entries
    done = run_command(srcdir, "--prune")
    assert "pruned: torch.nn.Conv1d" in done.stdout
    assert target.read_text(encoding="utf-8") == committed


def test_entries_of_a_library_not_installed_here_are_kept(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    target = srcdir / "apidiff-signatures.json"
    committed = target.read_bytes()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), *sys.path])}
    script = (
        "import sys; sys.modules['torch'] = None\n"
        "from sphinx_apidiff.cli import main\n"
        f"sys.exit(main(['snapshot', {str(srcdir)!r}, '--prune']))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "3 kept as recorded (not readable here)" in done.stdout
    assert "kept: torch.nn.Linear" in done.stdout
    assert target.read_bytes() == committed  # recorded, never invented, never forgotten


def test_the_command_needs_a_configured_snapshot(tmp_path):
    (tmp_path / "conf.py").write_text('extensions = ["sphinx_apidiff"]\n')
    (tmp_path / "index.rst").write_text("Index\n=====\n\n.. apidiff:: math.fsum math.prod\n")
    done = run_command(tmp_path)
    assert done.returncode == 2
    # what the user did (no snapshot set), as one error line: not a setting they never set
    assert done.stderr.splitlines() == [
        "sphinx-apidiff: error: no signature snapshot configured: set "
        f"apidiff_signature_snapshot in {tmp_path / 'conf.py'}, e.g. "
        'apidiff_signature_snapshot = "apidiff-signatures.json"'
    ]
    assert run_command(tmp_path / "nowhere").returncode == 2


def test_the_command_refuses_a_broken_snapshot_in_one_error_line(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    target = srcdir / "apidiff-signatures.json"
    text = target.read_text(encoding="utf-8")
    first = next(iter(json.loads(text)["signatures"]))
    assert text.endswith("\n  }\n}\n")
    twice = text[: -len("\n  }\n}\n")] + f',\n    "{first}": {{"overloads": []}}\n  }}\n}}\n'
    line = len(twice.splitlines()) - 2  # the second one: a merge that kept both
    target.write_text(twice, encoding="utf-8")
    done = run_command(srcdir)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"sphinx-apidiff: error: {target}:{line}: {first!r} is written twice in one object (which "
        "one holds?); the file is left as it is (fix it, or delete it)"
    ]
    assert target.read_text(encoding="utf-8") == twice  # never rewritten with one of them


def test_an_error_in_conf_py_is_one_line_naming_its_line(tmp_path):
    from io import StringIO

    from sphinx_apidiff.cli_snapshot import run_snapshot_command

    (tmp_path / "conf.py").write_text('extensions = ["sphinx_apidiff"]\nlimit = 1 / 0\n')
    (tmp_path / "index.rst").write_text("Index\n=====\n")
    out, err = StringIO(), StringIO()
    assert run_snapshot_command(str(tmp_path), out=out, err=err) == 2
    [line] = err.getvalue().splitlines()
    assert line.startswith(f"sphinx-apidiff: error: building {tmp_path}: ")
    assert line.endswith(f"{tmp_path / 'conf.py'}:2: ZeroDivisionError: division by zero")
    assert out.getvalue() == ""


def test_the_commands_warnings_carry_no_colour_codes_into_a_pipe(tmp_path):
    srcdir = copy_root("snapshot", tmp_path)
    with (srcdir / "index.rst").open("a", encoding="utf-8") as f:
        f.write("\n.. apidiff:: math.fsum nosuchmodule_xyz.f\n")
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "NO_COLOUR")}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), *sys.path])
    argv = [sys.executable, "-m", "sphinx_apidiff", "snapshot", str(srcdir)]
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "WARNING: " in done.stderr and "nosuchmodule_xyz" in done.stderr
    assert "\x1b[" not in done.stderr + done.stdout


def test_the_command_reads_200_pairs_twice_to_the_same_bytes(tmp_path):
    import numpy
    import torch

    names = sorted(
        n
        for n in dir(numpy)
        if not n.startswith("_")
        and callable(getattr(numpy, n))
        and callable(getattr(torch, n, None))
        and not isinstance(getattr(numpy, n), type)
    )[:200]
    assert len(names) == 200
    (tmp_path / "conf.py").write_text(
        'extensions = ["sphinx_apidiff"]\napidiff_undocumented = "ignore"\n'
        'apidiff_signature_snapshot = "signatures.json"\n'
        'suppress_warnings = ["apidiff.import"]\n'
    )
    pages = [names[i : i + 20] for i in range(0, 200, 20)]
    toctree = "".join(f"   page{i}\n" for i in range(len(pages)))
    (tmp_path / "index.rst").write_text(f"Index\n=====\n\n.. toctree::\n\n{toctree}")
    for i, chunk in enumerate(pages):
        body = "".join(f".. apidiff:: numpy.{n} torch.{n}\n\n" for n in chunk)
        (tmp_path / f"page{i}.rst").write_text(f"Page {i}\n=======\n\n{body}")
    first = run_command(tmp_path)
    assert first.returncode == 0, first.stderr
    written = (tmp_path / "signatures.json").read_bytes()
    entries = read_snapshot(tmp_path / "signatures.json").entries
    assert len(entries) > 300  # most of the 400 sides read from NumPy or PyTorch
    # what the records gave is what the libraries say (overloads included)
    from sphinx_apidiff.introspect import read_api
    from sphinx_apidiff.snapshot import entry_from_api

    assert [p for p, e in entries.items() if entry_from_api(read_api(p)) != e] == []
    assert any(len(e.overloads) > 1 for e in entries.values())
    second = run_command(tmp_path)
    assert second.returncode == 0
    assert second.stdout.endswith(": unchanged\n")
    assert (tmp_path / "signatures.json").read_bytes() == written


def test_the_command_in_process_leaves_docutils_as_it_found_it(tmp_path):
    """As ``sphinx-build`` does, the command's build registers its directives and roles in a
    namespace of its own: a program (or a test) that runs it keeps a clean docutils."""
    from io import StringIO

    from docutils.parsers.rst import directives, roles

    from sphinx_apidiff.cli_snapshot import run_snapshot_command

    srcdir = copy_root("snapshot", tmp_path)
    before = (dict(directives._directives), dict(roles._roles))
    out, err = StringIO(), StringIO()
    assert run_snapshot_command(str(srcdir), out=out, err=err) == 0, err.getvalue()
    assert "apidiff" not in directives._directives
    assert (dict(directives._directives), dict(roles._roles)) == before
