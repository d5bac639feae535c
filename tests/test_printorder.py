"""The print order (phiếu đặt in): one A4 page in Vietnamese with the bundled fonts, the same
figures as JSON, the same bytes every time."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from projects import REPO, copy_samples

from bulletin_press import build, manifest
from bulletin_press.fonts import bundled_fonts
from bulletin_press.press import printorder, printrun
from bulletin_press.press.preflight import embedded_fonts, foreign_fonts
from bulletin_press.vietnamese import format_number
from conftest import run_build

A4_PT = (595.28, 841.89)


def pdf_text(data: bytes) -> str:
    """The text of every page, whitespace (and the no-break spaces of tied words) as spaces."""
    pdf = pdfium.PdfDocument(data)
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def january(built):
    """The sample 2024-01 (24 pages of 19 × 27 cm, 900 copies) as built."""
    result = built["2024-01"].result
    return (Path(result["outputs"]["print_order"]).read_bytes(),
            json.loads(Path(result["outputs"]["print_order_json"]).read_text(encoding="utf-8")))


def test_the_build_writes_the_print_order_beside_the_other_outputs(built):
    outputs = built["2024-01"].result["outputs"]
    assert Path(outputs["print_order"]).name == "thong-tin-noi-bo-2024-01-phieu-dat-in.pdf"
    assert Path(outputs["print_order_json"]).name == "thong-tin-noi-bo-2024-01-phieu-dat-in.json"
    assert Path(outputs["print_order"]).parent == Path(outputs["print"]).parent
    assert built["2024-01"].result["warnings"] == []


def test_the_print_order_is_one_a4_page(january):
    pdf, _ = january
    with pikepdf.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == 1
        box = [float(v) for v in document.pages[0].MediaBox]
        assert box[2:] == pytest.approx(A4_PT, abs=0.5)


def test_the_print_order_uses_only_bundled_fonts(january):
    pdf, _ = january
    bundled = {font.postscript_name for font in bundled_fonts(REPO / "fonts")}
    fonts = embedded_fonts(pdf)
    assert fonts
    for font in fonts:
        assert re.match(r"^[A-Z]{6}\+", font.base_font), font.base_font
        assert font.postscript_name in bundled, font.base_font
    assert foreign_fonts(pdf, REPO / "fonts") == []


def test_the_print_order_says_what_the_shop_needs(january):
    pdf, data = january
    text = pdf_text(pdf)
    for part in (
            "PHIẾU ĐẶT IN", "Bản tin THÔNG TIN NỘI BỘ – Số 01 - Tháng 01/2024",
            "ĐẢNG BỘ HUYỆN HÒA LÂM", "BAN TUYÊN GIÁO HUYỆN ỦY HÒA LÂM",
            "Kính gửi: Công ty TNHH MTV In Hòa Lâm",
            "Nghị định số 60/2014/NĐ-CP ngày 19 tháng 6 năm 2014",
            "Nghị định số 25/2018/NĐ-CP ngày 28 tháng 02 năm 2018",
            "Số 05/GP-STTTT ngày 08 tháng 01 năm 2024 của Sở Thông tin và Truyền thông",
            "Ngày phát hành: ngày 15 tháng 01 năm 2024",
            "Khổ thành phẩm: 19 × 27 cm", "20 trang (kể cả bìa)", "giấy Couché mờ 80 g/m², in 4/4 màu",
            "Đóng lồng, hai ghim giữa, xén ba mặt", "900 bản", "bù hao 3%",
            "Giấy in khổ 79 × 109 cm và bản kẽm",
            "Tổng cộng 980 tờ giấy khổ 79 × 109 cm = 1,96 ram (500 tờ/ram), khoảng 67,5 kg",
            "Ngày giao: ngày 12 tháng 01 năm 2024",
            "Địa điểm giao: Số 25 đường Trần Phú, thị trấn Hòa Lâm",
            "1. Văn phòng Huyện ủy và các ban xây dựng Đảng 40 bản",
            "16. Lưu trữ, nộp lưu chiểu 20 bản", "Cộng: 900 bản",
            "NGƯỜI DUYỆT BẢN IN THỬ", "ĐẠI DIỆN CƠ SỞ IN", "CƠ QUAN ĐẶT IN",
            # The papers a shop must hold before printing a press product (Decree 60/2014 as
            # amended in 2018): a certified copy of the licence, a signed and stamped sample,
            # a written print contract.
            "bản sao có chứng thực Giấy phép xuất bản bản tin số 05/GP-STTTT",
            "có chữ ký của người chịu trách nhiệm xuất bản và dấu của cơ quan đặt in",
            "Hợp đồng in số",
            "thong-tin-noi-bo-2024-01-ban-in.pdf"):
        assert part in text, part
    for recipient in data["distribution"]:
        assert f"{recipient['recipient']} {recipient['copies']} bản" in text


def test_the_json_holds_the_same_figures(january):
    pdf, data = january
    text = pdf_text(pdf)
    assert (data["issue"], data["issue_line"], data["publication_date"]) == (
        "2024-01", "Số 01 - Tháng 01/2024", "2024-01-15")
    assert data["licence"] == {"number": "05/GP-STTTT", "date": "2024-01-08",
                               "issued_by": "Sở Thông tin và Truyền thông",
                               "valid_until": "2024-12-31"}
    assert (data["copies"], data["pages"], data["trim_mm"]) == (900, 20, [190.0, 270.0])
    assert data["papers"] == [{"part": "Ruột và bìa", "pages": 20, "paper": "Couché mờ",
                               "gsm": 80, "colours": "4/4"}]
    press = data["press"]
    # 20 pages, 16 a side on 79 × 109 cm: 0,625 sheet a copy, 2 forms of 4/4, 8 plates;
    # ⌈562,5⌉ = 563 + ⌈16,89⌉ = 17 + 8 × 50 = 980 sheets; 980 × 0,8611 m² × 80 g = 67.5 kg.
    assert (press["total_sheets"], press["reams"], press["paper_kg"], press["plates"]) == (
        980, 1.96, 67.5, 8)
    assert data["delivery"] == {
        "date": "2024-01-12",
        "address": "Số 25 đường Trần Phú, thị trấn Hòa Lâm · Điện thoại 0237 3861 245 · "
                   "Thư điện tử bantuyengiao@hoalam.org.vn"}
    assert data["distribution_total"] == 900 == sum(r["copies"] for r in data["distribution"])
    inside = press["inside"]
    row = " ".join([str(inside["pages_per_side"]), "0,625", str(inside["forms"]),
                    str(inside["plates"])] + [format_number(inside[key]) for key in (
                        "net_sheets", "running_waste", "make_ready_waste", "sheets")]
                   + ["1,96", "67,5"])
    assert f"Ruột và bìa: Couché mờ 80 g/m², 4/4 {row}" in text


def test_a_changed_figure_is_not_in_the_print_order(january):
    """Twin of the test above: a figure one sheet off is not on the page."""
    pdf, _ = january
    text = pdf_text(pdf)
    assert "Tổng cộng 980 tờ" in text and "Tổng cộng 981 tờ" not in text
    assert "Cộng: 900 bản" in text and "Cộng: 901 bản" not in text


@pytest.fixture(scope="module")
def thick_issue(tmp_path_factory):
    """The sample 2024-01 with a separate 4/4 cover on Couché 150 g/m², counted as 48 pages,
    so its figures run into the thousands."""
    bulletins = copy_samples(tmp_path_factory.mktemp("thick"), ["2024-01"])
    path = bulletins / "2024-01" / "issue.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "layout: 19x27\n", "layout: 19x27\nprint:\n  cover_gsm: 150\n  cover_colours: 4/4\n"
        "  inside_colours: 1/1\n"
        "  paper: Couché mờ\n  cover_paper: Couché bóng\n"), encoding="utf-8")
    issue = manifest.load_issue(bulletins / "2024-01")
    run = printrun.count(48, issue.print, issue.distribution, issue.layout, colour_pages=(1, 48))
    order = printorder.print_order(issue, run, "thong-tin-noi-bo-2024-01-ban-in.pdf")
    pdf, warnings = printorder.order_pdf(order, issue)
    assert warnings == ()
    return order, pdf


def test_thousands_and_decimals_are_written_the_vietnamese_way(thick_issue):
    order, pdf = thick_issue
    text = pdf_text(pdf)
    assert len(pdfium.PdfDocument(pdf)) == 1
    # Inside 44 pages: 1.238 + 38 + 150 = 1.426 sheets; cover: 113 + 4 + 4 × 50 = 317 sheets.
    for part in ("Ruột: Couché mờ 80 g/m², 1/1 16 1,375 3 3 1.238 38 150 1.426 2,85 98,2",
                 "Bìa: Couché bóng 150 g/m², 4/4 16 0,125 1 4 113 4 200 317 0,63 40,9",
                 "Cộng 4 7 1.351 42 350 1.743 3,49 139,2",
                 "Tổng cộng 1.743 tờ giấy khổ 79 × 109 cm = 3,49 ram",
                 "Bìa: 4 trang, giấy Couché bóng 150 g/m², in 4/4 màu",
                 "Trang in màu: Trang 1, 48", "48 trang (kể cả bìa): bìa 4 trang, ruột 44 trang"):
        assert part in text, part
    data = printorder.as_json(order)
    assert data["colour_pages"] == [1, 48]
    assert (data["press"]["total_sheets"], data["press"]["cover"]["plates"]) == (1743, 4)


def test_the_same_order_gives_the_same_bytes(built, january):
    pdf, _ = january
    issue = built["2024-01"].issue
    result = built["2024-01"].result
    run = printrun.count(result["pages"], issue.print, issue.distribution, issue.layout,
                         tuple(result["print_run"]["colour_pages"]))
    order = printorder.print_order(issue, run, build.output_names(issue)["print"])
    again, _ = printorder.order_pdf(order, issue)
    assert again == pdf
    assert again == printorder.order_pdf(order, issue)[0]


def test_an_issue_published_before_the_print_order_existed_builds_without_one(archive_copy,
                                                                             tmp_path):
    issue_dir = archive_copy / "2023-11"
    frozen = issue_dir / manifest.PUBLISHED_DIR / manifest.FROZEN_DIR / "layouts" / "_shared"
    (frozen / printorder.TEMPLATE).unlink()
    result = run_build(issue_dir, tmp_path)
    assert "print_order" not in result["outputs"] and "print" in result["outputs"]
    assert any("chưa có mẫu phiếu đặt in" in warning for warning in result["warnings"])
    assert not list(tmp_path.glob("*/*phieu-dat-in*"))
