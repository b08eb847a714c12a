"""Keep the message catalogs in step with the code.

    python tools/catalog.py extract   # refresh locale/sphinx_apidiff.pot and merge into each .po
    python tools/catalog.py compile   # write each .mo from its .po

Messages are the ``_("...")`` calls in describe.py and sphinxext/, and the words marked
``N_("...")`` / ``N_plural("one", "several")`` there and in comparison/changes.py. Babel comes
with Sphinx.

A ``N_plural`` message is read with ``ngettext``. The catalogs carry no Plural-Forms header, so
its two ``msgstr`` are for one and for several (``n != 1``): a language that says both alike
(Chinese) writes the same words twice. ``tests/packaging/test_catalog.py`` checks that every form is
filled in.
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "sphinx_apidiff"
LOCALE = PACKAGE / "locale"
DOMAIN = "sphinx_apidiff"
SOURCES = [
    PACKAGE / "comparison" / "changes.py",
    PACKAGE / "describe.py",
    *sorted((PACKAGE / "sphinxext").rglob("*.py")),
]
#: The marking functions: a message, or a message said one way for one and another for several.
KEYWORDS = {"_": None, "N_": None, "N_plural": (1, 2)}


def collect() -> Catalog:
    """The messages in the code, as a template catalog (nothing written)."""
    template = Catalog(project="sphinx-apidiff", domain=DOMAIN)
    for path in SOURCES:
        for lineno, message, comments, _context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            rel = path.relative_to(PACKAGE.parent).as_posix()
            template.add(message, locations=[(rel, lineno)], auto_comments=comments)
    return template


def extract() -> Catalog:
    template = collect()
    with open(LOCALE / f"{DOMAIN}.pot", "wb") as f:
        write_po(f, template, omit_header=True, sort_output=True)
    for po_path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        with open(po_path, "rb") as f:
            catalog = read_po(f)
        catalog.update(template)
        with open(po_path, "wb") as f:
            write_po(f, catalog, omit_header=True, sort_output=True, ignore_obsolete=True)
    return template


def compile_all() -> list[Path]:
    written = []
    for po_path in LOCALE.glob(f"*/LC_MESSAGES/{DOMAIN}.po"):
        with open(po_path, "rb") as f:
            catalog = read_po(f)
        mo_path = po_path.with_suffix(".mo")
        with open(mo_path, "wb") as f:
            write_mo(f, catalog)
        written.append(mo_path)
    return written


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "extract":
        print(f"{len(extract())} messages")
    elif command == "compile":
        for path in compile_all():
            print(path)
    else:
        sys.exit(__doc__)
