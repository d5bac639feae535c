"""Text typed in the legacy Vietnamese encodings TCVN3 (ABC) and VNI: find it, convert it.

Such text seldom arrives as bytes. Copied out of a Word document set in .VnTime or VNI-Times
into a UTF-8 editor, every byte shows as the Windows-1252 character of the same code:
"ViÖt Nam", "Céng hoµ" (TCVN3), "Vieät Nam", "ñoàng chí" (VNI). All functions here work on
that pasted form; a file in 8-bit bytes is first read as Windows-1252 (`read_8bit`), which
gives the same characters.

Detection scores whole words: a word is legacy when its Unicode reading is not Vietnamese but
its legacy reading is, and a line is converted when its words say so, so that names such as
Müller or São Paulo and Unicode lines are left alone.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import re
import stat
import unicodedata
from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from bulletin_press.errors import BulletinError, Problem
from bulletin_press.legacy_tables import (TCVN3_CAPITALS, TONE_MARKS, VOWELS, letter,
                                          tcvn3_lower_letters, vni_letters)
from bulletin_press.output import write_all

ENCODINGS = ("tcvn3", "vni")
SOURCES = ("auto", *ENCODINGS)
LABELS = {"tcvn3": "TCVN3 (ABC)", "vni": "VNI"}
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# --- Tables in both directions -------------------------------------------------------------

_TCVN3_LOWER = tcvn3_lower_letters()
# character shown for a code → the letter it stands for (ASCII vowels map to themselves)
_TCVN3_DECODE = {chr(code): char for char, code in _TCVN3_LOWER.items() if code > 0x7F}
_TCVN3_DECODE.update({chr(code): char for char, code in TCVN3_CAPITALS.items()})
_TCVN3_ENCODE = {char: chr(code) for char, code in _TCVN3_LOWER.items()}
_TCVN3_ENCODE.update({char: chr(code) for char, code in TCVN3_CAPITALS.items()})
# Codes of lower-case letters, which a capitals font (.VnTimeH) draws as capitals.
_TCVN3_LOWER_CODES = frozenset(c for c, char in _TCVN3_DECODE.items() if char.islower())

_VNI_ENCODE = vni_letters()
_VNI_DECODE = {spelling: char for char, spelling in _VNI_ENCODE.items() if spelling != char}
# A mark typed in the other case than its base letter ("Aù") still means the base's letter.
for _char, _spelling in list(_VNI_ENCODE.items()):
    if len(_spelling) == 2:
        _VNI_DECODE.setdefault(_spelling[0] + _spelling[1].swapcase(), _char)
# The mark bytes that follow a base letter ("ù" in "aù"): a word split between two runs of a
# Word file may leave them at the start of the second run.
VNI_MARKS = frozenset(spelling[1] for spelling in _VNI_DECODE if len(spelling) == 2)
_VNI_SEQUENCE = re.compile("|".join(sorted(map(re.escape, _VNI_DECODE), key=len, reverse=True)))

# Every Vietnamese letter (the 134 with diacritics, plus ASCII letters for the plain ones).
VIETNAMESE_LETTERS = frozenset(
    {letter(v, t) for v in VOWELS for t in range(len(TONE_MARKS))} | {"đ"}) | frozenset(
    {letter(v, t).upper() for v in VOWELS for t in range(len(TONE_MARKS))} | {"Đ"})
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")

_CODE_CHARS = {
    "tcvn3": frozenset(_TCVN3_DECODE),
    "vni": frozenset(c for spelling in _VNI_DECODE for c in spelling if c not in _ASCII_LETTERS),
}
# Characters of an encoding that Unicode Vietnamese never uses: strong signs of that encoding.
_FOREIGN = {name: chars - VIETNAMESE_LETTERS for name, chars in _CODE_CHARS.items()}

# Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and 0x9D undefined; they are read as Latin-1.
_CP1252_HIGH = {}
for _byte in range(0x80, 0xA0):
    try:
        _CP1252_HIGH[_byte] = bytes([_byte]).decode("cp1252")
    except UnicodeDecodeError:
        pass
_EIGHT_BIT = frozenset(chr(c) for c in range(0x100)) | frozenset(_CP1252_HIGH.values())


def read_8bit(data: bytes) -> str:
    """Bytes of a legacy file as the characters Windows-1252 shows for them."""
    return data.decode("latin-1").translate(_CP1252_HIGH)


def decode_tcvn3(text: str, capitals: bool = False) -> str:
    """Pasted TCVN3 text → Unicode (NFC). `capitals`: the text was set in a capitals font
    such as .VnTimeH, which draws every letter as a capital."""
    return unicodedata.normalize("NFC", _tcvn3_word(text, capitals))


def encode_tcvn3(text: str, capitals: bool = False) -> str:
    """Unicode → TCVN3, in its pasted form (`.encode("cp1252")` gives the bytes).

    Capitals with a tone have no code: they are written for a capitals font (`capitals=True`),
    where lower-case letters in turn cannot be written. Raises UnicodeEncodeError for a
    character that cannot be written or would read back as another one.
    """
    text = unicodedata.normalize("NFC", text)
    out = []
    for index, char in enumerate(text):
        if capitals and char.islower():
            _unencodable("tcvn3", text, index, "lower-case letter in a capitals font")
        if char in _ASCII_LETTERS:
            out.append(char)
        elif char in _TCVN3_ENCODE:            # lower-case letters and the seven capitals
            out.append(_TCVN3_ENCODE[char])
        elif char in VIETNAMESE_LETTERS:       # a capital with a tone
            if not capitals:
                _unencodable("tcvn3", text, index, "capital with a tone outside a capitals font")
            out.append(_TCVN3_ENCODE[char.lower()])
        elif char in _TCVN3_DECODE:
            _unencodable("tcvn3", text, index, "character used as a TCVN3 code")
        else:
            out.append(char)
    return "".join(out)


def decode_vni(text: str) -> str:
    """Pasted VNI text → Unicode (NFC)."""
    return unicodedata.normalize("NFC", _VNI_SEQUENCE.sub(lambda m: _VNI_DECODE[m[0]], text))


def encode_vni(text: str) -> str:
    """Unicode → VNI, in its pasted form. Raises UnicodeEncodeError for a character that
    would read back as another one."""
    text = unicodedata.normalize("NFC", text)
    out = []
    for index, char in enumerate(text):
        if char in _VNI_ENCODE:
            out.append(_VNI_ENCODE[char])
        elif char in _CODE_CHARS["vni"]:
            _unencodable("vni", text, index, "character used as a VNI code")
        else:
            out.append(char)
    return "".join(out)


def _unencodable(encoding: str, text: str, index: int, reason: str) -> None:
    raise UnicodeEncodeError(encoding, text, index, index + 1, reason)


def _tcvn3_word(text: str, capitals: bool) -> str:
    if not capitals:
        return "".join(_TCVN3_DECODE.get(c, c) for c in text)
    return "".join(_TCVN3_DECODE[c].upper() if c in _TCVN3_DECODE
                   else c.upper() if c in _ASCII_LETTERS else c for c in text)


def _decode(word: str, encoding: str) -> str:
    if encoding == "tcvn3":
        return unicodedata.normalize("NFC", _tcvn3_word(word, False))
    return decode_vni(word)


# --- Fonts ---------------------------------------------------------------------------------

class FontEncoding(NamedTuple):
    encoding: str
    capitals: bool


def font_encoding(font: str) -> FontEncoding | None:
    """The legacy encoding a Word font name implies, or None for a Unicode font.

    ".VnTime", ".VnArial"... → TCVN3; ".VnTimeH", ".VnArialH" and any other ".Vn" name ending
    in "H" → TCVN3 drawn in capitals; "VNI-Times", "VNI-Helve"... → VNI.
    """
    name = font.strip()
    if re.match(r"(?i)vni[- _]", name):
        return FontEncoding("vni", False)
    if name.lower().startswith(".vn"):
        return FontEncoding("tcvn3", name.endswith("H"))
    return None


# --- Vietnamese syllables --------------------------------------------------------------------

_ONSETS = ("", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng",
           "ngh", "nh", "p", "ph", "q", "qu", "r", "s", "t", "th", "tr", "v", "x")
# Rhymes (vần) written without tone; "q" takes those beginning with u, "qu" the others
# but those beginning with o.
_RHYMES = frozenset("""
    a ac ach ai am an ang anh ao ap at au ay  ăc ăm ăn ăng ăp ăt  âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et  ê êch êm ên ênh êp êt êu  i ia ich im in inh ip it iu
    iêc iêm iên iêng iêp iêt iêu  o oc oi om on ong op ot ooc oong  ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt  u ua uc ui um un ung up ut  uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ưt ưu  ươc ươi ươm ươn ương ươp ươt ươu  y yêm yên yêng yêt yêu
    oa oac oach oai oam oan oang oanh oao oap oat oay  oăc oăm oăn oăng oăt  oe oen oeo oet
    uân uâng uât uây  uê uêch uênh  uơ  uy uya uych uyên uyêt uynh uyp uyt uyu
