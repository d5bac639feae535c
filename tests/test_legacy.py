"""Legacy encodings TCVN3 (ABC) and VNI: tables, detection, conversion, files, `bulletin convert`.

Expected values are written out by hand or come from glibc's iconv, never from the converter.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import unicodedata

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bulletin_press.cli import main
from bulletin_press.legacy import (convert_file, convert_text, decode_tcvn3, decode_vni,
                                           detect, encode_tcvn3, encode_vni, find_legacy_word,
                                           font_encoding, is_syllable, plan_file, read_8bit)
from bulletin_press.errors import BulletinError

# The 67 lower-case letters with diacritics: 12 vowels × 5 tones, ă â ê ô ơ ư, and đ.
LOWER = ("àảãáạ" "ăằẳẵắặ" "âầẩẫấậ" "èẻẽéẹ" "êềểễếệ" "ìỉĩíị"
         "òỏõóọ" "ôồổỗốộ" "ơờởỡớợ" "ùủũúụ" "ưừửữứự" "ỳỷỹýỵ" "đ")
UPPER = ("ÀẢÃÁẠ" "ĂẰẲẴẮẶ" "ÂẦẨẪẤẬ" "ÈẺẼÉẸ" "ÊỀỂỄẾỆ" "ÌỈĨÍỊ"
         "ÒỎÕÓỌ" "ÔỒỔỖỐỘ" "ƠỜỞỠỚỢ" "ÙỦŨÚỤ" "ƯỪỬỮỨỰ" "ỲỶỸÝỴ" "Đ")
TCVN3_CAPITALS = "ĂÂÊÔƠƯĐ"   # the only capitals with a code of their own in TCVN3


def test_the_alphabet_written_here_is_complete():
    assert len(set(LOWER)) == len(LOWER) == 67
    assert UPPER == LOWER.upper() and len(set(UPPER)) == 67
    assert unicodedata.is_normalized("NFC", LOWER + UPPER)


# --- Tables -------------------------------------------------------------------------------------

@pytest.mark.parametrize("char", LOWER)
def test_every_lower_case_letter_round_trips_through_both_encodings(char):
    tcvn3 = encode_tcvn3(char)
    assert len(tcvn3) == 1 and 0xA1 <= ord(tcvn3) <= 0xFE
    assert decode_tcvn3(tcvn3) == char
    vni = encode_vni(char)
    assert vni != char or char in "íì"   # VNI writes í and ì at their Latin-1 places
    assert decode_vni(vni) == char


@pytest.mark.parametrize("char", UPPER)
def test_every_capital_round_trips_through_both_encodings(char):
    if char in TCVN3_CAPITALS:
        assert decode_tcvn3(encode_tcvn3(char)) == char
    else:
        with pytest.raises(UnicodeEncodeError):
            encode_tcvn3(char)       # no code outside a capitals font
    tcvn3 = encode_tcvn3(char, capitals=True)
    assert decode_tcvn3(tcvn3, capitals=True) == char
    assert decode_vni(encode_vni(char)) == char


def test_codes_are_distinct():
    assert len({encode_tcvn3(c) for c in LOWER + TCVN3_CAPITALS}) == 67 + 7
    assert len({encode_vni(c) for c in LOWER + UPPER}) == 134
    assert encode_tcvn3("Ẫ", capitals=True) == encode_tcvn3("ẫ")   # the capitals font's trick


@pytest.mark.parametrize("pasted, text", [
    ("µ", "à"), ("¸", "á"), ("¨", "ă"), ("®", "đ"), ("§", "Đ"), ("Ö", "ệ"), ("«", "ô"),
    ("\u00ad", "ư"), ("¬", "ơ"), ("Ç", "ầ"), ("ç", "ỗ"), ("¼", "ẳ"), ("É", "ẫ"), ("×", "ì"),
    ("Th«ng tin", "Thông tin"), ("ViÖt Nam", "Việt Nam"), ("Céng hoµ", "Cộng hoà"),
    ("Ho»ng Ho¸", "Hoằng Hoá"), ("®ång chÝ", "đồng chí"), ("n\u00adíc", "nước"),
])
def test_decode_tcvn3_by_hand(pasted, text):
    assert decode_tcvn3(pasted) == text


def test_decode_tcvn3_for_a_capitals_font():
    assert decode_tcvn3("Nç LùC KH¼NG §ÞNH, H¦íNG DÉN", capitals=True) == "NỖ LỰC KHẲNG ĐỊNH, HƯỚNG DẪN"
    assert decode_tcvn3("Nç LùC") == "Nỗ LựC"     # the same codes in .VnTime


@pytest.mark.parametrize("pasted, text", [
    ("aù", "á"), ("ö", "ư"), ("ñ", "đ"), ("Ñ", "Đ"), ("Vieät", "Việt"), ("VIEÄT", "VIỆT"),
    ("ngöôøi", "người"), ("ò", "ị"), ("ó", "ĩ"), ("æ", "ỉ"), ("î", "ỵ"), ("Æ", "Ỉ"),
    ("Thoâng baùo veà vieäc toå chöùc hoäi nghò", "Thông báo về việc tổ chức hội nghị"),
    ("NOÃ LÖÏC KHAÚNG ÑÒNH, HÖÔÙNG DAÃN", "NỖ LỰC KHẲNG ĐỊNH, HƯỚNG DẪN"),
    ("quaû caø chua", "quả cà chua"), ("khuyeân", "khuyên"), ("Aù", "Á"),
])
def test_decode_vni_by_hand(pasted, text):
    assert decode_vni(pasted) == text


def test_encoders_refuse_what_would_read_back_as_another_character():
    for char in "µ×Ö":
        with pytest.raises(UnicodeEncodeError):
            encode_tcvn3(char)
    with pytest.raises(UnicodeEncodeError):
        encode_tcvn3("Việt", capitals=True)       # a capitals font has no small letters
    for char in "øñö":
        with pytest.raises(UnicodeEncodeError):
            encode_vni(char)


def test_encoders_keep_signs_that_are_not_codes():
    assert encode_tcvn3("“Số 5” – 25 °C ±2") == "“Sè 5” – 25 °C ±2"
    assert encode_vni("“Số 5” – 25 °C ±2") == "“Soá 5” – 25 °C ±2"


def test_read_8bit_uses_windows_1252_and_latin1_for_its_holes():
    assert read_8bit(b"\x93Vi\xd6t\x94 \x85 \x81\x8d\x8f\x90\x9d") == (
        "“ViÖt” … \x81\x8d\x8f\x90\x9d")


# --- glibc iconv as an independent reference ------------------------------------------------------

def _iconv_tcvn5712(data: bytes) -> str:
    if shutil.which("iconv") is None:
        pytest.skip("the iconv program (Debian package libc-bin) is not installed")
    done = subprocess.run(["iconv", "-f", "TCVN5712-1", "-t", "UTF-8"], input=data,
                          capture_output=True, check=True)
    return unicodedata.normalize("NFC", done.stdout.decode("utf-8"))


def test_encoding_agrees_with_iconv_tcvn5712_for_every_letter():
    # Lower-case letters and the seven capitals have their own codes; a capital with a tone
    # is written with the lower-case code, which TCVN5712-1 reads as the lower-case letter.
    letters = LOWER + TCVN3_CAPITALS + "".join(c for c in UPPER if c not in TCVN3_CAPITALS)
    codes = [encode_tcvn3(c, capitals=c.isupper()) for c in letters]
    read = _iconv_tcvn5712("\n".join(codes).encode("cp1252")).split("\n")
    expected = [c if c.islower() or c in TCVN3_CAPITALS else c.lower() for c in letters]
    assert read == expected


def test_decoding_agrees_with_iconv_for_every_code_of_a_letter():
    codes = bytes(range(0xA1, 0x100))
    read = _iconv_tcvn5712(b"\n".join(bytes([b]) for b in codes)).split("\n")
    compared = 0
    for byte, char in zip(codes, read):
        if char in LOWER or char in TCVN3_CAPITALS:   # TCVN3's letters inside TCVN5712-1
            assert decode_tcvn3(read_8bit(bytes([byte]))) == char, hex(byte)
            compared += 1
    assert compared == 67 + 7


# --- Realistic text -------------------------------------------------------------------------------

MEETING_HEADLINE = "HƯỚNG DẪN TỔ CHỨC HỘI NGHỊ: NỖ LỰC KHẲNG ĐỊNH VAI TRÒ TIÊN PHONG CỦA CHI BỘ"
MEETING_BODY = """\
Thực hiện kế hoạch của Đảng ủy xã, chi bộ thôn Đông triệu tập hội nghị đảng viên vào lúc 8 giờ, ngày 05 tháng 3 năm 2024, tại nhà văn hóa thôn.
Nội dung: đánh giá kết quả tháng hai, bàn việc sửa đường liên thôn và vận động nhân dân góp ngày công.
Đề nghị các đồng chí đến đúng giờ; ai vắng mặt phải báo cáo Bí thư chi bộ trước một ngày."""
FARMING_HEADLINE = "LỊCH GIEO CẤY VỤ XUÂN: VẪN GIỮ VỮNG NĂNG SUẤT, CHẲNG ĐỂ RUỘNG BỎ HOANG"
FARMING_BODY = """\
Theo dự báo, đợt rét đậm sẽ kéo dài đến giữa tháng hai, vì vậy bà con nên gieo mạ khi nhiệt độ trên 15 độ.
Mỗi sào lúa cần bón lót 300 kg phân chuồng hoai mục và 15 kg vôi bột; không cấy khi trời rét dưới 13 độ.
Hợp tác xã sẽ mở cống lấy nước từ ngày 10, các tổ đội thủy lợi khơi thông kênh mương trước ngày đó."""
PARAGRAPHS = [(MEETING_HEADLINE, MEETING_BODY), (FARMING_HEADLINE, FARMING_BODY)]


def pasted_tcvn3(headline: str, body: str) -> str:
    """As copied from Word: the headline in .VnTimeH, the body in .VnTime."""
    return encode_tcvn3(headline, capitals=True) + "\n" + encode_tcvn3(body)


@pytest.mark.parametrize("headline, body", PARAGRAPHS)
def test_pasted_tcvn3_paragraph_is_detected_and_converted_back(headline, body):
    original = headline + "\n" + body
    pasted = pasted_tcvn3(headline, body)
    assert detect(pasted) == "tcvn3"
    for line in pasted.split("\n"):
        assert find_legacy_word(line).encoding == "tcvn3", line
    assert convert_text(pasted) == original


@pytest.mark.parametrize("headline, body", PARAGRAPHS)
def test_vni_paragraph_is_detected_and_converted_back(headline, body):
    original = headline + "\n" + body
    pasted = encode_vni(original)
    assert detect(pasted) == "vni"
    for line in pasted.split("\n"):
        assert find_legacy_word(line).encoding == "vni", line
    assert convert_text(pasted) == original


def test_hand_typed_legacy_text_converts():
    pasted = ("Céng hoµ x· héi chñ nghÜa ViÖt Nam\n"
              "§éc lËp - Tù do - H¹nh phóc\n"
              "Nç LùC KH¼NG §ÞNH, H¦íNG DÉN B¶O VÖ M¤I TR¦êNG\n")
    assert convert_text(pasted) == ("Cộng hoà xã hội chủ nghĩa Việt Nam\n"
                                    "Độc lập - Tự do - Hạnh phúc\n"
                                    "NỖ LỰC KHẲNG ĐỊNH, HƯỚNG DẪN BẢO VỆ MÔI TRƯỜNG\n")
    assert convert_text("Thoâng baùo veà vieäc toå chöùc hoäi nghò\nNOÃ LÖÏC KHAÚNG ÑÒNH") == (
        "Thông báo về việc tổ chức hội nghị\nNỖ LỰC KHẲNG ĐỊNH")


def test_a_file_mixing_unicode_and_legacy_lines_comes_out_right():
    mixed = ("Ban Tuyên giáo Huyện ủy thông báo:\n"
             "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n"
             "Thoâng baùo veà vieäc toå chöùc hoäi nghò\n"
             "Hoằng Hóa, ngày 05 tháng 3 năm 2024 – tôi có mặt.\n"
             "Khách mời: ông Müller, bà José, café sáng 25 °C\n"
             "Theo ý kiến của ®ång chÝ BÝ th\u00ad Đảng ủy\n"
             "Chúng tôi gặp ®ång chÝ BÝ th\u00ad\n")
    assert convert_text(mixed) == ("Ban Tuyên giáo Huyện ủy thông báo:\n"
                                   "Cộng hoà xã hội chủ nghĩa Việt Nam\n"
                                   "Thông báo về việc tổ chức hội nghị\n"
                                   "Hoằng Hóa, ngày 05 tháng 3 năm 2024 – tôi có mặt.\n"
                                   "Khách mời: ông Müller, bà José, café sáng 25 °C\n"
                                   "Theo ý kiến của đồng chí Bí thư Đảng ủy\n"
                                   "Chúng tôi gặp đồng chí Bí thư\n")   # not "tụi"


@pytest.mark.parametrize("word", [
    "người", "nghiêng", "quốc", "Quỳnh", "giếng", "gì", "khuya", "thuở", "Hoằng", "ĐỊNH", "kỹ",
    "ếch", "oán", "khuỷu", "xoong", "hoạch", "tuyệt"])
def test_vietnamese_syllables(word):
    assert is_syllable(word)


@pytest.mark.parametrize("word", [
    "tèt",     # a syllable closed by t takes only the acute or the dot below
    "teỏ", "maù", "quaỷ", "ngừơi", "muà",      # tone mark on the wrong vowel
    "bac",     # ... and never the level tone
    "cê", "ka", "ngi", "ghu",   # spelling: k, gh, ngh before e, ê, i; c, g, ng elsewhere
    "quoác", "aá", "Müller", "François", "sóo", "sẫo", "fan", "xyz"])
def test_not_vietnamese_syllables(word):
    assert not is_syllable(word)


@pytest.mark.parametrize("pasted, text, encoding", [
    ("Thaùng 12/2023", "Tháng 12/2023", "vni"),   # one word, only letters Vietnamese uses too
    ("Minh TuÊn", "Minh Tuấn", "tcvn3"),          # a capital inside a word
    ("coâng", "công", "vni"),                     # TCVN3 would read the rare "coõng"
    ("teá", "tế", "vni"),                         # TCVN3 would put the tone on o: "teỏ"
])
def test_short_lines(pasted, text, encoding):
    assert find_legacy_word(pasted).encoding == encoding
    assert convert_text(pasted) == text


def test_a_capitals_line_recases_a_word_that_reads_the_same():
    assert convert_text("QU¶N Lý, Sö DôNG PH¸O") == "QUẢN LÝ, SỬ DỤNG PHÁO"
    assert convert_text("Lý do: ViÖt") == "Lý do: Việt"


def test_a_word_valid_in_both_encodings_follows_the_rest_of_the_file():
    assert convert_text("thö") == "thử"                    # alone: TCVN3 reading "thử"
    assert convert_text("Göûi thö cho oâng chuû tòch\nthö") == "Gửi thư cho ông chủ tịch\nthư"
    assert convert_text("thö", source="vni") == "thư"


def test_forced_source_only_reads_that_encoding():
    assert convert_text("ViÖt Nam", source="vni") == "ViÖt Nam"
    assert convert_text("ViÖt Nam", source="tcvn3") == "Việt Nam"
    assert convert_text("Vieät Nam", source="tcvn3") == "Vieät Nam"
    with pytest.raises(ValueError):
        convert_text("x", source="viscii")


def test_the_finder_names_the_word_and_what_it_becomes():
    found = find_legacy_word("Céng hoµ x· héi")
    assert (found.word, found.encoding, found.converted) == ("Céng", "tcvn3", "Cộng")
    found = find_legacy_word("Lịch làm việc: ngaøy 05")
    assert (found.word, found.encoding, found.converted) == ("ngaøy", "vni", "ngày")
    found = find_legacy_word("H¦íNG DÉN")
    assert (found.word, found.converted) == ("H¦íNG", "HƯỚNG")   # a capitals-font headline


# --- No false alarms ------------------------------------------------------------------------------

LATIN = ["Müller", "François", "José", "Gödel", "Ångström", "São Paulo", "Zoë", "naïve", "café",
         "5 °C", "±2", "× 2"]


@pytest.mark.parametrize("text", LATIN + [
    "Hoằng Hóa", "Cộng hòa xã hội chủ nghĩa Việt Nam", "Ông Nguyễn Văn Ý, chị Vũ Thị Hằng",
    "Nhiệt độ 25°C, diện tích 30 m², 98,7% học sinh", "“Xuân tình nguyện” – năm 2024…",
    "Tôi là ai", "Chúng tôi có mặt tại Hà Nội", "HỘI NGHỊ TỔNG KẾT", "Je ne sais pas où il est",
    "Giáo sư Müller (Zürich) và chị José Núñez đến thăm trường", MEETING_HEADLINE,
])
def test_unicode_and_latin_names_are_not_flagged(text):
    assert find_legacy_word(text) is None
    assert detect(text) is None
    assert convert_text(text) == text


def test_unicode_paragraphs_are_not_flagged():
    for headline, body in PARAGRAPHS:
        text = headline + "\n" + body
        assert detect(text) is None
        assert convert_text(text) == text


def test_the_allow_list_silences_a_flagged_word():
    line = "Đoàn công tác thăm xã kết nghĩa Bø (Na Uy)"
    assert find_legacy_word(line).word == "Bø"
    assert find_legacy_word(line, allowed={"Bø"}) is None
    assert find_legacy_word(line, allowed={"bø"}) is None       # case does not matter
    assert convert_text(line, allowed={"Bø"}) == line
    # other words of a legacy line are still found
    assert find_legacy_word("Bø ViÖt Nam", allowed={"Bø"}).word == "ViÖt"


# --- Fonts ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("font, expected", [
    (".VnTime", ("tcvn3", False)), (".VnArial", ("tcvn3", False)),
    (".VnTimeH", ("tcvn3", True)), (".VnArialH", ("tcvn3", True)),
    (".VnCentury SchoolbookH", ("tcvn3", True)), (" .VnTime ", ("tcvn3", False)),
    ("VNI-Times", ("vni", False)), ("VNI-Helve", ("vni", False)), ("vni-aptima", ("vni", False)),
    ("Times New Roman", None), ("Noto Serif", None), ("Arial", None), ("VNI", None), ("", None),
])
def test_font_encoding(font, expected):
    assert font_encoding(font) == expected


# --- Properties -----------------------------------------------------------------------------------

PUNCTUATION = " .,;:!?()-–“”0123456789"
ASCII = "abcdefghijklmnopqrstuvwxyz"
lower_text = st.text(st.sampled_from(LOWER + TCVN3_CAPITALS + ASCII + ASCII.upper() + PUNCTUATION))
upper_text = st.text(st.sampled_from(UPPER + ASCII.upper() + PUNCTUATION))
any_text = st.text(st.sampled_from(LOWER + UPPER + ASCII + ASCII.upper() + PUNCTUATION))

VOCABULARY = """
một hai ba bốn năm sáu bảy tám chín mười người dân xã huyện tỉnh thôn đảng viên chi bộ hội
nghị công tác lúa ngô khoai sắn phân bón ruộng đồng nước tưới tiêu kênh mương thủy lợi mùa
vụ xuân hè thu đông rét đậm gieo cấy mạ giống năng suất sản lượng kế hoạch thực hiện nhiệm
kết quả báo cáo chí bí tịch ủy ban mặt trận tổ quốc thanh niên phụ nữ cựu chiến binh
hợp đường làng trường học trạm y tế ngày tháng giờ phút tuần quý đã đang sẽ không có được
những các của và với cho từ đến trong ngoài trên dưới khuya huệ quyết luyện thuở ngoằn
nghiêng giếng giữa ở ấy ạ ơi ừ yêu uống ước
""".split()
# Left out of the vocabulary: "thư" and "chủ", whose VNI forms "thö" and "chuû" are also TCVN3
# for "thử" and "chuỷ"; a line of those alone takes the file's encoding (test below).
sentences = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12)


@given(lower_text)
def test_property_tcvn3_round_trip(text):
    assert decode_tcvn3(encode_tcvn3(text)) == text


@given(upper_text)
def test_property_tcvn3_capitals_round_trip(text):
    assert decode_tcvn3(encode_tcvn3(text, capitals=True), capitals=True) == text


@given(any_text)
def test_property_vni_round_trip(text):
    assert decode_vni(encode_vni(text)) == text


@given(sentences, st.sampled_from([str.lower, str.capitalize, str.upper, str.title]))
def test_property_unicode_vietnamese_is_never_flagged(words, case):
    text = case(" ".join(words))
    assert find_legacy_word(text) is None
    assert convert_text(text) == text


@settings(suppress_health_check=[HealthCheck.filter_too_much])
@given(sentences, st.sampled_from(["tcvn3", "vni"]))
def test_property_detected_legacy_sentences_convert_back(words, encoding):
    text = " ".join(words)
    pasted = encode_tcvn3(text) if encoding == "tcvn3" else encode_vni(text)
    assume(detect(pasted) is not None)
    assert detect(pasted) == encoding
    assert convert_text(pasted) == text


@given(st.text())
def test_property_arbitrary_text_never_raises(text):
    assert detect(text) in (None, "tcvn3", "vni")
    for source in ("auto", "tcvn3", "vni"):
        assert isinstance(convert_text(text, source=source), str)
        find_legacy_word(text, source=source)
    decode_tcvn3(text)
    decode_tcvn3(text, capitals=True)
    decode_vni(text)


# --- Files ----------------------------------------------------------------------------------------

PASTED_MD = ("---\nkind: briefing\ntitle: Tin v¾n\n---\n"
             "**X· T©n An:** Thu ho¹ch xong 350 ha lóa mïa.\n\n"
             "**Xã Phú Mỹ:** Khánh thành nhà văn hóa thôn Đông.\n")
CONVERTED_MD = ("---\nkind: briefing\ntitle: Tin vắn\n---\n"
                "**Xã Tân An:** Thu hoạch xong 350 ha lúa mùa.\n\n"
                "**Xã Phú Mỹ:** Khánh thành nhà văn hóa thôn Đông.\n")


def test_convert_file_in_place_with_backup(tmp_path):
    path = tmp_path / "tin-van.md"
    path.write_text(PASTED_MD, encoding="utf-8")
    original = path.read_bytes()

    result = convert_file(path)

    assert (result.encoding, result.lines, result.eight_bit) == ("tcvn3", 2, False)
    assert result.backup == tmp_path / "tin-van.md.bak"
    assert path.read_text(encoding="utf-8") == CONVERTED_MD
    assert result.backup.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tin-van.md", "tin-van.md.bak"]


def test_an_existing_backup_is_never_overwritten(tmp_path):
    path = tmp_path / "bai.md"
    (tmp_path / "bai.md.bak").write_bytes(b"older backup")
    path.write_text("ViÖt Nam\n", encoding="utf-8")
    assert convert_file(path).backup == tmp_path / "bai.md.bak2"
    assert (tmp_path / "bai.md.bak").read_bytes() == b"older backup"
    assert (tmp_path / "bai.md.bak2").read_bytes() == "ViÖt Nam\n".encode()
    path.write_text("Vieät Nam\n", encoding="utf-8")
    assert convert_file(path).backup == tmp_path / "bai.md.bak3"
    assert path.read_text(encoding="utf-8") == "Việt Nam\n"


def test_a_unicode_file_is_left_untouched(tmp_path):
    path = tmp_path / "bai.md"
    path.write_text(CONVERTED_MD, encoding="utf-8")
    before = os.stat(path)
    result = convert_file(path)
    assert (result.encoding, result.lines, result.backup) == (None, 0, None)
    assert path.read_text(encoding="utf-8") == CONVERTED_MD
    assert os.stat(path).st_mtime_ns == before.st_mtime_ns
    assert [p.name for p in tmp_path.iterdir()] == ["bai.md"]


def test_the_file_mode_is_kept(tmp_path):
    path = tmp_path / "bai.md"
    path.write_text("ViÖt Nam\n", encoding="utf-8")
    path.chmod(0o600)
    convert_file(path)
    assert path.stat().st_mode & 0o777 == 0o600


def test_line_ends_and_unchanged_lines_are_kept(tmp_path):
    path = tmp_path / "bai.md"
    path.write_bytes("Hoa\u0300 (NFD)\r\nViÖt Nam\r\n".encode())
    result = convert_file(path)
    assert result.lines == 1
    assert path.read_bytes() == "Hoa\u0300 (NFD)\r\nViệt Nam\r\n".encode()


@pytest.mark.parametrize("encoding", ["tcvn3", "vni"])
def test_an_8bit_file_is_converted_to_utf8(tmp_path, encoding):
    text = "“" + MEETING_BODY.replace("\n", "”\n“") + "”\n"
    pasted = encode_tcvn3(text) if encoding == "tcvn3" else encode_vni(text)
    path = tmp_path / "cu.txt"
    path.write_bytes(pasted.encode("cp1252"))
    result = convert_file(path)
    assert (result.encoding, result.eight_bit, result.lines) == (encoding, True, 3)
    assert path.read_text(encoding="utf-8") == text
    assert result.backup.read_bytes() == pasted.encode("cp1252")


def test_an_8bit_file_that_is_no_legacy_encoding_is_refused(tmp_path):
    path = tmp_path / "duc.txt"
    path.write_bytes("Hello\nGrüße aus München\n".encode("cp1252"))
    with pytest.raises(BulletinError) as caught:
        convert_file(path)
    (problem,) = caught.value.problems
    assert (problem.file, problem.line) == (path, 2)
    assert "không được lưu bằng bảng mã UTF-8" in problem.message
    assert "TCVN3 (ABC) hay VNI" in problem.message
    assert path.read_bytes() == "Hello\nGrüße aus München\n".encode("cp1252")
    assert [p.name for p in tmp_path.iterdir()] == ["duc.txt"]


@pytest.mark.parametrize("make, message", [
    (lambda p: None, "không tìm thấy tệp"),
    (lambda p: p.mkdir(), "là một thư mục"),
    (lambda p: p.write_bytes(b"%PDF\x00\x01\xb5"), "không phải văn bản"),
])
def test_unreadable_input_is_a_located_problem(tmp_path, make, message):
    path = tmp_path / "bai.md"
    make(path)
    with pytest.raises(BulletinError) as caught:
        plan_file(path)
    (problem,) = caught.value.problems
    assert problem.file == path and problem.line is None
    assert message in problem.message


# --- bulletin convert -------------------------------------------------------------------------------

def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_cli_converts_a_pasted_tcvn3_file_and_keeps_a_backup(tmp_path):
    legacy, unicode = tmp_path / "tin-van.md", tmp_path / "bai.md"
    legacy.write_text(PASTED_MD, encoding="utf-8")
    unicode.write_text(CONVERTED_MD, encoding="utf-8")
    original = legacy.read_bytes()

    result = invoke("convert", legacy, unicode)

    assert result.exit_code == 0, result.output
    first, second = result.stdout.splitlines()
    assert "tin-van.md: đã chuyển 2 dòng từ bảng mã TCVN3 (ABC) sang Unicode" in first
    assert "bản gốc giữ tại" in first and first.endswith("tin-van.md.bak.")
    assert "bai.md: không có chữ gõ bằng bảng mã cũ; tệp giữ nguyên." in second
    assert legacy.read_text(encoding="utf-8") == CONVERTED_MD
    assert (tmp_path / "tin-van.md.bak").read_bytes() == original
    assert unicode.read_text(encoding="utf-8") == CONVERTED_MD
    assert not (tmp_path / "bai.md.bak").exists()


def test_cli_json_and_forced_source(tmp_path):
    path = tmp_path / "bai.md"
    path.write_text("Vieät Nam\n", encoding="utf-8")
    result = invoke("convert", path, "--from", "tcvn3", "--json")
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)["files"]
    assert (entry["encoding"], entry["lines"], entry["backup"]) == (None, 0, None)

    result = invoke("convert", path, "--from", "vni", "--json")
    (entry,) = json.loads(result.stdout)["files"]
    assert (entry["encoding"], entry["lines"]) == ("vni", 1)
    assert entry["backup"].endswith("bai.md.bak")
    assert path.read_text(encoding="utf-8") == "Việt Nam\n"


def test_cli_missing_file_is_a_vietnamese_error_and_nothing_is_written(tmp_path):
    legacy = tmp_path / "tin-van.md"
    legacy.write_text(PASTED_MD, encoding="utf-8")
    missing = tmp_path / "khong-co.md"

    result = invoke("convert", legacy, missing)

    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "khong-co.md: không tìm thấy tệp này" in result.stderr
    assert "Có 1 lỗi; hãy sửa rồi chạy lại." in result.stderr
    assert legacy.read_text(encoding="utf-8") == PASTED_MD     # all files or none
    assert not (tmp_path / "tin-van.md.bak").exists()


def test_cli_help_is_vietnamese():
    result = invoke("convert", "--help")
    assert result.exit_code == 0
    assert "Chuyển chữ gõ bằng bảng mã cũ TCVN3 (ABC) hoặc VNI" in result.output
    assert "FILE..." in result.output
