"""The message catalogs are complete and the shipped .mo files match their .po files."""

from __future__ import annotations

import gettext
import importlib.util
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "sphinx_apidiff" / "locale"
spec = importlib.util.spec_from_file_location("catalog_tool", ROOT / "tools" / "catalog.py")
catalog_tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(catalog_tool)


def _messages_in_code() -> set[str]:
    return {m.id for m in catalog_tool.collect() if m.id}


def _forms(value: str | tuple[str, ...]) -> tuple[str, ...]:
    """A message's text, or each of its plural forms (``N_plural``, read with ngettext)."""
    return value if isinstance(value, tuple) else (value,)


def test_every_message_is_translated_into_chinese():
    with open(LOCALE / "zh_CN" / "LC_MESSAGES" / "sphinx_apidiff.po", "rb") as f:
        po = read_po(f)
    translated = {m.id: m.string for m in po if m.id}
    missing = sorted(
        _forms(m)[0] for m in _messages_in_code() if not all(_forms(translated.get(m) or ""))
    )
    assert missing == []


def test_mo_matches_po():
    po_path = LOCALE / "zh_CN" / "LC_MESSAGES" / "sphinx_apidiff.po"
    with open(po_path, "rb") as f:
        po = read_po(f)
    with open(po_path.with_suffix(".mo"), "rb") as f:
        mo = gettext.GNUTranslations(f)
    for message in po:
        if isinstance(message.id, tuple):  # one and several (n != 1: no Plural-Forms header)
            singular, plural = message.id
            assert mo.ngettext(singular, plural, 1) == message.string[0], message.id
            assert mo.ngettext(singular, plural, 2) == message.string[1], message.id
        elif message.id:
            assert mo.gettext(message.id) == message.string, message.id


def test_placeholders_survive_translation():
    import re

    with open(LOCALE / "zh_CN" / "LC_MESSAGES" / "sphinx_apidiff.po", "rb") as f:
        po = read_po(f)
    for message in po:
        if message.id:
            # each form says what the message says (for several: what its plural says)
            expected = set(re.findall(r"{\w+}", _forms(message.id)[-1]))
            for form in _forms(message.string):
                assert set(re.findall(r"{\w+}", form)) == expected, message.id


def test_no_translation_is_a_guess():
    """``extract`` marks a new message "fuzzy" with the nearest old translation as a guess
    (``{n} passed`` guessed as "{n} 个改名"); a fuzzy entry is left out of the .mo, so the
    page would be English there. Every guess is checked and its flag removed."""
    with open(LOCALE / "zh_CN" / "LC_MESSAGES" / "sphinx_apidiff.po", "rb") as f:
        po = read_po(f)
    assert sorted(m.id for m in po if m.id and m.fuzzy) == []
