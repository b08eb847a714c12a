# Pages whose doctrees tests/sphinx/test_doctree_fixtures.py compares with tests/doctrees/; each
# .md page is the MyST form of its .rst page, built on its own (the test overrides
# exclude_patterns and root_doc).
import os
import sys

sys.path.insert(0, os.path.abspath("."))  # the modules indexes.rst covers

project = "apidiff-snapshots"
extensions = ["sphinx_apidiff", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "*.md"]
apidiff_labels = {"torch": "PyTorch", "megengine": "MegEngine", "old": "OldLib", "new": "NewLib"}
apidiff_coverage_notes = {
    "idx_ops.cat": {"counterpart": "idx_other.concat"},
    "idx_ops.absolute": {"alias": "idx_ops.sign"},
    "idx_ops.int_repr": {"reason": "OtherLib has no quantized tensors"},
}
