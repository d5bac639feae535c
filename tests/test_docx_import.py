"""`bulletin import`: contributors' Word files made with python-docx, as Word would save them,
in Unicode and in the legacy TCVN3 and VNI fonts, imported into a test issue."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from click.testing import CliRunner
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.shared import Cm
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from PIL import Image, ImageDraw
from projects import REPO, copy_samples, make_project

from bulletin_press import build, manifest
from bulletin_press.cli import main
from bulletin_press.desk.docx import CAPTION_PLACEHOLDER, import_docx, plan_import
from bulletin_press.desk.markdown_writer import inline_markdown
from bulletin_press.desk.wordfile import Segment
from bulletin_press.legacy import encode_tcvn3, encode_vni

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def photo(width: int = 1200, height: int = 800, fmt: str = "JPEG") -> io.BytesIO:
    image = Image.new("RGB", (width, height), (70, 120, 180))
    draw = ImageDraw.Draw(image)
    for x in range(0, width, 50):
        draw.line([(x, 0), (width - x, height)], fill=(220, 190, 60), width=6)
    out = io.BytesIO()
    image.save(out, fmt, **({"quality": 90} if fmt == "JPEG" else {}))
    out.seek(0)
    return out


def run(paragraph, text: str, font: str | None = None, bold=False, italic=False):
    """A run of text; in a legacy font the text is given in Unicode and stored encoded, as
    Word stores what was typed with a TCVN3 or VNI keyboard."""
    if font and font.startswith(".Vn"):
        text = encode_tcvn3(text, capitals=font.endswith("H"))
    elif font and font.startswith("VNI"):
        text = encode_vni(text)
    added = paragraph.add_run(text)
    if font:
        added.font.name = font
    added.bold, added.italic = bold or None, italic or None
    return added


def right_aligned(document, text: str, font: str | None = None):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run(paragraph, text, font)
    return paragraph


def save(document, path):
    document.save(path)
    return path


def md(result, index: int = 0) -> str:
    return result.imported[index].text


def body(result, index: int = 0) -> str:
    return md(result, index).split("---\n", 2)[2]


@pytest.fixture
def issue_dir(tmp_path):
    return make_project(tmp_path / "project")


# A contributor's article typed with a TCVN3 keyboard: the title in .VnTimeH (capitals), the lead
# in .VnTime, a paragraph mixing Unicode, TCVN3 and VNI runs, a heading, a list, a table, a photo
# with its caption, the byline right-aligned at the end.
def legacy_article(path):
    document = Document()
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(title, "XÃ TÂN AN RA QUÂN LÀM ĐƯỜNG", ".VnTimeH", bold=True)
    run(document.add_paragraph(), "Sáng ngày 05/02, hơn 500 đoàn viên, hội viên ra quân làm đường.",
        ".VnTime", bold=True)
    mixed = document.add_paragraph()
    run(mixed, "Theo kế hoạch, ")                                   # Unicode
    run(mixed, "năm nay toàn xã cứng hóa", ".VnTime")               # TCVN3
    run(mixed, " 12,5 km ")                                          # Unicode
    run(mixed, "đường thôn", "VNI-Times", bold=True)                 # VNI, bold
    run(mixed, ", theo ")
    run(mixed, "Nghị quyết Đại hội", ".VnTime", italic=True)         # TCVN3, italic
    run(mixed, ".")
    heading = document.add_paragraph(style="Heading 2")
    run(heading, "Huy động sức dân", "VNI-Times")
    run(document.add_paragraph(style="List Bullet"), "hơn 300 ngày công;", ".VnTime")
    run(document.add_paragraph(style="List Bullet"), "1.200 m² đất hiến.")
    table = document.add_table(rows=2, cols=2)
    for (row, column), (text, font) in {(0, 0): ("Thôn", None), (0, 1): ("Kinh phí", ".VnTime"),
                                        (1, 0): ("Thôn Đông", ".VnTime"), (1, 1): ("420", None)}.items():
        run(table.cell(row, column).paragraphs[0], text, font)
    table.cell(1, 1).paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_picture(photo(), width=Cm(10))
    caption = document.add_paragraph()
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(caption, "Đoàn viên làm đường tại thôn Đông. ", ".VnTime", italic=True)
    run(caption, "Ả", ".VnTimeH", italic=True)   # TCVN3 has no code for Ả outside .VnTimeH
    run(caption, "nh: Thu Hà", ".VnTime", italic=True)
    right_aligned(document, "Nguyễn Văn A – Đảng ủy xã Tân An", ".VnTime")
    return save(document, path)


LEGACY_ARTICLE = """\
---
kind: article
title: XÃ TÂN AN RA QUÂN LÀM ĐƯỜNG
lead: Sáng ngày 05/02, hơn 500 đoàn viên, hội viên ra quân làm đường.
author: Nguyễn Văn A
unit: Đảng ủy xã Tân An
---
Theo kế hoạch, năm nay toàn xã cứng hóa 12,5 km **đường thôn**, theo *Nghị quyết Đại hội*.

