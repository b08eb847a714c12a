"""``sphinx-apidiff import``: an imported set organised by folder, as the teams' sites are. Each
folder holding pages gets an index page of its own, so that a theme drawing the global toctree
in every page's sidebar (alabaster, the default) lists a page's own folder there, never every
page of the set; every page is in exactly one toctree, and no index page takes the place of a
page of ``SRC`` named ``index``.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path

import pytest
from conftest import importer_caused, parse_html, run_build

from sphinx_apidiff.cli import main


def missing(api: str) -> str:
    """A PaddlePaddle-format page for ``api`` (no counterpart in NumPy)."""
    return f"""\
## [ 功能缺失 ] {api}

### [{api}](https://example.invalid/{api})

```python
{api}()
```

NumPy 当前无对应功能。
"""


#: A page at the root, a folder of two pages, a folder whose page is named ``index`` with a
#: folder of one page below it, and a folder holding only a folder (``nn``).
PAGES = {
    "torch.sum.md": "torch.sum",
    "torch/torch.abs.md": "torch.abs",
    "torch/torch.neg.md": "torch.neg",
    "Tensor/torch.Tensor.abs.md": "torch.Tensor.abs",
    "Tensor/index.md": "torch.Tensor.neg",
    "Tensor/inplace/torch.Tensor.abs_.md": "torch.Tensor.abs_",
    "nn/functional/torch.nn.functional.relu.md": "torch.nn.functional.relu",
    "nn/functional/torch.nn.functional.gelu.md": "torch.nn.functional.gelu",
}


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("folders")
    for name, api in PAGES.items():
        path = root / "src" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(missing(api), encoding="utf-8")
    assert main(["import", "paddle", str(root / "src"), "-o", str(root / "out")]) == 0
    return root


def test_each_folder_of_pages_gets_an_index_page_that_takes_no_page_s_place(imported):
    out = imported / "out"
    report = json.loads((out / "import-report.json").read_text("utf-8"))
    assert [(f["folder"], f["output"]) for f in report["folders"]] == [
        ("Tensor", "Tensor/index-2.md"),  # Tensor/index.md is a page of SRC
        ("nn/functional", "nn/functional/index.md"),
        ("torch", "torch/index.md"),
    ]
    assert (out / "Tensor" / "index.md").read_text("utf-8").startswith("# torch.Tensor.neg\n")
    tensor = (out / "Tensor" / "index-2.md").read_text("utf-8")
    # its pages, and the page of the folder of one page below it (no index of its own)
    assert tensor == (
        "# Tensor\n\n````{toctree}\n:maxdepth: 1\n\n"
        "index\ntorch.Tensor.abs\ninplace/torch.Tensor.abs_\n````\n"
    )
    assert (out / "nn/functional/index.md").read_text("utf-8").startswith("# nn/functional\n")
    toc = (out / "index.rst").read_text("utf-8").split(":hidden:", 1)[1].split()
    assert toc == ["torch.sum", "Tensor/index-2", "nn/functional/index", "torch/index"]


def test_a_second_import_writes_nothing(imported, capsys):
    capsys.readouterr()
    assert main(["import", "paddle", str(imported / "src"), "-o", str(imported / "out")]) == 0
    assert "(0 files written," in capsys.readouterr().out
    # the output imported again: every page, folder index included, is already converted
    assert main(["import", "paddle", str(imported / "out"), "-o", str(imported / "again")]) == 0
    assert "nothing to import" in capsys.readouterr().out


@pytest.fixture(scope="module")
def build(imported):
    # Sphinx's test application draws with the basic theme unless told: the default, as a
    # team's build would draw it
    return run_build(imported / "out", confoverrides={"html_theme": "alabaster"})


def test_every_page_in_exactly_one_toctree_and_no_warning(build):
    caused = importer_caused(build)
    assert caused == []
    env = build.app.env
    parents: dict[str, list[str]] = {}
    for parent, children in env.toctree_includes.items():
        for child in children:
            parents.setdefault(child, []).append(parent)
    assert {doc: len(p) for doc, p in parents.items()} == dict.fromkeys(parents, 1)
    reachable, todo = set(), ["index"]
    while todo:
        doc = todo.pop()
        reachable.add(doc)
        todo += env.toctree_includes.get(doc, [])
    assert reachable == set(env.found_docs)


def sidebar_links(build, docname: str) -> set[str]:
    """The pages the sidebar of ``docname`` links (docnames from the root)."""
    sidebar = parse_html(build.page(docname)).find("div", cls="sphinxsidebar")
    folder = posixpath.dirname(docname)
    hrefs = {a.attrs["href"].split("#")[0] for a in sidebar.find_all("a", cls="reference")}
    return {
        posixpath.normpath(posixpath.join(folder, href)).removesuffix(".html")
        for href in hrefs
        if href.endswith(".html")
    }


def test_a_page_s_sidebar_lists_its_own_folder_not_the_others(build):
    # the top toctree (its depth: the folders' index pages and the root's pages), where the
    # set's single toctree drew every page of the set into every page
    for docname in ("Tensor/torch.Tensor.abs", "torch/torch.abs", "torch.sum"):
        links = sidebar_links(build, docname)
        top = {"torch.sum", "Tensor/index-2", "nn/functional/index", "torch/index"}
        assert top - {docname} <= links  # a page's own entry links "#"
        others = {doc for doc in build.app.env.found_docs if "/" in doc}
        others -= {docname, "Tensor/index-2", "nn/functional/index", "torch/index"}
        assert not others & links, docname
