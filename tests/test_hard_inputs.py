"""The thirteen defects found when hard inputs were tried, each reproduced through the CLI,
and the security rules: nothing outside the issue, layouts/ and fonts/ reaches a PDF."""

from __future__ import annotations

import errno
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner
from PIL import Image
from projects import REPO, copy_samples, line_of, make_project, markdown, replace

from bulletin_press.cli import main
from bulletin_press.press.preflight import foreign_fonts

ENGLISH = ("Traceback", "Error:", "Warning", "Failed", "Usage:", "No such", "Ignored")


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def jpeg(size=(120, 80), colour=(20, 110, 190)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="JPEG", quality=90)
    return out.getvalue()


def set_body(issue_dir: Path, body: str, **header) -> Path:
    article = issue_dir / "tin-chinh.md"
    article.write_text(markdown("article", body, title="Hội nghị tổng kết", **header),
                       encoding="utf-8")
    return article


def built_files(out: Path) -> dict[str, bytes]:
    """Every file of the build folder, the web edition's folder included."""
    folder = out / "2024-01"
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


@pytest.fixture
def project(tmp_path) -> Path:
    """The tiny project, built once into tmp_path/out so that outputs exist to protect."""
    issue_dir = make_project(tmp_path / "project")
    result = invoke("build", issue_dir, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    return issue_dir


def assert_refused(result, before: dict, out: Path, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    for part in parts:
        assert part in result.output, result.output
    assert not any(word in result.output for word in ENGLISH), result.output
    assert built_files(out) == before


# 1 -------------------------------------------------------------------------------------------
def test_1_an_impossible_date_does_not_hide_the_other_mistakes_which_come_in_line_order(project):
    manifest = project / "issue.yaml"
    replace(manifest, "date: 2024-01-15", "date: 2024-02-30\nlayuot: a5")
    replace(manifest, "- tin-van.md", "- khong-co.md")
    result = invoke("check", project)
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if "issue.yaml:" in line]
    assert [int(line.split("issue.yaml:")[1].split(":")[0]) for line in lines] == [4, 5, 12]
    assert "ngày “2024-02-30” không có thật" in lines[0]
    assert "không thuộc tháng" not in result.stderr  # an impossible date is one mistake, not two
    assert "khóa 'layuot' không được hỗ trợ" in lines[1]
    assert "không tìm thấy tệp khong-co.md" in lines[2]


# 2 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("address, part", [
    ("file:///anh.png", "dùng địa chỉ kiểu “file:”"),
    ("http://example.com/anh.jpg", "là địa chỉ trên mạng"),
    ("https://example.com/anh.jpg", "là địa chỉ trên mạng"),
    ("data:image/png;base64,iVBORw0KGgo=", "dùng địa chỉ kiểu “data:”"),
])
def test_2_an_image_address_with_a_scheme_is_a_located_error_not_literal_text(project, address, part):
    before = built_files(project.parents[2] / "out")
    article = set_body(project, f"Đoạn đầu.\n\n![Ảnh]({address})\n")
    result = invoke("build", project, "--out", project.parents[2] / "out")
    assert_refused(result, before, project.parents[2] / "out",
                   f"tin-chinh.md:{line_of(article, '![Ảnh]')}:", part)


# 3 and 7 -----------------------------------------------------------------------------------
@pytest.mark.parametrize("data, part", [
    (jpeg((800, 600))[:1500], "bị cắt cụt"),
    (b"", "tệp ảnh trống"),
    (b"<html>khong phai anh</html>", "ảnh img/anh"),
    (os.urandom(4000), "ảnh img/anh"),
])
@pytest.mark.parametrize("command", ["check", "build"])
def test_3_7_a_broken_photo_is_a_located_error_in_check_and_build(project, data, part, command):
    out = project.parents[2] / "out"
    before = built_files(out)
    (project / "img").mkdir(exist_ok=True)
    (project / "img" / "anh.jpg").write_bytes(data)
    article = set_body(project, "Đoạn đầu.\n\n![Lễ khánh thành](img/anh.jpg)\n")
    result = invoke(command, project, *(["--out", out] if command == "build" else []))
    assert_refused(result, before, out, f"tin-chinh.md:{line_of(article, '![Lễ')}:", part)


