"""``sphinx-apidiff audit --run-examples``: each example block of a hand-written page that can
run on its own runs in a child process; one that fails is an ``example-fails`` finding with the
page, the line of the failing statement and the exception; a fragment never runs.

The page is written here (PyTorch against NumPy, both installed).
"""

from __future__ import annotations

import json

import jsonschema

from sphinx_apidiff.cli import main
from sphinx_apidiff.cli_audit import audit_run
from sphinx_apidiff.migrate.audit import load_schema

HEAD = """\
## [ 仅参数名不一致 ]torch.sum

### [torch.sum](https://example.invalid/torch.sum)

```python
torch.sum(input, dim, keepdim=False, *, dtype=None)
```

### [numpy.sum](https://example.invalid/numpy.sum)

```python
numpy.sum(a, axis=None, dtype=None, out=None, keepdims=False, initial=0, where=True)
```

### 参数映射

| PyTorch | NumPy | 备注 |
| ------- | ----- | ---- |
| input   | a     | 输入。 |
| dim     | axis  | 维度。 |
| keepdim | keepdims | 保留维度。 |

### 转写示例
"""

#: Each example: its heading, its code; and whether it fails when run.
EXAMPLES = [
    ("runs", "import numpy\nx = numpy.sum([1, 2], axis=0)\nassert x == 3", False),
    ("divides by zero", "x = 1\ny = 2\nz = x / (y - 2)", True),
    ("a fragment", "y = torch.sum(a, dim=1)", False),  # `a` is never defined: not run
    ("implied import", "t = torch.ones(2)\nassert t.sum().item() == 3, 'the sum is 2'", True),
    ("shows its error", "x = [1]\ny = x[3]\n# IndexError: list index out of range", False),
    ("hangs", "while True:\n    pass", True),
    ("not python", "$ pip install torch", False),
]


def page_text() -> tuple[str, dict[str, int]]:
    """The page, and the line of the statement each failing example fails on."""
    text = HEAD
    failing = {}
    for heading, code, fails in EXAMPLES:
        language = "bash" if heading == "not python" else "python"
        text += f"\n#### {heading}\n\n```{language}\n"
        first = text.count("\n") + 1
        text += code + "\n```\n"
        if fails:
            last = code.count("\n")
            failing[heading] = first + (0 if heading == "hangs" else last)
    return text, failing


def test_failing_examples_are_found_with_their_line_and_exception(tmp_path, capsys):
    text, failing = page_text()
    (tmp_path / "torch.sum.md").write_text(text, encoding="utf-8")
    run = audit_run("paddle", tmp_path, run_examples=True, timeout=3)
    fails = {f.line: f for f in run.findings if f.code == "example-fails"}
    assert sorted(fails) == sorted(failing.values())
    division = fails[failing["divides by zero"]]
    assert division.page == "torch.sum.md" and division.severity == "error"
    assert division.page_says == "z = x / (y - 2)"
    assert "ZeroDivisionError: division by zero" in division.library_says
    assertion = fails[failing["implied import"]]
    assert "AssertionError: the sum is 2" in assertion.library_says
    assert fails[failing["hangs"]].library_says.startswith("timed out after 3 s")
    # run: the three that fail, and the one that passes; the fragment and the shell line not
    # (a block raising the exception its comment names shows it on purpose: no finding)
    assert run.examples == {"expected-error": 1, "failed": 2, "passed": 1, "timeout": 1}
    # the command: the findings in its schema, the counts in its summary, exit 1
    capsys.readouterr()
    argv = ["audit", "paddle", str(tmp_path), "--json", "--run-examples"]
    assert main([*argv, "--example-timeout", "3"]) == 1
    body = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(load_schema()).validate(body)
    assert body["summary"]["by_code"]["example-fails"] == 3
    assert body["summary"]["examples"] == run.examples


def test_examples_are_not_run_by_default(tmp_path, capsys):
    text, _ = page_text()
    (tmp_path / "torch.sum.md").write_text(text, encoding="utf-8")
    run = audit_run("paddle", tmp_path)
    assert run.examples is None and not [f for f in run.findings if f.code == "example-fails"]
    assert main(["audit", "paddle", str(tmp_path), "--fail-on", "never"]) == 0
    assert "examples parsed, not run" in capsys.readouterr().out


def test_a_timeout_that_is_no_number_is_one_line_and_status_2(tmp_path, capsys):
    for value in ("0", "-1", "soon", "nan"):
        try:
            main(["audit", "paddle", str(tmp_path), "--run-examples", "--example-timeout", value])
        except SystemExit as exc:  # argparse's own exit for a bad option value
            assert exc.code == 2
        err = capsys.readouterr().err
        assert "not a number of seconds above 0" in err and "Traceback" not in err
