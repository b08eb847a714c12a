"""``sphinx-apidiff export --format paddle-mappings``: a project built with the extension
(pages written here, PyTorch against NumPy), its ``apidiff.json`` written again as
PaddlePaddle's ``docs_mappings.json``, with the fields the team's tools read
(``tools/validate_mapping_files.py`` writes them, ``tools/apply_references.py`` reads them).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from conftest import run_build

from sphinx_apidiff.cli import main
from sphinx_apidiff.export_paddle import MAPPING_TYPES

#: The keys of the team's ``DiffMeta``, in the order their parser sets them.
DIFF_META = (
    "source_file",
    "src_api",
    "mapping_type",
    "src_api_url",
    "src_signature",
    "dst_api",
    "dst_api_url",
    "dst_signature",
    "args_mapping",
)
TORCH_URL = "https://pytorch.org/docs/stable/generated/{path}.html"
NUMPY_URL = "https://numpy.org/doc/stable/reference/generated/{path}.html"

PAGES = {
    "conf.py": 'extensions = ["sphinx_apidiff", "sphinx_design"]\nproject = "m"\n',
    "index.rst": "Maps\n====\n\n.. toctree::\n\n   torch/sum\n   torch/swap\n   torch/t\n"
    "   torch/int_repr\n   torch/aminmax\n   x/again\n   other\n",
    "torch/sum.rst": """\
torch.sum
=========

.. apidiff:: torch.sum numpy.sum
   :rename: input=a, dim=axis, keepdim=keepdims

   .. apidiff-note:: dim

      求和的维度。

.. apidiff:: torch.sum numpy.nansum
""",
    "torch/swap.rst": """\
torch.transpose
===============

.. apidiff:: torch.transpose numpy.swapaxes
   :category: 输入参数用法不一致
   :rename: input=a, dim0=axis1, dim1=axis2
""",
    "torch/t.rst": "torch.Tensor.T\n==============\n\n.. apidiff:: torch.Tensor.T numpy.ndarray.T\n",
    "torch/int_repr.rst": """\
torch.Tensor.int_repr
=====================

.. apidiff-one:: torch.Tensor.int_repr
   :status: missing
   :target: numpy

   NumPy has no quantized arrays.
""",
    "torch/aminmax.rst": """\
torch.aminmax
=============

.. apidiff-one:: torch.aminmax
   :status: composite
   :replacement: numpy.amin, numpy.amax
