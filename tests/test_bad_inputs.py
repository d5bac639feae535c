"""A corpus of bad inputs, each one mistake an editor or a maintainer makes in a tiny bulletin.

Every case goes through `bulletin build` on a project that was built successfully before:
exit code 1, the expected file and line with the expected Vietnamese message, no traceback,
no output written, and the previous outputs byte for byte as they were.
"""

from __future__ import annotations

import io
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image
from projects import REPO, make_project, markdown

from bulletin_press.cli import main

ISSUE = "bulletins/2024-01"


def jpeg(size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, format="JPEG")
    return out.getvalue()


@dataclass(frozen=True)
class Case:
    edits: tuple            # (kind, path relative to the project, *arguments)
    file: str               # the file the problem must name, relative to the project
    needle: str | int | None  # text on the expected line, or the line number; None: no line
    message: str            # a part of the expected message


def replace(path: str, old: str, new: str) -> tuple:
    return ("replace", path, old, new)


def write(path: str, text: str) -> tuple:
    return ("write", path, text)


def write_bytes(path: str, data: bytes) -> tuple:
    return ("bytes", path, data)


def body(text: str) -> tuple:
    """The main article's body replaced by text."""
    return write(f"{ISSUE}/tin-chinh.md", markdown("article", text, title="Hội nghị tổng kết"))


ISSUE_YAML, SERIES, ARTICLE = f"{ISSUE}/issue.yaml", "bulletins/ban-tin.yaml", f"{ISSUE}/tin-chinh.md"
PHOTO_OK = write_bytes(f"{ISSUE}/img/anh.jpg", jpeg())