""".split())
# Rhymes few words use: a reading that needs one is a weaker sign of its encoding.
_RARE_RHYMES = frozenset("""
    ooc oong uya uych uyp uyu oao oeo oăm oap oen oam oet uâng yêng yêm ưm ưn uơ uênh uêch
    ec eng
""".split())
_VOWEL_LETTERS = frozenset("aăâeêioôơuưy")
_MODIFIED = frozenset("ăâêôơư")
_FRONT = frozenset("eêiy")
_STOPS = ("c", "ch", "p", "t")
_TONE_OF = {mark: index for index, mark in enumerate(TONE_MARKS) if mark}
_ACUTE, _DOT = _TONE_OF["\u0301"], _TONE_OF["\u0323"]
_INVALID, _RARE, _COMMON = 0, 1, 2


def _onset_fits(onset: str, rhyme: str) -> bool:
    first = rhyme[0]
    if onset in ("c", "ng", "g"):
        return first not in (_FRONT if onset != "g" else "eê")
    if onset in ("k", "gh", "ngh"):
        return first in (_FRONT if onset == "k" else "eêi")
    if onset == "q":
        return first == "u"
    if onset == "qu":  # the u is already the glide: no "quu", "quo"
        return first not in "uo"
    return True


def _tone_places(rhyme: str) -> set[int]:
    """Where the tone mark may stand in a rhyme (indexes into it).

    On the last vowel with a hat, breve or horn (người, tiếng); else, before a final
    consonant, on the last vowel (hoàn, huỳnh); else on the vowel before the last (mùa, ngoài),
    except that oa, oe and uy are written both ways (hòa/hoà, thủy/thuỷ).
    """
    vowels = 0
    while vowels < len(rhyme) and rhyme[vowels] in _VOWEL_LETTERS:
        vowels += 1
    modified = [i for i in range(vowels) if rhyme[i] in _MODIFIED]
    if modified:
        return {modified[-1]}
    if vowels < len(rhyme) or vowels == 1:
        return {vowels - 1}
    if rhyme in ("oa", "oe", "uy"):
        return {0, 1}
    return {vowels - 2}


def syllable_kind(word: str) -> int:
    """0 if word (any case) is not spelt like a Vietnamese syllable, 1 if it is one with a
    rare rhyme (xoong, khuya), 2 for any other syllable."""
    toned, letters = [], []
    for index, char in enumerate(unicodedata.normalize("NFC", word.lower())):
        parts = unicodedata.normalize("NFD", char)
        toned += [(index, _TONE_OF[m]) for m in parts if m in _TONE_OF]
        letters.append(unicodedata.normalize("NFC", "".join(m for m in parts if m not in _TONE_OF)))
    if len(toned) > 1 or any(len(c) != 1 for c in letters):
        return _INVALID
    base = "".join(letters)
    for onset in _ONSETS:
        rhyme = base[len(onset):]
        if not (base.startswith(onset) and rhyme in _RHYMES and _onset_fits(onset, rhyme)):
            continue
        # a syllable closed by c, ch, p or t only takes the acute or the dot below
        if rhyme.endswith(_STOPS) and not (toned and toned[0][1] in (_ACUTE, _DOT)):
            continue
        if toned and toned[0][0] - len(onset) not in _tone_places(rhyme):
            continue
        return _RARE if rhyme in _RARE_RHYMES else _COMMON
    return _INVALID


def is_syllable(word: str) -> bool:
    """Whether word (any case) is spelt like one Vietnamese syllable, tone mark in place."""
    return syllable_kind(word) != _INVALID


def _letter_case_ok(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return (all(c.islower() for c in letters) or all(c.isupper() for c in letters)
            or (letters[0].isupper() and all(c.islower() for c in letters[1:])))


def _legacy_reading_kind(word: str) -> int:
    """How plausible a legacy reading is: a syllable in any case (capitals fonts mix cases),
    or an abbreviation in capitals such as HĐND."""
    if len(word) >= 2 and all(c in _ASCII_LETTERS or c == "Đ" for c in word) and word.isupper():
        return _COMMON
    return syllable_kind(word)


# --- Words and lines ---------------------------------------------------------------------------

_EXTRA = "".join(sorted(c for chars in _CODE_CHARS.values() for c in chars if not c.isalpha()))
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f" + re.escape(_EXTRA) + r"])+")

# Word classes for one encoding: unchanged by it or declared intended; a Unicode word; legacy,
# with a character Vietnamese never uses or a letter case no Unicode word has ("ViÖt", "TuÊn");
# legacy by its spelling only ("Thaùng"); a syllable in both readings ("cã"); anything else
# the legacy reading changes.
_NEUTRAL, _ALLOWED, _UNICODE, _STRONG, _WEAK, _AMBIGUOUS, _OTHER = range(7)


@dataclass(frozen=True)
class LegacyWord:
    """A word that looks typed in a legacy encoding, and what it would become."""

    word: str
    encoding: str
    converted: str


@dataclass
class _Line:
    encoding: str
    words: list[tuple[re.Match, int]]
    strong: int = 0
    weak: int = 0
    unicode: int = 0
    score: int = 0      # strong words count double, readings with a rare rhyme half

    @property
    def flagged(self) -> bool:
        return self.strong > 0 or self.weak > self.unicode


@functools.lru_cache(maxsize=1 << 16)   # a text repeats its words; the lint reads every line
def _classify(word: str, encoding: str) -> tuple[int, int]:
    """The word's class for one encoding, and how plausible its legacy reading is."""
    if word.isascii():
        return _NEUTRAL, 0
    if any(c not in _EIGHT_BIT for c in word):
        return _UNICODE, 0
    decoded = _decode(word, encoding)
    if decoded == word:
        return _NEUTRAL, 0
    case_ok = _letter_case_ok(word)
    unicode_ok = case_ok and is_syllable(word)
    legacy = _legacy_reading_kind(decoded)
    if unicode_ok:
        return (_AMBIGUOUS if legacy else _UNICODE), legacy
    if not legacy or len(word) == 1:  # a lone sign such as × or © proves nothing
        return _OTHER, legacy
    if not case_ok or any(c in _FOREIGN[encoding] for c in word):
        return _STRONG, legacy
    # "où" is French as well as VNI for "ó": spelling alone counts from three letters.
    return (_WEAK if len(word) >= 3 else _OTHER), legacy


