"""``audit`` and ``import`` with ``--snapshot FILE``: a side whose library is not installed
here (a package made up for the test) is what the snapshot recorded, for the audit's checks,
for where the importer puts each row's note, and, through the copy the import leaves in OUT,
for the build of the imported set."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run_build, visible_text

from sphinx_apidiff.cli import main
from sphinx_apidiff.cli_audit import audit_run
from sphinx_apidiff.signature import parse_signature
from sphinx_apidiff.snapshot import Entry, Snapshot, write_snapshot

#: A library nobody installs: only the snapshot knows it.
RECORDED = "(x, y, alpha=1.0, name=None)"

PAGE = """\
## [ torch 参数更多 ]torch.add

### [torch.add](https://example.invalid/torch.add)

```python
torch.add(input, other, *, alpha=1, out=None)
```

### [nolib_xyz.add](https://example.invalid/nolib_xyz.add)

```python
nolib_xyz.add(x, y, name=None)
```

两者的差异如下：

### 参数映射

| PyTorch | Nolib | 备注 |
| ------- | ----- | ---- |
| input   | x     | 第一个加数。 |
| other   | y     | 第二个加数。 |
| alpha   | alpha | 乘数，两者一致。 |
| out     | -     | 输出，Nolib 无此参数。 |
"""


def _snapshot(path: Path) -> Path:
    signature = parse_signature(RECORDED)
    entry = Entry("nolib_xyz.add", "nolib_xyz", "1.0", "runtime", "function", (signature,))
    write_snapshot(path, Snapshot({entry.path: entry}))
    return path


def _set(root: Path) -> Path:
    page = root / "src" / "torch.add.md"
    page.parent.mkdir(parents=True)
    page.write_text(PAGE, encoding="utf-8")
    return root / "src"


def test_the_audit_reads_a_library_that_is_not_installed_from_the_snapshot(tmp_path):
    src = _set(tmp_path)
    without = audit_run("paddle", src).findings
    assert [f.library_says for f in without if f.code == "not-installed"] == [
        "nolib_xyz is not installed"
    ]
    # without the library, the row pairing alpha with alpha names what no printed signature has
    assert any(f.code == "row-not-in-signature" and f.parameter == "alpha" for f in without)
    snapshot = _snapshot(tmp_path / "apidiff-signatures.json")
    from sphinx_apidiff.cli_common import snapshot_from

    found = audit_run("paddle", src, snapshot=snapshot_from(str(snapshot))).findings
    said = {(f.code, f.parameter) for f in found}
    assert not any(code == "not-installed" for code, _ in said)
    assert ("row-not-in-signature", "alpha") not in said
    # the printed signature is compared with the recorded one: it lacks alpha
    assert ("signature-missing-parameter", "alpha") in said


def test_a_missing_or_broken_snapshot_is_one_line_and_status_2(tmp_path, capsys):
    src = _set(tmp_path)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    for command in ("audit", "import"):
        for name, said in (("absent.json", "no such snapshot file"), ("broken.json", "not valid")):
            argv = [command, "paddle", str(src), "--snapshot", str(tmp_path / name)]
            if command == "import":
                argv += ["-o", str(tmp_path / "out")]
            assert main(argv) == 2
            err = capsys.readouterr().err
            assert len(err.splitlines()) == 1 and "Traceback" not in err
            assert err.startswith("sphinx-apidiff: error: ") and name in err and said in err
    assert not (tmp_path / "out").exists()


def test_the_import_places_notes_by_the_snapshot_and_the_build_reads_it(tmp_path):
    src = _set(tmp_path)
    snapshot = _snapshot(tmp_path / "recorded.json")
    out = tmp_path / "out"
    assert main(["import", "paddle", str(src), "-o", str(out), "--snapshot", str(snapshot)]) == 0
    page = (out / "torch.add.md").read_text(encoding="utf-8")
    # alpha is a parameter of the recorded side: its row is that parameter's note
    assert "{apidiff-note} alpha\n" in page
    assert (out / "apidiff-signatures.json").read_bytes() == snapshot.read_bytes()
    assert 'apidiff_signature_snapshot = "apidiff-signatures.json"' in (out / "conf.py").read_text()
    report = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    rows = [p for p in report["pages"][0]["parts"] if p["kind"] == "row"]
    assert {r["became"] for r in rows} == {"note"}
    build = run_build(out)
    assert not [w for w in build.warning_lines() if "nolib_xyz" in w and "apidiff.import" in w]
    text = visible_text(build.page("torch.add"))
    assert "nolib_xyz 1.0" in text  # the card says where the side was recorded from
    assert "乘数，两者一致。" in text


def test_a_kept_conf_py_is_told_to_name_the_snapshot(tmp_path):
    src = _set(tmp_path)
    snapshot = _snapshot(tmp_path / "recorded.json")
    out = tmp_path / "out"
    out.mkdir()
    (out / "conf.py").write_text('project = "ours"\n', encoding="utf-8")
    assert main(["import", "paddle", str(src), "-o", str(out), "--snapshot", str(snapshot)]) == 0
    assert (out / "conf.py").read_text(encoding="utf-8") == 'project = "ours"\n'
    report = json.loads((out / "import-report.json").read_text(encoding="utf-8"))
    assert report["conf_py"].endswith('; apidiff_signature_snapshot = "apidiff-signatures.json"')
