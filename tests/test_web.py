"""The web edition of the sample issues, read without a browser: language, title, outline,
contents, alt texts, tables, photos, fonts, and the same words as the reader PDF.
(tests/test_web_browser.py opens it in Chromium at a phone's width.)"""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

from click.testing import CliRunner
from fontTools.ttLib import TTFont
from PIL import Image
from projects import REPO, make_project, markdown
from web_pages import (articles, blocks, find_all, headings, outline_problems, outside, parse,
                       references, text)

from bulletin_press import content, manifest
from bulletin_press.cli import main
from bulletin_press.content.photos import load_photo
from bulletin_press.vietnamese import issue_line, long_date
from bulletin_press.web import edition
from bulletin_press.web.html import roman, web_fragment
from bulletin_press.web.photos import WEB_MAX_WIDTH, web_photo
from conftest import run_build
from test_build import normal, page_texts, source_sentences


def web_page(sample) -> Path:
    return Path(sample.result["outputs"]["web"])


def test_the_web_edition_is_a_folder_of_its_own_listed_in_the_json(sample):
    page = web_page(sample)
    assert page == sample.reader.parent / "web" / "index.html"
    files = sorted(p.relative_to(page.parent).as_posix() for p in page.parent.rglob("*")
                   if p.is_file())
    assert "index.html" in files
    assert {f.split("/")[0] for f in files} == {"index.html", "anh", "phong-chu"}
    assert len([f for f in files if f.startswith("anh/")]) == len(sample.photos)


def test_the_page_asks_for_nothing_outside_its_folder_and_has_no_script(sample):
    root = parse(web_page(sample))
    found = references(root)
    assert any(r.startswith("anh/") for r in found)
    assert any(r.startswith("phong-chu/") for r in found)
    assert outside(found, web_page(sample).parent) == []
    assert find_all(root, "script") == [] and find_all(root, "iframe") == []
    assert not [e for e in root.iter() if any(k.startswith("on") for k in e.keys())]


def test_a_reference_outside_the_folder_is_caught(tmp_path):
    """Twin of the test above."""
    (tmp_path / "anh").mkdir()
    (tmp_path / "anh" / "a.jpg").write_bytes(b"x")
    found = ["anh/a.jpg", "https://cdn.example/font.woff2", "/etc/hosts", "../bia.png",
             "anh/khong-co.jpg"]
    assert outside(found, tmp_path) == found[1:]


def test_language_title_and_description(sample):
    issue = sample.issue
    root = parse(web_page(sample))
    line = issue_line(issue.number, issue.month)
    assert root.get("lang") == "vi"
    [title] = find_all(root, "title")
    assert text(title) == f"Bản tin {issue.series.name} – {line}"
    [description] = [m.get("content") for m in find_all(root, "meta")
                     if m.get("name") == "description"]
    assert line in description and long_date(issue.date) in description
    assert issue.items[0].title in description
    viewport = [m.get("content") for m in find_all(root, "meta") if m.get("name") == "viewport"]
    assert viewport == ["width=device-width, initial-scale=1"]


def test_headings_make_an_outline_h1_issue_h2_items_then_their_own_headings(sample):
    issue = sample.issue
    found = headings(parse(web_page(sample)))
    assert outline_problems(found) == []
    h1 = found[0][1]
    assert issue.series.name in h1 and issue_line(issue.number, issue.month) in h1
    assert [normal(title) for level, title, _ in found if level == 2] == [
        "Mục lục", *(normal(item.title) for item in issue.items), "Thông tin xuất bản"]
    written = sum(len(re.findall(r"^#{2,3} ", item.body, re.M)) for item in issue.items)
    assert len([level for level, _, _ in found if level in (3, 4)]) == written


def test_a_broken_outline_is_caught():
    """Twin of the test above: a skipped level, a second h1, no h1 first."""
    assert outline_problems([(1, "Bản tin", None), (2, "Bài", None), (3, "Ý", None)]) == []
    assert outline_problems([(1, "Bản tin", None), (3, "Ý", None)]) == ["h3 “Ý” follows an h1"]
    assert outline_problems([(1, "A", None), (2, "B", None), (1, "C", None)])
    assert outline_problems([(2, "B", None)])