def _allowed_set(allowed: Iterable[str]) -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFC", w).casefold() for w in allowed)


def _analyse(line: str, encoding: str, allowed: frozenset[str]) -> _Line:
    result = _Line(encoding, [])
    for match in _WORD.finditer(line):
        word = match[0]
        if unicodedata.normalize("NFC", word).casefold() in allowed:
            kind, plausible = _ALLOWED, 0
        else:
            kind, plausible = _classify(word, encoding)
        result.words.append((match, kind))
        result.strong += kind == _STRONG
        result.weak += kind == _WEAK
        result.unicode += kind == _UNICODE
        result.score += plausible * {_STRONG: 2, _WEAK: 1}.get(kind, 0)
    return result


def _best(line: str, encodings: Iterable[str], allowed: frozenset[str],
          prefer: str | None = None) -> _Line | None:
    candidates = [a for a in (_analyse(line, e, allowed) for e in encodings) if a.flagged]
    if not candidates:
        return None
    return max(candidates, key=lambda a: (a.score, a.encoding == prefer, a.encoding == "tcvn3"))


def _encodings(source: str) -> tuple[str, ...]:
    if source not in SOURCES:
        raise ValueError(f"unknown source encoding {source!r}; expected one of {SOURCES}")
    return ENCODINGS if source == "auto" else (source,)


