# Pages whose doctrees tests/test_snapshots.py compares with tests/snapshots/; notes.md is the
# MyST form of notes.rst, shapes.md of shapes.rst and halves.md of halves.rst, built on their own
# (the test overrides exclude_patterns and root_doc).
project = "apidiff-snapshots"
extensions = ["sphinx_apidiff", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "*.md"]
apidiff_labels = {"torch": "PyTorch", "megengine": "MegEngine", "old": "OldLib", "new": "NewLib"}
