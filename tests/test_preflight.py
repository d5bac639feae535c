"""Preflight: the sample issues' print files pass every check, and each check catches its defect
in a copy of a good print file broken on purpose with pikepdf (one defect per check)."""

from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest
from click.testing import CliRunner
from fontTools.ttLib import TTFont
from pikepdf import Name, Operator
from pikepdf.models.image import PdfImage
from PIL import Image

from bulletin_press.cli import main
from bulletin_press.press import inks
from bulletin_press.press.images import placements
from bulletin_press.press.preflight import (build_warnings, check_file, check_print_file,
                                            find_issue, run)
from bulletin_press.errors import BulletinError
from projects import REPO, copy_samples

GOOD = "2023-12"           # A5, 24 pages, red cover, two photos (pages 9 and 18)
BODY_TF = 14               # its body text: 10,5 pt = Tf 14 under WeasyPrint's 0.75 px→pt CTM
COLOPHON_TF = 10           # its colophon: 7,5 pt
MM = 72 / 25.4


# ---- Editing a good print file -------------------------------------------------------------------

@pytest.fixture(scope="module")
def good(built) -> bytes:
    return built[GOOD].print_file.read_bytes()


@pytest.fixture(scope="module")
def issue(built):
    return built[GOOD].issue


def edited(pdf_bytes: bytes, change) -> bytes:
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def verdicts(pdf_bytes: bytes, issue=None, **options) -> dict:
    return {result.name: result for result in run(pdf_bytes, issue, **options).results}


def failed(pdf_bytes: bytes, issue=None, **options) -> set[str]:
    return {name for name, r in verdicts(pdf_bytes, issue, **options).items() if r.passed is False}


def instructions(page) -> list:
    return list(pikepdf.parse_content_stream(page))


def put(pdf, page, found: list) -> None:
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(found))


def op(operator: str, *operands) -> pikepdf.ContentStreamInstruction:
    return pikepdf.ContentStreamInstruction(list(operands), Operator(operator))


def recolour_text(pdf, index: int, chosen, colour: list) -> None:
    """Replace the colour set for the first text block of page index whose font (BaseFont) and
    Tf size satisfy chosen(font, size) by the instructions in colour."""
    page = pdf.pages[index]
    found = instructions(page)
    fonts = page.Resources.Font
    last_colour = None
    for i, instruction in enumerate(found):
        name = str(instruction.operator)
        if name in ("scn", "sc", "g", "rg", "k"):
            last_colour = i
        if name == "Tf" and chosen(str(fonts[instruction.operands[0]].BaseFont),
                                   float(instruction.operands[1])):
            start = last_colour - 1 if str(found[last_colour - 1].operator) == "cs" else last_colour
            put(pdf, page, found[:start] + colour + found[last_colour + 1:])
            return
    raise AssertionError(f"no such text on page {index + 1}")


def body_text(font: str, size: float) -> bool:
    return size == BODY_TF and font.endswith("+Noto-Serif")


def first_image(pdf):
    for page in pdf.pages:
        for xobject in page.Resources.get("/XObject", {}).values():
            if xobject.get("/Subtype") == Name.Image:
                return xobject
    raise AssertionError("no image")


def set_pixels(image, pixels: Image.Image) -> None:
    """Store pixels (as a viewer shows them) uncompressed-then-Flate in an image XObject."""
    image.write(pixels.tobytes())
    image.Width, image.Height = pixels.size
    image.ColorSpace = Name("/Device" + {"CMYK": "CMYK", "L": "Gray", "RGB": "RGB"}[pixels.mode])
    image.BitsPerComponent = 8
    for key in ("/Decode", "/Filter", "/DecodeParms"):
        if key in image:
            del image[key]


# ---- The samples pass; each check catches its defect ---------------------------------------------

def test_sample_print_files_pass_every_check(sample):
    report = run(sample.print_file.read_bytes(), sample.issue)
    assert [(r.name, r.status) for r in report.results if r.status != "passed"] == []
    assert report.passed and report.issue == sample.issue.id
    assert len(report.results) == 11


def test_black_only_is_checked_only_when_asked_and_fails_on_the_samples(good, issue):
    assert "black_only" not in verdicts(good, issue)
    result = verdicts(good, issue, black_only=True)["black_only"]
    assert result.passed is False
    assert "C0 M95 Y80 K40" in result.detail and "ảnh CMYK" in result.detail
    assert "trang 1" in result.detail and "trang 9" in result.detail