def find_legacy_word(line: str, allowed: Collection[str] = (),
                     source: str = "auto") -> LegacyWord | None:
    """The first word of one line that looks typed in TCVN3 or VNI, or None.

    `allowed` holds words the editor declares intended (compared ignoring case); they never
    count. One word only counts when its legacy reading is a Vietnamese syllable and its
    Unicode reading is not; the line decides when the signs are weak.
    """
    found = _best(line, _encodings(source), _allowed_set(allowed))
    if found is None:
        return None
    for (match, kind), new in zip(found.words, _readings(found)):
        if kind in (_STRONG, _WEAK):
            return LegacyWord(match[0], found.encoding, new)
    return None  # unreachable: a flagged line has a strong or weak word


def detect(text: str, allowed: Collection[str] = ()) -> str | None:
    """The legacy encoding most of text's suspicious lines are in: "tcvn3", "vni" or None."""
    return _detect(text, _allowed_set(allowed))


def _detect(text: str, allowed: frozenset[str]) -> str | None:
    scores: Counter[str] = Counter()
    for line in _LINE_BREAK.split(text):
        found = _best(line, ENCODINGS, allowed)
        if found:
            scores[found.encoding] += found.score
    if not scores:
        return None
    return max(ENCODINGS, key=lambda e: (scores[e], e == "tcvn3"))


