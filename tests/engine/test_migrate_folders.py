""":mod:`sphinx_apidiff.migrate.folders`: the toctrees of an imported set, folder by folder."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sphinx_apidiff.migrate.folders import folder_index_text, folder_indexes
from sphinx_apidiff.migrate.syntax import MYST, RST


def test_folders_their_titles_and_the_top():
    pages = [
        "api_difference/Tensor/torch.Tensor.abs",
        "api_difference/Tensor/torch.Tensor.neg",
        "api_difference/amp/torch.amp.autocast",  # alone in its folder: named directly
        "api_difference/nn/torch.nn.ReLU",
        "api_difference/nn/torch.nn.GELU",
        "api_difference/nn/init/torch.nn.init.zeros_",
        "api_difference/nn/init/torch.nn.init.ones_",
        "torch.sum",
    ]
    folders, top = folder_indexes(pages, taken={"api_difference/nn/index"})
    assert [(f.folder, f.docname, f.title) for f in folders] == [
        ("api_difference/Tensor", "api_difference/Tensor/index", "api_difference/Tensor"),
        ("api_difference/nn", "api_difference/nn/index-2", "api_difference/nn"),
        ("api_difference/nn/init", "api_difference/nn/init/index", "init"),  # below nn's
    ]
    # api_difference holds no page: its folders' index pages are named where it would be
    assert top == [
        "torch.sum",
        "api_difference/Tensor/index",
        "api_difference/amp/torch.amp.autocast",
        "api_difference/nn/index-2",
    ]
    assert folder_index_text(folders[1], MYST) == (
        "# api_difference/nn\n\n````{toctree}\n:maxdepth: 1\n\n"
        "torch.nn.GELU\ntorch.nn.ReLU\ninit/index\n````\n"
    )
    assert folder_index_text(folders[2], RST) == (
        "====\ninit\n====\n\n.. toctree::\n   :maxdepth: 1\n\n"
        "   torch.nn.init.ones_\n   torch.nn.init.zeros_\n"
    )


NAME = st.sampled_from(["a", "b", "index", "index-2", "c.d"])


@given(
    st.lists(st.lists(NAME, min_size=1, max_size=4).map("/".join), max_size=30),
    st.lists(st.lists(NAME, min_size=2, max_size=3).map("/".join), max_size=5),
)
def test_every_page_in_exactly_one_toctree(pages, taken):
    pages = [p for p in pages if p not in taken]  # a page of SRC is a taken name
    folders, top = folder_indexes(pages, taken)
    named = list(top) + [entry for f in folders for entry in f.entries]
    indexes = [f.docname for f in folders]
    assert sorted(named) == sorted(set(pages) | set(indexes))  # each once
    assert not set(indexes) & (set(pages) | set(taken))  # never a page's place
    for f in folders:
        assert f.docname.rsplit("/", 1)[0] == f.folder
        assert all(entry.startswith(f.folder + "/") for entry in f.entries)
        assert len(f.entries) >= 2
