"""The bundled fonts draw the whole Vietnamese alphabet, stacked marks on capitals included."""

from __future__ import annotations

import unicodedata

import pytest

from bulletin_press.fonts import bundled_fonts, missing_characters
from projects import REPO as ROOT

VOWELS = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # huyền, hỏi, ngã, sắc, nặng
ALPHABET = {unicodedata.normalize("NFC", vowel + tone) for vowel in VOWELS for tone in TONES}
ALPHABET |= {letter.upper() for letter in ALPHABET} | set("đĐ")


def test_the_alphabet_has_every_precomposed_letter():
    assert len(ALPHABET) == 2 * 12 * 6 + 2
    assert all(len(letter) == 1 for letter in ALPHABET)
    assert {"Ẫ", "Ẳ", "Ỗ", "Ự", "Ỹ"} <= ALPHABET


@pytest.mark.parametrize("font", bundled_fonts(ROOT / "fonts"), ids=lambda f: f.postscript_name)
def test_every_bundled_font_covers_vietnamese(font):
    assert sorted(c for c in ALPHABET if ord(c) not in font.codepoints) == []


def test_a_character_no_bundled_font_has_is_reported():
    assert missing_characters("Hòa Lâm 中 ẪẲỖ", ROOT / "fonts") == ["中"]