# --- Conversion ----------------------------------------------------------------------------------


def convert_text(text: str, source: str = "auto", allowed: Collection[str] = ()) -> str:
    """Text with its TCVN3/VNI words converted to Unicode; the result is NFC.

    Only lines whose words show a legacy encoding are converted, and in a line that also holds
    Unicode words only the legacy words are, so mixed text comes out right.
    """
    converted, _ = _convert(text, _encodings(source), _allowed_set(allowed), whole=False)
    return unicodedata.normalize("NFC", converted)


def _convert(text: str, encodings: tuple[str, ...], allowed: frozenset[str],
             whole: bool) -> tuple[str, Counter[str]]:
    """Convert line by line; `whole`: every line is in the one encoding given (an 8-bit file).
    Returns the text and how many lines each encoding converted."""
    parts = _LINE_BREAK.split(text)
    breaks = _LINE_BREAK.findall(text) + [""]
    prefer = _detect(text, allowed) if len(encodings) > 1 else encodings[0]
    used: Counter[str] = Counter()
    out = []
    for line, end in zip(parts, breaks):
        if whole:
            found = _analyse(line, encodings[0], allowed)
        else:
            found = _best(line, encodings, allowed, prefer)
        new = _convert_line(line, found, whole) if found else line
        if new != line:
            used[found.encoding] += 1
        out.append(new + end)
    return "".join(out), used


def _convert_line(line: str, found: _Line, whole: bool) -> str:
    kinds = [kind for _, kind in found.words]
    if whole:  # every byte of an 8-bit file is in the encoding
        chosen = [kind != _NEUTRAL and kind != _ALLOWED for kind in kinds]
    elif found.unicode == 0:
        chosen = [kind in (_STRONG, _WEAK, _AMBIGUOUS, _OTHER) for kind in kinds]
    else:  # Unicode words in the line too: the words that cannot be Unicode, and doubtful
        chosen = _legacy_runs(kinds)  # ones between two of those
    out, position = [], 0
    for (match, kind), new, convert in zip(found.words, _readings(found), chosen):
        # "Lý" reads the same in TCVN3 but is "LÝ" among capitals
        recased = kind == _NEUTRAL and new != match[0] and not match[0].isascii()
        if convert or recased:
            out += [line[position:match.start()], new]
            position = match.end()
    out.append(line[position:])
    return "".join(out)


def _legacy_runs(kinds: list[int]) -> list[bool]:
    """Strong and weak words, plus doubtful words ("BÝ" in "chÝ BÝ th­") whose nearest
    telling neighbours on both sides are strong or weak."""
    telling = [i for i, kind in enumerate(kinds) if kind in (_UNICODE, _STRONG, _WEAK)]
    chosen = []
    for index, kind in enumerate(kinds):
        if kind in (_AMBIGUOUS, _OTHER):
            before = [i for i in telling if i < index]
            after = [i for i in telling if i > index]
            chosen.append(bool(before and after) and kinds[before[-1]] != _UNICODE
                          and kinds[after[0]] != _UNICODE)
        else:
            chosen.append(kind in (_STRONG, _WEAK))
    return chosen


def _readings(found: _Line) -> list[str]:
    """Each word of an analysed line as its encoding reads it, capitals fonts included."""
    words = [match[0] for match, _ in found.words]
    if found.encoding == "vni":
        return [decode_vni(word) for word in words]
    return [unicodedata.normalize("NFC", _tcvn3_word(word, caps))
            for word, caps in zip(words, _tcvn3_capitals(words))]


def _tcvn3_capitals(words: list[str]) -> list[bool]:
    """Which words of a TCVN3 line were set in a capitals font (.VnTimeH).

    Such a font draws the lower-case codes as capitals, so "VIÖT" means VIỆT: a word holding
    lower-case codes and two or more capital ASCII letters but no small one. A word that
    cannot tell ("Hµ") follows the nearest word that can.
    """
    evidence: list[bool | None] = []
    for word in words:
        if not any(c in _TCVN3_LOWER_CODES for c in word):
            evidence.append(None)
        elif any(c.islower() for c in word if c in _ASCII_LETTERS):
            evidence.append(False)
        elif sum(c.isupper() for c in word if c in _ASCII_LETTERS) >= 2:
            evidence.append(True)
        else:
            evidence.append(None)
    known = [i for i, e in enumerate(evidence) if e is not None]
    result = []
    for index, own in enumerate(evidence):
        if own is None and known:
            nearest = min(known, key=lambda k: (abs(k - index), k > index))
            own = evidence[nearest]
        result.append(bool(own))
    return result


