"""Vietnamese text hygiene and conventions: NFC, stray marks, dates, numbers, spacing, order."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

def normalise(text: str) -> str:
    """Precomposed (NFC) text with Windows line ends removed."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


def text_problems(text: str) -> list[str]:
    """Vietnamese messages for what is wrong with one line of NFC text (legacy encodings are
    found by legacy.find_legacy_word)."""
    problems = []
    if "\u00d0" in text or "\u00f0" in text:
        problems.append("có chữ “Ð/ð” (eth, U+00D0/U+00F0) thay cho “Đ/đ” tiếng Việt (U+0110/U+0111); "
                        "hãy gõ lại chữ Đ.")
    loose = next((c for c in text if unicodedata.combining(c)), None)
    if loose:
        problems.append(
            f"có dấu rời {unicodedata.name(loose, 'U+%04X' % ord(loose)).lower()} không ghép được vào chữ "
            "(thường do gõ dấu thanh trước dấu mũ hoặc dấu móc). Hãy xóa chữ đó và gõ lại.")
    if "\ufffd" in text:
        problems.append("có ký tự “�” (chữ bị hỏng khi chuyển mã); hãy gõ lại đoạn này.")
    return problems


def long_date(day: date) -> str:
    """'ngày 05 tháng 3 năm 2020' per Decree 30/2020/NĐ-CP (zero before day < 10, months 1 and 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_date(day: date) -> str:
    """'05/01/2024', the numeric form used in licences and bylines."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def issue_line(number: int, month: date) -> str:
    """The cover's issue line: 'Số 01 - Tháng 01/2023'."""
    return f"Số {number:02d} - Tháng {month.month:02d}/{month.year}"


def group_digits(digits: str) -> str:
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i:i + 3] for i in range(head, len(digits), 3)]
    return ".".join(parts)


def format_number(value: int | float | Decimal, decimals: int = 0) -> str:
    """421560 → '421.560', 3.5 → '3,5' (decimals=1): dot groups thousands, comma marks decimals."""
    quantum = Decimal(1).scaleb(-decimals)
    number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    whole, _, fraction = f"{abs(number):f}".partition(".")
    text = sign + group_digits(whole)
    return f"{text},{fraction}" if fraction else text


# Where Vietnamese must not break a line. Nothing is inserted into the text (its extracted
# form stays the source): the typeset stage keeps each of these runs on one line.
# "Số 01", "Điều 5", "ngày 05", "Chương II": a title word with the plain number it introduces
# (only before a number: "chuyển đổi số năm 2023" may break after "số"; before a document
# number or a date the line may break, the number itself staying whole, see _JOINED).
_TITLE_NUMBER = re.compile(r"\b(?:[Ss]ố|[Đđ]iều|[Kk]hoản|[Cc]hương|[Mm]ục|[Pp]hần|Phụ lục|Bảng|"
                           r"Biểu|Hình|Ảnh|[Kk]ỳ|[Nn]gày|[Tt]háng|[Nn]ăm|[Qq]uý) "
                           r"(?:\d+(?:[.,]\d+)*|[IVXLC]+)(?![\w/-])")
# "Đ/c Hải": the form of address with the name after it.
_ADDRESS = re.compile(r"\b[Đđ]/c \w+")
# "900 cuốn", "3,5 tỷ", "58,8 tạ/ha": a number with the unit or counter after it.
UNITS = ("bản", "cuốn", "trang", "tờ", "ram", "kg", "g", "tấn", "tạ", "ha", "m", "m²", "m³", "km",
         "cm", "mm", "lít", "đồng", "nghìn", "triệu", "tỷ", "người", "hộ", "xã", "thôn", "tổ",
         "chi", "lượt", "lần", "suất", "con", "chiếc", "cơ", "đơn", "đảng", "học", "giáo",
         "trường", "điểm", "km²", "giờ", "phút", "ngày", "tuần", "tiêu", "sản", "mô", "hợp",
         "công", "doanh", "tuổi", "USD", "%", "miligam", "mililít", "lít", "ml", "mg")
_NUMBER_UNIT = re.compile(r"(?<![\w.,])\d(?:[\d.,/]*\d)?%? (?:" + "|".join(
    re.escape(unit) for unit in sorted(UNITS, key=len, reverse=True))
    + r")(?:/[^\W\d]\w*)?(?![\w²³])")
