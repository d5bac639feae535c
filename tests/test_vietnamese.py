"""Vietnamese text conventions: NFC, legacy encodings, Decree 30/2020 dates, numbers, spacing."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from bulletin_press.vietnamese import (contains, fold, format_number, initial, issue_line,
                                       long_date, normalise, segments, short_date, sort_key,
                                       terms, text_problems)


def test_normalise_composes_nfd_and_drops_windows_line_ends():
    decomposed = unicodedata.normalize("NFD", "Việt Nam\r\nHòa Lâm\rĐồng")
    assert len(decomposed) > len("Việt Nam\nHòa Lâm\nĐồng")
    result = normalise(decomposed)
    assert result == "Việt Nam\nHòa Lâm\nĐồng"
    assert unicodedata.is_normalized("NFC", result)


@pytest.mark.parametrize("line, part", [
    ("Ðồng chí Bí thư", "eth, U+00D0/U+00F0"),
    ("Thơ\u0302i", "dấu rời combining circumflex accent"),  # no letter has both horn and hat
    ("Huy\ufffdn", "ký tự “�”"),
])
def test_other_text_problems(line, part):
    (message,) = text_problems(normalise(line))
    assert part in message


@pytest.mark.parametrize("line", [
    "Hoằng Hóa", "Cộng hòa xã hội chủ nghĩa Việt Nam", "Đảng ủy xã Tân An",
    "Nhiệt độ 25°C", "diện tích 30 m²", "98,7% học sinh", "3 × 4 m", "±5 ha",
    "“Xuân tình nguyện” – năm 2024…", "Ông Nguyễn Văn Ý, chị Vũ Thị Hằng",
])
def test_clean_vietnamese_has_no_problem(line):
    assert text_problems(line) == []


@pytest.mark.parametrize("day, text", [
    (date(2020, 3, 5), "ngày 05 tháng 3 năm 2020"),
    (date(2023, 1, 12), "ngày 12 tháng 01 năm 2023"),
    (date(2024, 2, 9), "ngày 09 tháng 02 năm 2024"),
    (date(2023, 11, 30), "ngày 30 tháng 11 năm 2023"),
    (date(2023, 12, 1), "ngày 01 tháng 12 năm 2023"),
])
def test_long_date_follows_decree_30(day, text):
    assert long_date(day) == text


@pytest.mark.parametrize("day, text", [
    (date(2024, 1, 5), "05/01/2024"), (date(2023, 11, 30), "30/11/2023")])
def test_short_date(day, text):
    assert short_date(day) == text


@pytest.mark.parametrize("number, month, text", [
    (1, date(2023, 1, 1), "Số 01 - Tháng 01/2023"),
    (12, date(2023, 12, 1), "Số 12 - Tháng 12/2023"),
])
def test_issue_line(number, month, text):
    assert issue_line(number, month) == text


@pytest.mark.parametrize("value, decimals, text", [
    (421560, 0, "421.560"),
    (999, 0, "999"),
    (1000, 0, "1.000"),
    (1234567, 0, "1.234.567"),
    (2023, 0, "2.023"),
    (0, 0, "0"),
    (3.5, 1, "3,5"),
    (22.248, 2, "22,25"),
    (Decimal("55.504"), 1, "55,5"),
    (2.345, 2, "2,35"),          # half up, not banker's rounding
    (1234567.891, 2, "1.234.567,89"),
    (-421560, 0, "-421.560"),
    (-3.5, 1, "-3,5"),
    (7, 2, "7,00"),
])
def test_format_number(value, decimals, text):
    assert format_number(value, decimals) == text


def kept(text: str, keep_end: bool = False) -> list[str]:
    return [piece for piece, keep in segments(text, keep_end) if keep]


@pytest.mark.parametrize("text, runs", [
    ("Số 01", ["Số 01"]),
    ("900 cuốn", ["900 cuốn"]),
    ("Đ/c Hải", ["Đ/c Hải"]),
    ("Điều 5, Chương II", ["Điều 5", "Chương II"]),
    ("3,5 tỷ đồng", ["3,5 tỷ"]),
    ("12 xã và 98,7% học sinh", ["12 xã", "98,7% học"]),
    ("ngày 05 tháng 3 năm 2020", ["ngày 05", "tháng 3", "năm 2020"]),
    ("năng suất 58,8 tạ/ha", ["58,8 tạ/ha"]),
    ("Nghị định số 137/2020/NĐ-CP ngày 01/7/2024", ["137/2020/NĐ-CP", "01/7/2024"]),
    ("uống 50 miligam/100 mililít mỗi ngày", ["50 miligam/100 mililít"]),
    ("theo NĐ-CP và 60 tấn/mẻ", ["NĐ-CP", "60 tấn/mẻ"]),
])
def test_runs_kept_on_one_line(text, runs):
    assert kept(text) == runs


@pytest.mark.parametrize("text, runs", [
    ("năm 2023, huyện", ["năm 2023"]),       # the space after "2023," may break
    ("12 so với", []),                        # a number and an ordinary word
    ("5 mét", []),                            # unit "m" is not the word "mét"
    ("2023 – 2024", []),
    ("chuyển đổi số năm 2023", ["năm 2023"]),  # "số" is not a number's title here
    ("số lượng lớn", []),
    ("xem dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh", []),  # an address may break
])
def test_ordinary_spaces_may_break(text, runs):
    assert kept(text) == runs


def test_the_pieces_are_the_text_itself():
    """Nothing is inserted: the extracted PDF text stays the source text."""
    text = "Theo Nghị định số 137/2020/NĐ-CP, năng suất đạt 58,8 tạ/ha."
    assert "".join(piece for piece, _ in segments(text, keep_end=True)) == text


def test_a_short_last_pair_of_words_is_kept_together():
    assert kept("Hội nghị sơ kết công tác tháng", keep_end=True) == ["tác tháng"]
    assert kept("Ủy ban nhân dân xã Phúc Thịnh Hưng Thuận Lợi", keep_end=False) == []


# ---- Order and search ----------------------------------------------------------------------

def test_vietnamese_order_of_letters_and_tones():
    shuffled = ["ư", "Đông", "á", "u", "Dũng", "ạ", "à", "a", "ả", "ã", "ă", "â", "b", "e", "ê"]
    assert sorted(shuffled, key=sort_key) == [
        "a", "à", "ả", "ã", "á", "ạ", "ă", "â", "b", "Dũng", "Đông", "e", "ê", "u", "ư"]


def test_python_order_gets_it_wrong():
    """Twin of the test above: without the key, Đ and ư sort after every Latin letter."""
    assert sorted(["Đông", "Dũng", "Xuân"]) == ["Dũng", "Xuân", "Đông"]
    assert sorted(["ư", "v"]) == ["v", "ư"]


def test_words_are_compared_syllable_by_syllable():
    names = ["Phan Thị Hoa", "Phạm Văn An", "Phan Văn Ba", "Pham Anh"]
    assert sorted(names, key=sort_key) == ["Pham Anh", "Phạm Văn An", "Phan Thị Hoa", "Phan Văn Ba"]
    # The tone of the first syllable decides before the letters of the second.
    assert sorted(["cá bống", "ca dao", "cà phê"], key=sort_key) == ["ca dao", "cà phê", "cá bống"]


@pytest.mark.parametrize("text, letter", [
    ("ấp chiến lược", "Â"), ("Ăn Tết", "Ă"), ("đường làng", "Đ"), ("Ước mơ", "Ư"),
    ("Ý kiến cử tri", "Y"), ("“Giữ lửa” nghề mây", "G"), ("2023 – một năm", "2"), ("– …", ""),
])
def test_initial_is_the_first_letter_without_its_tone(text, letter):
    assert initial(text) == letter


def test_old_and_new_tone_placement_sort_together():
    assert sort_key("Hòa Bình")[0] == sort_key("Hoà Bình")[0]
    assert sort_key("thủy lợi")[0] == sort_key("thuỷ lợi")[0]
    assert sort_key("hóa")[0] != sort_key("hòa")[0]


def test_fold_removes_every_diacritic():
    assert fold("Đồng Hòa THUỶ LỢI") == "dong hoa thuy loi"


@pytest.mark.parametrize("text", ["xã Hòa Bình", "xã Hoà Bình", "XÃ HOÀ BÌNH", "hoa mai"])
def test_a_query_without_diacritics_finds_every_spelling(text):
    assert contains(terms(text), terms("hoa"))


@pytest.mark.parametrize("text, found", [("xã Hòa Bình", True), ("xã Hoà Bình", True),
                                         ("hóa chất", False), ("hoa mai", False),
                                         ("Hoàng", False)])
def test_a_query_with_diacritics_matches_those_marks_in_either_placement(text, found):
    assert contains(terms(text), terms("hòa")) is found


def test_a_query_of_several_syllables_must_be_consecutive():
    text = terms("Quỹ hỗ trợ nông dân huyện")
    assert contains(text, terms("nong dan"))
    assert not contains(text, terms("quỹ nông"))
    assert contains(terms("Nghị định 137/2020/NĐ-CP"), terms("137/2020/nđ-cp"))
