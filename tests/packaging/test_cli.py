"""The ``sphinx-apidiff`` command: a table or JSON for good input, exit 2 and one line for bad."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sphinx_apidiff.cli import main

MEGENGINE_CONV = (
    "(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, "
    "dilation=1, groups=1, bias=True, conv_mode='cross_correlation', compute_mode='default', "
    "**kwargs)"
)

API_KEYS = {
    "path",
    "label",
    "kind",
    "source",
    "signature",
    "overloads",
    "version",
    "parameters",
    "return_annotation",
    "notes",
}
PARAMETER_KEYS = {"name", "kind", "default", "default_known", "annotation"}
ROW_KEYS = {
    "left",
    "right",
    "changes",
    "left_position",
    "right_position",
    "intentional",
    "match",
    "evidence",
}


def diff_process(cwd: Path, *argv: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    """``sphinx-apidiff diff ARGV`` in a process of its own, its output captured."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx_apidiff", "diff", *argv],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env=env,
        check=False,
    )


@pytest.fixture(autouse=True)
def wide_terminal(monkeypatch):
    """Tests of what a line says read whole lines: wide enough that nothing wraps (the tests
    of wrapping set their own width)."""
    monkeypatch.setenv("COLUMNS", "1000")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def run_json(capsys, *argv: str) -> dict:
    code, out, err = run(capsys, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


def rows_by_left(data: dict) -> dict[str, dict]:
    return {row["left"] or f"={row['right']}": row for row in data["rows"]}


def table_line(out: str, first: str) -> str:
    """The table line whose first column is ``first``."""
    return next(line for line in out.splitlines() if line.split()[:1] == [first])


# ------------------------------------------------------------------------------- good input


def test_diff_prints_a_table(capsys):
    import numpy

    code, out, err = run(capsys, "diff", "numpy.sum", "math.fsum")
    assert code == 0
    assert err == ""
    assert "\x1b[" not in out  # not a terminal: no colour
    lines = out.splitlines()
    assert lines[0].startswith("numpy: numpy.sum(a, axis=None, dtype=None, out=None")
    # NumPy's <no value> defaults are written as a reader understands them
    assert "keepdims=..." in lines[0] and "<no value>" not in out
    assert re.match(
        r"^keepdims\s+-\s+only in numpy, optional \(no default value to compare\)$",
        table_line(out, "keepdims"),
    )
    assert lines[1] == f"    source: runtime, version {numpy.__version__}"
    assert lines[2] == "math: math.fsum(seq, /)"
    assert re.match(r"^numpy\s+math\s+difference$", lines[5])
    assert re.match(
        r"^a\s+seq\s+renamed: a in numpy, seq in math \(inferred: same position and both required\); "
        r"kind: positional or keyword in numpy, positional-only in math$",
        table_line(out, "a"),
    )
    assert re.match(r"^axis\s+-\s+only in numpy, default None$", table_line(out, "axis"))
    assert lines[-2] == "category: usage-differs (usage differs)"
    assert lines[-1] == "kinds: 1 renamed, 6 only in numpy, 1 parameter kind differs"


def _words_of(table: str) -> list[str]:
    return table.split()


@pytest.mark.parametrize("columns", ["100", "60"])
def test_the_table_is_wrapped_to_columns(capsys, monkeypatch, columns):
    """Every line fits; the long difference continues under its own column; no word is cut
    (the text is the unwrapped table's, word for word)."""
    _code, wide, _err = run(capsys, "diff", "numpy.sum", "math.fsum")
    monkeypatch.setenv("COLUMNS", columns)
    code, out, err = run(capsys, "diff", "numpy.sum", "math.fsum")
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= int(columns)
    assert max(len(line) for line in wide.splitlines()) > 150  # the case the wrapping is for
    assert _words_of(out) == _words_of(wide)
    lines = out.splitlines()
    first = lines.index(table_line(out, "a"))
    column = first and lines[first].index("renamed:")
    assert lines[first + 1][:column].strip() == ""  # continued under the difference column
    assert lines[first + 1][column] != " "


_CONV = None


def _conv_comparison():
    global _CONV
    if _CONV is None:
        from sphinx_apidiff import compare

        _CONV = compare(
            "torch.nn.ConvTranspose2d",
            "megengine.module.ConvTranspose2d",
            left_signature="(in_channels, out_channels, kernel_size: Union[int, tuple[int, "
            "int]], stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, "
            "padding_mode='zeros', device=None, dtype=None)",
            right_signature=MEGENGINE_CONV,
        )
    return _CONV


@settings(max_examples=60, deadline=None)
@given(width=st.integers(min_value=1, max_value=400))
def test_wrapping_fits_every_width_and_keeps_every_word(width):
    """The words are the unwrapped table's, in order, at any width; from a width that holds
    the longest piece that cannot be broken (a parameter of the signature, the names and the
    narrowest difference column), every line fits."""
    from sphinx_apidiff.cli import render_table

    comparison = _conv_comparison()
    table = render_table(comparison, width=width)
    assert table.split() == render_table(comparison).split()
    if width >= 70:
        assert max(len(line) for line in table.splitlines()) <= width


def test_a_pipe_without_columns_gets_100(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
    result = diff_process(tmp_path, "torch.nn.Conv2d", "torch.nn.Conv1d", env=env)
    assert result.returncode == 0, result.stderr
    lengths = [len(line) for line in result.stdout.splitlines()]
    assert 90 < max(lengths) <= 100
    # a signature breaks between parameters, never inside an annotation
    assert "        kernel_size: Union[int, tuple[int, int]]" in result.stdout


def test_a_terminal_gets_its_own_width(tmp_path):
    """On a terminal (a pseudo-terminal 72 columns wide, ``COLUMNS`` not set) the table is
    wrapped to the terminal's width."""
    import fcntl
    import pty
    import struct
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 72, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "sphinx_apidiff", "diff", "numpy.sum", "math.fsum"],
        stdout=follower,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        env={**env, "NO_COLOR": "1"},
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal's other end closed: everything is read
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    proc.stderr.close()
    lines = b"".join(chunks).decode().splitlines()
    assert lines and "category: usage-differs (usage differs)" in lines
    assert 60 < max(len(line) for line in lines) <= 72


def test_json_tells_the_verdict_before_the_sides_details(capsys):
    """A reader of the first lines (``--json | head``) sees the category and the rows before
    the sides' parameter lists; each side starts with its path and label."""
    code, out, _err = run(capsys, "diff", "numpy.sum", "math.fsum", "--json")
    assert code == 0
    data = json.loads(out)
    assert list(data)[:3] == ["category", "kinds", "rows"]
    assert list(data)[-2:] == ["left", "right"]
    assert list(data["left"])[:2] == ["path", "label"]
    assert out.splitlines()[1] == '  "category": "usage-differs",'


def test_color_always_paints_the_table(capsys):
    code, out, _err = run(capsys, "diff", "numpy.sum", "math.fsum", "--color", "always")
    assert code == 0
    assert "\x1b[1m" in out and "\x1b[0m" in out


def test_json_has_the_documented_shape(capsys):
    import numpy

    data = run_json(capsys, "diff", "numpy.sum", "math.fsum")
    assert {"left", "right", "category", "rows"} <= set(data)
    assert set(data) == {
        "left",
        "right",
        "category",
        "kinds",
        "rows",
        "pair_changes",
        "ignored",
        "problems",
        "overloads",
    }
    assert set(data["overloads"]) == {
        "left_compared",
        "right_compared",
        "left_not_compared",
        "right_not_compared",
    }
    assert data["category"] == "usage-differs"
    assert data["kinds"] == {"renamed": 1, "only-left": 6, "kind": 1}
    for side in ("left", "right"):
        assert set(data[side]) == API_KEYS
        for parameter in data[side]["parameters"]:
            assert set(parameter) == PARAMETER_KEYS
    left, right = data["left"], data["right"]
    assert (left["path"], left["label"], left["source"]) == ("numpy.sum", "numpy", "runtime")
    assert left["version"] == numpy.__version__
    assert [p["name"] for p in left["parameters"]][:4] == ["a", "axis", "dtype", "out"]
    assert right["parameters"] == [
        {
            "name": "seq",
            "kind": "positional-only",
            "default": None,
            "default_known": True,
            "annotation": None,
        }
    ]
    for row in data["rows"]:
        assert set(row) == ROW_KEYS
    rows = rows_by_left(data)
    assert rows["a"] == {
        "left": "a",
        "right": "seq",
        "changes": ["renamed", "kind"],
        "left_position": 0,
        "right_position": 0,
        "intentional": False,
        "match": "position",
        "evidence": ["same-position", "both-required"],
    }
    assert rows["axis"]["right"] is None
    assert rows["axis"]["changes"] == ["only-left"]


def test_rename_pairs_parameters_on_purpose(capsys):
    data = run_json(capsys, "diff", "numpy.sum", "math.fsum", "--rename", "a=seq")
    assert rows_by_left(data)["a"]["intentional"] is True
    code, out, _err = run(capsys, "diff", "numpy.sum", "math.fsum", "--rename", "a=seq")
    assert code == 0
    assert "renamed: a in numpy, seq in math (as the author says)" in table_line(out, "a")


def test_rename_naming_a_missing_parameter_is_a_warning(capsys):
    code, out, err = run(capsys, "diff", "numpy.sum", "math.fsum", "--rename", "nosuch=seq")
    assert code == 0
    assert (
        err == "sphinx-apidiff: warning: rename nosuch=seq: numpy.sum has no parameter 'nosuch'\n"
    )
    assert "category:" in out


def test_ignore_leaves_parameters_out(capsys):
    argv = ("diff", "numpy.sum", "math.fsum", "--ignore", "out", "--ignore", "dtype")
    data = run_json(capsys, *argv)
    assert data["ignored"] == ["dtype", "out"]
    assert {row["left"] for row in data["rows"]}.isdisjoint({"out", "dtype"})
    code, out, _err = run(capsys, *argv)
    assert code == 0
    assert "ignored: dtype, out" in out.splitlines()
    assert not [line for line in out.splitlines() if line.split()[:1] in (["out"], ["dtype"])]


def test_explicit_signature_replaces_the_installed_one(capsys):
    data = run_json(capsys, "diff", "numpy.sum", "math.fsum", "--left-signature", "(a, axis=None)")
    assert data["left"]["source"] == "explicit"
    assert data["left"]["signature"] == "(a, axis=None)"
    assert [row["left"] for row in data["rows"]] == ["a", "axis"]


@pytest.mark.torch
def test_convtranspose2d_against_an_uninstalled_library(capsys):
    pytest.importorskip("torch")
    argv = (
        "diff",
        "torch.nn.ConvTranspose2d",
        "megengine.module.ConvTranspose2d",
        "--right-signature",
        MEGENGINE_CONV,
        "--left-label",
        "PyTorch",
        "--right-label",
        "MegEngine",
        "--ignore",
        "device",
        "--ignore",
        "dtype",
    )
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    assert re.search(
        r"^groups\s+groups\s+moved: 7th positional in PyTorch, 8th in MegEngine$", out, re.M
    )
    assert re.search(
        r"^dilation\s+dilation\s+moved: 9th positional in PyTorch, 7th in MegEngine$", out, re.M
    )
    assert re.search(
        r"^padding_mode\s+-\s+only in PyTorch, default 'zeros'; absorbed by MegEngine's "
        r"\*\*kwargs\? maybe$",
        out,
        re.M,
    )
    assert re.search(r"^-\s+conv_mode\s+only in MegEngine, default 'cross_correlation'$", out, re.M)
    data = run_json(capsys, *argv)
    right = data["right"]
    assert (right["source"], right["kind"], right["version"]) == ("explicit", "explicit", None)
    assert right["label"] == "MegEngine"
    rows = rows_by_left(data)
    assert rows["groups"]["changes"] == ["moved"]
    assert (rows["groups"]["left_position"], rows["groups"]["right_position"]) == (6, 7)
    assert rows["padding_mode"]["changes"] == ["only-left", "maybe-absorbed"]
    assert rows["=conv_mode"]["changes"] == ["only-right"]
    assert rows["=compute_mode"]["changes"] == ["only-right"]


# -------------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (("diff", "nosuchmod.f", "math.fsum"), "no module named 'nosuchmod'"),
        (("diff", "numpy.summ", "math.fsum"), "did you mean 'sum'"),
        (("diff", "os", "math.fsum"), "'os' is not callable (it is a module)"),
        (
            ("diff", "math.fsum", "nosuchpkg.g", "--right-signature", "(x, y="),
            "malformed signature for 'nosuchpkg.g'",
        ),
        (("diff", "numpy.sum", "math.fsum", "--rename", "a=b=c"), "rename"),
        (("diff", "not a path", "math.fsum"), "is not a dotted Python path"),
    ],
    ids=[
        "missing-module",
        "misspelled",
        "not-callable",
        "malformed-signature",
        "bad-rename",
        "not-a-path",
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv, reason):
    code, out, err = run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.endswith("\n")
    assert err.startswith("sphinx-apidiff: error: ")
    assert reason in err
    assert "Traceback" not in err


