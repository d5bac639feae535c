"""Layout rules checked on the laid-out pages: each rule broken by a tiny issue made for it
(tests/layout_documents.py) gives exactly its warning, naming page and item; the fixed twin
gives none; the sample issues give none; `--strict` turns a warning into exit 1 with nothing
written."""

from __future__ import annotations

import json
from pathlib import Path

import layout_documents as documents
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner

from bulletin_press import build, render, typeset
from bulletin_press.cli import main
from bulletin_press.press.layoutrules import broken_rules

ITEM = "tin-chinh.md: trang {page}, bài “Hội nghị tổng kết”: "
PARAGRAPH_2007 = "Năm 2007, toàn huyện tập trung chỉ đạo…"

# The orphan's issue, four pages of content and the back page, is padded with three blank
# pages: a warning of its own, not a layout rule, so --strict leaves it a warning.
ORPHAN_BLANKS = (
    "issue.yaml: số này in 8 trang, trong đó 3 trang trắng thêm vào trước trang cuối cho số "
    "trang chia hết cho 4. Hãy thêm khoảng 3 trang bài, hoặc bớt 1 trang để số chỉ còn 4 "
    "trang.")

EXPECTED = {
    "heading_at_foot": ITEM.format(page=3) + (
        "tiêu đề phụ “Kết quả nổi bật” nằm một mình ở cuối trang, còn phần chữ đi sau nó ở "
        "trang 4. Hãy thêm hoặc bớt vài dòng phía trước để nó xuống cùng chỗ với phần chữ đó."),
    "heading_at_column_foot": ITEM.format(page=3) + (
        "tiêu đề phụ “Kết quả nổi bật” nằm một mình ở cuối cột 1, còn phần chữ đi sau nó ở cột 2 "
        "của trang 3. Hãy thêm hoặc bớt vài dòng phía trước để nó xuống cùng chỗ với phần chữ "
        "đó."),
    "section_title_at_foot": (
        "issue.yaml: trang 3: tên chuyên mục “Tin vắn” nằm một mình ở cuối trang, còn phần chữ "
        "đi sau nó ở trang 4. Hãy thêm hoặc bớt vài dòng phía trước để nó xuống cùng chỗ với "
        "phần chữ đó."),
    "caption_apart": ITEM.format(page=3) + (
        "ảnh ở trang 3 bị tách khỏi chú thích “Quang cảnh hội nghị tổng kết. Ảnh: Thu…” ở "
        "trang 4. Ảnh và chú thích phải nằm cùng một chỗ; hãy chuyển ảnh lên trước hoặc xuống "
        "sau một đoạn văn."),
    "orphan": ITEM.format(page=3) + (
        f"đoạn “{PARAGRAPH_2007}” bị ngắt, chỉ để lại một dòng ở cuối trang (dòng mồ côi), phần "
        "còn lại sang trang 4. Hãy thêm hoặc bớt vài chữ ở đoạn này hay đoạn trước."),
    "orphan_in_column": ITEM.format(page=3) + (
        "đoạn “Năm 2004, toàn huyện tập trung chỉ đạo…” bị ngắt, chỉ để lại một dòng ở cuối "
        "cột 1 (dòng mồ côi), phần còn lại sang cột 2 của trang 3. Hãy thêm hoặc bớt vài chữ ở "
        "đoạn này hay đoạn trước."),
    "widow": ITEM.format(page=4) + (
        f"dòng cuối của đoạn “{PARAGRAPH_2007}” bị đẩy một mình sang đầu trang 4 (dòng góa). "
        "Hãy thêm hoặc bớt vài chữ ở đoạn này hay đoạn trước."),
    "row_split": ITEM.format(page=3) + (
        "một hàng của bảng (“Phú Mỹ Tuyến số 1 dài 1,2 km…”) bị cắt ngang, nửa sau sang "
        "trang 4. Hàng bảng phải nằm trọn một trang; hãy rút ngắn chữ trong hàng hoặc tách "
        "bảng."),
    "long_token": ITEM.format(page=3) + (
        "dòng “MaHoSoTrucTuyen_DVC_0001612_HoaLam_TanAn_2024_CapDoiCanCuoc_LanDau” tràn "
        "87,6 mm ra ngoài cột 1. Hãy ngắt chữ quá dài (địa chỉ, chuỗi ký tự liền) bằng dấu cách, hoặc "
        "thu hẹp bảng."),
    "wide_table": ITEM.format(page=3) + (
        "dòng “Năm 2023” tràn 24,5 mm ra ngoài vùng chữ của trang. Hãy ngắt chữ quá dài (địa "
        "chỉ, chuỗi ký tự liền) bằng dấu cách, hoặc thu hẹp bảng."),
    "nearly_empty": ITEM.format(page=4) + (
        "trang gần như trống: chữ và ảnh chỉ chiếm 16 % chiều cao vùng chữ (dưới 25 %). Hãy bỏ "
        "ngắt trang (new_page) ở chuyên mục sau, thêm ảnh hay bài, hoặc rút bớt để phần này lên "
        "trang trước."),
    "lost_in_columns": ITEM.format(page=3) + (
        "324 từ không được in ra khi dàn trang, bắt đầu từ “Kết quả nổi bật Năm 2020, toàn "
        "huyện…”. Thường do bố cục nhiều cột có phần tử trải qua các cột (column-span) gặp chỗ "
        "ngắt trang; hãy sửa style.css của số hoặc bố cục."),
}


def laid_out(issue_dir: Path):
    checked = build.validate(issue_dir)
    document, _ = typeset.lay_out(render.render(checked))
    return checked, document


