extensions = ["sphinx_apidiff"]
apidiff_undocumented = "auto"
