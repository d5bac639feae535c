"""`bulletin report --year`: the year's figures from the publication records, as text, JSON and a
one-page A4 PDF, over the sample archive with 2023-11 and 2023-12 published (conftest)."""

from __future__ import annotations

import ctypes
import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from click.testing import CliRunner
from projects import REPO, replace
from test_build import _assert_same_outlines

from bulletin_press.archive.report import IssueFigures, Tally, YearReport, report_pdf
from bulletin_press.cli import main
from bulletin_press.fonts import bundled_fonts
from bulletin_press.press.preflight import embedded_fonts

A4_PT = (595.28, 841.89)
PAGES_RED, COPIES_BLUE = (139, 26, 26), (47, 93, 138)   # bars in layouts/_archive/year-report.html

# Worked by hand. Each 2023 sample is 24 pages A5, 900 copies, printed 2-up on A4 sheets
# (29,7 × 21 cm = 0,06237 m²) of 80 g/m² paper with 3 % overs and no make-ready:
#   sheets per copy 24 ÷ 4 = 6; sheets 900 × 6 × 1,03 = 5.562; reams 5.562 ÷ 500 = 11,124 → 11,12;
#   paper 5.562 × 0,06237 m² × 80 g = 27.752 g → 27,8 kg.
# The year (two issues): 1.800 copies, 48 pages, 11.124 sheets; reams 11.124 ÷ 500 = 22,248
#   → 22,25; paper 11.124 × 0,06237 × 80 g = 55.504 g → 55,5 kg (not 27,8 + 27,8 = 55,6).
ISSUE_FIGURES = {"pages": 24, "copies": 900, "sheets": 5562, "reams": 11.12, "paper_kg": 27.8,
                 "articles": 6, "reports": 1, "briefings": 1, "corrections": 0}
TOTALS_2023 = {"issues": 2, "copies": 1800, "pages": 48, "sheets": 11124, "reams": 22.25,
               "paper_kg": 55.5, "articles": 12, "reports": 2, "briefings": 2}
# One article each, so in Vietnamese order: Hoài < Hoàng (i < n), Châu < Đức < Tuấn, Thanh < Thu.
CONTRIBUTORS_2023 = ["Bích Hạnh", "Hoài Thu", "Hoàng Anh", "Lan Phương", "Minh Châu", "Minh Đức", "Minh Tuấn",
                     "Ngọc Lan", "Quốc Việt", "Thanh Hương", "Thu Hằng", "Văn Khánh"]
UNITS_2023 = [("Ban Tuyên giáo Huyện ủy", 3), ("Phòng Nông nghiệp và Phát triển nông thôn", 2),
              ("Trung tâm Y tế huyện", 2), ("Bảo hiểm xã hội huyện Hòa Lâm", 1),
              ("Công an huyện Hòa Lâm", 1), ("Phòng Lao động – Thương binh và Xã hội", 1),
              ("Phòng Tư pháp huyện", 1), ("Văn phòng HĐND và UBND huyện", 1)]
TITLE_2023 = "BÁO CÁO TỔNG HỢP BẢN TIN THÔNG TIN NỘI BỘ NĂM 2023"


def report(bulletins: Path, year: int, *options: str, exit_code: int = 0):
    outcome = CliRunner().invoke(main, ["report", "--year", str(year), str(bulletins), *options])
    assert outcome.exit_code == exit_code, outcome.output
    return outcome


@pytest.fixture(scope="module")
def report_2023(published_samples, tmp_path_factory) -> dict:
    """`bulletin report --year 2023 --json` on a copy of the published samples, run once."""
    root = tmp_path_factory.mktemp("report") / "project"
    shutil.copytree(published_samples.parent, root, symlinks=True)
    return json.loads(report(root / "bulletins", 2023, "--json").stdout)


def test_figures_of_2023_match_the_hand_count(report_2023):
    assert [i["issue"] for i in report_2023["issues"]] == ["2023-11", "2023-12"]
    for issue in report_2023["issues"]:
        assert {key: issue[key] for key in ISSUE_FIGURES} == ISSUE_FIGURES
    assert report_2023["totals"] == TOTALS_2023
    assert report_2023["bulletin"] == "THÔNG TIN NỘI BỘ"
    assert report_2023["publisher"] == "BAN TUYÊN GIÁO HUYỆN ỦY HÒA LÂM"
    assert report_2023["as_of"] == "2023-12-20"
    assert report_2023["unpublished"] == []


def test_contributors_and_units_are_counted_and_ordered(report_2023):
    assert [(c["name"], c["count"]) for c in report_2023["contributors"]] == [
        (name, 1) for name in CONTRIBUTORS_2023]
    assert [(u["name"], u["count"]) for u in report_2023["units"]] == UNITS_2023


