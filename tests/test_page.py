"""What an editor found on the pages: broken units and numbers, the cover's contents, the
contents page, section flow, table captions, loose word spacing."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from projects import make_project, markdown, replace

from bulletin_press.cli import main

NARROW = ".body { width: 34mm; } p { text-align: left; text-align-last: left; }\n"
PROTECTED = ["58,8 tạ/ha", "50 miligam/100 mililít", "137/2020/NĐ-CP", "01/7/2024", "NĐ-CP",
             "Đ/c Hải", "Số 12", "Minh Châu"]
FILLERS = ["Năm nay", "Trên cánh đồng Tân An", "Ở xã Phú Mỹ bà con", "Theo báo cáo",
           "Cán bộ khuyến nông", "Vụ mùa"]


def build_json(issue_dir: Path, out: Path) -> dict:
    result = CliRunner().invoke(main, ["build", str(issue_dir), "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def lines_of(pdf_path: Path) -> list[str]:
    document = pdfium.PdfDocument(pdf_path)
    lines = []
    for page in document:
        lines += page.get_textpage().get_text_range().replace("\r", "").split("\n")
    return [" ".join(line.split()) for line in lines]


def tricky_paragraphs() -> str:
    """Sentences in which the protected runs fall at every position of a narrow line."""
    sentences = []
    for shift, filler in enumerate(FILLERS):
        words = " ".join(["đạt"] * shift)
        sentences.append(f"{filler} {words} năng suất 58,8 tạ/ha, liều 50 miligam/100 mililít, "
                         f"theo Nghị định số 137/2020/NĐ-CP ngày 01/7/2024 của NĐ-CP; Đ/c Hải đọc "
                         f"bản tin Số 12 do Minh Châu viết.")
    return "\n\n".join(sentences) + "\n"


# 1 and 2 ----------------------------------------------------------------------------------
def test_1_units_dates_and_document_numbers_are_never_broken_across_lines(tmp_path):
    issue_dir = make_project(tmp_path / "project")
    (issue_dir / "style.css").write_text(NARROW, encoding="utf-8")
    (issue_dir / "tin-chinh.md").write_text(markdown("article", tricky_paragraphs()),
                                            encoding="utf-8")
    lines = lines_of(Path(build_json(issue_dir, tmp_path / "out")["outputs"]["reader"]))
    body = [line for line in lines if "theo" in line or "/" in line or "-" in line]
    assert body
    assert not [line for line in lines if re.search(r"[/-]$", line)]
    text = "\n".join(lines)
    for run in PROTECTED:
        assert text.count(run) >= len(FILLERS) - 1, run  # found whole, on one line


def test_1_twin_the_same_text_without_the_rule_breaks(tmp_path):
    """The narrow column really does break these runs when nothing keeps them together."""
    from weasyprint import HTML

    html = "".join(f"<p>{p}</p>" for p in tricky_paragraphs().split("\n\n"))
    pdf = tmp_path / "plain.pdf"
    HTML(string=f'<html lang="vi"><body style="width: 34mm; font-size: 10.5pt">{html}</body>'
                f'</html>').write_pdf(pdf)
    lines = lines_of(pdf)
    assert [line for line in lines if re.search(r"[/-]$", line)]


def test_1_the_extracted_text_is_the_source_text(tmp_path):
    """Nothing is inserted to hold the runs together: no no-break space, no joiner."""
    issue_dir = make_project(tmp_path / "project")
    (issue_dir / "tin-chinh.md").write_text(markdown("article", tricky_paragraphs()),
                                            encoding="utf-8")
    document = pdfium.PdfDocument(build_json(issue_dir, tmp_path / "out")["outputs"]["reader"])
    text = "".join(page.get_textpage().get_text_range() for page in document)
    assert "\u00a0" not in text and "\u2060" not in text


def test_2_so_in_chuyen_doi_so_may_end_a_line_and_a_name_stays_whole(tmp_path):
    issue_dir = make_project(tmp_path / "project")
    (issue_dir / "style.css").write_text(".body { width: 60mm; }\n", encoding="utf-8")
    (issue_dir / "tin-chinh.md").write_text(markdown(
        "article", "Huyện đẩy mạnh chuyển đổi số năm 2023 trong các xã.\n",
        author="Hoàng Minh Châu", unit="Ban Tuyên giáo Huyện ủy Hòa Lâm"), encoding="utf-8")
    from bulletin_press import build

    fragment = build.validate(issue_dir).fragments[0].html
    assert 'chuyển đổi số <span class="nobr">năm 2023</span>' in fragment
    lines = lines_of(Path(build_json(issue_dir, tmp_path / "out")["outputs"]["reader"]))
    assert any("Hoàng Minh Châu" in line for line in lines)


# 3 -------------------------------------------------------------------------------------------
def test_3_the_cover_lists_every_article_and_report_and_what_the_editor_chooses(built):
    sample = built["2024-01"]
    cover = " ".join(pdfium.PdfDocument(sample.reader)[0].get_textpage().get_text_range().split())
    for item in sample.issue.items:
        assert (" ".join(item.title.split()) in cover) == (item.kind != "briefing"), item.title


def test_3_cover_false_and_true_in_a_header(tmp_path):
    issue_dir = make_project(tmp_path / "project")
    replace(issue_dir / "tin-chinh.md", "kind: article\n", "kind: article\ncover: false\n")
    replace(issue_dir / "tin-van.md", "kind: briefing\n", "kind: briefing\ncover: true\n")
    document = pdfium.PdfDocument(build_json(issue_dir, tmp_path / "out")["outputs"]["reader"])
    cover = document[0].get_textpage().get_text_range()
    assert "Hội nghị tổng kết" not in cover and "Tin vắn" in cover


# 4 -------------------------------------------------------------------------------------------
def test_4_contents_page_numbers_are_aligned_whether_an_entry_wraps_or_not(built):
    sample = built["2024-01"]
    page = pdfium.PdfDocument(sample.reader)[1]
    text_page = page.get_textpage()
    count = text_page.count_chars()
    rights = []
    # the right edge of every page number ending a contents line (after its dot leader)
    for index in range(count):
        char = text_page.get_text_range(index, 1)
        following = text_page.get_text_range(index + 1, 1) if index + 1 < count else "\n"
        before = text_page.get_text_range(max(0, index - 6), min(6, index))
        if char.isdigit() and following in ("\r", "\n", "") and "." in before:
            rights.append(text_page.get_charbox(index)[2])
    assert len(rights) == len(sample.issue.items)
    assert max(rights) - min(rights) < 1.0  # points


# 6 -------------------------------------------------------------------------------------------
def test_6_a_table_caption_is_set_apart_above_its_table(tmp_path):
    from bulletin_press import build

    issue_dir = make_project(tmp_path / "project")
    (issue_dir / "tin-chinh.md").write_text(markdown("report", (
        "Đoạn mở đầu.\n\n**Bảng 1. Diện tích lúa theo xã**\n\n| Xã | ha |\n|---|---:|\n"
        "| Tân An | 350 |\n\nBảng trên cho thấy diện tích tăng.\n")), encoding="utf-8")
    html = build.validate(issue_dir).fragments[0].html
    assert ('<p class="table-caption"><strong><span class="nobr">Bảng 1</span>. Diện tích lúa '
            'theo xã</strong></p>') in html
    assert "<p>Bảng trên cho thấy diện tích tăng.</p>" in html  # not a caption: no table after


# 7 -------------------------------------------------------------------------------------------
def test_7_two_column_pages_have_no_very_loose_line(samples):
    """Justified two-column text: at most half an em added to a space on nearly every line,
    and never more than one and a half em (a line with one long unbreakable run)."""
    from weasyprint.formatting_structure import boxes

    from bulletin_press import build, render, typeset

    checked = build.validate(samples / "2024-01")
    document, _ = typeset.lay_out(render.render(checked))
    spacing = [box.justification_spacing / box.style["font_size"]
               for page in document.pages for box in page._page_box.descendants()
               if isinstance(box, boxes.TextBox) and getattr(box, "justification_spacing", 0)]
    assert spacing
    assert max(spacing) < 1.5
    assert sum(value > 0.5 for value in spacing) / len(spacing) < 0.05


@pytest.mark.parametrize("blanks, advice", [
    (2, "Hãy thêm khoảng 2 trang bài, hoặc bớt 2 trang để số chỉ còn 20 trang."),
    (3, "Hãy thêm khoảng 3 trang bài, hoặc bớt 1 trang để số chỉ còn 20 trang."),
])
def test_two_or_three_blank_pages_say_how_much_to_add_or_cut(samples, blanks, advice):
    from bulletin_press.manifest import load_issue
    from bulletin_press.press.printfile import blank_pages_warning

    issue = load_issue(samples / "2024-01")
    (warning,) = blank_pages_warning(issue, 24, blanks)
    assert warning.file == issue.file and warning.message.endswith(advice)
    assert f"{blanks} trang trắng" in warning.message


@pytest.mark.parametrize("blanks", [0, 1])
def test_no_or_one_blank_page_is_left_unsaid(samples, blanks):
    from bulletin_press.manifest import load_issue
    from bulletin_press.press.printfile import blank_pages_warning

    assert blank_pages_warning(load_issue(samples / "2024-01"), 24, blanks) == ()
