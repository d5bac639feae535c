"""Tiny issues made to break one layout rule each, and their fixed twins.

Each maker takes the folder to build the project in and `fixed`: False gives the defect,
True the same document as it should be. The spacers (a paragraph's bottom margin, in mm) were
measured once so that the defect lands at the foot of page 3 with the bundled fonts; the
rendered pages were looked at to see each defect.
"""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from projects import make_project, markdown

ONE_ARTICLE = """\
bulletin: ban-tin
number: 1
month: "2024-01"
date: 2024-01-15
sections:
  - title: Thời sự
    items:
      - tin-chinh.md
"""

ARTICLE_AND_BRIEFING = ONE_ARTICLE + """\
  - title: Tin vắn
    new_page: {new_page}
    items:
      - tin-van.md
"""

PARAGRAPH = ("Năm {n}, toàn huyện tập trung chỉ đạo sản xuất nông nghiệp theo hướng hàng hóa, "
             "mở rộng diện tích lúa chất lượng cao, hỗ trợ các hợp tác xã liên kết tiêu thụ sản "
             "phẩm với doanh nghiệp và đưa cơ giới hóa vào các khâu làm đất, gieo cấy, thu hoạch.")


def paragraphs(count: int, start: int = 1) -> str:
    return "\n\n".join(PARAGRAPH.format(n=2000 + n) for n in range(start, start + count))


def issue(root: Path, body: str, css: str = "", kind: str = "article",
          issue_yaml: str = ONE_ARTICLE, briefing: str | None = None) -> Path:
    """A project whose article tin-chinh.md has body, with css as the issue's style.css."""
    issue_dir = make_project(root, issue_yaml=issue_yaml)
    byline = {"author": "Thu Hà"} if kind == "article" else {"source": "Ủy ban nhân dân huyện"}
    (issue_dir / "tin-chinh.md").write_text(
        markdown(kind, body, title="Hội nghị tổng kết", **byline), encoding="utf-8")
    if briefing is None:
        (issue_dir / "tin-van.md").unlink()
    else:
        (issue_dir / "tin-van.md").write_text(markdown("briefing", briefing, title="Tin vắn"),
                                              encoding="utf-8")
    if css:
        (issue_dir / "style.css").write_text(css, encoding="utf-8")
    return issue_dir


def spacer(number: int, mm: float) -> str:
    """CSS giving the number-th child of an item's body a bottom margin of mm."""
    return f".item .body > :nth-child({number}) {{ margin-bottom: {mm}mm; }}\n"