def rule_warnings(issue_dir: Path) -> list[str]:
    checked, document = laid_out(issue_dir)
    return [f"{problem.file.name}: {problem.message}"
            for problem in broken_rules(document, checked)]


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("maker", EXPECTED)
def test_a_broken_rule_gives_exactly_its_warning_with_page_and_item(maker, tmp_path):
    issue_dir = getattr(documents, maker)(tmp_path / "project")
    assert rule_warnings(issue_dir) == [EXPECTED[maker]]


@pytest.mark.parametrize("maker", EXPECTED)
def test_the_fixed_twin_breaks_no_rule(maker, tmp_path):
    issue_dir = getattr(documents, maker)(tmp_path / "project", fixed=True)
    assert rule_warnings(issue_dir) == []


def page_texts(document) -> list[str]:
    pdf = pdfium.PdfDocument(document.write_pdf())
    return [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]


def test_the_lost_text_is_really_missing_from_the_pdf(tmp_path):
    """Read back by pdfium, not by the rule: the defect is WeasyPrint's, not the checker's."""
    broken = page_texts(laid_out(documents.lost_in_columns(tmp_path / "broken"))[1])
    fixed = page_texts(laid_out(documents.lost_in_columns(tmp_path / "fixed", fixed=True))[1])
    assert not any("Kết quả nổi bật" in text or "Năm 2025" in text for text in broken)
    assert any("Kết quả nổi bật" in text for text in fixed)
    assert any("Năm 2025" in text for text in fixed)


def test_the_stranded_heading_is_the_last_text_of_its_page_in_the_pdf(tmp_path):
    texts = page_texts(laid_out(documents.heading_at_foot(tmp_path / "broken"))[1])
    # The running head and the page number, in the margins, come after the body's text.
    assert texts[2].endswith("gieo cấy, thu hoạch. Kết quả nổi bật Thời sự 3")
    assert "Kết quả nổi bật" not in texts[3]
    fixed = page_texts(laid_out(documents.heading_at_foot(tmp_path / "fixed", fixed=True))[1])
    assert "Kết quả nổi bật" not in fixed[2] and "Kết quả nổi bật Năm 2006" in fixed[3]


def test_the_sample_issues_break_no_layout_rule(sample):
    assert sample.result["warnings"] == []


def test_a_broken_rule_is_a_build_warning_and_the_files_are_written(tmp_path):
    issue_dir = documents.orphan(tmp_path / "project")
    result = invoke("build", issue_dir, "--out", tmp_path / "out", "--json")
    assert result.exit_code == 0, result.output
    warning, blanks = json.loads(result.stdout)["warnings"]
    assert warning.endswith(EXPECTED["orphan"].removeprefix("tin-chinh.md"))
    assert warning.split(": ", 1)[0].endswith("2024-01/tin-chinh.md")
    assert blanks.endswith("2024-01/" + ORPHAN_BLANKS)
    assert (tmp_path / "out" / "2024-01" / "ban-tin-2024-01-ban-in.pdf").is_file()


def test_strict_makes_a_broken_rule_an_error_and_writes_nothing(tmp_path):
    issue_dir = documents.orphan(tmp_path / "project")
    result = invoke("build", issue_dir, "--out", tmp_path / "out", "--strict")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[0].endswith(EXPECTED["orphan"].removeprefix("tin-chinh.md"))
    assert lines[1:] == ["Có 1 lỗi; hãy sửa rồi chạy lại."]
    assert not (tmp_path / "out").exists()


def test_strict_json_lists_the_broken_rule_as_an_error(tmp_path):
    issue_dir = documents.caption_apart(tmp_path / "project")
    result = invoke("build", issue_dir, "--out", tmp_path / "out", "--strict", "--json")
    assert result.exit_code == 1
    [error] = json.loads(result.stdout)["errors"]
    assert error["file"].endswith("2024-01/tin-chinh.md") and error["line"] is None
    assert f"tin-chinh.md: {error['message']}" == EXPECTED["caption_apart"]
    assert not (tmp_path / "out").exists()


def test_strict_builds_a_document_that_breaks_no_rule(tmp_path):
    issue_dir = documents.orphan(tmp_path / "project", fixed=True)
    result = invoke("build", issue_dir, "--out", tmp_path / "out", "--strict", "--json")
    assert result.exit_code == 0, result.output
    [blanks] = json.loads(result.stdout)["warnings"]
    assert blanks.endswith("2024-01/" + ORPHAN_BLANKS)


def test_build_all_strict_fails_an_issue_whose_last_build_only_warned(tmp_path):
    issue_dir = documents.orphan(tmp_path / "project")
    out = tmp_path / "out"
    first = invoke("build-all", issue_dir.parent, "--out", out, "--jobs", 1, "--json")
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["built"] == ["2024-01"]
    before = {path.name: path.read_bytes() for path in (out / "2024-01").glob("*.pdf")}
    strict = invoke("build-all", issue_dir.parent, "--out", out, "--jobs", 1, "--strict", "--json")
    assert strict.exit_code == 1
    [issue] = json.loads(strict.stdout)["issues"]
    assert issue["status"] == "failed"
    assert [f"tin-chinh.md: {e['message']}" for e in issue["errors"]] == [EXPECTED["orphan"]]
    assert {path.name: path.read_bytes() for path in (out / "2024-01").glob("*.pdf")} == before


def test_strict_is_in_the_help_of_build_and_build_all():
    for command in ("build", "build-all"):
        result = invoke(command, "--help")
        assert "--strict" in result.output and "không ghi tệp nào" in result.output
