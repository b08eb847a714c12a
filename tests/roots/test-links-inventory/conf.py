# Project A: documents one function, so that its objects.inv can serve project B's intersphinx.
project = "links-inventory"
exclude_patterns = ["_build"]
