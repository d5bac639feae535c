"""The repository as archive: publish, freeze, verify, extract, build-all, find."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from click.testing import CliRunner
from projects import REPO, SAMPLE_ISSUES, copy_samples, replace

from bulletin_press.archive import record
from bulletin_press.archive.publish import publish
from bulletin_press.cli import main
from bulletin_press.sources import sha256

PUBLISHED_ON = date(2023, 11, 20)
STEM = "thong-tin-noi-bo-2023-11"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    """A project with the samples whose 2023-11 issue is published; tests copy it to change it."""
    bulletins = copy_samples(tmp_path_factory.mktemp("archive") / "project")
    publish(bulletins / "2023-11", today=PUBLISHED_ON)
    return bulletins.parent


@pytest.fixture
def project(archive, tmp_path) -> Path:
    """A copy of the archive a test may change (layouts/ and fonts/ stay links)."""
    return Path(shutil.copytree(archive, tmp_path / "project", symlinks=True))


def edit_first(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of old, as an editor's small change would."""
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def stored(project: Path, name: str) -> Path:
    return project / "bulletins" / "2023-11" / "xuat-ban" / name


def test_publish_stores_what_went_to_the_print_shop_with_its_record(archive):
    issue_dir = archive / "bulletins" / "2023-11"
    published = record.read(issue_dir)
    entry = published.current
    assert (published.issue, published.number, published.date) == ("2023-11", 11, date(2023, 11, 15))
    assert (entry.published_on, entry.reason, entry.pages) == (PUBLISHED_ON, None, 24)
    assert entry.print_run["copies"] == 900 and entry.print_run["total_sheets"] == 5562
    assert sorted(entry.files) == sorted([f"{STEM}-ban-in.pdf", f"{STEM}-ban-doc.pdf",
                                          f"{STEM}-so-luong-in.txt", f"{STEM}-so-luong-in.json",
                                          f"{STEM}-phieu-dat-in.pdf", f"{STEM}-phieu-dat-in.json",
                                          "bia.png"])
    for name, digest in entry.files.items():
        assert sha256(stored(archive, name)) == digest
    assert entry.inputs["bulletins/2023-11/issue.yaml"] == sha256(issue_dir / "issue.yaml")
    assert entry.inputs["bulletins/thong-tin-noi-bo.yaml"] == sha256(
        REPO / "bulletins" / "thong-tin-noi-bo.yaml")
    assert "bulletins/2023-11/img/tram-y-te-lam-son.jpg" in entry.inputs
    assert entry.inputs["fonts/noto-serif/NotoSerif-Regular.ttf"] == sha256(
        REPO / "fonts" / "noto-serif" / "NotoSerif-Regular.ttf")
    assert {"layouts/_shared/style.css", "layouts/a5/style.css"} <= set(entry.inputs)
    assert {"python", "weasyprint", "pydyf", "fonttools", "pango", "harfbuzz"} <= set(entry.toolchain)
    frozen = issue_dir / "xuat-ban" / "thiet-lap"
    assert (frozen / "layouts" / "a5" / "style.css").read_bytes() == (
        REPO / "layouts" / "a5" / "style.css").read_bytes()
    assert (frozen / "thong-tin-noi-bo.yaml").is_file()


def test_the_stored_reader_pdf_is_archival_and_carries_its_sources(archive):
    with pikepdf.open(stored(archive, f"{STEM}-ban-doc.pdf")) as pdf:
        with pdf.open_metadata() as meta:
            assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "B")
        names = set(pdf.attachments)
        issue_md = pdf.attachments["bulletins/2023-11/luat-thuc-hien-dan-chu-o-co-so.md"]
        assert issue_md.get_file().read_bytes() == (
            archive / "bulletins" / "2023-11" / "luat-thuc-hien-dan-chu-o-co-so.md").read_bytes()
    recorded = record.read(archive / "bulletins" / "2023-11").current.inputs
    assert names == {name for name in recorded
                     if not name.startswith("fonts/") or name == "fonts/fonts.css"}


def test_verify_finds_the_published_issue_identical(archive):
    result = invoke("verify", "--bulletins", archive / "bulletins")
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "2023-11: khớp từng byte với các tệp đã lưu."