def test_the_contents_link_every_item_in_order(sample):
    root = parse(web_page(sample))
    [nav] = find_all(root, "nav")
    links = [(a.get("href"), text(a)) for a in find_all(nav, "a")]
    items = [(f"#{id}", title) for level, title, id in headings(root)
             if level == 2 and title not in ("Mục lục", "Thông tin xuất bản")]
    assert links == items
    assert [normal(title) for _, title in links] == [normal(i.title) for i in sample.issue.items]
    assert len(links) == len(sample.issue.items)
    assert all(id and id.isascii() for level, _, id in headings(root) if level == 2)


def test_report_headings_are_numbered_like_the_print(built):
    root = parse(web_page(built["2024-01"]))
    report = next(a for a in articles(root) if "report" in a.get("class"))
    numbered = [title for level, title, _ in headings(report) if level in (3, 4)]
    assert numbered[:3] == ["I. Về phát triển kinh tế",
                            "1. Sản xuất nông nghiệp và xây dựng nông thôn mới",
                            "2. Công nghiệp, tiểu thủ công nghiệp, thương mại, dịch vụ"]
    assert [roman(n) for n in (1, 4, 9, 14, 40)] == ["I", "IV", "IX", "XIV", "XL"]


def test_every_photo_has_its_caption_as_alt_text(sample):
    root = parse(web_page(sample))
    figures = find_all(root, "figure")
    assert len(figures) == len(sample.photos)
    for figure in figures:
        [image], [caption] = find_all(figure, "img"), find_all(figure, "figcaption")
        assert image.get("alt") and image.get("alt") == text(caption)


def test_photos_are_at_most_1200_px_wide_never_upsampled_with_their_size_in_the_page(sample):
    page = web_page(sample)
    originals = [load_photo(path).size_px for path in sample.photos]
    for image in find_all(parse(page), "img"):
        with Image.open(page.parent / image.get("src")) as shown:
            width, height = shown.size
            assert shown.format == "JPEG" and not shown.info.get("exif")
        assert (image.get("width"), image.get("height")) == (str(width), str(height))
        original = originals[int(Path(image.get("src")).name[:2]) - 1]  # anh/01-…, in order
        assert width == min(WEB_MAX_WIDTH, original[0])
        assert abs(original[1] * width / original[0] - height) <= 1


def test_a_narrow_photo_keeps_its_size_and_a_wide_one_is_made_1200_wide(tmp_path):
    for size, expected in (((640, 480), (640, 480)), ((3000, 2000), (1200, 800))):
        path = tmp_path / f"{size[0]}.jpg"
        Image.radial_gradient("L").convert("RGB").resize(size).save(path, quality=95)
        photo = web_photo(load_photo(path))
        assert photo.size_px == expected and photo.suffix == ".jpg"
        assert Image.open(io.BytesIO(photo.data)).size == expected
        assert web_photo(load_photo(path)) == photo  # same bytes every time


def test_tables_have_scoped_headers_and_scroll_in_a_named_region(built):
    root = parse(web_page(built["2024-01"]))
    tables = find_all(root, "table")
    assert tables
    for table in tables:
        header = find_all(find_all(table, "thead")[0], "th")
        assert header and all(th.get("scope") == "col" for th in header)
        rows = find_all(find_all(table, "tbody")[0], "tr")
        assert all(row[0].tag.endswith("th") and row[0].get("scope") == "row" for row in rows)
    regions = [d for d in find_all(root, "div") if "table-scroll" in (d.get("class") or "")]
    assert len(regions) == len(tables)
    ids = {e.get("id"): text(e) for e in root.iter() if e.get("id")}
    for region in regions:
        assert region.get("role") == "region" and region.get("tabindex") == "0"
        named = ids.get(region.get("aria-labelledby")) or region.get("aria-label")
        assert named and (named.startswith("Bảng") or named == "Bảng số liệu")


