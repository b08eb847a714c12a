"""The page's process: sets itself up, runs one page's blocks in one namespace, captures their
output and reports each result. Standard library only at import time."""