def test_console_script_runs(tmp_path):
    script = Path(sys.executable).with_name("sphinx-apidiff")
    executable = str(script) if script.exists() else shutil.which("sphinx-apidiff")
    assert executable, "the sphinx-apidiff console script is not installed"
    result = subprocess.run(
        [executable, "diff", "numpy.sum", "math.fsum"],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "category: usage-differs (usage differs)" in result.stdout
    assert re.search(r"^a\s+seq\s+renamed: a in numpy, seq in math", result.stdout, re.M)


CHATTY = """\
import os, sys, warnings

warnings.warn("No ccache found. Please be aware that recompiling is slow.", UserWarning)
print("chatty 1.0 loaded")
print("chatty: a banner on stderr", file=sys.stderr)
os.write(1, b"chatty: from C, on fd 1\\n")
os.write(2, b"chatty: from C, on fd 2\\n")


def add(x, y, alpha=1):
    return x + alpha * y
"""


def chatty_diff(tmp_path, *argv: str) -> subprocess.CompletedProcess:
    """``sphinx-apidiff diff`` with ``chatty`` (a package that warns and prints at import) on
    the path."""
    (tmp_path / "chatty.py").write_text(CHATTY)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    return diff_process(tmp_path, *argv, env=env)


def test_what_a_library_says_at_import_is_not_the_commands_output(tmp_path):
    result = chatty_diff(tmp_path, "chatty.add", "operator.add", "--json")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert json.loads(result.stdout)["left"]["path"] == "chatty.add"  # nothing but the JSON


def test_the_users_own_mistake_still_shows_beside_a_chatty_library(tmp_path):
    result = chatty_diff(tmp_path, "chatty.addd", "operator.add")
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "sphinx-apidiff: error: 'chatty' has no attribute 'addd'; did you mean 'add'?"
    ]
    assert result.stdout == ""


@pytest.mark.parametrize("extra", [["--json"], []])
def test_a_closed_pipe_ends_quietly(tmp_path, extra):
    """``sphinx-apidiff diff ... | head`` when the reader has gone: no traceback, status 141."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "sphinx_apidiff", "diff", "numpy.linspace", "math.fsum", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    proc.stdout.close()  # the reader closes before the first byte is written: EPIPE for sure
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=120) == 141, err
    assert err == ""


def test_private_parameters_are_left_out_unless_asked(capsys):
    """A leading underscore is left out of the differences, as on a page; the flag brings it
    back (explicit signatures: no library needed)."""
    sides = [
        "--left-signature",
        "(x, dim=None, _stacklevel=3)",
        "--right-signature",
        "(x, axis=-1)",
    ]
    plain = run_json(capsys, "diff", "a.softmax", "b.softmax", *sides)
    assert "_stacklevel" not in {row["left"] for row in plain["rows"]}
    assert "_stacklevel" in plain["ignored"]
    asked = run_json(capsys, "diff", "a.softmax", "b.softmax", *sides, "--private-parameters")
    assert "_stacklevel" in {row["left"] for row in asked["rows"]}
    assert "_stacklevel" not in asked["ignored"]