def test_text_report_uses_vietnamese_numbers(archive_copy):
    text = report(archive_copy, 2023).stdout
    assert text.startswith(TITLE_2023 + "\n")
    for line in ("Số bản in: 1.800 bản (bình quân 900 bản/số).",
                 "Giấy in: 11.124 tờ = 22,25 ram (500 tờ/ram), khoảng 55,5 kg",
                 "Nội dung: 12 bài viết, 2 báo cáo, 2 tin vắn.",
                 "  Ban Tuyên giáo Huyện ủy: 3",
                 f"Báo cáo PDF (một trang A4): {archive_copy.parent / 'build' / 'bao-cao-2023.pdf'}"):
        assert line in text
    row = next(line for line in text.splitlines() if line.startswith("Số 11 - Tháng 11/2023"))
    assert row.split() == ["Số", "11", "-", "Tháng", "11/2023", "15/11/2023", "24", "900",
                           "5.562", "11,12", "27,8", "6", "1", "1"]
    total = next(line for line in text.splitlines() if line.startswith("Cộng"))
    assert total.split() == ["Cộng", "48", "1.800", "11.124", "22,25", "55,5", "12", "2", "2"]


def test_one_more_copy_in_a_record_changes_the_report(archive_copy):
    """Twin of the tests above: the figures come from the records, not from constants."""
    report(archive_copy, 2023)
    pdf = archive_copy.parent / "build" / "bao-cao-2023.pdf"
    before = pdf.read_bytes()
    replace(archive_copy / "2023-12" / "xuat-ban" / "ho-so-xuat-ban.yaml",
            "    copies: 900\n", "    copies: 901\n")

    result = json.loads(report(archive_copy, 2023, "--json").stdout)
    assert [i["copies"] for i in result["issues"]] == [900, 901]
    assert result["totals"]["copies"] == 1801
    assert "1.801 bản" in report(archive_copy, 2023).stdout
    assert pdf.read_bytes() != before


def page_text(pdf: pdfium.PdfDocument) -> str:
    return re.sub(r"\s+", " ", pdf[0].get_textpage().get_text_range())


def bars(page, colour: tuple[int, int, int]) -> list[tuple[float, float, float, float]]:
    """Bounds (left, bottom, right, top) of the filled paths of one colour on the page."""
    found = []
    for obj in page.get_objects(max_depth=5):
        if obj.type != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        rgba = [ctypes.c_uint() for _ in range(4)]
        pdfium_c.FPDFPageObj_GetFillColor(obj.raw, *(ctypes.byref(v) for v in rgba))
        if tuple(v.value for v in rgba[:3]) == colour:
            found.append(obj.get_bounds())
    return found


