# Examples in two halves (issue 21 §5): PyTorch on the left, NumPy on the right.
project = "example-halves"
extensions = ["sphinx_apidiff", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
apidiff_labels = {"torch": "PyTorch", "numpy": "NumPy"}
apidiff_execution_timeout = 60
