# Pages with one side (apidiff-one) and several comparisons on one page, with real libraries:
# tests/sphinx/test_onesided.py builds it.
project = "apidiff-onesided"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build"]
apidiff_labels = {"torch": "PyTorch", "numpy": "NumPy"}
