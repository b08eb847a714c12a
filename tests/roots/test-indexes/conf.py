# Indexes a team keeps by hand: a summary grouped by module, a coverage with the project's
# notes (tests/test_indexes.py). The .md pages are the MyST form of the .rst pages.
import os
import sys

sys.path.insert(0, os.path.abspath("."))

project = "Indexes"
extensions = ["sphinx_apidiff", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
apidiff_undocumented = "ignore"
apidiff_labels = {"ops_left": "Left", "ops_right": "Right"}
apidiff_coverage_notes = "coverage-notes.toml"