""",
    "x/again.rst": "Again\n=====\n\n.. apidiff:: torch.sum numpy.add\n",
    "other.rst": "Other\n=====\n\n.. apidiff:: torch.abs numpy.abs\n   :category: a word of ours\n",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("paddle-mappings")
    for name, text in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    build = run_build(root)
    return build


def export(build, capsys, *more: str) -> tuple[list[dict], str]:
    capsys.readouterr()
    argv = ["export", "--format", "paddle-mappings", str(build.outdir), *more]
    argv += ["--reference-url", f"torch={TORCH_URL}", "--reference-url", f"numpy={NUMPY_URL}"]
    assert main(argv) == 0
    said = capsys.readouterr()
    return json.loads(said.out), said.err


def test_every_pair_has_the_team_fields_in_their_order(built, capsys):
    entries, err = export(built, capsys)
    document = json.loads((built.outdir / "apidiff.json").read_text("utf-8"))
    by_api = {e["src_api"]: e for e in entries}
    assert [e["src_api"] for e in entries] == sorted(by_api)  # sorted as the team's tool does
    for entry in entries:
        assert list(entry) == [k for k in DIFF_META if k in entry], entry["src_api"]
        assert entry["mapping_type"] in MAPPING_TYPES
        assert entry["source_file"].endswith(".md")
    # the one compared again, and the category that is none of the team's, are left out
    assert "x/again: torch.sum left out: compared again (the entry is from torch/sum)" in err
    assert "other: torch.abs left out: category 'a word of ours'" in err
    assert "torch.abs" not in by_api
    # a comparison: the engine's category in the team's words, and the renames of its table
    # a second comparison of torch.sum on its page (an overload): the first is the entry
    sums, nansum = [p for p in document["pairs"] if p["page"] == "torch/sum"]
    assert nansum["right"]["path"] == "numpy.nansum" and "torch/sum:" not in err
    entry = by_api["torch.sum"]
    assert entry["source_file"] == "torch/sum.md" and entry["dst_api"] == "numpy.sum"
    assert MAPPING_TYPES[entry["mapping_type"]] == sums["category"]
    assert entry["src_api_url"] == TORCH_URL.format(path="torch.sum")
    assert entry["dst_api_url"] == NUMPY_URL.format(path="numpy.sum")
    pairs = {(m["src_arg"], m["dst_arg"]) for m in entry["args_mapping"]}
    assert {("input", "a"), ("dim", "axis"), ("keepdim", "keepdims"), ("-", "initial")} <= pairs
    (dim,) = [m for m in entry["args_mapping"] if m["src_arg"] == "dim"]
    assert dim["note"].startswith("torch/sum.html#") and dim["note"].split("#")[1]
    (keepdim,) = [m for m in entry["args_mapping"] if m["src_arg"] == "keepdim"]
    assert keepdim["note"] == ""  # no note by the author
    (src,) = entry["src_signature"]
    names = [a["arg_name"] for a in src["args"]]
    assert src["api_name"] == "torch.sum" and names[:3] == ["input", "dim", "keepdim"]
    assert names[3] == "*" and "dtype" in names[4:]  # keyword-only after a bare *, as printed
    keep = next(a for a in src["args"] if a["arg_name"] == "keepdim")
    assert keep["arg_default"] == "False"
    assert next(a for a in src["args"] if a["arg_name"] == "input")["arg_default"] is None
    # the author's category, kept in the team's words
    assert by_api["torch.transpose"]["mapping_type"] == "输入参数用法不一致"
    # a property: its name only, as the team's parser reads a signature without "()"
    assert by_api["torch.Tensor.T"]["src_signature"] == [{"api_name": "torch.Tensor.T"}]
    # pages with one side: the team's types, and no dst_api
    assert by_api["torch.Tensor.int_repr"]["mapping_type"] == "功能缺失"
    assert by_api["torch.aminmax"]["mapping_type"] == "组合替代实现"
    assert "dst_api" not in by_api["torch.aminmax"]


def test_written_to_a_file_the_same_bytes_and_a_second_run_is_a_no_op(built, capsys, tmp_path):
    entries, _ = export(built, capsys)
    out = tmp_path / "docs_mappings.json"
    argv = ["export", "--format", "paddle-mappings", str(built.outdir / "apidiff.json")]
    argv += ["-o", str(out), "--reference-url", f"torch={TORCH_URL}"]
    argv += ["--reference-url", f"numpy={NUMPY_URL}"]
    assert main(argv) == 0 and json.loads(out.read_text("utf-8")) == entries
    assert "written" in capsys.readouterr().out
    assert main(argv) == 0 and "unchanged" in capsys.readouterr().out
    out.write_text("[]\n", encoding="utf-8")
    assert main(argv) == 2 and "pass --force" in capsys.readouterr().err
    assert main([*argv, "--force"]) == 0 and json.loads(out.read_text("utf-8")) == entries


_TOOLS = Path("/work/shared/corpora/paddle/tools")


@pytest.mark.skipif(not (_TOOLS / "apply_references.py").exists(), reason="the team's tools")
def test_the_team_index_writer_reads_every_entry(built, capsys, monkeypatch):
    """The team's own ``apply_references.get_referenced_api_columns`` (what writes each row of
    their mapping index from ``docs_mappings.json``) reads every entry without an error."""
    monkeypatch.syspath_prepend(str(_TOOLS))
    spec = importlib.util.spec_from_file_location(
        "apply_references", _TOOLS / "apply_references.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    entries, _ = export(built, capsys)
    meta = {e["src_api"]: e for e in entries}
    for api in meta:
        columns = module.get_referenced_api_columns(api, meta)
        assert columns[0] == f"[`{api}`]({meta[api]['src_api_url']})"
        assert columns[2] == meta[api]["mapping_type"]
    capsys.readouterr()
    sys.modules.pop("validate_mapping_files", None)


@pytest.mark.parametrize(
    "content, words",
    [
        (None, "no such file"),
        (b"{not json", "not JSON (line 1"),
        (b'{"format": 1, "pairs": []}', "export format 1"),
        (b'["a"]', "not an apidiff.json export"),
        (b"\xff", "not UTF-8"),
    ],
)
def test_bad_input_is_one_line_and_status_2(tmp_path, capsys, content, words):
    path = tmp_path / "apidiff.json"
    if content is not None:
        path.write_bytes(content)
    assert (
        main(["export", "--format", "paddle-mappings", str(path), "-o", str(tmp_path / "o")]) == 2
    )
    err = capsys.readouterr().err
    assert words in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_a_reference_url_that_is_no_template(tmp_path, capsys):
    argv = ["export", "--format", "paddle-mappings", str(tmp_path), "--reference-url", "torch"]
    assert main(argv) == 2 and "expected PACKAGE=TEMPLATE" in capsys.readouterr().err
    argv[-1] = "torch=https://x.invalid/{nope}"
    assert main(argv) == 2 and "{nope}" in capsys.readouterr().err