def test_a_foreign_font_fails(good, issue, tmp_path):
    font = TTFont(REPO / "fonts" / "noto-sans" / "NotoSans-Regular.ttf")
    for record in font["name"].names:
        if record.nameID in (1, 4, 6):
            record.string = "Foreign-Regular" if record.nameID == 6 else "Foreign"
    program = io.BytesIO()
    font.save(program)

    def swap(pdf):
        cover_font = next(f for f in pdf.pages[0].Resources.Font.values()
                          if str(f.BaseFont).endswith("+Noto-Sans"))
        cover_font.DescendantFonts[0].FontDescriptor.FontFile2.write(program.getvalue())

    result = verdicts(edited(good, swap), issue)["fonts"]
    assert result.passed is False
    assert "Noto-Sans" in result.detail and "không phải phông trong thư mục fonts/" in result.detail
    assert failed(edited(good, swap), issue) == {"fonts"}


@pytest.mark.parametrize("change, expected", [
    (lambda pdf: pdf.pages.remove(pdf.pages[5]), "23 trang: không chia hết cho 4"),
    (lambda pdf: [pdf.pages.append(pdf.pages[1]) for _ in range(44)], "68 trang: vượt 64 trang"),
])
def test_a_page_count_not_a_multiple_of_four_or_above_64_fails(good, change, expected):
    result = verdicts(edited(good, change))["pages"]
    assert result.passed is False and result.detail.startswith(expected)


def test_more_pages_than_the_licence_fails_only_the_licence(good, issue):
    longer = edited(good, lambda pdf: [pdf.pages.append(pdf.pages[1]) for _ in range(12)])
    result = verdicts(longer, issue)["licence"]
    assert result.passed is False
    assert "36 trang, vượt số trang giấy phép 27/GP-STTTT cho phép (32 trang)" in result.detail
    assert verdicts(longer, issue)["pages"].passed


def _resize_page(pdf, width_mm: float, height_mm: float) -> None:
    bleed = 3 * MM
    for page in pdf.pages:
        width, height = width_mm * MM, height_mm * MM
        page.obj.TrimBox = page.obj.ArtBox = [0, 0, width, height]
        page.obj.BleedBox = page.obj.MediaBox = [-bleed, -bleed, width + bleed, height + bleed]


def test_a_trim_above_19_by_27_cm_fails(good, issue):
    larger = edited(good, lambda pdf: _resize_page(pdf, 200, 280))
    result = verdicts(larger)["trim"]
    assert result.passed is False and "20 × 28 cm lớn hơn 19 × 27 cm" in result.detail
    assert verdicts(larger)["boxes"].passed
    # Against the issue, a trim that is allowed but not the layout's also fails.
    other = verdicts(edited(good, lambda pdf: _resize_page(pdf, 190, 270)), issue)["trim"]
    assert other.passed is False and "khác khổ của bố cục a5 (14,8 × 21 cm)" in other.detail


def test_a_missing_trimbox_fails_although_the_mediabox_is_there(good, issue):
    def drop(pdf):
        del pdf.pages[2].obj.TrimBox
        del pdf.pages[6].obj.BleedBox

    result = verdicts(edited(good, drop), issue)["boxes"]
    assert result.passed is False
    assert "trang 3 thiếu TrimBox" in result.detail and "trang 7 thiếu BleedBox" in result.detail


def test_a_bleed_other_than_the_layouts_fails(good, issue):
    def narrow(pdf):
        x0, y0, x1, y1 = (float(v) for v in pdf.pages[4].obj.TrimBox)
        pdf.pages[4].obj.BleedBox = [x0 - 2 * MM, y0 - 3 * MM, x1 + 3 * MM, y1 + 3 * MM]

    result = verdicts(edited(good, narrow), issue)["boxes"]
    assert result.passed is False
    assert "trang 5: tràn lề 2, 3, 3, 3 mm (trái, dưới, phải, trên), phải là 3 mm" in result.detail


def test_a_bleedbox_beyond_the_mediabox_fails(good, issue):
    def cut(pdf):
        pdf.pages[1].obj.MediaBox = pdf.pages[1].obj.TrimBox

    result = verdicts(edited(good, cut), issue)["boxes"]
    assert result.passed is False and "trang 2: BleedBox vượt ra ngoài MediaBox" in result.detail