CASES = {
    # --- the issue manifest ----------------------------------------------------------------
    "misspelled key": Case((replace(ISSUE_YAML, "date: 2024-01-15", "date: 2024-01-15\nlayuot: a5"),),
                           ISSUE_YAML, "layuot", "Có phải ý bạn là 'layout'?"),
    "impossible date": Case((replace(ISSUE_YAML, "2024-01-15", "2024-01-32"),),
                            ISSUE_YAML, "2024-01-32", "ngày “2024-01-32” không có thật"),
    "date with a time": Case((replace(ISSUE_YAML, "2024-01-15", "2024-01-15 08:00:00"),),
                             ISSUE_YAML, "08:00", "có cả giờ"),
    "number in words": Case((replace(ISSUE_YAML, "number: 1", "number: một"),),
                            ISSUE_YAML, "number:", "'number' phải là một số nguyên"),
    "number zero": Case((replace(ISSUE_YAML, "number: 1", "number: 0"),),
                        ISSUE_YAML, "number:", "phải từ 1 đến 366"),
    "month not the folder": Case((replace(ISSUE_YAML, 'month: "2024-01"', 'month: "2024-02"'),),
                                 ISSUE_YAML, "month:", "khác tên thư mục 2024-01"),
    "date outside the month": Case((replace(ISSUE_YAML, "2024-01-15", "2024-02-15"),),
                                   ISSUE_YAML, "date:", "không thuộc tháng 01/2024"),
    "content file missing": Case((replace(ISSUE_YAML, "- tin-van.md", "- tin-vat.md"),),
                                 ISSUE_YAML, "tin-vat.md", "không tìm thấy tệp tin-vat.md"),
    "content file listed twice": Case((replace(ISSUE_YAML, "- tin-van.md", "- tin-chinh.md"),),
                                      ISSUE_YAML, 11, "đã được liệt kê ở dòng 8"),
    "content file outside the folder": Case(
        (replace(ISSUE_YAML, "- tin-van.md", "- ../../x.md"),),
        ISSUE_YAML, "../../x.md", "phải là một tệp .md nằm trong thư mục 2024-01/"),
    "control character in a file name": Case(
        (replace(ISSUE_YAML, "- tin-van.md", '- "tin\\0van.md"'),),
        ISSUE_YAML, "tin\\0van", "ký tự điều khiển"),
    "section without items": Case((replace(ISSUE_YAML, "    items:\n      - tin-van.md\n", "    items: []\n"),),
                                  ISSUE_YAML, "items: []", "chưa có bài nào"),
    "no section": Case((replace(ISSUE_YAML, ISSUE_YAML and "sections:", "sections: []\nold_sections:"),),
                       ISSUE_YAML, "sections: []", "chưa có chuyên mục nào"),
    "colon in an unquoted title": Case((replace(ISSUE_YAML, "title: Tin vắn", "title: Hỏi – đáp: pháp luật"),),
                                       ISSUE_YAML, "Hỏi – đáp", "ngoặc kép"),
    "tab indentation": Case((replace(ISSUE_YAML, "  - title: Tin vắn", "\t- title: Tin vắn"),),
                            ISSUE_YAML, "\t- title", "Tab"),
    "unclosed quote": Case((replace(ISSUE_YAML, 'month: "2024-01"', 'month: "2024-01'),),
                           ISSUE_YAML, 'month: "2024-01', "lỗi cú pháp YAML"),
    "key written twice": Case((replace(ISSUE_YAML, "number: 1", "number: 1\nnumber: 2"),),
                              ISSUE_YAML, "number: 2", "khai báo hai lần"),
    "negative copies in the issue": Case((replace(ISSUE_YAML, "date: 2024-01-15", "date: 2024-01-15\nprint:\n  copies: -5"),),
                                         ISSUE_YAML, "copies: -5", "phải từ 1 đến 100000"),
    "negative make-ready": Case((replace(ISSUE_YAML, "date: 2024-01-15", "date: 2024-01-15\nprint:\n  make_ready: -5000"),),
                                ISSUE_YAML, "make_ready", "phải từ 0 đến 5000"),
    "unknown layout": Case((replace(ISSUE_YAML, "date: 2024-01-15", "date: 2024-01-15\nlayout: a4"),),
                           ISSUE_YAML, "layout: a4", "không có bố cục 'a4'"),
    # --- the series settings -----------------------------------------------------------------
    "distribution does not add up": Case((replace(SERIES, "copies: 40 }", "copies: 30 }"),),
                                         SERIES, "distribution:", "cộng lại 90 bản, khác số bản in 100"),
    "licence expired": Case((replace(SERIES, "valid_until: 2024-12-31", "valid_until: 2024-01-10"),),
                            SERIES, "valid_until", "không bao gồm ngày phát hành 2024-01-15"),
    "second licence for the year": Case(
        (replace(SERIES, "    printer: Xưởng in Thử\n", "    printer: Xưởng in Thử\n"
                 "  - { year: 2024, number: 02/GP-STTTT, date: 2024-03-01, issued_by: Sở TT&TT, "
                 "valid_until: 2024-12-31, copies: 100, format: \"14,8 × 21 cm\", pages: 32, "
                 "printer: Xưởng in Thử }\n"),),
        SERIES, "02/GP-STTTT", "năm 2024 đã có giấy phép ở dòng 16; mỗi năm chỉ một giấy phép"),
    "licence format is not the layout": Case((replace(SERIES, "format: 14,8 × 21 cm", "format: 19 × 27 cm"),),
                                             SERIES, "format:", "giấy phép ghi khổ 19 × 27 cm"),
    "more copies than licensed": Case((replace(SERIES, "    copies: 100\n    format", "    copies: 50\n    format"),),
                                      SERIES, "    copies: 50", "vượt số lượng giấy phép cho phép"),
    "licence over 64 pages": Case((replace(SERIES, "pages: 32", "pages: 72"),),
                                  SERIES, "pages: 72", "không được quá 64 trang"),
    "series without publisher": Case((replace(SERIES, "publisher: BAN TUYÊN GIÁO HUYỆN ỦY THỬ\n", ""),),
                                     SERIES, 1, "thiếu khóa 'publisher'"),
    "editorial board line is a list": Case(
        (replace(SERIES, "layout: a5", "editorial_board:\n  - [Trưởng ban, X]\nlayout: a5"),),
        SERIES, "[Trưởng ban", "mỗi dòng của 'editorial_board' phải là một đoạn chữ"),
    # --- content files -------------------------------------------------------------------------
    "no header": Case((write(ARTICLE, "Nội dung không có phần đầu.\n"),), ARTICLE, "Nội dung",
                      "phần đầu YAML giữa hai dòng"),
    "wrong kind": Case((replace(ARTICLE, "kind: article", "kind: news"),), ARTICLE, "kind:",
                       "'kind' phải là article"),
    "key of another kind": Case((replace(ARTICLE, "author: Thu Hà", "source: UBND huyện"),),
                                ARTICLE, "source:", "không dùng cho loại article"),
    "empty body": Case((write(ARTICLE, markdown("article", "\n", title="Tin")),), ARTICLE, 5,
                       "chưa có nội dung"),
    "level-one heading": Case((body("# Tiêu đề lớn\n\nĐoạn văn.\n"),), ARTICLE, "# Tiêu đề",
                              "không dùng được trong thân bài"),
    "briefing without bold lead-in": Case((replace(f"{ISSUE}/tin-van.md", "**Xã Phú Mỹ:** Khánh", "Khánh"),),
                                          f"{ISSUE}/tin-van.md", "Khánh thành", "bắt đầu bằng phần in đậm"),
    "TCVN3 text": Case((body("Héi nghÞ tæng kÕt c«ng t¸c n¨m.\n"),), ARTICLE, "Héi",
                       "bảng mã cũ TCVN3 (ABC)"),
    "VNI text": Case((body("Hoäi nghò toång keát coâng taùc naêm.\n"),), ARTICLE, "Hoäi",
                     "bảng mã cũ VNI"),
    "eth for Đ": Case((body("Ðồng chí Bí thư phát biểu.\n"),), ARTICLE, "Ðồng", "eth"),
    "loose tone mark": Case((body("Thơ\u0302i tiết.\n"),), ARTICLE, "Thơ", "dấu rời"),
    "replacement character": Case((body("Huy\ufffdn Hòa Lâm.\n"),), ARTICLE, "Huy", "bị hỏng khi chuyển mã"),
    "character no font has": Case((body("Khách mời 中国.\n"),), ARTICLE, "Khách", "U+4E2D"),
    "file not UTF-8": Case((write_bytes(ARTICLE, "---\nkind: article\ntitle: Tin\n---\nH\u00f4\u0323i nghi\u0323.\n".encode("cp1258")),),
                           ARTICLE, "ngh", "không phải mã UTF-8"),
    # --- photos and links ----------------------------------------------------------------------
    "photo missing": Case((body("Đoạn.\n\n![Ảnh hội nghị](img/khong-co.jpg)\n"),), ARTICLE, "![",
                          "không tìm thấy ảnh img/khong-co.jpg"),
    "photo with a file URL": Case((body("Đoạn.\n\n![Ảnh](file:///etc/anh.png)\n"),), ARTICLE, "![",
                                  "dùng địa chỉ kiểu “file:”"),
    "photo from the web": Case((body("Đoạn.\n\n![Ảnh](https://example.com/a.jpg)\n"),), ARTICLE, "![",
                               "là địa chỉ trên mạng"),
    "photo as a data URL": Case((body("![Ảnh](data:image/png;base64,iVBORw0KGgo=)\n"),), ARTICLE, "![",
                                "dùng địa chỉ kiểu “data:”"),
    "photo above the folder": Case((body("![Ảnh](../../anh.jpg)\n"),), ARTICLE, "![", "nằm ngoài thư mục của số"),
    "photo with an absolute path": Case((body("![Ảnh](/etc/passwd)\n"),), ARTICLE, "![", "đường dẫn tuyệt đối"),
    "truncated photo": Case((write_bytes(f"{ISSUE}/img/anh.jpg", jpeg((400, 300))[:900]),
                             body("![Ảnh hội nghị](img/anh.jpg)\n")), ARTICLE, "![", "bị cắt cụt"),
    "text file named .png": Case((write_bytes(f"{ISSUE}/img/anh.png", b"day khong phai anh\n"),
                                  body("![Ảnh hội nghị](img/anh.png)\n")), ARTICLE, "![", "ảnh img/anh.png"),
    "empty photo": Case((write_bytes(f"{ISSUE}/img/anh.jpg", b""), body("![Ảnh hội nghị](img/anh.jpg)\n")),
                        ARTICLE, "![", "ảnh img/anh.jpg"),
    "photo without caption": Case((PHOTO_OK, body("![](img/anh.jpg)\n")), ARTICLE, "![", "chưa có chú thích"),
    "photo link leading outside": Case((("symlink", f"{ISSUE}/img/anh.jpg", "/etc/hostname"),
                                        body("![Ảnh hội nghị](img/anh.jpg)\n")), ARTICLE, "![", "symlink"),
    "image Markdown that does not parse": Case((PHOTO_OK, body("Đoạn.\n\n![Ảnh hội nghị](<img/anh.jpg)\n")),
                                               ARTICLE, "![", "không đọc được thành ảnh hay liên kết"),
    "web link": Case((body("Xem [cổng dịch vụ công](https://dichvucong.gov.vn).\n"),), ARTICLE, "Xem",
                     "không in ra được trên giấy"),
    # --- layout and styles ---------------------------------------------------------------------
    "style reading a file outside": Case((write(f"{ISSUE}/style.css", "p { color: black; }\nbody { background: url(file:///etc/hostname); }\n"),),
                                         f"{ISSUE}/style.css", "background", "nằm ngoài các thư mục"),
    "style importing from above": Case((write(f"{ISSUE}/style.css", '@import url("../../khac.css");\n'),),
                                       f"{ISSUE}/style.css", "@import", "nằm ngoài các thư mục"),
    "document template without spare pages": Case(
        (write(f"{ISSUE}/document.html", '<html lang="vi"><body>{% for section in sections %}'
                                         '<p>{{ section.title }}</p>{% endfor %}'
                                         '{% include "back.html" %}</body></html>'),),
        f"{ISSUE}/document.html", None, "trang trắng dự phòng"),
    "editorial board too long for the back page": Case(
        (replace(SERIES, "layout: a5", "editorial_board:\n" + "".join(
            f"  - Ủy viên ban biên tập số {n}: Nguyễn Văn Thành viên\n" for n in range(60)) + "layout: a5"),),
        SERIES, None, "trang cuối dài"),
    "bleed not a number": Case((("layout", "bleed_mm: 3", "bleed_mm: ba"),),
                               "layouts/a5/layout.yaml", "bleed_mm", "'bleed_mm' (tràn lề, mm) phải là một số"),
    "negative bleed": Case((("layout", "bleed_mm: 3", "bleed_mm: -3"),),
                           "layouts/a5/layout.yaml", "bleed_mm", "từ 0 đến 10"),
}


