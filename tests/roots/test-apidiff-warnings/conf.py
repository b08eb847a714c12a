import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

project = "apidiff-warnings"
extensions = ["sphinx_apidiff"]
exclude_patterns = ["_build"]
nitpicky = True
# not one of "warn", "auto", "ignore": warned about (apidiff.config), the default "warn" is used
apidiff_undocumented = "loud"
# a list, not a dict: warned about (apidiff.config), the default {} is used
apidiff_labels = ["wlib"]
# these pages test the generated subsections of the "full" layout (the default is "compact")
apidiff_layout = "full"