def test_no_output_intent_fails(good, issue):
    result = verdicts(edited(good, lambda pdf: pdf.Root.__delitem__("/OutputIntents")),
                      issue)["pdfx"]
    assert result.passed is False and "không có output intent PDF/X" in result.detail


def test_an_rgb_output_profile_fails(good, issue):
    from weasyprint import __file__ as weasyprint_init

    srgb = (Path(weasyprint_init).parent / "pdf" / "sRGB2014.icc").read_bytes()
    result = verdicts(edited(good, lambda pdf: pdf.Root.OutputIntents[0].DestOutputProfile.write(
        srgb)), issue)["pdfx"]
    assert result.passed is False and "không kèm hồ sơ màu CMYK" in result.detail


def test_body_text_in_rgb_red_fails(good, issue):
    broken = edited(good, lambda pdf: recolour_text(pdf, 3, body_text, [op("rg", 1, 0, 0)]))
    result = verdicts(broken, issue)["black_text"]
    assert result.passed is False
    assert result.detail.startswith("chữ phải in bằng màu CMYK hoặc xám: ")
    assert "chữ 10,5 pt màu RGB 255 0 0 (trang 4)" in result.detail
    assert failed(broken, issue) == {"black_text", "pdfx"}  # and RGB has no place in PDF/X


def test_body_text_in_cmyk_red_fails_although_it_is_large_enough_for_an_accent(good, issue):
    red = [op("cs", Name.DeviceCMYK), op("scn", 0, 0.95, 0.8, 0.4)]
    broken = edited(good, lambda pdf: recolour_text(pdf, 3, body_text, red))
    result = verdicts(broken, issue)["black_text"]
    assert result.passed is False
    assert "chữ thân bài (10,5 pt) phải in bằng mực K: chữ 10,5 pt màu C0 M95 Y80 K40" \
        in result.detail
    assert failed(broken, issue) == {"black_text"}


def test_small_text_in_colour_fails(good, issue):
    red = [op("cs", Name.DeviceCMYK), op("scn", 0, 0.95, 0.8, 0.4)]
    broken = edited(good, lambda pdf: recolour_text(
        pdf, len(pdf.pages) - 1, lambda font, size: size == COLOPHON_TF and "Bold" not in font,
        red))
    result = verdicts(broken, issue)["black_text"]
    assert result.passed is False
    assert "phải từ 9 pt (7 pt nếu chữ đậm)" in result.detail
    assert "chữ 7,5 pt màu C0 M95 Y80 K40 (trang 24)" in result.detail


def test_a_rule_in_colour_fails(good, issue):
    def red_rule(pdf):
        page = next(p for p in pdf.pages if any(str(i.operator) == "SCN" for i in instructions(p)))
        found = instructions(page)
        at = next(i for i, ins in enumerate(found) if str(ins.operator) == "SCN")
        put(pdf, page, found[:at] + [op("SCN", 0, 0.95, 0.8, 0.4)] + found[at + 1:])

    result = verdicts(edited(good, red_rule), issue)["black_text"]
    assert result.passed is False
    assert result.detail.startswith("nét kẻ chỉ được in bằng mực K: nét kẻ C0 M95 Y80 K40")


def _append(pdf, index: int, *found) -> None:
    page = pdf.pages[index]
    put(pdf, page, instructions(page) + [op("q"), *found, op("Q")])


def test_a_fill_above_300_percent_ink_fails(good, issue):
    heavy = edited(good, lambda pdf: _append(pdf, 5, op("cs", Name.DeviceCMYK),
                                             op("scn", 0.9, 0.9, 0.9, 0.9),
                                             op("re", 0, 0, 50, 50), op("f")))
    result = verdicts(heavy, issue)["ink"]
    assert result.passed is False
    assert "vượt 300 % ở nền màu C90 M90 Y90 K90 (360 %) (trang 6)" in result.detail


def test_300_percent_and_one_step_pass_but_a_step_more_fails(good, issue):
    def fill(*cmyk):
        return edited(good, lambda pdf: _append(pdf, 5, op("k", *cmyk), op("re", 0, 0, 9, 9),
                                                op("f")))

    assert verdicts(fill(0.75, 0.75, 0.75, 0.75), issue)["ink"].passed
    assert verdicts(fill(0.75, 0.75, 0.75, 0.7539), issue)["ink"].passed  # 300,39 %
    assert verdicts(fill(0.75, 0.75, 0.75, 0.755), issue)["ink"].passed is False


