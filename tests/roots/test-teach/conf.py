project = "teach"
extensions = ["sphinx_apidiff", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
apidiff_undocumented = "ignore"
nitpicky = True