def months_of(page, found: list, caption: str) -> list[int]:
    """The months (1–12) the bars stand at, from the chart's geometry in year-report.html:
    a 300-unit wide chart, caption centred, twelve 21-unit slots from x = 40, bars 14 wide."""
    text_page = page.get_textpage()
    start, count = text_page.search(caption).get_next()
    middle = (text_page.get_charbox(start)[0] + text_page.get_charbox(start + count - 1)[2]) / 2
    scale = (found[0][2] - found[0][0]) / 14
    left = middle - 150 * scale
    return sorted(round(((bar[0] + bar[2]) / 2 - left) / scale - 40) // 21 + 1 for bar in found)


def test_pdf_is_one_a4_page_with_the_title_table_and_chart(archive_copy):
    report(archive_copy, 2023)
    pdf = pdfium.PdfDocument(archive_copy.parent / "build" / "bao-cao-2023.pdf")
    assert len(pdf) == 1
    assert pdf[0].get_size() == pytest.approx(A4_PT, abs=0.5)
    text = page_text(pdf)
    for snippet in (TITLE_2023, "BAN TUYÊN GIÁO HUYỆN ỦY HÒA LÂM", "Số 12 - Tháng 12/2023",
                    "Cộng (2 số) 48 1.800 11.124 22,25 55,5 12 2 2", "Số trang mỗi số",
                    "Số bản in mỗi số", "Tháng (năm 2023)", "Ban Tuyên giáo Huyện ủy (3)"):
        assert snippet in text

    # One bar per published issue in each chart, at months 11 and 12 of twelve.
    pages_bars, copies_bars = bars(pdf[0], PAGES_RED), bars(pdf[0], COPIES_BLUE)
    assert len(pages_bars) == len(copies_bars) == 2
    page_height = lambda bar: bar[3] - bar[1]  # noqa: E731
    assert page_height(pages_bars[0]) == pytest.approx(page_height(pages_bars[1]))
    # Pages are drawn against an axis of 25, copies against 1.000: 24/25 ÷ 900/1.000.
    assert page_height(pages_bars[0]) / page_height(copies_bars[0]) == pytest.approx(
        (24 / 25) / (900 / 1000), rel=0.01)
    assert months_of(pdf[0], pages_bars, "Số trang mỗi số") == [11, 12]
    assert months_of(pdf[0], copies_bars, "Số bản in mỗi số") == [11, 12]


def test_pdf_uses_only_the_bundled_fonts(archive_copy):
    report(archive_copy, 2023)
    pdf = (archive_copy.parent / "build" / "bao-cao-2023.pdf").read_bytes()
    bundled = {font.postscript_name: font.path for font in bundled_fonts(REPO / "fonts")}
    fonts = embedded_fonts(pdf)
    assert {font.postscript_name for font in fonts} >= {"NotoSans-Regular", "NotoSerif-Regular"}
    for font in fonts:
        assert re.match(r"^[A-Z]{6}\+", font.base_font), font.base_font
        assert font.postscript_name in bundled, font.base_font
        _assert_same_outlines(font.program, bundled[font.postscript_name])


def test_pdf_is_the_same_bytes_every_time(archive_copy):
    pdf = archive_copy.parent / "build" / "bao-cao-2023.pdf"
    report(archive_copy, 2023)
    first = pdf.read_bytes()
    report(archive_copy, 2023)
    assert pdf.read_bytes() == first
    metadata = pdfium.PdfDocument(first).get_metadata_dict()
    assert metadata["CreationDate"].startswith("D:20231220")
    assert metadata["Title"] == TITLE_2023


def test_a_year_without_published_issue_says_so_and_writes_no_pdf(archive_copy):
    outcome = report(archive_copy, 2024)
    assert outcome.stdout == ("Năm 2024 chưa có số nào đã xuất bản. Chưa tính 1 số chưa xuất "
                              "bản: 2024-01 (xuất bản bằng: bulletin publish).\n")
    assert report(archive_copy, 2022).stdout == "Năm 2022 chưa có số nào đã xuất bản.\n"
    result = json.loads(report(archive_copy, 2022, "--json").stdout)
    assert (result["issues"], result["pdf"], result["totals"]["copies"]) == ([], None, 0)
    assert result["message"] == "Năm 2022 chưa có số nào đã xuất bản."
    assert not list((archive_copy.parent / "build").glob("bao-cao-*.pdf"))


def test_a_published_issue_changed_since_stops_the_report(archive_copy):
    changed = archive_copy / "2023-11" / "tin-van-trong-huyen.md"
    replace(changed, "Tin vắn trong huyện", "Tin vắn trong huyện tháng 11")
    outcome = report(archive_copy, 2023, exit_code=1)
    assert "tin-van-trong-huyen.md" in outcome.stderr
    assert "đã thay đổi sau khi số được xuất bản" in outcome.stderr
    assert "Traceback" not in outcome.output
    assert not (archive_copy.parent / "build" / "bao-cao-2023.pdf").exists()


def test_a_full_year_with_many_contributors_fits_one_page():
    issues = tuple(IssueFigures(
        id=f"2025-{month:02d}", number=month, month=date(2025, month, 1),
        date=date(2025, month, 15), pages=32, copies=1000, sheets=8240, reams=Decimal("16.48"),
        paper_kg=Decimal("41.1"), articles=6, reports=1, briefings=2, corrections=int(month == 5))
        for month in range(1, 13))
    people = tuple(Tally(f"Nguyễn Thị Phương Thảo {n}", 40 - n) for n in range(40))
    units = tuple(Tally(f"Phòng Nông nghiệp và Phát triển nông thôn huyện Hòa Lâm {n}", 30 - n)
                  for n in range(25))
    year = YearReport(year=2025, bulletin="THÔNG TIN NỘI BỘ", publisher="BAN TUYÊN GIÁO HUYỆN ỦY",
                      parent="ĐẢNG BỘ HUYỆN HÒA LÂM", issues=issues, paper_kg=Decimal("493.2"),
                      contributors=people, units=units, unpublished=("2025-13",),
                      as_of=date(2025, 12, 20))
    pdf, warnings = report_pdf(year, REPO)
    document = pdfium.PdfDocument(pdf)
    assert (len(document), warnings) == (1, ())
    assert "và 30 người khác (465 bài)" in page_text(document)
    assert len(bars(document[0], PAGES_RED)) == 12
