"""The Sphinx layer: thin glue from directives to the pure engine and back to nodes."""
