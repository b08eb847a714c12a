import os
import sys

sys.path.insert(0, os.path.abspath("."))

extensions = ["sphinx_apidiff"]
project = "Coverage"
apidiff_undocumented = "ignore"
apidiff_static = ["static_pkg"]
