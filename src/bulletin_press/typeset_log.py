"""WeasyPrint's log lines in Vietnamese: what an editor or a layout maintainer can act on.

Each line WeasyPrint logs while laying out or writing is turned into a Problem. Failures that
leave something out of the bulletin (an image, a stylesheet, a font, a link target that does
not exist) are errors; style rules WeasyPrint skipped are warnings at their line of the CSS
file. A line not known here still reaches the editor in Vietnamese, with WeasyPrint's own
words attached for the maintainer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bulletin_press.errors import Problem
from bulletin_press.render import VIRTUAL_ROOT


@dataclass(frozen=True)
class Logged:
    problem: Problem
    error: bool  # something would be missing from the bulletin


_REASONS = {
    "unknown property": "thuộc tính này không có",
    "invalid value": "giá trị không hợp lệ",
    "the property does not apply for the @page context": "thuộc tính không dùng được trong @page",
}


def _shown(url: str) -> str:
    return url.strip("'\"").removeprefix(VIRTUAL_ROOT)


def _ignored(match: re.Match) -> str:
    reason = match["reason"].rstrip(".")
    reason = next((vi for en, vi in _REASONS.items() if reason.startswith(en)),
                  "bộ dàn trang không hỗ trợ")
    return f"bỏ qua khai báo CSS “{match['decl']}”: {reason}."


# (pattern, is an error, Vietnamese message); a named group `line` gives the line in the file.
_RULES: tuple[tuple[re.Pattern, bool, object], ...] = (
    (re.compile(r"^Ignored `(?P<decl>.*?)` at (?P<line>\d+):\d+, (?P<reason>.*)$"), False, _ignored),
    (re.compile(r"^Parse error at (?P<line>\d+):\d+"), False,
     "lỗi cú pháp CSS; hãy kiểm tra dấu ngoặc nhọn và dấu chấm phẩy ở dòng này."),
    (re.compile(r"(?:whole .*?rule was ignored|Unknown (?:empty )?rule .*?|Unknown @page rule "
                r".*?) at (?P<line>\d+):\d+"), False,
     "bỏ qua một quy tắc CSS mà bộ dàn trang không hỗ trợ."),
    (re.compile(r"^Failed to load image at (?P<url>.+?): "), True,
     lambda m: f"không nạp được ảnh {_shown(m['url'])}: tệp hỏng hoặc không phải ảnh. Hãy thay "
               "bằng một ảnh .jpg hoặc .png khác."),
    (re.compile(r"^Failed to load stylesheet at (?P<url>\S+)"), True,
     lambda m: f"không nạp được tệp kiểu trình bày {_shown(m['url'])}; hãy kiểm tra đường dẫn."),
    (re.compile(r"^Font-face '(?P<family>.*)' cannot be loaded"), True,
     lambda m: f"không nạp được phông chữ “{m['family']}” khai báo trong fonts/fonts.css; hãy "
               "kiểm tra đường dẫn tệp phông."),
    (re.compile(r"^No anchor #(?P<id>\S+) for internal URI reference"), True,
     lambda m: f"mục lục hoặc một liên kết trỏ tới “#{m['id']}” nhưng số không có phần nào mang "
               "tên đó; thường do mẫu trình bày riêng (document.html) bỏ mất một phần của số."),
    (re.compile(r"^Failed to (?:render SVG image|load inline SVG)"), True,
     "không vẽ được một hình SVG của bố cục; hãy kiểm tra tệp SVG."),
    (re.compile(r"^Failed to load attachment"), True,
     "không đính kèm được một tệp nguồn vào bản đọc PDF."),
    (re.compile(r"^Anchor defined twice: (?P<id>\S+)"), False,
     lambda m: f"tên neo “{m['id']}” bị dùng hai lần trong bố cục."),
    (re.compile(r"^Image \"(?P<src>.*)\" has no required alt description"), False,
     lambda m: f"ảnh {_shown(m['src'])} của bố cục không có chữ mô tả (thuộc tính alt): bản màn "
               "hình đọc bằng trình đọc màn hình sẽ bỏ qua nó. Hãy thêm alt=\"…\" vào thẻ <img> "
               "trong mẫu trình bày."),
    (re.compile(r"^Too many glyphs missing from \"(?P<font>.*?)\""), False,
     lambda m: f"phông “{m['font']}” thiếu nhiều ký tự; chữ chép ra từ PDF có thể sai."),
)


def translate(file: Path, raw: str) -> Logged:
    """One WeasyPrint log line, about file, as a Vietnamese problem."""
    for pattern, error, message in _RULES:
        match = pattern.search(raw)
        if match:
            text = message(match) if callable(message) else message
            line = int(match["line"]) if "line" in match.groupdict() else None
            return Logged(Problem(file, line, text), error)
    return Logged(Problem(file, None, (
        "bộ dàn trang báo một điều chưa có trong danh mục thông báo; bản tin vẫn được dựng. "
        f"Hãy gửi nguyên văn cho người bảo trì: {raw}")), False)