def test_a_cmyk_photo_above_300_percent_ink_fails(good, issue):
    def flood(pdf):
        image = first_image(pdf)
        set_pixels(image, Image.new("CMYK", (int(image.Width), int(image.Height)),
                                    (255, 230, 230, 255)))

    result = verdicts(edited(good, flood), issue)["ink"]
    assert result.passed is False and "ảnh có điểm ảnh 380,4 %" in result.detail


def test_a_photo_at_5_percent_of_its_pixels_is_soft_and_a_warning(good, issue):
    """A soft photo prints soft, but prints: the shop is warned, the job is not refused."""
    def shrink(pdf):
        image = first_image(pdf)
        pixels = PdfImage(image).as_pil_image()
        set_pixels(image, pixels.resize((pixels.width // 20, pixels.height // 20)))

    result = verdicts(edited(good, shrink), issue)["resolution"]
    assert result.passed and result.status == "warning"
    assert re.match(r"2 ảnh, từ 1[45] đến 296 ppi hiệu dụng", result.detail), result.detail
    assert re.search(r"dưới 200 ppi sẽ in mờ: trang \d+: ảnh 70 × 46 điểm ảnh in 120 × 79,7 mm "
                     r"\(1[45] ppi; cần ít nhất 945 × 628 điểm ảnh\)", result.warnings[0]), \
        result.warnings


def test_a_photo_above_450_ppi_is_a_warning(good, issue):
    def enlarge(pdf):
        image = first_image(pdf)
        pixels = PdfImage(image).as_pil_image()
        set_pixels(image, pixels.resize((pixels.width * 8 // 5, pixels.height * 8 // 5)))

    result = verdicts(edited(good, enlarge), issue)["resolution"]
    assert result.passed and result.status == "warning"
    assert result.warnings[0].startswith("ảnh trên 450 ppi, thừa dung lượng: trang")


def test_an_annotation_fails(good, issue):
    def link(pdf):
        pdf.pages[1].obj.Annots = pdf.make_indirect(pikepdf.Array([pikepdf.Dictionary(
            Type=Name.Annot, Subtype=Name.Link, Rect=[0, 0, 10, 10])]))

    result = verdicts(edited(good, link), issue)["annotations"]
    assert result.passed is False and "có annotation ở trang 2 (1: Link)" in result.detail


def _black_pages(pdf, keep) -> None:
    """Keep only the pages at the given indices."""
    for index in reversed(range(len(pdf.pages))):
        if index not in keep:
            pdf.pages.remove(pdf.pages[index])


def test_a_black_only_file_passes_and_a_colour_operator_in_it_fails(good):
    black = edited(good, lambda pdf: _black_pages(pdf, {1, 2, 3, 4}))
    assert verdicts(black, black_only=True)["black_only"].passed
    red = edited(black, lambda pdf: recolour_text(pdf, 2, body_text, [
        op("cs", Name.DeviceCMYK), op("scn", 0, 0, 0.2, 1)]))
    result = verdicts(red, black_only=True)["black_only"]
    assert result.passed is False and "chữ màu C0 M0 Y20 K100 (trang 3)" in result.detail
    grey = edited(black, lambda pdf: recolour_text(pdf, 2, body_text, [op("g", 0.2)]))
    assert verdicts(grey, black_only=True)["black_only"].passed


def test_a_colour_photo_in_a_black_only_file_fails_and_a_grey_one_passes(good):
    with_photo = edited(good, lambda pdf: _black_pages(pdf, {1, 2, 3, 8}))  # page 9: a photo
    result = verdicts(with_photo, black_only=True)["black_only"]
    assert result.passed is False and "ảnh CMYK có mực C, M, Y" in result.detail

    def grey(pdf):
        image = first_image(pdf)
        set_pixels(image, PdfImage(image).as_pil_image().convert("L"))

    assert verdicts(edited(with_photo, grey), black_only=True)["black_only"].passed


def _digit_codes(font) -> dict[str, bytes]:
    """Digit → the 2-byte code the font shows it with (its ToUnicode bfchar entries)."""
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    return {chr(int(uni, 16)): bytes.fromhex(code)
            for code, uni in re.findall(r"<([0-9a-f]{4})> <(003[0-9])>", cmap)}


def test_a_colophon_print_run_other_than_the_manifests_fails(good, issue):
    def change_number(pdf):
        page = pdf.pages[len(pdf.pages) - 1]
        found, font = instructions(page), None
        for at, instruction in enumerate(found):
            if str(instruction.operator) == "Tf":
                font = page.Resources.Font[instruction.operands[0]]
            if str(instruction.operator) == "TJ":
                codes = _digit_codes(font)
                parts = list(instruction.operands[0])
                text = b"".join(bytes(p) for p in parts if isinstance(p, pikepdf.String))
                nine, zero = codes.get("9"), codes.get("0")
                if nine and zero and nine + zero + zero in text:  # "900"
                    found[at] = op("TJ", pikepdf.Array([
                        pikepdf.String(bytes(p).replace(nine, codes["2"]))
                        if isinstance(p, pikepdf.String) else p for p in parts]))
                    put(pdf, page, found)
                    return
        raise AssertionError("no 900 on the last page")

    result = verdicts(edited(good, change_number), issue)["print_run"]
    assert result.passed is False
    assert "trang cuối ghi “Số lượng: 200 bản”, khác số lượng in trong tệp khai báo (900 bản)" \
        in result.detail


def test_the_print_run_is_compared_with_the_manifest(good, issue):
    more = replace(issue, print=replace(issue.print, copies=1200))
    result = verdicts(good, more)["print_run"]
    assert result.passed is False and "(1.200 bản)" in result.detail


# ---- Without an issue; finding it ----------------------------------------------------------------

def test_without_an_issue_the_checks_needing_it_are_skipped_with_the_reason(good):
    report = run(good, no_issue="không biết số nào.")
    skipped = {r.name: r.detail for r in report.results if r.passed is None}
    assert skipped == {"licence": "không biết số nào.", "print_run": "không biết số nào."}
    assert report.passed
    assert "tràn lề 3 mm mỗi cạnh, theo mức chuẩn" in {r.name: r for r in report.results}[
        "boxes"].detail


@pytest.fixture
def project(built, tmp_path) -> Path:
    """A project with the good issue's sources; its bulletins/."""
    return copy_samples(tmp_path / "project", [GOOD])


def test_the_issue_is_found_from_a_build_folder_or_the_published_folder(built, project):
    name = built[GOOD].print_file.name
    for folder in (project.parent / "build" / GOOD, project / GOOD / "xuat-ban"):
        folder.mkdir(parents=True)
        shutil.copy(built[GOOD].print_file, folder / name)
        report = check_file(folder / name)
        assert report.issue == GOOD and report.passed
        assert all(r.passed is not None for r in report.results)


@pytest.mark.parametrize("where, reason", [
    ("elsewhere/{name}", "tệp không nằm trong build/2023-12/ hay bulletins/2023-12/xuat-ban/"),
    ("build/2023-12/ban-in.pdf", "tên tệp không theo mẫu"),
    ("build/2023-12/bao-khac-2023-12-ban-in.pdf", "tệp mang tên bản tin “bao-khac”"),
    ("build/2024-02/{stem}2024-02-ban-in.pdf", "không thấy"),
])
def test_a_file_whose_issue_is_not_found_says_why(built, project, where, reason):
    name = built[GOOD].print_file.name
    path = project.parent / where.format(name=name, stem=name[:-len("2023-12-ban-in.pdf")])
    path.parent.mkdir(parents=True)
    shutil.copy(built[GOOD].print_file, path)
    issue, why = find_issue(path)
    assert issue is None and reason in why and "--issue" in why


def test_a_found_issue_with_manifest_errors_is_named(built, project):
    folder = project.parent / "build" / GOOD
    folder.mkdir(parents=True)
    shutil.copy(built[GOOD].print_file, folder)
    (project / GOOD / "issue.yaml").write_text("number: [\n", encoding="utf-8")
    issue, why = find_issue(folder / built[GOOD].print_file.name)
    assert issue is None and "bulletin check" in why


# ---- The command ---------------------------------------------------------------------------------

def test_cli_reports_one_line_per_check_and_exits_0(built):
    sample = built[GOOD]
    outcome = CliRunner().invoke(main, ["preflight", str(sample.print_file), "--issue",
                                        str(sample.issue_dir)])
    assert outcome.exit_code == 0, outcome.output
    lines = outcome.stdout.splitlines()
    assert lines[0] == f"Kiểm tra trước khi in: {sample.print_file} (số {GOOD})"
    assert len([line for line in lines if line.startswith("  [ĐẠT] ")]) == 11
    assert lines[-1] == "  Kết quả: 11 đạt, 0 lỗi, 0 bỏ qua; tệp sẵn sàng gửi nhà in."
    assert outcome.stderr == ""


def test_cli_json_and_exit_1_on_a_failure(good, built, tmp_path):
    broken = tmp_path / "ban-in.pdf"
    broken.write_bytes(edited(good, lambda pdf: pdf.pages.remove(pdf.pages[0])))
    outcome = CliRunner().invoke(main, ["preflight", str(broken), "--json"])
    assert outcome.exit_code == 1
    [report] = json.loads(outcome.stdout)["files"]
    assert report["passed"] is False and report["issue"] is None
    statuses = {check["name"]: check["status"] for check in report["checks"]}
    assert statuses["pages"] == "failed" and statuses["licence"] == "skipped"
    assert set(report["checks"][0]) == {"name", "label", "status", "passed", "detail", "warnings"}

    text = CliRunner().invoke(main, ["preflight", str(broken), str(built[GOOD].print_file),
                                     "--issue", str(built[GOOD].issue_dir), "--black-only"])
    assert text.exit_code == 1
    assert "  [LỖI] Số trang: 23 trang: không chia hết cho 4" in text.stdout
    assert "  [LỖI] Chỉ in một màu đen: bản một màu có mực C, M, Y" in text.stdout
    assert "Có 2 tệp chưa đạt" in text.stderr


def test_cli_json_of_a_good_file(built):
    sample = built[GOOD]
    outcome = CliRunner().invoke(main, ["preflight", str(sample.print_file), "--issue",
                                        str(sample.issue_dir), "--json"])
    assert outcome.exit_code == 0
    data = json.loads(outcome.stdout)
    assert data["passed"] is True and data["files"][0]["issue"] == GOOD
    assert [c["name"] for c in data["files"][0]["checks"]] == [
        "fonts", "pages", "licence", "trim", "boxes", "pdfx", "black_text", "ink", "resolution",
        "annotations", "print_run"]


@pytest.mark.parametrize("content, message", [
    (b"%PDF-1.4 not really", "không đọc được tệp PDF"),
    (None, "không đọc được"),
])
def test_cli_a_file_that_is_not_a_pdf_or_missing_is_an_error(tmp_path, content, message):
    path = tmp_path / "tep.pdf"
    if content is not None:
        path.write_bytes(content)
    outcome = CliRunner().invoke(main, ["preflight", str(path), "--json"])
    assert outcome.exit_code == 1 and "Traceback" not in outcome.output
    [error] = json.loads(outcome.stdout)["errors"]
    assert message in error["message"]


def test_cli_usage_errors_exit_2():
    assert CliRunner().invoke(main, ["preflight"]).exit_code == 2
    assert CliRunner().invoke(main, ["preflight", "x.pdf", "--issue"]).exit_code == 2


# ---- On every build ------------------------------------------------------------------------------

def test_a_build_whose_print_file_fails_preflight_writes_nothing(tmp_path):
    issue_dir = copy_samples(tmp_path / "project", [GOOD]) / GOOD
    (issue_dir / "style.css").write_text(
        ".body p { color: device-cmyk(0 0.95 0.8 0.4); }\n", encoding="utf-8")
    out = tmp_path / "out"
    outcome = CliRunner().invoke(main, ["build", str(issue_dir), "--out", str(out), "--json"])
    assert outcome.exit_code == 1, outcome.output
    [error] = json.loads(outcome.stdout)["errors"]
    assert error["file"].endswith("issue.yaml")
    assert error["message"].startswith("bản in không đạt kiểm tra “Chữ và nét kẻ trên bản đen "
                                       "(K)”: chữ thân bài (10,5 pt) phải in bằng mực K")
    assert not (out / GOOD).exists()


def test_build_preflight_returns_warnings_and_raises_failures(good, issue):
    def enlarge(pdf):
        image = first_image(pdf)
        pixels = PdfImage(image).as_pil_image()
        set_pixels(image, pixels.resize((pixels.width * 8 // 5, pixels.height * 8 // 5)))

    [warning] = build_warnings(check_print_file(edited(good, enlarge), issue), issue)
    assert warning.file == issue.file and "ảnh trên 450 ppi" in warning.message
    assert build_warnings(check_print_file(good, issue), issue) == ()
    with pytest.raises(BulletinError) as caught:
        check_print_file(edited(good, lambda pdf: pdf.pages.remove(pdf.pages[0])), issue)
    assert [p.message[:40] for p in caught.value.problems] == [
        "bản in không đạt kiểm tra “Số trang”: 23"]


# ---- The print file itself, read without the preflight code --------------------------------------

def _text_colours(page) -> list[tuple[str, tuple]]:
    """The fill colour operator in force at each text-showing operator of a page's stream."""
    colour, found = ("none", ()), []
    for instruction in instructions(page):
        name = str(instruction.operator)
        if name in ("g", "rg", "k", "sc", "scn"):
            colour = (name, tuple(float(v) for v in instruction.operands))
        elif name in ("Tj", "TJ", "'", '"'):
            found.append(colour)
    return found


def _is_k_only(colour) -> bool:
    name, values = colour
    return (name == "g") or (name in ("k", "scn", "sc") and len(values) == 4
                              and values[:3] == (0, 0, 0))


def test_sample_print_file_is_pdf_x4_with_k_only_text_no_annotations_and_300_ppi_photos(sample):
    with pikepdf.open(sample.print_file) as pdf:
        [intent] = pdf.Root.OutputIntents
        assert intent.S == Name("/GTS_PDFX")
        assert intent.DestOutputProfile.read_bytes()[16:20] == b"CMYK"
        assert b"<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" \
            in pdf.Root.Metadata.read_bytes()
        for page in pdf.pages[1:]:  # inside pages: the cover has its red band
            colours = _text_colours(page)
            assert all(name != "rg" for name, _ in colours)
            assert all(_is_k_only(colour) for colour in colours), set(colours)
        assert all("/Annots" not in page.obj for page in pdf.pages)
        drawn = placements(pdf)
        assert drawn and all(200 <= p.effective_ppi <= 450 for p in drawn)


def test_the_twin_reading_finds_rgb_on_text(good):
    """Twin of the test above: the same reading catches a text colour set as `1 0 0 rg`."""
    broken = edited(good, lambda pdf: recolour_text(pdf, 3, body_text, [op("rg", 1, 0, 0)]))
    with pikepdf.open(io.BytesIO(broken)) as pdf:
        assert ("rg", (1.0, 0.0, 0.0)) in _text_colours(pdf.pages[3])
        assert not all(_is_k_only(c) for c in _text_colours(pdf.pages[3]))


# ---- Reading inks in every colour space ----------------------------------------------------------

def _one_page(content: bytes, resources: dict | None = None) -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    page = pdf.pages[0]
    page.obj.Resources = pikepdf.Dictionary(resources or {})
    page.obj.Contents = pdf.make_stream(content)
    return pdf


def _paints(pdf) -> set[tuple]:
    return {(p.kind, str(p.colour), p.size_pt) for p in inks.read(pdf).paints}


def test_inks_reads_every_colour_operator_for_fills_strokes_and_text():
    pdf = _one_page(b"")
    font = pdf.make_indirect(pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1,
                                                BaseFont=Name("/ABCDEF+Test-Bold")))
    icc = pdf.make_stream(b"x", N=4)
    palette = pikepdf.String(bytes([0, 0, 0, 255, 0, 255, 0, 0]))
    spaces = pikepdf.Dictionary({
        "/Icc": pikepdf.Array([Name.ICCBased, icc]),
        "/Pal": pikepdf.Array([Name.Indexed, Name.DeviceCMYK, 1, palette]),
        "/Blk": pikepdf.Array([Name.Separation, Name.Black, Name.DeviceCMYK, pdf.make_stream(b"")]),
        "/Gold": pikepdf.Array([Name.Separation, Name("/Gold"), Name.DeviceCMYK,
                                pdf.make_stream(b"")])})
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F=font),
                                                    ColorSpace=spaces)
    pdf.pages[0].obj.Contents = pdf.make_stream(
        b"0.5 g 0 0 1 1 re f 1 0 0 RG 0 0 m 1 1 l S 0 0 0 1 k "
        b"2 0 0 2 0 0 cm BT /F 6 Tf (a) Tj 1 Tr (b) Tj 3 Tr (c) Tj ET "
        b"/Icc cs 0.1 0.2 0.3 0.4 scn 0 0 1 1 re f /Pal cs 1 sc 0 0 1 1 re f "
        b"/Blk CS 0.5 SCN 0 0 m 1 1 l S /Gold cs 0.7 scn 0 0 1 1 re f")
    assert _paints(pdf) == {
        ("fill", "xám K50", None), ("stroke", "RGB 255 0 0", None),
        ("text", "C0 M0 Y0 K100", 12.0), ("text", "RGB 255 0 0", 12.0),
        ("fill", "C10 M20 Y30 K40", None), ("fill", "C0 M100 Y0 K0", None),
        ("stroke", "C0 M0 Y0 K50", None), ("fill", "màu pha Gold 70 %", None)}
    [bold] = {p.bold for p in inks.read(pdf).paints if p.kind == "text"}
    assert bold is True


def test_inks_follows_forms_and_patterns_with_their_matrices():
    pdf = _one_page(b"")
    red = pdf.make_stream(b"0 1 1 0 k 0 0 5 5 re f", Type=Name.Pattern, PatternType=1,
                          PaintType=1, TilingType=1, BBox=[0, 0, 5, 5], XStep=5, YStep=5,
                          Resources=pikepdf.Dictionary())
    shading = pikepdf.Dictionary(
        ShadingType=2, ColorSpace=Name.DeviceCMYK, Coords=[0, 0, 1, 0],
        Function=pikepdf.Dictionary(FunctionType=2, Domain=[0, 1], N=1, C0=[0, 0, 0, 0],
                                    C1=[1, 1, 1, 0.5]))
    gradient = pikepdf.Dictionary(Type=Name.Pattern, PatternType=2, Shading=shading)
    font = pikepdf.Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name("/Serif"))
    form = pdf.make_stream(b"BT /F 10 Tf (x) Tj ET /Pattern cs /Red scn 0 0 1 1 re f",
                           Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 100, 100],
                           Matrix=[0.5, 0, 0, 0.5, 0, 0],
                           Resources=pikepdf.Dictionary(
                               Font=pikepdf.Dictionary(F=font),
                               Pattern=pikepdf.Dictionary(Red=red, Grad=gradient)))
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm=form),
                                                    Pattern=pikepdf.Dictionary(Grad=gradient))
    pdf.pages[0].obj.Contents = pdf.make_stream(
        b"q 3 0 0 3 0 0 cm /Fm Do Q /Pattern cs /Grad scn 0 0 9 9 re f")
    assert _paints(pdf) == {("text", "xám K100", 15.0), ("fill", "C0 M100 Y100 K0", None),
                            ("fill", "C0 M0 Y0 K0", None), ("fill", "C100 M100 Y100 K50", None)}


@pytest.mark.parametrize("store", ["jpeg", "flate"])
def test_inks_reads_cmyk_image_pixels_as_the_plates_get_them(store):
    pixels = Image.new("CMYK", (40, 30), (0, 0, 0, 0))
    pixels.paste((200, 100, 50, 250), (0, 0, 20, 30))
    pdf = _one_page(b"q 40 0 0 30 0 0 cm /Im Do Q")
    if store == "jpeg":  # as the finishing pass stores them: Adobe-inverted, with a Decode
        data = io.BytesIO()
        pixels.save(data, "JPEG", quality=100)
        image = pdf.make_stream(data.getvalue(), Filter=Name.DCTDecode,
                                Decode=pikepdf.Array([1, 0] * 4))
    else:
        image = pdf.make_stream(pixels.tobytes())
    image.Type, image.Subtype = Name.XObject, Name.Image
    image.Width, image.Height, image.BitsPerComponent = 40, 30, 8
    image.ColorSpace = Name.DeviceCMYK
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Im=image))
    [found] = inks.read(pdf).images
    assert found.family == "cmyk"
    assert found.max_ink == pytest.approx(600 / 255 * 100, abs=1.5)   # 235 %
    assert found.max_cmy == pytest.approx(200 / 255 * 100, abs=1.5)


def test_inks_skips_an_instruction_missing_its_operands():
    pdf = _one_page(b"BT Tf 1 0 0 rg (a) Tj ET 0 0 1 1 re f")
    assert _paints(pdf) == {("text", "RGB 255 0 0", 0.0), ("fill", "RGB 255 0 0", None)}
