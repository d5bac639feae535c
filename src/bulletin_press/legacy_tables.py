"""Code tables of the two legacy Vietnamese font encodings, TCVN3 (ABC) and VNI.

Both are 8-bit font encodings: a document stores bytes and a font set in a matching encoding
draws them as Vietnamese letters. Every code used by either table lies in 0xA0–0xFF, where
Windows-1252 and Latin-1 agree, so each table is written here with the character a code shows
as once the document is read as Windows-1252: 0xB5 is written "µ" and means "à" in TCVN3.

Vowels are listed with their six tones in one order: level, grave (huyền), hook above (hỏi),
tilde (ngã), acute (sắc), dot below (nặng).
"""

from __future__ import annotations

import unicodedata

# Combining marks of the five tones, in the order of the rows below (level has none).
TONE_MARKS = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")

# The twelve vowels, as lower-case letters without tone.
VOWELS = ("a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y")

# TCVN3 (TCVN 5712:1993, the "VN3" font repertoire of .VnTime, .VnArial...): one code per
# lower-case letter. Of the capitals only the seven without a tone have codes of their own
# (0xA1–0xA7); the other capitals are drawn by a capitals font (.VnTimeH, .VnArialH), which
# shows the lower-case codes below as capitals. Codes 0x80–0x9F are not letters in TCVN3.
TCVN3_LOWER = {
    #      level grave hook  tilde acute dot
    "a": (0x61, 0xB5, 0xB6, 0xB7, 0xB8, 0xB9),
    "ă": (0xA8, 0xBB, 0xBC, 0xBD, 0xBE, 0xC6),
    "â": (0xA9, 0xC7, 0xC8, 0xC9, 0xCA, 0xCB),
    "e": (0x65, 0xCC, 0xCE, 0xCF, 0xD0, 0xD1),
    "ê": (0xAA, 0xD2, 0xD3, 0xD4, 0xD5, 0xD6),
    "i": (0x69, 0xD7, 0xD8, 0xDC, 0xDD, 0xDE),
    "o": (0x6F, 0xDF, 0xE1, 0xE2, 0xE3, 0xE4),
    "ô": (0xAB, 0xE5, 0xE6, 0xE7, 0xE8, 0xE9),
    "ơ": (0xAC, 0xEA, 0xEB, 0xEC, 0xED, 0xEE),
    "u": (0x75, 0xEF, 0xF1, 0xF2, 0xF3, 0xF4),
    "ư": (0xAD, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9),
    "y": (0x79, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE),
}
TCVN3_D_STROKE = 0xAE                      # đ
TCVN3_CAPITALS = {"Ă": 0xA1, "Â": 0xA2, "Ê": 0xA3, "Ô": 0xA4, "Ơ": 0xA5, "Ư": 0xA6, "Đ": 0xA7}

# VNI (VNI-Times, VNI-Helve...): a base letter followed by a mark byte. A tone alone is one of
# ø û õ ù ï; the circumflex with a tone is one of â à å ã á ä and the breve with a tone one of
# ê è ú ü é ë, written after a, e or o. ơ, ư and đ are the single bytes ô, ö and ñ and take a
# tone byte after them; i has five single bytes of its own, and ỵ is the single byte î.
# Capitals are the Latin-1 capitals of the same bytes (each code 0x20 lower): "AØ" is À,
# "Ô" is Ơ, "Ñ" is Đ.
VNI_LOWER = {
    #      level  grave  hook   tilde  acute  dot
    "a": ("a", "aø", "aû", "aõ", "aù", "aï"),
    "ă": ("aê", "aè", "aú", "aü", "aé", "aë"),
    "â": ("aâ", "aà", "aå", "aã", "aá", "aä"),
    "e": ("e", "eø", "eû", "eõ", "eù", "eï"),
    "ê": ("eâ", "eà", "eå", "eã", "eá", "eä"),
    "i": ("i", "ì", "æ", "ó", "í", "ò"),
    "o": ("o", "oø", "oû", "oõ", "où", "oï"),
    "ô": ("oâ", "oà", "oå", "oã", "oá", "oä"),
    "ơ": ("ô", "ôø", "ôû", "ôõ", "ôù", "ôï"),
    "u": ("u", "uø", "uû", "uõ", "uù", "uï"),
    "ư": ("ö", "öø", "öû", "öõ", "öù", "öï"),
    "y": ("y", "yø", "yû", "yõ", "yù", "î"),
}
VNI_D_STROKE = "ñ"                         # đ


def letter(vowel: str, tone: int) -> str:
    """The precomposed letter of a toneless vowel with the tone at index `tone` (0 = level)."""
    return unicodedata.normalize("NFC", vowel + TONE_MARKS[tone])


def tcvn3_lower_letters() -> dict[str, int]:
    """Every lower-case Vietnamese letter with its TCVN3 code, including đ and plain vowels."""
    codes = {letter(vowel, tone): code
             for vowel, row in TCVN3_LOWER.items() for tone, code in enumerate(row)}
    codes["đ"] = TCVN3_D_STROKE
    return codes


def vni_letters() -> dict[str, str]:
    """Every Vietnamese letter, both cases, with its VNI spelling (one to two characters)."""
    codes = {}
    for vowel, row in VNI_LOWER.items():
        for tone, spelling in enumerate(row):
            lower = letter(vowel, tone)
            codes[lower] = spelling
            codes[lower.upper()] = spelling.upper()
    codes["đ"] = VNI_D_STROKE
    codes["Đ"] = VNI_D_STROKE.upper()
    return codes