def test_the_web_fragment_rewrites_headings_tables_and_photos():
    html = ('<h2>Kinh tế</h2>\n<h3>Nông nghiệp</h3>\n<p class="table-caption">Bảng 1. Lúa</p>\n'
            '<table>\n<thead>\n<tr>\n<th>Chỉ tiêu</th>\n<th style="text-align:right">2023</th>\n'
            '</tr>\n</thead>\n<tbody>\n<tr>\n<td>Lúa</td>\n<td style="text-align:right">5</td>\n'
            '</tr>\n</tbody>\n</table>\n<figure class="photo"><img src="img/a%20b.jpg" alt="Ảnh">'
            '<figcaption>Ảnh</figcaption></figure>\n')
    out = web_fragment(html, "report", "bai", lambda src: ("anh/01-a-b.jpg", (800, 600)))
    assert "<h3>I. Kinh tế</h3>" in out and "<h4>1. Nông nghiệp</h4>" in out
    assert '<th scope="col">Chỉ tiêu</th>' in out and '<th scope="row">Lúa</th>' in out
    assert '<p class="table-caption" id="bang-1-bai">Bảng 1. Lúa</p>' in out
    assert 'role="region" aria-labelledby="bang-1-bai" tabindex="0"' in out
    assert '<img src="anh/01-a-b.jpg" width="800" height="600" alt="Ảnh">' in out
    article = web_fragment(html, "article", "bai", lambda src: ("x.jpg", (1, 1)))
    assert "<h3>Kinh tế</h3>" in article and "<h4>Nông nghiệp</h4>" in article


def test_the_fonts_are_bundled_subsets_declared_beside_the_page(sample):
    page = web_page(sample)
    fonts = sorted((page.parent / "phong-chu").glob("*.woff2"))
    assert [f.name for f in fonts] == sorted(
        ["NotoSans-Bold.woff2", "NotoSans-Italic.woff2", "NotoSans-Regular.woff2",
         "NotoSerif-Bold.woff2", "NotoSerif-BoldItalic.woff2", "NotoSerif-Italic.woff2",
         "NotoSerif-Regular.woff2"])
    assert (page.parent / "phong-chu" / "OFL-Noto-Serif.txt").is_file()
    used = {c for c in "".join(parse(page).itertext()) if not c.isspace()}
    for font in fonts:
        covered = set(map(chr, TTFont(font).getBestCmap()))
        assert used - covered == set(), font.name
        assert {"ế", "ỹ", "Đ", "ơ", "ư"} <= covered
        assert font.stat().st_size < 40_000


def test_the_web_text_is_the_reader_pdf_s_text(sample):
    """Every sentence of every item on the web page is printed in the reader PDF, and every
    sentence an editor wrote is on the web page."""
    issue = sample.issue
    body = " ".join(page_texts(sample.reader, issue.layout.name)[2:-1])
    root = parse(web_page(sample))
    found = articles(root)
    assert len(found) == len(issue.items)
    for item, article in zip(issue.items, found):
        web_sentences = sentences(blocks(article))
        assert len(web_sentences) > 3
        assert [s for s in web_sentences if s not in body] == [], item.file.name
        shown = normal(" ".join(blocks(article)))
        assert [s for s in source_sentences(item) if s not in shown] == [], item.file.name


def test_a_changed_word_on_the_web_page_is_not_in_the_reader_pdf(built):
    """Twin of the test above."""
    sample = built["2023-12"]
    body = " ".join(page_texts(sample.reader, "a5")[2:-1])
    article = articles(parse(web_page(sample)))[0]
    sentence = next(s for s in sentences(blocks(article)) if len(s) > 60)
    assert sentence in body
    assert sentence.replace(sentence.split()[3], "không", 1) not in body


def sentences(texts: list[str]) -> list[str]:
    found = []
    for block in texts:
        found += [s for s in re.split(r"(?<=[.?!:…])\s+", normal(block)) if s]
    return found