def test_a_one_character_edit_is_reported_by_check_with_the_file_name(project):
    edit_first(project / "bulletins" / "2023-11" / "tin-van-trong-huyen.md", "huyện", "huyên")
    result = invoke("check", project / "bulletins" / "2023-11")
    assert result.exit_code == 1
    assert "tin-van-trong-huyen.md: tệp bulletins/2023-11/tin-van-trong-huyen.md đã thay đổi " \
           "sau khi số được xuất bản ngày 20/11/2023" in result.stderr
    assert "Traceback" not in result.output


def test_check_passes_an_untouched_published_issue(archive):
    result = invoke("check", archive / "bulletins" / "2023-11")
    assert result.exit_code == 0, result.output


def test_a_build_never_changes_a_stored_file(project, tmp_path):
    issue_dir = project / "bulletins" / "2023-11"
    before = {p: p.read_bytes() for p in (issue_dir / "xuat-ban").rglob("*") if p.is_file()}
    edit_first(issue_dir / "tin-van-trong-huyen.md", "huyện", "tỉnh")  # a correction to preview
    result = CliRunner().invoke(main, ["build", str(issue_dir), "--json"])
    assert result.exit_code == 0, result.output
    assert any("đã xuất bản" in w for w in json.loads(result.stdout)["warnings"])
    assert {p: p.read_bytes() for p in (issue_dir / "xuat-ban").rglob("*") if p.is_file()} == before
    assert Path(json.loads(result.stdout)["outputs"]["print"]).parent == project / "build" / "2023-11"


def test_tampering_with_a_stored_pdf_makes_verify_fail_naming_it(project):
    pdf = stored(project, f"{STEM}-ban-in.pdf")
    pdf.write_bytes(pdf.read_bytes() + b"%")
    result = invoke("verify", project / "bulletins" / "2023-11")
    assert result.exit_code == 1
    assert (f"2023-11: KHÁC — tệp đã lưu không khớp hồ sơ (đã bị sửa): {STEM}-ban-in.pdf"
            in result.stderr)


def test_verify_explains_a_changed_input_and_the_pages_it_changed(project):
    issue_dir = project / "bulletins" / "2023-11"
    edit_first(issue_dir / "tin-van-trong-huyen.md", "hơn 120 báo cáo viên", "hơn 130 báo cáo viên")
    result = invoke("verify", "--json", issue_dir)
    assert result.exit_code == 1
    [verdict] = json.loads(result.stdout)["issues"]
    assert verdict["changed_inputs"] == ["bulletins/2023-11/tin-van-trong-huyen.md"]
    assert verdict["tampered"] == []
    stored_pdf = pdfium.PdfDocument(stored(project, f"{STEM}-ban-in.pdf"))
    edited_page = next(index + 1 for index in range(len(stored_pdf))
                       if "hơn 120 báo cáo viên" in stored_pdf[index].get_textpage().get_text_range())
    assert verdict["visible_pages"][f"{STEM}-ban-in.pdf"] == [edited_page]


def test_extract_then_build_reproduces_the_stored_print_pdf(archive, tmp_path):
    reader = stored(archive, f"{STEM}-ban-doc.pdf")
    result = invoke("extract", reader, tmp_path / "recovered")
    assert result.exit_code == 0, result.output
    issue_dir = tmp_path / "recovered" / "bulletins" / "2023-11"
    assert (issue_dir / "img" / "tram-y-te-lam-son.jpg").is_file()
    built = CliRunner().invoke(main, ["build", str(issue_dir), "--out", str(tmp_path / "out"),
                                      "--json"])
    assert built.exit_code == 0, built.output
    outputs = json.loads(built.stdout)["outputs"]
    assert Path(outputs["print"]).read_bytes() == stored(archive, f"{STEM}-ban-in.pdf").read_bytes()
    assert Path(outputs["reader"]).read_bytes() == reader.read_bytes()


def test_extract_refuses_a_pdf_without_sources(built, tmp_path):
    result = invoke("extract", built["2023-12"].print_file, tmp_path / "x")
    assert result.exit_code == 1
    assert "không mang nguồn của một số bản tin" in result.stderr