## Huy động sức dân

- hơn 300 ngày công;
- 1.200 m² đất hiến.

| Thôn | Kinh phí |
|---|---:|
| Thôn Đông | 420 |

![Đoàn viên làm đường tại thôn Đông. Ảnh: Thu Hà](img/xa-tan-an-ra-quan-lam-duong-1.jpg)
"""


def test_a_legacy_article_becomes_the_intended_unicode_content_file(tmp_path, issue_dir):
    result = import_docx([legacy_article(tmp_path / "bai.docx")], issue_dir, section="Thời sự")
    assert md(result) == LEGACY_ARTICLE
    written = issue_dir / "xa-tan-an-ra-quan-lam-duong.md"
    assert written.read_text(encoding="utf-8") == LEGACY_ARTICLE
    assert (issue_dir / "img" / "xa-tan-an-ra-quan-lam-duong-1.jpg").read_bytes()[:3] == b"\xff\xd8\xff"
    checked = build.validate(issue_dir)   # the issue with the new article is valid as it is
    item = next(i for i in checked.issue.items if i.file == written)
    assert (item.title, item.lead, item.author, item.unit) == (
        "XÃ TÂN AN RA QUÂN LÀM ĐƯỜNG", "Sáng ngày 05/02, hơn 500 đoàn viên, hội viên ra quân làm "
        "đường.", "Nguyễn Văn A", "Đảng ủy xã Tân An")
    assert [s.title for s in checked.issue.sections if item in s.items] == ["Thời sự"]
    converted = {c.font: (c.runs, c.paragraphs) for c in result.imported[0].converted}
    # .VnTime: lead, 2 in the mixed paragraph, list item, 2 table cells, 2 in the caption, byline
    assert converted == {".VnTime": (9, 7), ".VnTimeH": (2, 2), "VNI-Times": (2, 2)}


def test_twin_the_same_runs_in_a_unicode_font_are_not_converted(tmp_path, issue_dir):
    document = Document()
    run(document.add_paragraph(), "Tin vắn", bold=True)
    paragraph = document.add_paragraph()
    typed = run(paragraph, "năm nay toàn xã cứng hóa", ".VnTime")
    typed.font.name = "Times New Roman"   # what the reader sees is then "n¨m nay…"
    result = import_docx([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == encode_tcvn3("năm nay toàn xã cứng hóa") + "\n"
    assert result.imported[0].converted == ()
    assert any("trông như gõ bằng bảng mã cũ TCVN3" in c for c in result.imported[0].checks)


def test_a_vni_word_cut_between_two_runs_and_fonts_from_the_style(tmp_path, issue_dir):
    document = Document()
    document.styles["Normal"].font.name = "VNI-Times"   # the runs name no font of their own
    run(document.add_paragraph(), "Bài thử", bold=True)
    paragraph = document.add_paragraph()
    spelt = encode_vni("Việt Nam")                      # "Vieät Nam"
    paragraph.add_run(spelt[:3])
    paragraph.add_run(spelt[3:]).bold = True            # "ät" starts with the mark byte
    result = import_docx([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == "Việ**t Nam**\n"   # the mark goes back to its letter, e → ệ


def test_the_document_defaults_name_the_font_when_nothing_else_does(tmp_path, issue_dir):
    document = Document()
    defaults = document.styles.element.find(".//{*}docDefaults/{*}rPrDefault/{*}rPr/{*}rFonts")
    defaults.getparent().replace(defaults, parse_xml(
        f'<w:rFonts {W_NS} w:ascii=".VnTime" w:hAnsi=".VnTime"/>'))
    document.add_paragraph().add_run(encode_tcvn3("Hội nghị")).bold = True
    document.add_paragraph().add_run(encode_tcvn3("Đồng chí Bí thư phát biểu."))
    result = import_docx([save(document, tmp_path / "bai.docx")], issue_dir)
    assert (result.imported[0].title, body(result)) == ("Hội nghị", "Đồng chí Bí thư phát biểu.\n")


def test_east_asian_font_names_the_encoding_only_without_a_latin_font(tmp_path, issue_dir):
    document = Document()
    defaults = document.styles.element.find(
        ".//{*}docDefaults/{*}rPrDefault/{*}rPr/{*}rFonts")
    defaults.getparent().remove(defaults)               # no theme fonts anywhere
    run(document.add_paragraph(), "Bài thử", bold=True)
    only_east_asian = document.add_paragraph().add_run(encode_tcvn3("đồng chí"))
    only_east_asian._r.get_or_add_rPr().append(parse_xml(
        f'<w:rFonts {W_NS} w:eastAsia=".VnTime"/>'))
    latin_wins = document.add_paragraph().add_run("đồng chí")   # Unicode in a Unicode font
    latin_wins._r.get_or_add_rPr().append(parse_xml(
        f'<w:rFonts {W_NS} w:ascii="Arial" w:hAnsi="Arial" w:eastAsia=".VnTime"/>'))
    result = import_docx([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == "đồng chí\n\nđồng chí\n"
    assert [(c.font, c.runs) for c in result.imported[0].converted] == [(".VnTime", 1)]


def test_a_style_turns_over_the_emphasis_of_the_style_below_and_the_run_has_the_last_word(
        tmp_path, issue_dir):
    from docx.enum.style import WD_STYLE_TYPE

    document = Document()
    run(document.add_paragraph(), "Bài thử", bold=True)
    quoted = document.styles.add_style("Trich dan", WD_STYLE_TYPE.PARAGRAPH)
    quoted.font.italic = True
    stressed = document.styles.add_style("Nhan manh", WD_STYLE_TYPE.CHARACTER)
    stressed.font.italic = True
    paragraph = document.add_paragraph(style=quoted)
    paragraph.add_run("Người dân ")                                  # italic, from the style
    paragraph.add_run("phải", style=stressed)                        # turned upright
    paragraph.add_run(" nộp ")
    paragraph.add_run("đúng hạn", style=stressed).italic = True      # the run's own: italic
    paragraph.add_run(" nhé.").italic = False                        # the run's own: upright
    plain = document.add_paragraph()
    plain.add_run("Chỉ ")
    plain.add_run("nhấn mạnh", style=stressed)                       # italic over upright
    result = import_docx([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == "*Người dân* phải *nộp đúng hạn* nhé.\n\nChỉ *nhấn mạnh*\n"


def test_a_legacy_font_holding_unicode_text_is_kept_and_reported(tmp_path, issue_dir):
    document = Document()
    run(document.add_paragraph(), "Bài thử", bold=True)
    paragraph = document.add_paragraph()
    paragraph.add_run("Người dân ").font.name = ".VnTime"     # typed in Unicode in an old style
    paragraph.add_run("các xã").font.name = ".VnTime"        # á alone would read as TCVN3 "ỏ"
    result = import_docx([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == "Người dân các xã\n"
    assert "2 đoạn chữ đặt phông cũ .VnTime nhưng đã gõ bằng Unicode" in "\n".join(
        result.imported[0].checks)


def test_an_imported_article_builds_end_to_end(tmp_path):
    import pypdfium2

    issue_dir = copy_samples(tmp_path / "project", ["2024-01"]) / "2024-01"
    result = invoke("import", legacy_article(tmp_path / "bai.docx"), "--issue", issue_dir,
                    "--section", "Gương điển hình")
    assert result.exit_code == 0, result.output
    built = build.build(issue_dir, tmp_path / "out")
    document = pypdfium2.PdfDocument(built.outputs["reader"])
    text = "\n".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    for printed in ("XÃ TÂN AN RA QUÂN LÀM ĐƯỜNG", "Huy động sức dân", "Thôn Đông",
                    "Đoàn viên làm đường tại thôn Đông. Ảnh: Thu Hà", "Nguyễn Văn A"):
        assert printed in text


# --- What the report says ------------------------------------------------------------------------

def test_the_report_names_conversions_and_what_to_check(tmp_path, issue_dir):
    result = invoke("import", legacy_article(tmp_path / "bai.docx"), "--issue", issue_dir)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "bai.docx → " in out and "xa-tan-an-ra-quan-lam-duong.md (bài viết)" in out
    assert "9 đoạn chữ (run) trong 7 đoạn văn đặt phông .VnTime (bảng mã TCVN3 (ABC))" in out
    assert "2 đoạn chữ (run) trong 2 đoạn văn đặt phông .VnTimeH (phông chữ hoa" in out
    assert "Đã bỏ: không có." in out
    assert "tên bài lấy từ dòng in đậm đầu tiên: “XÃ TÂN AN RA QUÂN LÀM ĐƯỜNG”" in out
    assert "tác giả “Nguyễn Văn A”, đơn vị “Đảng ủy xã Tân An” lấy từ dòng căn phải cuối bài" in out
    assert "bảng 1 (2 hàng × 2 cột): hàng đầu được dùng làm hàng tiêu đề" in out
    assert "chuyên mục “Tin vắn”" in out  # the last section by default


def comments_notes_and_changes(path):
    """Comments, a footnote, tracked changes, a text box and a header: all to be reported."""
    document = Document()
    document.add_paragraph("Hội nghị sơ kết", style="Title")
    paragraph = document.add_paragraph()
    commented = run(paragraph, "Ban Chấp hành họp phiên thường kỳ")
    document.add_comment([commented], text="Kiểm tra lại ngày họp", author="Biên tập")
    document.add_comment([commented], text="Thêm số đại biểu", author="Biên tập")
    noted = run(paragraph, ".")
    noted._r.append(parse_xml(f'<w:footnoteReference {W_NS} w:id="1"/>'))
    notes = Part(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES, (
        f'<w:footnotes {W_NS}><w:footnote w:id="1"><w:p><w:r><w:t>Theo Nghị quyết số 05.</w:t>'
        "</w:r></w:p></w:footnote></w:footnotes>").encode(), document.part.package)
    document.part.relate_to(notes, RELATIONSHIP_TYPE.FOOTNOTES)
    changed = document.add_paragraph("Hội nghị ")
    changed._p.append(parse_xml(
        f'<w:ins {W_NS} w:id="91" w:author="BT" w:date="2024-02-06T08:00:00Z"><w:r>'
        '<w:t xml:space="preserve">đã </w:t></w:r></w:ins>'))
    changed._p.append(parse_xml(
        f'<w:del {W_NS} w:id="92" w:author="BT" w:date="2024-02-06T08:00:00Z"><w:r>'
        '<w:delText xml:space="preserve">sẽ </w:delText></w:r></w:del>'))
    run(changed, "thống nhất các chỉ tiêu.")
    boxed = document.add_paragraph().add_run()
    boxed._r.append(parse_xml(
        f'<w:pict {W_NS} xmlns:v="urn:schemas-microsoft-com:vml"><v:shape><v:textbox>'
        '<w:txbxContent><w:p><w:r><w:t>Khung chữ ghi chú</w:t></w:r></w:p></w:txbxContent>'
        "</v:textbox></v:shape></w:pict>"))
    document.sections[0].header.paragraphs[0].text = "Bài gửi bản tin tháng 02"
    return save(document, path)


def test_comments_footnotes_tracked_changes_text_boxes_are_reported_as_dropped(tmp_path, issue_dir):
    result = invoke("import", comments_notes_and_changes(tmp_path / "bai.docx"), "--issue",
                    issue_dir, "--json")
    assert result.exit_code == 0, result.output
    [imported] = json.loads(result.stdout)["imported"]
    dropped = {d["kind"]: d for d in imported["dropped"]}
    assert {kind: d["count"] for kind, d in dropped.items()} == {
        "tracked_changes": 2, "comment": 2, "footnote": 1, "text_box": 1, "header_footer": 1}
    assert "đã chấp nhận tất cả — giữ 1 chỗ thêm, bỏ 1 chỗ xóa" in dropped["tracked_changes"]["message"]
    assert imported["tracked_changes"] == {"accepted": True, "inserted": 1, "deleted": 1,
                                           "moved": 0, "formatting": 0}
    assert "“Khung chữ ghi chú”" in dropped["text_box"]["message"]
    assert "“Bài gửi bản tin tháng 02”" in dropped["header_footer"]["message"]
    assert (imported["title"], imported["title_from"]) == ("Hội nghị sơ kết", "title_style")
    text = (issue_dir / imported["file"].rsplit("/", 1)[1]).read_text(encoding="utf-8")
    # the insertion is kept, the deletion left out, the footnote mark and the box are gone
    assert text.endswith("---\nBan Chấp hành họp phiên thường kỳ.\n\n"
                         "Hội nghị đã thống nhất các chỉ tiêu.\n")


def test_twin_a_plain_document_has_nothing_dropped(tmp_path, issue_dir):
    document = Document()
    document.add_paragraph("Hội nghị sơ kết", style="Title")
    document.add_paragraph("Ban Chấp hành họp phiên thường kỳ.")
    result = import_docx([save(document, tmp_path / "bai.docx")], issue_dir)
    assert result.imported[0].dropped == ()
    assert result.imported[0].as_json()["tracked_changes"] is None


# --- Photos --------------------------------------------------------------------------------------

def test_photos_captions_from_alt_text_placeholder_and_conversion(tmp_path, issue_dir):
    document = Document()
    run(document.add_paragraph(), "Ảnh hoạt động", bold=True)
    document.add_picture(photo(fmt="BMP"), width=Cm(8))            # no caption, no alt text
    document.add_paragraph("Đoạn văn sau ảnh, không phải chú thích vì đủ dài và căn đều hai "
                           "bên như mọi đoạn văn khác của bài viết.")
    document.add_picture(photo(640, 480, "PNG"), width=Cm(8))
    document.paragraphs[-1]._p.xpath(".//wp:docPr")[0].set("descr", "Trạm y tế xã Tân An")
    result = plan_import([save(document, tmp_path / "bai.docx")], issue_dir)
    [first, second] = result.imported[0].photos
    assert (first.file, first.caption, first.caption_from, first.source_format) == (
        "img/anh-hoat-dong-1.jpg", CAPTION_PLACEHOLDER, "none", "BMP")
    assert (second.caption, second.caption_from) == ("Trạm y tế xã Tân An", "alt_text")
    assert result.files["img/anh-hoat-dong-1.jpg"][:3] == b"\xff\xd8\xff"   # BMP → JPEG
    checks = "\n".join(result.imported[0].checks)
    assert f"ảnh img/anh-hoat-dong-1.jpg chưa có chú thích: thay “{CAPTION_PLACEHOLDER}”" in checks
    assert "được chuyển từ dạng BMP sang JPEG" in checks
    assert f"ảnh {second.file}: chú thích lấy từ văn bản thay thế (alt text)" in checks
    assert f"ảnh {second.file} chỉ rộng 640 điểm ảnh" in checks
    assert body(result).startswith(f"![{CAPTION_PLACEHOLDER}](img/anh-hoat-dong-1.jpg)\n\n"
                                   "Đoạn văn sau ảnh")
    assert not (issue_dir / "img" / "anh-hoat-dong-1.jpg").exists()   # planned, not written


def test_a_drawing_that_is_no_photo_is_dropped_and_the_title_falls_back_to_the_file_name(
        tmp_path, issue_dir):
    document = Document()
    document.add_paragraph("Chỉ có chữ thường, không có tên bài.")
    document.add_picture(photo(fmt="PNG"), width=Cm(5))
    saved = save(document, tmp_path / "bai_cua_xa.docx")
    with zipfile.ZipFile(saved) as source:   # the picture becomes a vector drawing (EMF)
        parts = {info.filename: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(saved, "w") as package:
        for name, data in parts.items():
            emf = b"\x01\x00\x00\x00" + bytes(36) + b" EMF" + bytes(100)
            package.writestr(name, emf if name.startswith("word/media/") else data)
    result = plan_import([saved], issue_dir)
    imported = result.imported[0]
    assert (imported.title, imported.title_from, imported.photos) == ("bai cua xa", "file_name", ())
    assert [d.kind for d in imported.dropped] == ["unreadable_picture"]
    assert "ảnh thứ 1 (EMF): đây là hình vẽ dạng vector" in imported.dropped[0].message
    assert body(result) == "Chỉ có chữ thường, không có tên bài.\n"
    assert "tạm lấy tên tệp Word “bai cua xa”; hãy sửa dòng title." in imported.checks[0]


def test_a_caption_typed_under_the_photo_in_its_own_paragraph(tmp_path, issue_dir):
    document = Document()
    run(document.add_paragraph(), "Ảnh hoạt động", bold=True)
    document.add_picture(photo(), width=Cm(8))
    pictured = document.paragraphs[-1]
    pictured.add_run().add_break()
    pictured.add_run("Lễ khánh thành. Ảnh: T.H")
    result = plan_import([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == "![Lễ khánh thành. Ảnh: T.H](img/anh-hoat-dong-1.jpg)\n"


# --- Structure -----------------------------------------------------------------------------------

def numbered(document, levels: list[tuple[str, str]]) -> str:
    """A list definition of Word's numbering part, one (format, text) per level; its numId."""
    numbering = document.part.numbering_part.element
    number = str(50 + len(numbering.findall("{*}num")))
    definition = "".join(f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                         f'<w:lvlText w:val="{text}"/></w:lvl>'
                         for level, (fmt, text) in enumerate(levels))
    numbering.insert(0, parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{number}">'
                                  f"{definition}</w:abstractNum>"))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{number}"><w:abstractNumId '
                               f'w:val="{number}"/></w:num>'))
    return number


