"""The committed translations are complete and compiled.

The .mo files are committed (the app does not compile at start). After changing a text:

    cd services/gateway
    pybabel extract -F babel.cfg -k _ -k gettext --no-location --sort-output -o translations/messages.pot .
    pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
    (translate the new entries in translations/nb/LC_MESSAGES/messages.po)
    pybabel compile -d translations
"""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

GATEWAY = Path(__file__).resolve().parents[2] / "services" / "gateway"
TRANSLATIONS = GATEWAY / "translations"
LANGUAGES = ["nb", "en"]


def _entries(catalog) -> dict[str, str]:
    return {message.id: message.string for message in catalog if message.id and not message.fuzzy}


def _source_texts() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    return {
        message if isinstance(message, str) else message[0]
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(GATEWAY), method_map, keywords={"_": None, "gettext": None}
        )
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_mo_file_is_compiled_from_the_po_file(language):
    folder = TRANSLATIONS / language / "LC_MESSAGES"
    with open(folder / "messages.po", "rb") as po, open(folder / "messages.mo", "rb") as mo:
        source, compiled = _entries(read_po(po)), _entries(read_mo(mo))
    # A .mo leaves out untranslated entries; everything translated must be in it, unchanged.
    assert compiled == {key: value for key, value in source.items() if value}


def test_every_text_in_the_code_has_a_bokmal_translation():
    with open(TRANSLATIONS / "nb" / "LC_MESSAGES" / "messages.po", "rb") as po:
        translated = {key for key, value in _entries(read_po(po)).items() if value}
    texts = _source_texts()
    assert len(texts) > 30
    assert sorted(texts - translated) == []


def test_english_catalog_lists_every_text_and_keeps_it_english():
    with open(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po", "rb") as po:
        entries = _entries(read_po(po))
    assert sorted(_source_texts() - set(entries)) == []
    # The texts in the code are English: an English "translation" is empty (or the same text).
    assert {key: value for key, value in entries.items() if value not in ("", key)} == {}