def photo(size=(1600, 1200)) -> bytes:
    picture = Image.new("RGB", size, (40, 110, 60))
    picture.paste((200, 180, 60), (size[0] // 4, size[1] // 4, size[0] // 2, size[1] // 2))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85)
    return out.getvalue()


# 1. A subheading pushed to the foot of page 3 by a spacer; WeasyPrint keeps it with its text
#    unless the issue's style.css lets it go (break-after: auto).
def heading_at_foot(root: Path, fixed: bool = False) -> Path:
    body = f"{paragraphs(5)}\n\n## Kết quả nổi bật\n\n{paragraphs(5, start=6)}\n"
    css = spacer(5, 35) + ("" if fixed else ".body h2 { break-after: auto; }\n")
    return issue(root, body, css)


def heading_at_column_foot(root: Path, fixed: bool = False) -> Path:
    """The same in two columns: the subheading ends column 1, its text starts column 2."""
    body = f"{paragraphs(2)}\n\n## Kết quả nổi bật\n\n{paragraphs(10, start=3)}\n"
    css = ".article .body { columns: 2; column-gap: 6mm; }\n" + spacer(2, 44)
    return issue(root, body, css + ("" if fixed else ".body h2 { break-after: auto; }\n"))


def section_title_at_foot(root: Path, fixed: bool = False) -> Path:
    """A section's title ending page 3 while its first item starts page 4: named in the
    warning by issue.yaml, where sections are made."""
    css = spacer(5, 18) + ("" if fixed else ".section-title { break-after: auto; }\n")
    return issue(root, f"{paragraphs(5)}\n", css, briefing=BRIEFINGS + "\n",
                 issue_yaml=ARTICLE_AND_BRIEFING.format(new_page="false"))


# 2. A photo at the foot of page 3 whose caption the issue's style.css sends to the next page.
def caption_apart(root: Path, fixed: bool = False) -> Path:
    photo_line = "![Quang cảnh hội nghị tổng kết. Ảnh: Thu Hà](img/hoi-nghi.jpg)"
    body = f"{paragraphs(2)}\n\n{photo_line}\n\n{paragraphs(5, start=3)}\n"
    css = "" if fixed else ("figure.photo { break-inside: auto; }\n"
                            "figcaption { break-before: page; }\n")
    issue_dir = issue(root, body, css)
    (issue_dir / "img").mkdir()
    (issue_dir / "img" / "hoi-nghi.jpg").write_bytes(photo())
    return issue_dir


# 3. One line of a paragraph alone at the foot of page 3 (orphan), or at the head of page 4
#    (widow), where the issue's style.css allows single lines.
def orphan(root: Path, fixed: bool = False) -> Path:
    css = spacer(4, 16.5) + ("" if fixed else "p { orphans: 1; }\n")
    return issue(root, f"{paragraphs(9)}\n", css)


def widow(root: Path, fixed: bool = False) -> Path:
    css = spacer(4, 6) + ("" if fixed else "p { widows: 1; }\n")
    return issue(root, f"{paragraphs(9)}\n", css)


def orphan_in_column(root: Path, fixed: bool = False) -> Path:
    """The same in two columns: one line alone at the foot of column 1."""
    css = (".article .body { columns: 2; column-gap: 6mm; }\n" + spacer(2, 1.5)
           + ("" if fixed else "p { orphans: 1; }\n"))
    return issue(root, f"{paragraphs(9)}\n", css)


# 4. A report's table row cut by the page break where the issue's style.css lets rows break.
TABLE = """\
| Xã, thị trấn | Kết quả thực hiện |
|---|---|
| Tân An | Hoàn thành 12 km đường giao thông nông thôn. |
| Phú Mỹ | {long} |
| Lâm Sơn | Hoàn thành 3 nhà văn hóa thôn. |
"""


def row_split(root: Path, fixed: bool = False) -> Path:
    long = " ".join(f"Tuyến số {n} dài 1,2 km đã được bê tông hóa, nghiệm thu và bàn giao cho thôn "
                    "quản lý, bảo dưỡng." for n in range(1, 7))
    body = f"{paragraphs(4)}\n\n{TABLE.format(long=long)}\n{paragraphs(4, start=5)}\n"
    css = spacer(4, 15) + ("" if fixed else "tr { break-inside: auto; }\n")
    return issue(root, body, css, kind="report")


# 5. Text past the type area: a web address written without a break in a narrow column
#    (fixed: written short), and a table too wide for the page (fixed: fewer columns).
# A code with no space or "/" to break at: wider than a column of 19 × 27 cm.
ADDRESS = "MaHoSoTrucTuyen_DVC_0001612_HoaLam_TanAn_2024_CapDoiCanCuoc_LanDau"


def long_token(root: Path, fixed: bool = False) -> Path:
    address = "dichvucong.gov.vn" if fixed else ADDRESS
    body = (f"{paragraphs(2)}\n\nNgười dân nộp hồ sơ trực tuyến tại địa chỉ {address} "
            f"rồi theo dõi kết quả qua tin nhắn.\n\n{paragraphs(6, start=3)}\n")
    return issue(root, body, ".article .body { columns: 2; column-gap: 6mm; }\n")


def wide_table(root: Path, fixed: bool = False) -> Path:
    columns = 4 if fixed else 8
    head = "| Xã | " + " | ".join(f"Năm {2016 + n}" for n in range(columns)) + " |"
    rule = "|---|" + "---:|" * columns
    rows = [f"| {name} | " + " | ".join(f"{1250 + 37 * n + k},5 tấn" for n in range(columns))
            + " |" for k, name in enumerate(["Tân An", "Phú Mỹ", "Lâm Sơn"])]
    table = "\n".join([head, rule, *rows])
    return issue(root, f"{paragraphs(3)}\n\n{table}\n\n{paragraphs(1, start=4)}\n",
                 kind="report")


# 6. The briefings' section starting a new page (new_page: true, that is break-before: page)
#    leaves page 4 with the last lines of the article only.
BRIEFINGS = "\n\n".join(f"**Xã {name}:** Ra quân làm sạch đường làng, nạo vét {n} km kênh mương "
                         "nội đồng, trồng thêm cây xanh ở trường học và nhà văn hóa thôn."
                         for n, name in enumerate(["Tân An", "Phú Mỹ", "Lâm Sơn", "Khe Mây",
                                                   "Hòa Lâm"], start=2))


def nearly_empty(root: Path, fixed: bool = False) -> Path:
    return issue(root, f"{paragraphs(8)}\n", briefing=BRIEFINGS + "\n",
                 issue_yaml=ARTICLE_AND_BRIEFING.format(new_page="false" if fixed else "true"))


# 7. A subheading spanning both columns (column-span: all) that reaches the page break:
#    WeasyPrint drops it and all the text after it. Fixed: nothing spans the columns.
def lost_in_columns(root: Path, fixed: bool = False) -> Path:
    body = f"{paragraphs(6)}\n\n## Kết quả nổi bật\n\n{paragraphs(6, start=20)}\n"
    css = ".article .body { columns: 2; column-gap: 6mm; }\n" + spacer(6, 7)
    if not fixed:
        css += ".article .body h2 { column-span: all; }\n"
    return issue(root, body, css)