# --- Files ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FileConversion:
    """What converting one file changes; `backup` is set once it has been written."""

    path: Path
    encoding: str | None          # "tcvn3" or "vni"; None when nothing legacy was found
    lines: int                    # lines changed
    eight_bit: bool               # the file was in 8-bit bytes, not UTF-8
    backup: Path | None = None
    original: bytes = field(default=b"", repr=False, compare=False)
    converted: bytes = field(default=b"", repr=False, compare=False)


def convert_file(path: Path, source: str = "auto",
                 allowed: Collection[str] = ()) -> FileConversion:
    """Convert a file in place, keeping the original next to it as NAME.bak (.bak2, ...)."""
    return write_conversion(plan_file(path, source, allowed))


def plan_file(path: Path, source: str = "auto", allowed: Collection[str] = ()) -> FileConversion:
    """Read a file and convert it in memory; nothing is written. Raises BulletinError."""
    path = Path(path)
    encodings = _encodings(source)
    data = _read(path)
    if b"\0" in data:
        raise _error(path, None, "tệp không phải văn bản (có byte 0), không chuyển mã được.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        text = read_8bit(data)
        encoding = _detect(text, _allowed_set(allowed)) if source == "auto" else source
        if encoding is None:
            raise _error(path, data.count(b"\n", 0, error.start) + 1,
                         "tệp không được lưu bằng bảng mã UTF-8 và cũng không nhận ra chữ gõ bằng "
                         "bảng mã cũ TCVN3 (ABC) hay VNI; hãy mở tệp bằng trình soạn thảo và lưu "
                         "lại bằng bảng mã UTF-8.") from None
        converted, _ = _convert(text, (encoding,), _allowed_set(allowed), whole=True)
        new = converted.encode("utf-8")
        return FileConversion(path, encoding, _changed_lines(data, new), True,
                              original=data, converted=new)
    converted, used = _convert(text, encodings, _allowed_set(allowed), whole=False)
    encoding = used.most_common(1)[0][0] if used else None
    new = converted.encode("utf-8")
    return FileConversion(path, encoding, _changed_lines(data, new), False,
                          original=data, converted=new)


def write_conversion(plan: FileConversion) -> FileConversion:
    """Write a planned conversion: the backup first, then the file, each atomically.

    A file with nothing to change is not touched and gets no backup."""
    if plan.original == plan.converted:
        return plan
    target = plan.path.resolve() if plan.path.is_symlink() else plan.path
    backup = _backup_name(target)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
        write_all(target.parent, {backup.name: plan.original, target.name: plan.converted})
        os.chmod(target, mode)
    except OSError:
        raise _error(plan.path, None, "không ghi được tệp đã chuyển mã hoặc bản sao lưu vào thư "
                                      "mục này; hãy kiểm tra quyền ghi và chỗ trống trên đĩa.") from None
    return dataclasses.replace(plan, backup=backup)


def _backup_name(path: Path) -> Path:
    for number in range(1, 1000):
        candidate = path.with_name(f"{path.name}.bak" + (str(number) if number > 1 else ""))
        if not os.path.lexists(candidate):
            return candidate
    raise _error(path, None, "đã có quá nhiều bản sao lưu (.bak) của tệp này; hãy xóa bớt.")


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        message = "không tìm thấy tệp này; hãy kiểm tra tên và đường dẫn."
    except IsADirectoryError:
        message = "đây là một thư mục, không phải tệp văn bản."
    except PermissionError:
        message = "không có quyền đọc tệp này."
    except OSError:
        message = "không đọc được tệp này."
    raise _error(path, None, message)


def _changed_lines(old: bytes, new: bytes) -> int:
    breaks = re.compile(rb"\r\n|\r|\n")
    return sum(a != b for a, b in zip(breaks.split(old), breaks.split(new)))


def _error(path: Path, line: int | None, message: str) -> BulletinError:
    return BulletinError([Problem(Path(path), line, message)])
