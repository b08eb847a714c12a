extensions = ["sphinx_apidiff"]
apidiff_execution_timeout = 20
