"""Synthetic issues in the project's own format, for the benchmark: Vietnamese articles of a
chosen length, optionally with phone-sized photos. Deterministic: the same arguments give the
same files."""

from __future__ import annotations

import io
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERIES = "thong-tin-noi-bo"
SYLLABLES = ("huyện xã thôn bản nhân dân cán bộ đảng viên hội nghị tổng kết công tác năm tháng "
             "kế hoạch triển khai thực hiện nhiệm vụ sản xuất nông nghiệp lúa gạo mùa vụ đông "
             "xuân hè thu chăn nuôi gia súc gia cầm tiêm phòng dịch bệnh y tế trạm trường học "
             "giáo viên học sinh đường giao thông nông thôn mới chuyển đổi số dịch vụ công trực "
             "tuyến hồ sơ thủ tục hành chính bảo hiểm xã hội y tế hộ gia đình hỗ trợ chính sách "
             "quỹ tín dụng vốn vay hợp tác xã doanh nghiệp thu nhập đời sống văn hóa thể thao "
             "an ninh trật tự phòng cháy chữa cháy môi trường rác thải nước sạch điện lưới").split()
# A licence for the synthetic year: A5, the legal maximum of 64 pages unless told otherwise.
LICENCE = """licences:
  - year: {year}
    number: 99/GP-THU
    date: {year}-01-02
    issued_by: Sở Thông tin và Truyền thông
    valid_until: {year}-12-31
    copies: 900
    format: 14,8 × 21 cm
    pages: {pages}
    printer: Công ty TNHH MTV In Hòa Lâm
"""
TITLES = ("Hội nghị sơ kết công tác", "Sản xuất vụ đông xuân", "Tiêm chủng mở rộng",
          "Chuyển đổi số ở cơ sở", "Xây dựng nông thôn mới", "Hỏi – đáp chính sách bảo hiểm")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(SYLLABLES) for _ in range(rng.randint(12, 24))]
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), f"{rng.randint(2, 900)} hộ")
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, title: str, paragraphs: int, photos: list[str]) -> str:
    body = []
    for index in range(paragraphs):
        if index and index % 6 == 0:
            body.append(f"## {rng.choice(TITLES)} {index // 6}")
        body.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 5))))
        if photos and index % 3 == 1:
            body.append(f"![Ảnh minh họa số {len(photos)}. Ảnh: Phóng viên]({photos.pop()})")
    return (f"---\nkind: article\ntitle: {title}\nauthor: Phóng viên\nunit: Ban Tuyên giáo\n"
            f"date: 2024-03-10\n---\n" + "\n\n".join(body) + "\n")


def phone_photo(rng: random.Random) -> bytes:
    """A 4000 × 3000 photograph-like JPEG, as a phone takes them."""
    from PIL import Image, ImageFilter

    small = Image.effect_noise((200, 150), 60).convert("RGB")
    colour = Image.new("RGB", (200, 150), (rng.randint(60, 200), rng.randint(60, 200),
                                           rng.randint(60, 200)))
    picture = Image.blend(small, colour, 0.5).resize((4000, 3000)).filter(
        ImageFilter.GaussianBlur(3))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=88)
    return out.getvalue()


def make_issue(project: Path, month: str, paragraphs: int, photos: int = 0,
               seed: int = 2024, licence_pages: int = 64) -> Path:
    """A project under `project` (layouts/ and fonts/ linked) holding one synthetic issue;
    `licence_pages` above 64 only builds where the page limits are lifted."""
    rng = random.Random(seed)
    for name in ("layouts", "fonts"):
        if not (project / name).exists():
            project.mkdir(parents=True, exist_ok=True)
            (project / name).symlink_to(ROOT / name, target_is_directory=True)
    bulletins = project / "bulletins"
    bulletins.mkdir(exist_ok=True)
    series = (ROOT / "bulletins" / f"{SERIES}.yaml").read_text(encoding="utf-8")
    series = series[:series.index("licences:")] + LICENCE.format(year=month[:4], pages=licence_pages)
    (bulletins / f"{SERIES}.yaml").write_text(series, encoding="utf-8")
    issue = bulletins / month
    (issue / "img").mkdir(parents=True)
    names = []
    for number in range(photos):
        name = f"img/anh-dien-thoai-{number + 1:02d}.jpg"
        (issue / name).write_bytes(phone_photo(rng))
        names.append(name)
    per_article = max(1, paragraphs // len(TITLES))
    items = []
    for number, title in enumerate(TITLES, start=1):
        share = names[number - 1::len(TITLES)]
        (issue / f"bai-{number}.md").write_text(
            article(rng, f"{title} (bài {number})", per_article, share), encoding="utf-8")
        items.append(f"bai-{number}.md")
    sections = "\n".join(f"  - title: Chuyên mục {n}\n    items:\n      - {item}"
                         for n, item in enumerate(items, start=1))
    (issue / "issue.yaml").write_text(
        f"bulletin: {SERIES}\nnumber: 3\nmonth: \"{month}\"\ndate: {month}-15\nlayout: a5\n"
        f"sections:\n{sections}\n", encoding="utf-8")
    return issue