def item(document, text: str, number: str, level: int = 0):
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {W_NS}><w:ilvl w:val="{level}"/><w:numId w:val="{number}"/></w:numPr>'))


def test_headings_lists_and_numbering(tmp_path, issue_dir):
    document = Document()
    document.add_heading("Kết quả năm 2023", 1)    # the first heading is the title
    document.add_heading("Về kinh tế", 1)
    document.add_heading("Nông nghiệp", 2)
    document.add_heading("Chăn nuôi", 3)
    outline = numbered(document, [("decimal", "%1."), ("bullet", "•")])
    item(document, "Lúa", outline)
    item(document, "Ngô", outline)
    item(document, "giống mới", outline, level=1)
    item(document, "Khoai", outline)
    lettered = numbered(document, [("lowerLetter", "%1)")])
    item(document, "Chỉ tiêu một;", lettered)
    item(document, "Chỉ tiêu hai.", lettered)
    document.add_paragraph("Hết.", style="List Bullet")
    result = plan_import([save(document, tmp_path / "bai.docx")], issue_dir)
    assert result.imported[0].title == "Kết quả năm 2023"
    assert body(result) == ("## Về kinh tế\n\n### Nông nghiệp\n\n### Chăn nuôi\n\n"
                            "1. Lúa\n2. Ngô\n   - giống mới\n3. Khoai\n\n"
                            "a) Chỉ tiêu một;\n\nb) Chỉ tiêu hai.\n\n- Hết.\n")
    assert any("3 cấp tiêu đề" in check for check in result.imported[0].checks)


