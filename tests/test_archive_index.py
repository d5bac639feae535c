"""`bulletin archive`: bulletins/README.md and build/luu-tru/index.html over the sample archive,
with 2023-11 and 2023-12 published and 2024-01 not (conftest: published_samples)."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

from click.testing import CliRunner
from projects import make_project, markdown, replace

from bulletin_press.build import output_names
from bulletin_press.cli import main
from bulletin_press.manifest import load_issue

NEWEST_FIRST = ["Số 01 - Tháng 01/2024", "Số 12 - Tháng 12/2023", "Số 11 - Tháng 11/2023"]
STORED_2023_11 = {"2023-11/xuat-ban/bia.png",
                  "2023-11/xuat-ban/thong-tin-noi-bo-2023-11-ban-doc.pdf",
                  "2023-11/xuat-ban/thong-tin-noi-bo-2023-11-ban-in.pdf",
                  "2023-11/xuat-ban/thong-tin-noi-bo-2023-11-so-luong-in.txt"}


def archive(bulletins: Path, *options: str):
    outcome = CliRunner().invoke(main, ["archive", str(bulletins), *options])
    assert outcome.exit_code == 0, outcome.output
    return outcome


def issue_blocks(readme: str) -> dict[str, str]:
    """Each issue's part of the README, by its heading."""
    issues = readme.split("\n## ")[1]
    parts = re.split(r"^### (.+)$", issues, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def link_targets(text: str) -> list[str]:
    return [unquote(target) for target in re.findall(r"\]\(([^)\s]+)\)", text)]


def test_readme_lists_every_issue_newest_first_with_its_status(archive_copy):
    archive(archive_copy)
    readme = (archive_copy / "README.md").read_text(encoding="utf-8")

    assert readme.startswith("# Kho lưu trữ bản tin THÔNG TIN NỘI BỘ\n")
    assert "3 số: 2 đã xuất bản, 1 chưa xuất bản." in readme
    blocks = issue_blocks(readme)
    assert list(blocks) == NEWEST_FIRST
    assert "| Số 01 - Tháng 01/2024 | 15/01/2024 | — | 900 | chưa xuất bản |" in readme
    assert ("| Số 12 - Tháng 12/2023 | 15/12/2023 | 24 | 900 | "
            "đã xuất bản, lưu ngày 20/12/2023 |") in readme
    assert "- Phát hành ngày 15 tháng 11 năm 2023\n- 24 trang, 900 bản\n" in blocks[NEWEST_FIRST[2]]
    assert "Tình trạng: **chưa xuất bản**" in blocks[NEWEST_FIRST[0]]
    assert "Tình trạng: **đã xuất bản, lưu ngày 20/12/2023**" in blocks[NEWEST_FIRST[1]]


def test_readme_groups_titles_by_section_under_their_issue(archive_copy):
    archive(archive_copy)
    blocks = issue_blocks((archive_copy / "README.md").read_text(encoding="utf-8"))

    assert ("**Gương điển hình**\n\n- CÔ GIÁO MƯỜI BỐN NĂM “GIỮ LỬA” Ở ĐIỂM TRƯỜNG KHE MÂY\n"
            in blocks["Số 12 - Tháng 12/2023"])
    assert ("**Văn bản mới – chính sách mới**\n\n- NHỮNG ĐIỂM MỚI CỦA LUẬT CĂN CƯỚC CÓ HIỆU LỰC TỪ "
            "NGÀY 01/7/2024\n" in blocks["Số 01 - Tháng 01/2024"])
    assert ("**Tin vắn**\n\n- Tin vắn trong huyện (tin vắn)\n- Tin vắn các xã, thị trấn (tin vắn)\n"
            in blocks["Số 01 - Tháng 01/2024"])
    assert "NGƯỜI Y SĨ HƠN HAI MƯƠI NĂM BÁM TRẠM" not in blocks["Số 12 - Tháng 12/2023"]


def test_readme_links_are_relative_and_reach_the_stored_files(archive_copy):
    archive(archive_copy)
    readme = (archive_copy / "README.md").read_text(encoding="utf-8")
    blocks = issue_blocks(readme)

    targets = link_targets(readme)
    assert targets and all(not t.startswith(("/", "http")) for t in targets)
    assert [t for t in targets if not (archive_copy / t).is_file()] == []
    assert set(link_targets(blocks["Số 11 - Tháng 11/2023"])) == STORED_2023_11
    assert link_targets(blocks["Số 01 - Tháng 01/2024"]) == []


def test_regenerating_the_readme_gives_the_same_bytes(archive_copy, built, tmp_path):
    archive(archive_copy)
    first = (archive_copy / "README.md").read_bytes()
    # A build lying in build/ shows on the web page only, never in the README.
    add_latest_build(archive_copy, built)
    archive(archive_copy)
    assert (archive_copy / "README.md").read_bytes() == first
    assert str(tmp_path) not in first.decode() and "/tmp/" not in first.decode()


def test_a_changed_title_changes_the_readme(archive_copy):
    """Twin of the test above: the README follows the content it lists."""
    archive(archive_copy)
    first = (archive_copy / "README.md").read_bytes()
    replace(archive_copy / "2024-01" / "luat-can-cuoc.md", "NHỮNG ĐIỂM MỚI CỦA LUẬT CĂN CƯỚC",
            "ĐIỂM MỚI CỦA LUẬT CĂN CƯỚC")
    archive(archive_copy)
    again = (archive_copy / "README.md").read_text(encoding="utf-8")
    assert again.encode() != first
    assert "- ĐIỂM MỚI CỦA LUẬT CĂN CƯỚC CÓ HIỆU LỰC TỪ NGÀY 01/7/2024 — Số 01" in again


# Titles chosen to need Vietnamese order: a < ă < â, d < đ, u < ư, and the six tones.
TITLES = ["Ưu tiên vốn cho hộ nghèo", "Họa sĩ làng tranh", "Đường làng mới ở Tân An",
          "Uy tín người đứng đầu", "Hỏa hoạn mùa khô", "Âm vang ngày hội", "Dân vận khéo",
          "Hòa giải ở cơ sở", "Ăn Tết tiết kiệm", "Hoa trái quê hương", "Anh bộ đội Cụ Hồ"]
VIETNAMESE_ORDER = ["Anh bộ đội Cụ Hồ", "Ăn Tết tiết kiệm", "Âm vang ngày hội", "Dân vận khéo",
                    "Đường làng mới ở Tân An", "Hoa trái quê hương", "Hòa giải ở cơ sở",
                    "Hỏa hoạn mùa khô", "Họa sĩ làng tranh", "Tin vắn", "Uy tín người đứng đầu",
                    "Ưu tiên vốn cho hộ nghèo"]


def titled_project(root: Path) -> Path:
    """A one-issue project whose articles carry TITLES; returns its bulletins/."""
    issue_dir = make_project(root)
    names = []
    for number, title in enumerate(TITLES):
        names.append(f"bai-{number}.md")
        (issue_dir / names[-1]).write_text(markdown("article", "Nội dung bài.", title=title),
                                           encoding="utf-8")
    replace(issue_dir / "issue.yaml", "      - tin-chinh.md\n",
            "".join(f"      - {name}\n" for name in names))
    return issue_dir.parent


def test_title_index_is_in_vietnamese_order(tmp_path):
    bulletins = titled_project(tmp_path)
    archive(bulletins)
    readme = (bulletins / "README.md").read_text(encoding="utf-8")
    index = readme.split("## Tra cứu tên bài theo thứ tự chữ cái")[1]

    listed = re.findall(r"^- (.+?)(?: \(tin vắn\))? — Số 01 - Tháng 01/2024$", index, flags=re.M)
    assert listed == VIETNAMESE_ORDER
    assert re.findall(r"^\*\*(.+)\*\*$", index, flags=re.M) == [
        "A", "Ă", "Â", "D", "Đ", "H", "T", "U", "Ư"]
    page = (tmp_path / "build" / "luu-tru" / "index.html").read_text(encoding="utf-8")
    in_page = re.findall(r"<li>(.+?)(?: <span class=\"kind\">.*?</span>)? — <a", page)
    assert in_page == VIETNAMESE_ORDER


def test_python_order_would_differ(tmp_path):
    """Twin of the test above: a plain sort puts Ă, Â, Đ and Ư after every other letter."""
    assert sorted(VIETNAMESE_ORDER) != VIETNAMESE_ORDER
    assert sorted(VIETNAMESE_ORDER)[-4:] == ["Âm vang ngày hội", "Ăn Tết tiết kiệm",
                                             "Đường làng mới ở Tân An", "Ưu tiên vốn cho hộ nghèo"]


def test_a_broken_issue_is_listed_with_a_note_and_does_not_stop_the_index(archive_copy):
    replace(archive_copy / "2024-01" / "issue.yaml", "date: 2024-01-15", "date: 2024-01-45")
    outcome = archive(archive_copy)
    readme = (archive_copy / "README.md").read_text(encoding="utf-8")

    blocks = issue_blocks(readme)
    assert list(blocks) == ["Tháng 01/2024", "Số 12 - Tháng 12/2023", "Số 11 - Tháng 11/2023"]
    assert ("> **Có lỗi.** Thư mục 2024-01 có lỗi (1 lỗi) nên chưa liệt kê được nội dung. "
            "Hãy chạy `bulletin check bulletins/2024-01` để xem và sửa.") in blocks["Tháng 01/2024"]
    assert "| Tháng 01/2024 | — | — | — | có lỗi, cần kiểm tra |" in readme
    assert "CÔ GIÁO MƯỜI BỐN NĂM" in blocks["Số 12 - Tháng 12/2023"]
    assert "Cảnh báo: bulletins/2024-01: có 1 lỗi" in outcome.stderr
    page = (archive_copy.parent / "build" / "luu-tru" / "index.html").read_text(encoding="utf-8")
    assert "<code>bulletin check bulletins/2024-01</code>" in page


def test_a_published_issue_changed_since_keeps_its_stored_files_and_gets_the_note(archive_copy):
    replace(archive_copy / "2023-12" / "tin-van-thang-12.md", "Tin vắn trong huyện",
            "Tin vắn trong huyện tháng 12")
    archive(archive_copy)
    block = issue_blocks((archive_copy / "README.md").read_text(encoding="utf-8"))[
        "Số 12 - Tháng 12/2023"]
    assert "`bulletin check bulletins/2023-12`" in block
    assert "2023-12/xuat-ban/thong-tin-noi-bo-2023-12-ban-in.pdf" in link_targets(block)
    assert "- 24 trang, 900 bản" in block


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []
        self.tags: set[str] = set()
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "html":
            self.lang = attrs.get("lang")
        for name in ("href", "src"):
            if attrs.get(name) and not attrs[name].startswith("#"):
                self.targets.append(unquote(attrs[name]))


def read_page(bulletins: Path) -> tuple[str, _Page]:
    html = (bulletins.parent / "build" / "luu-tru" / "index.html").read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    return html, page


def test_web_page_links_work_from_its_folder_and_needs_nothing_else(archive_copy):
    archive(archive_copy)
    html, page = read_page(archive_copy)
    web_dir = archive_copy.parent / "build" / "luu-tru"

    assert page.lang == "vi"
    assert not page.tags & {"script", "link", "iframe"}
    assert 'name="viewport"' in html
    assert all(not t.startswith(("/", "http", "file:")) for t in page.targets)
    assert [t for t in page.targets if not (web_dir / t).resolve().is_file()] == []
    assert {(web_dir / t).resolve() for t in page.targets} >= {
        archive_copy / name for name in STORED_2023_11}
    assert "Chưa dựng" in html and "make issue ISSUE=bulletins/2024-01" in html


def add_latest_build(bulletins: Path, built) -> None:
    """Put the session's build of 2024-01 where `make issue` would have left it."""
    build_dir = bulletins.parent / "build" / "2024-01"
    build_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(built["2024-01"].reader,
                build_dir / output_names(load_issue(bulletins / "2024-01"))["reader"])


def test_web_page_shows_the_cover_of_the_latest_build_of_an_unpublished_issue(archive_copy,
                                                                              built):
    add_latest_build(archive_copy, built)
    outcome = archive(archive_copy, "--json")
    html, page = read_page(archive_copy)
    web_dir = archive_copy.parent / "build" / "luu-tru"
    assert "bia-2024-01.png" in page.targets
    assert (web_dir / "bia-2024-01.png").read_bytes().startswith(b"\x89PNG")
    assert "Bìa theo bản dựng gần nhất, chưa xuất bản." in html
    assert "bia-2024-01.png" not in (archive_copy / "README.md").read_text(encoding="utf-8")
    result = json.loads(outcome.stdout)
    assert result["covers"] == [str(web_dir / "bia-2024-01.png")]


def test_archive_json(archive_copy):
    result = json.loads(archive(archive_copy, "--json").stdout)
    assert [(i["issue"], i["published"], i["pages"], i["copies"]) for i in result["issues"]] == [
        ("2024-01", False, None, 900), ("2023-12", True, 24, 900), ("2023-11", True, 24, 900)]
    assert result["issues"][1]["published_on"] == "2023-12-20"
    assert result["issues"][1]["stored"]["reader"] == (
        "2023-12/xuat-ban/thong-tin-noi-bo-2023-12-ban-doc.pdf")
    tin_van = next(t for t in result["titles"] if t["title"] == "Tin vắn trong huyện")
    assert tin_van["issues"] == ["2023-11", "2023-12", "2024-01"]
    assert result["readme"] == str(archive_copy / "README.md")


def test_corrections_are_listed_with_their_reasons(archive_copy):
    from datetime import date

    from bulletin_press.archive.publish import publish

    replace(archive_copy / "2023-12" / "tin-van-thang-12.md", "Tin vắn trong huyện",
            "Tin vắn trong huyện tháng 12")
    publish(archive_copy / "2023-12", correction="Sửa tên mục tin vắn", today=date(2023, 12, 22))
    archive(archive_copy)
    readme = (archive_copy / "README.md").read_text(encoding="utf-8")
    block = issue_blocks(readme)["Số 12 - Tháng 12/2023"]
    assert ("- Tình trạng: **đã xuất bản, lưu ngày 20/12/2023, đính chính 1 lần**\n"
            "  - đính chính ngày 22/12/2023: Sửa tên mục tin vắn\n") in block
    assert "- Tin vắn trong huyện tháng 12 (tin vắn)" in block


def test_archive_templates_are_no_input_of_any_issue(samples):
    """The index and report templates live in layouts/_archive/, so changing them changes no
    bulletin's bytes and no publication record's inputs; layouts/_shared/ is an input."""
    from bulletin_press import build, sources

    names = list(sources.issue_sources(build.validate(samples / "2023-12")))
    assert "layouts/_shared/document.html" in names
    assert [name for name in names if name.startswith("layouts/_archive/")] == []


def test_web_page_links_each_issue_s_web_edition_and_screen_pdf_when_built(archive_copy, built):
    archive(archive_copy)
    html, _ = read_page(archive_copy)
    assert "Bản điện tử" not in html  # nothing built yet
    build_dir = archive_copy.parent / "build" / "2024-01"
    web = Path(built["2024-01"].result["outputs"]["web"]).parent
    shutil.copytree(web, build_dir / "web")
    shutil.copy(built["2024-01"].result["outputs"]["screen"], build_dir)

    result = json.loads(archive(archive_copy, "--json").stdout)
    html, page = read_page(archive_copy)
    web_dir = archive_copy.parent / "build" / "luu-tru"
    assert "../2024-01/web/index.html" in page.targets
    assert "../2024-01/thong-tin-noi-bo-2024-01-ban-man-hinh.pdf" in page.targets
    assert [t for t in page.targets if not (web_dir / t).resolve().is_file()] == []
    newest = result["issues"][0]
    assert newest["web"] == str(build_dir / "web" / "index.html")
    assert newest["screen"] == str(build_dir / "thong-tin-noi-bo-2024-01-ban-man-hinh.pdf")
    assert result["issues"][1]["web"] is None
    assert "web/index.html" not in (archive_copy / "README.md").read_text(encoding="utf-8")
