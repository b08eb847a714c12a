extensions = ["sphinx_apidiff"]
project = "Project"
apidiff_undocumented = "auto"