# 4 -------------------------------------------------------------------------------------------
def test_4_weasyprint_warnings_reach_the_editor_in_vietnamese_at_their_line(project, tmp_path):
    (project / "style.css").write_text("p { text-indent: 1em; }\n.lead { colr: red; }\n",
                                       encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(project), "--out", str(tmp_path / "o"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    [warning] = json.loads(result.stdout)["warnings"]
    assert warning.endswith("style.css:2: bỏ qua khai báo CSS “colr: red”: thuộc tính này không có.")


@pytest.mark.parametrize("args, message", [
    (["build"], "Lỗi: thiếu ISSUE_DIR."),
    (["build", "x", "--ra"], "Lỗi: không có tùy chọn --ra."),
])
def test_4_click_usage_errors_are_vietnamese(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(message)
    assert not any(word in result.output for word in ENGLISH)


# 5 -------------------------------------------------------------------------------------------
def test_5_out_naming_a_file(project, tmp_path):
    a_file = tmp_path / "ghi-chu.txt"
    a_file.write_text("x")
    result = invoke("build", project, "--out", a_file)
    assert result.exit_code == 1
    assert "ghi-chu.txt/2024-01: không ghi được: một phần của đường dẫn là tệp" in result.stderr
    assert a_file.read_text() == "x"


def test_5_out_an_impossible_path(project):
    result = invoke("build", project, "--out", "/proc/khong-the/ghi")
    assert result.exit_code == 1
    assert "không ghi được" in result.stderr and "khong-the" in result.stderr
    assert not any(word in result.output for word in ENGLISH)


@pytest.mark.parametrize("code, part", [(errno.EACCES, "không có quyền ghi"),
                                        (errno.ENOSPC, "ổ đĩa đã đầy"),
                                        (errno.EROFS, "ổ đĩa chỉ cho đọc")])
def test_5_an_output_folder_that_cannot_be_written_or_a_full_disk(project, monkeypatch, code, part):
    out = project.parents[2] / "out"
    before = built_files(out)

    def refuse(fd, data):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(os, "write", refuse)  # every output file is written with os.write
    result = invoke("build", project, "--out", out)
    monkeypatch.undo()
    assert_refused(result, before, out, part)
    assert not [p for p in (out / "2024-01").rglob("*") if p.name.startswith(".")]


def test_5_an_unreadable_content_file(project, monkeypatch):
    briefing = project / "tin-van.md"
    reading = Path.read_bytes

    def unreadable(path):
        if path == briefing:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return reading(path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    result = invoke("check", project)
    assert result.exit_code == 1
    assert "tin-van.md: không đọc được: không có quyền đọc" in result.stderr


# 6 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("form", ["NFC", "NFD"])
def test_6_a_photo_named_with_vietnamese_letters_and_spaces_is_found(project, tmp_path, form):
    (project / "img").mkdir(exist_ok=True)
    # 1200 px across the 12 cm column: 254 ppi, sharp enough for preflight.
    (project / "img" / unicodedata.normalize(form, "trạm y tế xã.jpg")).write_bytes(
        jpeg((1200, 800)))
    set_body(project, "Đoạn đầu.\n\n![Trạm y tế xã Tân An](img/trạm y tế xã.jpg)\n")
    result = CliRunner().invoke(main, ["build", str(project), "--out", str(tmp_path / "o"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    import pikepdf

    from bulletin_press.press.images import placements

    with pikepdf.open(json.loads(result.stdout)["outputs"]["print"]) as pdf:
        assert [p.size_px for p in placements(pdf)] == [(1200, 800)]


# 8 -------------------------------------------------------------------------------------------
def test_8_a_date_with_a_time(project):
    replace(project / "issue.yaml", "date: 2024-01-15", "date: 2024-01-15 08:00:00")
    result = invoke("check", project)
    assert result.exit_code == 1
    assert "issue.yaml:4: ngày “2024-01-15 08:00:00” có cả giờ" in result.stderr


@pytest.mark.parametrize("value, part", [("ba", "không phải “ba”"), ("-3", "không phải “-3”")])
def test_8_a_bleed_that_is_not_a_length(tmp_path, value, part):
    issue_dir = make_project(tmp_path / "project")
    layouts = tmp_path / "project" / "layouts"
    layouts.unlink()
    shutil.copytree(REPO / "layouts", layouts)
    replace(layouts / "a5" / "layout.yaml", "bleed_mm: 3", f"bleed_mm: {value}")
    result = invoke("check", issue_dir)
    assert result.exit_code == 1
    assert f"layout.yaml:4: 'bleed_mm' (tràn lề, mm) phải là một số từ 0 đến 10" in result.stderr
    assert part in result.stderr


def test_8_new_after_an_issue_whose_number_is_not_a_whole_number(project):
    replace(project / "issue.yaml", "number: 1", "number: 1a")
    result = invoke("new", project.parent)
    assert result.exit_code == 1
    assert "issue.yaml:2: 'number' của số 2024-01 phải là một số nguyên" in result.stderr


def test_8_a_nul_character_in_an_item_name(project):
    replace(project / "issue.yaml", "- tin-van.md", '- "tin-van\\0.md"')
    result = invoke("check", project)
    assert result.exit_code == 1
    assert "ký tự điều khiển" in result.stderr and "Traceback" not in result.output


# 9 -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("written, read", [("010", 10), ("08", 8)])
def test_9_numbers_with_a_leading_zero_are_decimal(project, written, read):
    replace(project / "issue.yaml", "number: 1", f"number: {written}")
    result = invoke("check", "--json", project)
    assert result.exit_code == 0, result.output
    from bulletin_press.manifest import load_issue

    assert load_issue(project).number == read


def test_9_a_negative_make_ready(project):
    replace(project.parent / "ban-tin.yaml", "  paper_gsm: 80", "  paper_gsm: 80\n  make_ready: -5000")
    result = invoke("check", project)
    assert "ban-tin.yaml:12: 'make_ready' (số tờ chỉnh máy) phải từ 0 đến 5000" in result.stderr


def test_9_an_unquoted_editorial_board_line_is_printed_as_written(project, tmp_path):
    replace(project.parent / "ban-tin.yaml", "layout: a5",
            "editorial_board:\n  - Trưởng ban: Nguyễn Văn An\nlayout: a5")
    result = CliRunner().invoke(main, ["build", str(project), "--out", str(tmp_path / "o"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(json.loads(result.stdout)["outputs"]["reader"])
    back = pdf[len(pdf) - 1].get_textpage().get_text_range()
    assert "Trưởng ban: Nguyễn Văn An" in back and "{" not in back


def test_9_a_second_licence_for_a_year_and_a_file_listed_twice(project):
    series = project.parent / "ban-tin.yaml"
    series.write_text(series.read_text(encoding="utf-8") + (
        "  - { year: 2024, number: 09/GP, date: 2024-01-02, issued_by: Sở, valid_until: "
        '2024-12-31, copies: 100, format: "14,8 × 21 cm", pages: 32, printer: X }\n'), encoding="utf-8")
    replace(project / "issue.yaml", "- tin-van.md", "- tin-chinh.md")
    result = invoke("check", project)
    assert result.exit_code == 1
    assert "ban-tin.yaml:25: năm 2024 đã có giấy phép ở dòng 16" in result.stderr
    assert "issue.yaml:11: tệp tin-chinh.md đã được liệt kê ở dòng 8" in result.stderr


# 10 ------------------------------------------------------------------------------------------
def test_10_new_keeps_section_titles_with_colons_and_hashes(project):
    replace(project / "issue.yaml", "title: Tin vắn", 'title: "Hỏi – đáp: pháp luật"')
    replace(project / "issue.yaml", "title: Thời sự", 'title: "#1 Tin nóng"')
    result = invoke("new", project.parent)
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((project.parent / "2024-02" / "issue.yaml").read_text(encoding="utf-8"))
    assert [s["title"] for s in data["sections"]] == ["#1 Tin nóng", "Hỏi – đáp: pháp luật"]


# 11 ------------------------------------------------------------------------------------------
def test_11_a_back_page_longer_than_one_page_is_refused(project):
    out = project.parents[2] / "out"
    before = built_files(out)
    board = "".join(f"  - Ủy viên số {n}: Nguyễn Văn Thành, Phó trưởng phòng\n" for n in range(60))
    replace(project.parent / "ban-tin.yaml", "layout: a5", f"editorial_board:\n{board}layout: a5")
    result = invoke("build", project, "--out", out)
    assert_refused(result, before, out, "ban-tin.yaml: trang cuối dài 2 trang, phải vừa một trang")


def test_11_a_layout_override_without_the_spare_pages_is_refused(project):
    out = project.parents[2] / "out"
    before = built_files(out)
    (project / "document.html").write_text(
        '<html lang="vi"><body>{% include "cover.html" %}{% for section in sections %}'
        '{% for fragment in section.fragments %}{% set item = fragment.item %}'
        '{% include item.kind ~ ".html" %}{% endfor %}{% endfor %}'
        '{% include "back.html" %}</body></html>', encoding="utf-8")
    result = invoke("build", project, "--out", out)
    assert_refused(result, before, out, "2024-01/document.html: mẫu trình bày phải kết thúc bằng 3 "
                                        "trang trắng dự phòng")


# 12 ------------------------------------------------------------------------------------------
def test_12_code_and_an_indented_paragraph_use_only_bundled_fonts(project, tmp_path):
    set_body(project, "Gõ lệnh `bulletin check` trước khi in.\n\n"
                      "    Đoạn này được dán vào với bốn dấu cách ở đầu dòng.\n\n"
                      "```\nmake issue\n```\n")
    result = CliRunner().invoke(main, ["build", str(project), "--out", str(tmp_path / "o"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    pdf = Path(json.loads(result.stdout)["outputs"]["print"])
    assert foreign_fonts(pdf.read_bytes(), REPO / "fonts") == []
    text = " ".join(page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf))
    assert "bulletin check" in text and "Đoạn này được dán vào" in text


# 13 ------------------------------------------------------------------------------------------
def test_13_latin_names_are_not_legacy_text_and_keep_words_is_the_way_out(project):
    set_body(project, "Chuyên gia Müller (Đức) và bà Zoë Gödel trao đổi kinh nghiệm.\n")
    assert invoke("check", project).exit_code == 0
    set_body(project, "Đoàn đã thăm thành phố Bø.\n")
    result = invoke("check", project)
    assert result.exit_code == 1 and "thêm nó vào danh sách 'keep_words'" in result.stderr
    series = project.parent / "ban-tin.yaml"
    series.write_text(series.read_text(encoding="utf-8") + "keep_words: [Bø]\n", encoding="utf-8")
    assert invoke("check", project).exit_code == 0


# Decomposed text ----------------------------------------------------------------------------
def test_nfd_input_builds_a_pdf_whose_text_is_nfc(project, tmp_path):
    nfd = unicodedata.normalize("NFD", "Hội nghị tổng kết công tác năm của Đảng ủy xã.")
    set_body(project, nfd + "\n")
    result = CliRunner().invoke(main, ["build", str(project), "--out", str(tmp_path / "o"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(json.loads(result.stdout)["outputs"]["reader"])
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Hội nghị tổng kết công tác năm của Đảng ủy xã." in " ".join(text.split())
    assert unicodedata.is_normalized("NFC", text)


# Security: refused paths and URLs, nothing from outside in a PDF ----------------------------
SECRET = "BÍ-MẬT-NGOÀI-CÂY-THƯ-MỤC-7731"


@pytest.fixture
def planted(tmp_path) -> Path:
    """A file outside every readable folder, with bytes that must never reach a PDF."""
    secret = tmp_path / "ngoai" / "bi-mat.png"
    secret.parent.mkdir()
    image = Image.new("RGB", (50, 50), (255, 0, 0))
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=None)
    secret.write_bytes(out.getvalue())
    (tmp_path / "ngoai" / "bi-mat.css").write_text(f"/* {SECRET} */ body {{ color: red; }}\n")
    return secret


REFUSED = {
    "image file URL": ("body", "![Ảnh](file://{secret})"),
    "image above the folder": ("body", "![Ảnh](../../../ngoai/bi-mat.png)"),
    "image absolute path": ("body", "![Ảnh]({secret})"),
    "image http": ("body", "![Ảnh](http://127.0.0.1/bi-mat.png)"),
    "image data URL": ("body", "![Ảnh](data:image/png;base64,iVBORw0KGgo=)"),
    "image symlink outside": ("symlink", "![Ảnh](img/lien-ket.png)"),
    "link to a file": ("body", "Xem [tệp](file://{secret})."),
    "link to the web": ("body", "Xem [trang](https://example.com)."),
    "item above the folder": ("manifest", "../../ngoai/bai.md"),
    "item absolute path": ("manifest", "/etc/hostname.md"),
    "item file URL": ("manifest", "file:///etc/bai.md"),
    "style url outside": ("css", "body {{ background: url({secret}); }}"),
    "style http import": ("css", '@import url("https://example.com/x.css");'),
    "style relative import above": ("css", '@import "../../../ngoai/bi-mat.css";'),
    "style data url": ("css", "body {{ background: url(data:image/png;base64,iVBOR); }}"),
    "template image outside": ("template", '<img src="../../../ngoai/bi-mat.png">'),
}


@pytest.mark.parametrize("kind, text", REFUSED.values(), ids=REFUSED.keys())
def test_every_refused_path_and_url_kind_stops_the_build(project, planted, kind, text):
    out = project.parents[2] / "out"
    before = built_files(out)
    text = text.format(secret=planted)
    if kind in ("body", "symlink"):
        (project / "img").mkdir(exist_ok=True)
        if kind == "symlink":
            (project / "img" / "lien-ket.png").symlink_to(planted)
        set_body(project, f"Đoạn đầu.\n\n{text}\n")
    elif kind == "manifest":
        replace(project / "issue.yaml", "- tin-van.md", f"- {text}")
    elif kind == "css":
        (project / "style.css").write_text(text + "\n", encoding="utf-8")
    else:
        (project / "briefing.html").write_text(
            f'<article class="item briefing" id="{{{{ fragment.anchor }}}}">{text}</article>',
            encoding="utf-8")
    result = invoke("build", project, "--out", out)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert built_files(out) == before


def test_nothing_from_outside_the_tree_is_in_a_built_pdf(project, planted, tmp_path):
    """Twin: the planted bytes are findable when a PDF really holds them."""
    import pikepdf

    def holds_secret(pdf_path: Path) -> bool:
        with pikepdf.open(pdf_path) as pdf:
            streams = [obj.read_bytes() for obj in pdf.objects if isinstance(obj, pikepdf.Stream)]
        return any(SECRET.encode() in data or planted.read_bytes()[-40:] in data for data in streams)

    out = project.parents[2] / "out" / "2024-01"
    assert not any(holds_secret(pdf) for pdf in out.glob("*.pdf"))
    from weasyprint import HTML

    leaked = tmp_path / "leaked.pdf"
    HTML(string=f"<p>{SECRET}</p>").write_pdf(leaked, uncompressed_pdf=True)
    assert SECRET.encode() not in leaked.read_bytes() or holds_secret(leaked)


# Raw HTML and scripts --------------------------------------------------------------------------
def test_raw_html_and_script_are_printed_as_text(project, tmp_path):
    set_body(project, "Trước <script>alert('x')</script> sau <b>đậm</b>.\n")
    result = CliRunner().invoke(main, ["build", str(project), "--out", str(tmp_path / "o"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    pdf = pdfium.PdfDocument(json.loads(result.stdout)["outputs"]["reader"])
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    assert "<script>alert(‘x’)</script>" in text or "<script>alert('x')</script>" in text


# A killed build -------------------------------------------------------------------------------
@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_a_build_killed_in_the_middle_leaves_the_outputs_and_no_temporary_file(tmp_path, delay):
    """The largest sample takes seconds to lay out: the kill lands before anything is written."""
    issue_dir = copy_samples(tmp_path / "project", ["2024-01"]) / "2024-01"
    out = tmp_path / "out"
    assert invoke("build", issue_dir, "--out", out).exit_code == 0
    before = built_files(out)
    replace(issue_dir / "tin-van-trong-huyen.md", "title: Tin vắn trong huyện",
            "title: Tin vắn trong huyện tháng 01")
    process = subprocess.Popen([sys.executable, "-m", "bulletin_press", "build", str(issue_dir),
                                "--out", str(out)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert built_files(out) == before


def test_temporary_files_a_killed_write_left_are_removed_by_the_next_build(project):
    out = project.parents[2] / "out" / "2024-01"
    stale = out / ".ban-tin-2024-01-ban-in.pdf.k3f9x.tmp"
    stale.write_bytes(b"%PDF-1.7 half")
    assert invoke("build", project, "--out", out.parent).exit_code == 0
    assert not stale.exists()
