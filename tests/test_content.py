"""Markdown bodies → safe HTML: escaping, photos, headings, briefings, quotes and tables."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from projects import make_project, markdown

from bulletin_press import content, manifest
from bulletin_press.errors import BulletinError

BODY_LINE = 5  # '---', kind, title, '---', then the body
PHOTO = "img/anh.jpg"


def issue_with(tmp_path, body: str, kind: str = "article"):
    """The minimal project whose first item (tin-chinh.md) has this kind and body."""
    issue_dir = make_project(tmp_path)
    (issue_dir / "img").mkdir()
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(out, format="JPEG")
    (issue_dir / PHOTO).write_bytes(out.getvalue())
    (issue_dir / "tin-chinh.md").write_text(markdown(kind, body), encoding="utf-8")
    return manifest.load_issue(issue_dir)


def converted(tmp_path, body: str, kind: str = "article") -> content.Content:
    return content.convert(issue_with(tmp_path, body, kind))


def html_of(tmp_path, body: str, kind: str = "article") -> str:
    return converted(tmp_path, body, kind).fragments[0].html


def problems_of(tmp_path, body: str, kind: str = "article") -> list[tuple[str, int, str]]:
    issue = issue_with(tmp_path, body, kind)
    with pytest.raises(BulletinError) as info:
        content.convert(issue)
    return [(p.file.name, p.line, p.message) for p in info.value.problems]


def test_fragments_follow_the_issue_order(tmp_path):
    result = converted(tmp_path, "Nội dung.\n")
    assert [(f.anchor, f.item.file.name) for f in result.fragments] == [
        ("muc-1", "tin-chinh.md"), ("muc-2", "tin-van.md")]
    assert result.fragments[1].html.startswith("<p><strong>Xã Tân An:</strong>")


def test_raw_html_is_escaped(tmp_path):
    html = html_of(tmp_path, "Chào <script>alert(1)</script> <b>đậm</b>\n\n"
                             "<div onclick=\"x()\">khối</div>\n")
    assert "<script" not in html and "<b>" not in html and "<div" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;div onclick=" in html


def test_photo_paragraph_becomes_a_figure_with_caption(tmp_path):
    html = html_of(tmp_path, f"Đoạn đầu.\n\n![Lễ khánh thành nhà văn hóa]({PHOTO})\n")
    assert html == ("<p>Đoạn đầu.</p>\n"
                    f'<figure class="photo"><img src="{PHOTO}" alt="Lễ khánh thành nhà văn hóa">'
                    "<figcaption>Lễ khánh thành nhà văn hóa</figcaption></figure>\n")


def test_a_photo_s_alt_text_is_its_caption_without_markup(tmp_path):
    html = html_of(tmp_path, f"![Trạm y tế *Lâm Sơn*, 120 m² mới. Ảnh: Thu Hà]({PHOTO})\n")
    assert 'alt="Trạm y tế Lâm Sơn, 120 m² mới. Ảnh: Thu Hà"' in html
    assert "<em>Lâm Sơn</em>" in html.split("<figcaption>")[1]


PLACEMENTS = {"own paragraph": "Đoạn đầu.\n\n{image}\n", "inside text": "Đoạn đầu.\n\nXem {image} nhé.\n"}
PHOTO_MISTAKES = {
    "missing file": ("![Chú thích](img/khong-co.jpg)", "không tìm thấy ảnh img/khong-co.jpg"),
    "escapes upwards": ("![Chú thích](../../x.jpg)", "ảnh “../../x.jpg” nằm ngoài thư mục của số"),
    "absolute path": ("![Chú thích](/etc/passwd)", "ảnh “/etc/passwd” dùng đường dẫn tuyệt đối"),
    "remote": ("![Chú thích](http://example.com/a.jpg)", "là địa chỉ trên mạng"),
    "file URL": ("![Chú thích](file:///anh.png)", "dùng địa chỉ kiểu “file:”"),
    "data URL": ("![Chú thích](data:image/png;base64,iVBORw0KGgo=)", "dùng địa chỉ kiểu “data:”"),
    "not jpg or png": ("![Chú thích](tin-van.md)", "phải là tệp .jpg hoặc .png"),
    "no caption": (f"![]({PHOTO})", f"ảnh {PHOTO} chưa có chú thích"),
}


@pytest.mark.parametrize("placement", PLACEMENTS.values(), ids=PLACEMENTS.keys())
@pytest.mark.parametrize("image, message", PHOTO_MISTAKES.values(), ids=PHOTO_MISTAKES.keys())
def test_photo_mistakes_are_located_problems(tmp_path, placement, image, message):
    problems = problems_of(tmp_path, placement.format(image=image))
    assert len(problems) == 1, problems
    name, line, text = problems[0]
    assert (name, line) == ("tin-chinh.md", BODY_LINE + 2)
    assert message in text


@pytest.mark.parametrize("heading", ["# Tiêu đề lớn", "#### Tiêu đề quá nhỏ"])
def test_headings_other_than_h2_h3_are_problems(tmp_path, heading):
    problems = problems_of(tmp_path, f"Đoạn đầu.\n\n## Được\n\n{heading}\n\nĐoạn cuối.\n")
    assert [(line, text.split("”")[0]) for _, line, text in problems] == [
        (BODY_LINE + 4, f"tiêu đề “{heading.split()[0]}")]


def test_sub_headings_render(tmp_path):
    html = html_of(tmp_path, "## Về kinh tế\n\n### Nông nghiệp\n")
    assert html == "<h2>Về kinh tế</h2>\n<h3>Nông nghiệp</h3>\n"


def test_briefing_paragraphs_need_a_bold_lead_in(tmp_path):
    body = ("**Xã Tân An:** Tin thứ nhất.\n\n"
            "Xã Phú Mỹ: tin không có phần in đậm.\n\n"
            "**Xã Đông Hải:** Tin thứ ba.\n\n"
            "Tin cuối có **chữ đậm** ở giữa.\n")
    problems = problems_of(tmp_path, body, kind="briefing")
    assert [(name, line) for name, line, _ in problems] == [
        ("tin-chinh.md", BODY_LINE + 2), ("tin-chinh.md", BODY_LINE + 6)]
    assert all("bắt đầu bằng phần in đậm" in text for _, _, text in problems)


def test_smart_quotes(tmp_path):
    html = html_of(tmp_path, "Chị nói: \"Giữ lửa nghề 'mây tre' của cha ông\".\n")
    assert "“Giữ lửa nghề ‘mây tre’ của cha ông”" in html
    assert '"' not in html.removeprefix("<p>").split("</p>")[0]


def test_photo_captions_get_curly_quotes_and_dashes_like_the_text(tmp_path):
    html = html_of(tmp_path, f"![Lễ phát động \"Tết trồng cây\" -- xã Tân An...]({PHOTO})\n")
    caption = html.split("<figcaption>")[1].split("</figcaption>")[0]
    assert "Lễ phát động “Tết trồng cây” – xã Tân An…" in caption
    assert 'alt="Lễ phát động “Tết trồng cây” – xã Tân An…"' in html


def test_body_text_keeps_numbers_with_their_units_on_one_line(tmp_path):
    assert ('<p><span class="nobr">Số 01</span> in <span class="nobr">900 cuốn</span>.</p>'
            in html_of(tmp_path, "Số 01 in 900 cuốn.\n"))


def test_markup_in_text_stays_escaped_inside_kept_runs(tmp_path):
    html = html_of(tmp_path, "Theo văn bản số 12/<b>2024</b>-UBND.\n")
    assert "<b>" not in html and "&lt;b&gt;" in html


TABLE = ("Bảng số liệu:\n\n"
         "| Chỉ tiêu | Đơn vị | Năm 2023 |\n"
         "|---|---|---:|\n"
         "| Sản lượng lương thực | tấn | {value} |\n")


def test_table_renders_as_html_table(tmp_path):
    html = html_of(tmp_path, TABLE.format(value="421.560"), kind="report")
    assert "<table>" in html and "</table>" in html
    assert "<th>Chỉ tiêu</th>" in html
    assert "<td>Sản lượng lương thực</td>" in html
    assert '<td style="text-align:right">421.560</td>' in html


def test_ungrouped_number_in_report_table_is_a_warning(tmp_path):
    result = converted(tmp_path, TABLE.format(value="421560"), kind="report")
    [warning] = result.warnings
    assert (warning.file.name, warning.line) == ("tin-chinh.md", BODY_LINE + 4)
    assert warning.message == ("số “421560” trong bảng nên viết tách hàng nghìn bằng dấu chấm, "
                               "ví dụ 421.560.")


@pytest.mark.parametrize("kind, value", [("report", "421.560"), ("report", "2023"),
                                         ("article", "421560")])
def test_no_warning_for_grouped_numbers_years_or_articles(tmp_path, kind, value):
    assert converted(tmp_path, TABLE.format(value=value), kind=kind).warnings == ()
