# The wheels of tinyrel 1.0 and 2.0 are built into dist/ by the tests (release_builder.py)
project = "apidiff-releases"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build", "dist"]
apidiff_labels = {"tinyrel@dist/tinyrel-2.0-py3-none-any.whl": "tinyrel 2"}
