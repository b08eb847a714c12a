import os
import sys

# the small stand-in for MegEngine lives beside this file
sys.path.insert(0, os.path.abspath("."))

extensions = ["sphinx_apidiff"]
language = "zh_CN"
apidiff_labels = {"torch": "PyTorch", "megengine": "MegEngine"}
apidiff_execution_preload = ["torch"]
