"""The supervisor process (``python -m sphinx_apidiff.execute.server.supervisor``): starts one
process per page, enforces timeouts and turns a dead page process into results."""
