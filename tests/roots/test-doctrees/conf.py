# Pages whose doctrees tests/sphinx/test_doctree_fixtures.py compares with tests/doctrees/; each
# .md page is the MyST form of its .rst page, built on its own (the test overrides
# exclude_patterns and root_doc).
project = "apidiff-snapshots"
extensions = ["sphinx_apidiff", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "*.md"]
apidiff_labels = {"torch": "PyTorch", "megengine": "MegEngine", "old": "OldLib", "new": "NewLib"}