# "137/2020/NĐ-CP", "01/7/2024", "tạ/ha", "NĐ-CP": a token joined by "/" or "-" is one word;
# a longer one (a web address) may still break after its "/" rather than leave the column.
_JOINED = re.compile(r"\w+(?:[/-]\w+)+")
MAX_JOINED = 24


_LAST_TWO_WORDS = re.compile(r"\S+ \S+\s*$")
SHORT_END = 24  # characters: a last pair of words longer than this may break


def unbreakable(text: str, keep_end: bool = False) -> list[tuple[int, int]]:
    """The (start, end) runs of text a line must not break inside, merged and in order;
    with keep_end, the last two words too (no word alone on the last line of a title)."""
    runs = [(m.start(), m.end()) for pattern in (_TITLE_NUMBER, _ADDRESS, _NUMBER_UNIT, _JOINED)
            for m in pattern.finditer(text)
            if pattern is not _JOINED or len(m[0]) <= MAX_JOINED]
    end = _LAST_TWO_WORDS.search(text) if keep_end else None
    if end and len(end[0].strip()) <= SHORT_END:
        runs.append((end.start(), len(text.rstrip())))
    runs.sort()
    merged: list[list[int]] = []
    for start, end in runs:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def segments(text: str, keep_end: bool = False) -> list[tuple[str, bool]]:
    """text cut into (piece, keep on one line) pieces, in order."""
    pieces, position = [], 0
    for start, end in unbreakable(text, keep_end):
        if start > position:
            pieces.append((text[position:start], False))
        pieces.append((text[start:end], True))
        position = end
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


# ---- Order and search ----------------------------------------------------------------------
# Vietnamese dictionary order: a ă â b c d đ e ê … o ô ơ … u ư …, digits first; words compared
# syllable by syllable, each syllable by its letters and then by its tone.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Tones in order: không dấu, huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_SYLLABLE = re.compile(r"\w+")


def _syllable(word: str) -> tuple[str, int]:
    """A lower-case syllable split into its letters (with ă â ê ô ơ ư đ) and its tone (0–5).

    The tone is taken off wherever it was typed, so 'hòa' and 'hoà' give the same result.
    """
    tone, kept = 0, []
    for char in unicodedata.normalize("NFD", word.lower()):
        if char in _TONES:
            tone = _TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)), tone


def sort_key(text: str) -> tuple:
    """Key that sorts Vietnamese words in dictionary order (Python's sorted() does not)."""
    syllables = []
    for word in _SYLLABLE.findall(normalise(text)):
        letters, tone = _syllable(word)
        syllables.append((tuple(_LETTER_RANK.get(c, 100 + ord(c)) for c in letters), tone))
    return (tuple(syllables), text)


def initial(text: str) -> str:
    """The letter an alphabetical index files text under: its first letter or digit, in
    capitals and without tone ('ấp' → 'Â', 'Đường' → 'Đ', '“Giữ lửa”' → 'G'); '' if none."""
    for word in _SYLLABLE.findall(normalise(text)):
        letters, _ = _syllable(word.replace("_", ""))
        if letters:
            return letters[0].upper()
    return ""


def fold(text: str) -> str:
    """Lower case without any diacritic: 'Hòa Đồng' → 'hoa dong'."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", normalise(text).lower())
                       if not unicodedata.combining(c))
    return stripped.replace("đ", "d")


@dataclass(frozen=True)
class Term:
    """One syllable of a search: matched with its diacritics if it was typed with any."""

    letters: str
    tone: int
    folded: str

    def matches(self, other: "Term") -> bool:
        if self.letters == self.folded and self.tone == 0:
            return self.folded == other.folded
        return (self.letters, self.tone) == (other.letters, other.tone)


def terms(text: str) -> tuple[Term, ...]:
    """The syllables of text as search terms."""
    return tuple(Term(*_syllable(word), fold(word)) for word in _SYLLABLE.findall(normalise(text)))


def contains(haystack: tuple[Term, ...], needle: tuple[Term, ...]) -> bool:
    """Whether the syllables of needle occur one after another in haystack.

    A syllable typed without diacritics matches any marks ('hoa' finds 'hòa', 'hoá');
    one typed with them matches those marks, in old or new tone placement ('hòa' = 'hoà').
    """
    if not needle:
        return False
    width = len(needle)
    return any(all(n.matches(h) for n, h in zip(needle, haystack[start:start + width]))
               for start in range(len(haystack) - width + 1))