def apply(edit: tuple, project: Path) -> None:
    kind, path, *args = edit
    if kind == "layout":  # a change to the layout: on a copy, never the repository's
        (project / "layouts").unlink()
        shutil.copytree(REPO / "layouts", project / "layouts")
        kind, path, args = "replace", "layouts/a5/layout.yaml", [path, *args]
    target = project / path
    target.parent.mkdir(parents=True, exist_ok=True)
    if kind == "replace":
        text = target.read_text(encoding="utf-8")
        assert text.count(args[0]) >= 1, (args[0], path)
        target.write_text(text.replace(args[0], args[1], 1), encoding="utf-8")
    elif kind == "write":
        target.write_text(args[0], encoding="utf-8")
    elif kind == "bytes":
        target.write_bytes(args[0])
    elif kind == "symlink":
        target.unlink(missing_ok=True)
        target.symlink_to(args[0])


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """The tiny project built once: the outputs every case must leave as they were."""
    root = tmp_path_factory.mktemp("good")
    issue_dir = make_project(root / "project")
    result = CliRunner().invoke(main, ["build", str(issue_dir), "--out", str(root / "out")])
    assert result.exit_code == 0, result.output
    out = root / "out" / "2024-01"
    return out, files_in(out)


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under folder (the web edition's folder included) and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_bad_input_is_one_located_vietnamese_error_and_nothing_is_written(case, good_build, tmp_path):
    good_out, good_files = good_build
    project = tmp_path / "project"
    make_project(project)
    for edit in case.edits:
        apply(edit, project)
    out = tmp_path / "out"
    shutil.copytree(good_out, out / "2024-01")

    result = CliRunner().invoke(main, ["build", str(project / ISSUE), "--out", str(out)])

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and result.stdout == ""
    expected = (project / case.file).resolve()
    line = None
    if isinstance(case.needle, int):
        line = case.needle
    elif case.needle is not None:
        lines = expected.read_bytes().decode("utf-8", "replace").split("\n")
        line = next(n for n, text in enumerate(lines, 1) if case.needle in text)
    located = [text for text in result.stderr.splitlines()
               if case.message in text and _names(text, expected, line)]
    assert located, result.stderr
    assert files_in(out / "2024-01") == good_files


def _names(text: str, expected: Path, line: int | None) -> bool:
    where, _, _ = text.partition(": ")
    path, _, number = where.rpartition(":") if line is not None else (where, "", "")
    return Path(path).resolve() == expected and (line is None or number == str(line))
