"""Photos too small for print: their effective resolution where the layout placed them."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from bulletin_press.content import Content
from bulletin_press.errors import Problem

MIN_PPI = 200     # below this a photo looks soft in print
CSS_PX_PER_INCH = 96


def low_resolution(document, content: Content) -> list[Problem]:
    """One warning per photo printed at less than MIN_PPI, naming its file."""
    from weasyprint.formatting_structure import boxes

    issue_dir = content.issue.directory
    worst: dict = {}
    for page in document.pages:
        for box in page._page_box.descendants():
            if not isinstance(box, boxes.ReplacedBox) or box.element is None:
                continue
            path = issue_dir / unquote(urlsplit(box.element.get("src", "")).path)
            photo = content.photos.get(path)
            if photo is None or not box.width:
                continue
            ppi = photo.size_px[0] / (box.width / CSS_PX_PER_INCH)
            worst[path] = min(ppi, worst.get(path, ppi))
    return [Problem(path, None, (
        f"ảnh chỉ đạt {ppi:.0f} ppi ở cỡ in ({content.photos[path].size_px[0]} điểm ảnh chiều "
        f"ngang), dưới {MIN_PPI} ppi nên in ra sẽ nhòe. Hãy xin ảnh gốc lớn hơn (ảnh chụp từ máy "
        "ảnh hoặc điện thoại, không phải ảnh gửi qua tin nhắn), hoặc để ảnh nhỏ hơn."))
        for path, ppi in sorted(worst.items()) if ppi < MIN_PPI]