def test_a_photo_taken_out_leaves_no_file_behind(tmp_path):
    issue_dir = make_project(tmp_path / "project")
    (issue_dir / "img").mkdir()
    Image.new("RGB", (1400, 900), (40, 120, 60)).save(issue_dir / "img" / "Cánh đồng.jpg")
    article = issue_dir / "tin-chinh.md"
    body = "Đoạn đầu.\n\n![Cánh đồng lúa xã Tân An](img/Cánh đồng.jpg)\n\nĐoạn cuối.\n"
    article.write_text(markdown("article", body, title="Hội nghị tổng kết"), encoding="utf-8")
    first = run_build(issue_dir, tmp_path / "out")
    web = Path(first["outputs"]["web"]).parent
    assert [p.name for p in (web / "anh").iterdir()] == ["01-canh-dong.jpg"]
    article.write_text(markdown("article", "Đoạn đầu.\n", title="Hội nghị tổng kết"),
                       encoding="utf-8")
    run_build(issue_dir, tmp_path / "out")
    assert not (web / "anh").exists() and (web / "index.html").is_file()


def test_items_are_named_by_their_file_unless_it_is_not_a_clean_address(tmp_path):
    issue_dir = make_project(tmp_path / "project")
    (issue_dir / "muc-luc.md").write_text(markdown("article", "Nội dung.\n", title="Trùng"),
                                          encoding="utf-8")
    yaml = issue_dir / "issue.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8").replace(
        "      - tin-chinh.md", "      - tin-chinh.md\n      - muc-luc.md"), encoding="utf-8")
    checked = content.convert(manifest.load_issue(issue_dir))
    page = edition(checked).files["index.html"].decode()
    assert 'id="tin-chinh"' in page and 'id="tin-van"' in page
    assert page.count('id="muc-luc"') == 1 and 'href="#muc-2"' in page


def test_build_all_rebuilds_an_issue_whose_web_layout_changed_and_its_pdfs_stay(tmp_path):
    """The web layout is not an input of the issue, yet build-all keeps the web edition fresh."""
    issue_dir = make_project(tmp_path / "project")
    layouts = tmp_path / "project" / "layouts"
    layouts.unlink()
    shutil.copytree(REPO / "layouts", layouts)
    out = tmp_path / "out"

    def build_all() -> dict:
        outcome = CliRunner().invoke(main, ["build-all", str(issue_dir.parent), "--out", str(out),
                                            "--jobs", "1", "--json"])
        assert outcome.exit_code == 0, outcome.output
        return json.loads(outcome.stdout)

    assert build_all()["built"] == ["2024-01"]
    assert build_all()["skipped"] == ["2024-01"]
    print_pdf = next((out / "2024-01").glob("*-ban-in.pdf"))
    before = print_pdf.read_bytes()
    stylesheet = layouts / "_web" / "style.css"
    stylesheet.write_text(stylesheet.read_text(encoding="utf-8") + "/* đổi màu */\n",
                          encoding="utf-8")
    assert build_all()["built"] == ["2024-01"]
    assert "/* đổi màu */" in (out / "2024-01" / "web" / "index.html").read_text(encoding="utf-8")
    assert print_pdf.read_bytes() == before
    assert not any("_web" in name for name in
                   json.loads((out / "2024-01" / ".dau-vao.json").read_text())["inputs"])


def test_a_project_without_the_web_layout_builds_its_pdfs_and_says_why_there_is_no_web(tmp_path):
    """A project recovered by `bulletin extract` carries only the print layout."""
    issue_dir = make_project(tmp_path / "project")
    layouts = tmp_path / "project" / "layouts"
    layouts.unlink()
    shutil.copytree(REPO / "layouts", layouts, ignore=shutil.ignore_patterns("_web"))
    result = run_build(issue_dir, tmp_path / "out")
    assert "web" not in result["outputs"] and "print" in result["outputs"]
    assert any("không có bản web" in warning for warning in result["warnings"])
    assert not (tmp_path / "out" / "2024-01" / "web").exists()