def test_merged_cells_a_photo_grid_and_a_framed_paragraph(tmp_path, issue_dir):
    document = Document()
    run(document.add_paragraph(), "Kết quả thu hoạch", bold=True)
    figures = document.add_table(rows=3, cols=3)
    for (row, column), text in {(0, 0): "Xã", (0, 1): "Diện tích (ha)", (1, 0): "Tân An",
                                (1, 1): "350", (1, 2): "58,2", (2, 1): "210", (2, 2): "57,0"}.items():
        figures.cell(row, column).text = text
    figures.cell(0, 1).merge(figures.cell(0, 2))        # a heading over two columns
    figures.cell(1, 0).merge(figures.cell(2, 0))        # a name over two rows
    grid = document.add_table(rows=2, cols=2)           # photos side by side, captions below
    for column, caption in enumerate(("Gặt lúa ở thôn Đông.", "Phơi thóc ở thôn Tây.")):
        grid.cell(0, column).paragraphs[0].add_run().add_picture(photo(), width=Cm(5))
        grid.cell(1, column).text = caption
    frame = document.add_table(rows=1, cols=1)          # a box round a paragraph
    frame.cell(0, 0).text = "Năng suất bình quân đạt 58 tạ/ha."
    result = plan_import([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == (
        "| Xã | Diện tích (ha) |  |\n|---|---|---|\n| Tân An | 350 | 58,2 |\n|  | 210 | 57,0 |\n\n"
        "![Gặt lúa ở thôn Đông.](img/ket-qua-thu-hoach-1.jpg)\n\n"
        "![Phơi thóc ở thôn Tây.](img/ket-qua-thu-hoach-1.jpg)\n\n"   # the same picture twice
        "Năng suất bình quân đạt 58 tạ/ha.\n")
    checks = "\n".join(result.imported[0].checks)
    assert "bảng 1 (3 hàng × 3 cột): hàng đầu được dùng làm hàng tiêu đề; ô gộp đã được tách" in checks
    assert "2 bảng dùng để xếp ảnh hay đóng khung chữ đã được tách thành ảnh và đoạn văn" in checks


def test_a_briefing_keeps_its_bold_openings_and_has_no_byline(tmp_path, issue_dir):
    document = Document()
    run(document.add_paragraph(), "Tin vắn các xã", bold=True)
    for place, news in (("Xã Tân An:", " Thu hoạch xong 350 ha lúa."),
                        ("Xã Phú Mỹ:", " Khánh thành nhà văn hóa.")):
        paragraph = document.add_paragraph()
        run(paragraph, place, ".VnTime", bold=True)
        run(paragraph, news, ".VnTime")
    right_aligned(document, "Phóng viên")
    result = import_docx([save(document, tmp_path / "tin.docx")], issue_dir, kind="briefing",
                         section="Tin vắn")
    assert md(result) == ("---\nkind: briefing\ntitle: Tin vắn các xã\n---\n"
                          "**Xã Tân An:** Thu hoạch xong 350 ha lúa.\n\n"
                          "**Xã Phú Mỹ:** Khánh thành nhà văn hóa.\n\nPhóng viên\n")
    assert any("1 đoạn chưa bắt đầu bằng phần in đậm" in c for c in result.imported[0].checks)


def test_author_line_link_and_report_source(tmp_path, issue_dir):
    document = Document()
    document.add_paragraph("Cải cách hành chính", style="Title")
    run(document.add_paragraph(), "Tác giả: Trần Thị B (Văn phòng HĐND – UBND huyện)")
    paragraph = document.add_paragraph("Xem tại ")
    link = parse_xml(f'<w:hyperlink {W_NS} xmlns:r="http://schemas.openxmlformats.org/'
                     'officeDocument/2006/relationships" r:id="rIdLink"><w:r><w:t>Cổng dịch vụ '
                     "công</w:t></w:r></w:hyperlink>")
    link.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id",
             document.part.relate_to("https://dichvucong.gov.vn/", RELATIONSHIP_TYPE.HYPERLINK,
                                     is_external=True))
    paragraph._p.append(link)
    run(paragraph, ".")
    result = plan_import([save(document, tmp_path / "bai.docx")], issue_dir)
    imported = result.imported[0]
    assert (imported.author, imported.unit, imported.byline_from) == (
        "Trần Thị B", "Văn phòng HĐND – UBND huyện", "byline_line")
    assert body(result) == "Xem tại Cổng dịch vụ công (dichvucong.gov.vn).\n"
    report = Document()
    report.add_paragraph("Báo cáo kinh tế tháng 01", style="Title")
    report.add_heading("I. Thu ngân sách", 1)
    report.add_paragraph("Tổng thu ngân sách đạt 12 tỷ đồng.")
    report.add_paragraph("Nguồn: Chi cục Thống kê huyện")
    result = plan_import([save(report, tmp_path / "bao-cao.docx")], issue_dir, kind="report")
    assert md(result) == ("---\nkind: report\ntitle: Báo cáo kinh tế tháng 01\n"
                          "source: Chi cục Thống kê huyện\n---\n"
                          "## I. Thu ngân sách\n\nTổng thu ngân sách đạt 12 tỷ đồng.\n")
    assert any("1 tiêu đề có số thứ tự gõ tay" in c for c in result.imported[0].checks)


def field(paragraph, code: str, result: str) -> None:
    """A complex field as Word writes it: begin, code, separator, result, end."""
    for xml in (f'<w:r {W_NS}><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r {W_NS}><w:instrText xml:space="preserve">{code}</w:instrText></w:r>',
                f'<w:r {W_NS}><w:fldChar w:fldCharType="separate"/></w:r>',
                f'<w:r {W_NS}><w:t>{result}</w:t></w:r>',
                f'<w:r {W_NS}><w:fldChar w:fldCharType="end"/></w:r>'):
        paragraph._p.append(parse_xml(xml))


def test_fields_show_their_results_and_hidden_text_and_symbols_are_dropped(tmp_path, issue_dir):
    document = Document()
    run(document.add_paragraph(), "Thông báo", bold=True)
    paragraph = document.add_paragraph("Xem ")
    field(paragraph, ' HYPERLINK "https://tanan.gov.vn/" ', "trang của xã")
    paragraph.add_run(", cập nhật ")
    field(paragraph, " DATE \\@ dd/MM/yyyy ", "05/02/2024")
    paragraph.add_run(".")
    hidden = paragraph.add_run(" ghi chú ẩn")
    hidden.font.hidden = True
    paragraph.add_run()._r.append(parse_xml(f'<w:sym {W_NS} w:font="Wingdings" w:char="F0FC"/>'))
    boxed = document.add_paragraph("Hết.").add_run()
    boxed._r.append(parse_xml(
        f'<mc:AlternateContent {W_NS} xmlns:mc="http://schemas.openxmlformats.org/markup-'
        'compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/'
        'wordprocessingShape"><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        "<w:p><w:r><w:t>Trong khung</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing>"
        "</mc:Choice><mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent>"))
    result = plan_import([save(document, tmp_path / "bai.docx")], issue_dir)
    assert body(result) == "Xem trang của xã (tanan.gov.vn), cập nhật 05/02/2024.\n\nHết.\n"
    assert {d.kind: d.count for d in result.imported[0].dropped} == {
        "text_box": 1, "symbol": 1, "hidden": 1}


def test_two_files_with_the_same_title_get_two_names(tmp_path, issue_dir):
    first = legacy_article(tmp_path / "a.docx")
    second = legacy_article(tmp_path / "b.docx")
    result = import_docx([first, second, first], issue_dir)   # the same file once
    names = [item.file.name for item in result.imported]
    assert names == ["xa-tan-an-ra-quan-lam-duong.md", "xa-tan-an-ra-quan-lam-duong-2.md"]
    assert "img/xa-tan-an-ra-quan-lam-duong-2-1.jpg" in md(result, 1)
    assert build.validate(issue_dir)


# --- Errors and issue.yaml -----------------------------------------------------------------------

def broken_files(tmp_path):
    text = tmp_path / "ghi-chu.docx"
    text.write_text("Đây chỉ là văn bản.", encoding="utf-8")
    old = tmp_path / "bai-cu.docx"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    workbook = tmp_path / "so-lieu.docx"
    with zipfile.ZipFile(workbook, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("xl/workbook.xml", "<workbook/>")
    cut = tmp_path / "chep-do.docx"
    cut.write_bytes(legacy_article(tmp_path / "full.docx").read_bytes()[:2000])
    return {text: "tệp này không phải tệp Word (.docx)", old: "tệp Word đời cũ (.doc",
            workbook: "đây là bảng tính Excel", cut: "tệp Word bị hỏng"}


def test_a_file_that_is_not_a_word_file_is_a_located_error_and_nothing_is_written(tmp_path):
    issue_dir = copy_samples(tmp_path / "project", ["2024-01"]) / "2024-01"
    before = sorted(p.relative_to(issue_dir) for p in issue_dir.rglob("*"))
    manifest_text = (issue_dir / "issue.yaml").read_text(encoding="utf-8")
    expected = broken_files(tmp_path)
    good = legacy_article(tmp_path / "bai.docx")
    result = invoke("import", good, *expected, "--issue", issue_dir)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    for path, message in expected.items():
        assert any(line.split(": ", 1)[0].endswith(path.name) and message in line
                   for line in lines), (path, result.stderr)
    assert lines[-1] == "Có 4 lỗi; hãy sửa rồi chạy lại."
    assert "Traceback" not in result.output
    assert sorted(p.relative_to(issue_dir) for p in issue_dir.rglob("*")) == before
    assert (issue_dir / "issue.yaml").read_text(encoding="utf-8") == manifest_text


def test_twin_the_good_file_alone_is_imported(tmp_path):
    issue_dir = copy_samples(tmp_path / "project", ["2024-01"]) / "2024-01"
    result = invoke("import", legacy_article(tmp_path / "bai.docx"), "--issue", issue_dir)
    assert result.exit_code == 0, result.output
    assert (issue_dir / "xa-tan-an-ra-quan-lam-duong.md").is_file()


def test_issue_yaml_keeps_its_comments_and_layout(tmp_path):
    issue_dir = copy_samples(tmp_path / "project", ["2024-01"]) / "2024-01"
    manifest_file = issue_dir / "issue.yaml"
    before = manifest_file.read_text(encoding="utf-8")
    assert before.startswith("# Số 01")
    result = invoke("import", legacy_article(tmp_path / "bai.docx"), "--issue", issue_dir,
                    "--section", "Gương điển hình")
    assert result.exit_code == 0, result.output
    assert manifest_file.read_text(encoding="utf-8") == before.replace(
        "      - guong-htx-may-tre-dan.md\n",
        "      - guong-htx-may-tre-dan.md\n      - xa-tan-an-ra-quan-lam-duong.md\n")
    assert "xa-tan-an-ra-quan-lam-duong.md" in [
        i.file.name for i in manifest.load_issue(issue_dir).items]


def test_a_published_issue_takes_no_import(tmp_path, issue_dir):
    (issue_dir / "xuat-ban").mkdir()
    result = invoke("import", legacy_article(tmp_path / "bai.docx"), "--issue", issue_dir)
    assert result.exit_code == 1
    assert "đã xuất bản, không thêm bài được nữa" in result.stderr


# --- Inline Markdown -----------------------------------------------------------------------------

@pytest.mark.parametrize("segments, expected, simplified", [
    ([("Xã Tân An:", True, False), (" Nội dung.", False, False)], "**Xã Tân An:** Nội dung.", False),
    # "**Ghi chú:**Nội" would not be bold: the colon moves out
    ([("Ghi chú:", True, False), ("Nội dung", False, False)], "**Ghi chú**:Nội dung", False),
    ([("đậm ", True, False), ("đậm nghiêng", True, True), (" thường", False, False)],
     "**đậm *đậm nghiêng*** thường", False),
    # the italic lasts longer, so it opens first: "*****" would not be read back
    ([("Nghị quyết", True, True), (" số 05", False, True)], "***Nghị quyết** số 05*", False),
    # no way to write this one: its bold and italic are left out, its text kept
    ([(",", False, True), (",", True, False), ("”", True, True)], ",**,”**", True),
    ([("1. Không phải danh sách", False, False)], "1\\. Không phải danh sách", False),
    ([("# không phải tiêu đề", False, False)], "\\# không phải tiêu đề", False),
    ([("a*b_c [x](y) <z> &amp; |", False, False)], "a\\*b\\_c \\[x](y) \\<z> \\&amp; \\|",
     False),
    ([("dòng một\ndòng hai", False, False)], "dòng một\\\ndòng hai", False),
])
def test_inline_markdown(segments, expected, simplified):
    assert inline_markdown([Segment(*s) for s in segments]) == (expected, simplified)


TEXT = st.text(alphabet=st.sampled_from(list("ab đ.,:;!?*_[]()<>&#-+1|\\`\n ")), max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(TEXT, st.booleans(), st.booleans()), max_size=5))
def test_property_inline_markdown_reads_back_as_the_same_text(segments):
    text, _ = inline_markdown([Segment(*s) for s in segments])
    tokens = MarkdownIt("commonmark").parseInline(text)[0].children
    read = "".join("\n" if t.type == "hardbreak" else t.content for t in tokens
                   if t.type in ("text", "text_special", "hardbreak"))
    wanted = " ".join("".join(s[0] for s in segments).replace("\n", "\0").split())
    wanted = wanted.replace(" \0", "\0").replace("\0 ", "\0")
    while "\0\0" in wanted:
        wanted = wanted.replace("\0\0", "\0")
    assert read == wanted.strip("\0").replace("\0", "\n")


def test_import_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "bulletin import FILE.docx... --issue ISSUE_DIR" in readme
    assert "bulletin import" in readme.split("## Hướng dẫn nhanh cho biên tập viên")[1]