def test_a_correction_keeps_the_earlier_files_and_the_reason(project):
    issue_dir = project / "bulletins" / "2023-11"
    first = stored(project, f"{STEM}-ban-in.pdf").read_bytes()
    refused = invoke("publish", issue_dir)
    assert refused.exit_code == 1 and "đã xuất bản ngày 20/11/2023" in refused.stderr
    edit_first(issue_dir / "tin-van-trong-huyen.md", "huyện", "tỉnh")
    result = invoke("publish", issue_dir, "--correction", "Sửa tên đơn vị ở mục Tin vắn")
    assert result.exit_code == 0, result.output
    history = record.read(issue_dir).publications
    assert [(p.reason, p.folder) for p in history] == [
        (None, "lan-1"), ("Sửa tên đơn vị ở mục Tin vắn", ".")]
    assert (issue_dir / "xuat-ban" / "lan-1" / f"{STEM}-ban-in.pdf").read_bytes() == first
    assert stored(project, f"{STEM}-ban-in.pdf").read_bytes() != first
    assert invoke("check", issue_dir).exit_code == 0
    assert invoke("verify", issue_dir).exit_code == 0


def test_live_layout_and_font_changes_leave_a_published_issue_alone(archive, tmp_path):
    project = Path(shutil.copytree(archive, tmp_path / "project"))  # real copies, not links
    style = project / "layouts" / "a5" / "style.css"
    style.write_text(style.read_text() + "\nhtml { font-size: 12pt; }\n")
    shutil.copy(project / "fonts" / "noto-sans" / "NotoSans-Bold.ttf", project / "fonts" / "Extra.ttf")
    fonts_css = project / "fonts" / "fonts.css"
    fonts_css.write_text(fonts_css.read_text() + '@font-face { font-family: Extra; src: url("Extra.ttf"); }\n')
    assert invoke("check", project / "bulletins" / "2023-11").exit_code == 0
    assert invoke("verify", project / "bulletins" / "2023-11").exit_code == 0


def test_build_all_rebuilds_exactly_the_issue_whose_input_changed(project, tmp_path):
    out = tmp_path / "out"
    first = json.loads(invoke("build-all", project / "bulletins", "--out", out, "--json").stdout)
    assert first["built"] == list(SAMPLE_ISSUES) and first["failed"] == []
    again = json.loads(invoke("build-all", project / "bulletins", "--out", out, "--json").stdout)
    assert again["built"] == [] and again["skipped"] == list(SAMPLE_ISSUES)
    edit_first(project / "bulletins" / "2023-12" / "hoi-dap-nong-do-con.md", "Hỏi", "Hỏi:")
    (project / "bulletins" / "2024-01" / "issue.yaml").touch()  # a date change alone is no change
    third = json.loads(invoke("build-all", project / "bulletins", "--out", out, "--json").stdout)
    assert third["built"] == ["2023-12"]
    assert third["skipped"] == ["2023-11", "2024-01"]


def test_build_all_reports_a_broken_issue_and_builds_the_others(project, tmp_path):
    replace(project / "bulletins" / "2024-01" / "issue.yaml", "number: 1", "number: một")
    result = invoke("build-all", project / "bulletins", "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert "2024-01: LỖI" in result.stdout and "2023-12: đã dựng" in result.stdout
    assert "issue.yaml:3: 'number' phải là một số nguyên" in result.stderr


@pytest.mark.parametrize("query", ["hoa lam", "Hòa Lâm", "HOÀ LÂM"])
def test_find_is_insensitive_to_case_diacritics_and_tone_placement(archive, query):
    result = invoke("find", "--bulletins", archive / "bulletins", "--json", query)
    hits = json.loads(result.stdout)["hits"]
    assert {h["issue"] for h in hits} == {"2023-11"}  # the only issue with a PDF
    assert json.loads(result.stdout)["not_built"] == ["2024-01", "2023-12"]


def test_find_gives_the_printed_page_and_the_item(archive):
    hits = json.loads(invoke("find", "--bulletins", archive / "bulletins", "--json",
                             "y si").stdout)["hits"]
    pages = {(h["page"], h["title"]) for h in hits}
    assert (19, "NGƯỜI Y SĨ HƠN HAI MƯƠI NĂM BÁM TRẠM Ở VÙNG XA LÂM SƠN") in pages


def test_find_does_not_match_other_marks(archive):
    """Twin: a query typed with marks does not find the same letters with other marks."""
    hits = json.loads(invoke("find", "--bulletins", archive / "bulletins", "--json",
                             "ý sĩ").stdout)["hits"]
    assert hits == []
