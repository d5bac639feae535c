"""Text hygiene applied line by line to every file an editor writes."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bulletin_press import fonts
from bulletin_press.errors import Problems
from bulletin_press.legacy import LABELS, find_legacy_word
from bulletin_press.vietnamese import normalise, text_problems

KEEP_WORDS = "keep_words"  # series key: words that look legacy-encoded but are meant


def lint_text(path: Path, text: str, root: Path, problems: Problems, first_line: int = 1,
              keep: tuple[str, ...] = ()) -> None:
    """Report legacy encodings, stray marks and characters no bundled font can draw;
    keep holds the words the editor declared intended (Müller, Gödel…)."""
    for number, line in enumerate(normalise(text).split("\n"), start=first_line):
        for message in text_problems(line):
            problems.add(path, number, message)
        legacy = find_legacy_word(line, keep)
        if legacy:
            problems.add(path, number, (
                f"chữ “{legacy.word}” có vẻ được gõ bằng bảng mã cũ {LABELS[legacy.encoding]} "
                f"(đọc đúng là “{legacy.converted}”), sẽ in ra sai. Hãy chuyển cả tệp sang "
                f"Unicode bằng lệnh: bulletin convert {path.name} — còn nếu đây đúng là chữ bạn "
                f"muốn viết (ví dụ một tên riêng nước ngoài), thêm nó vào danh sách "
                f"'{KEEP_WORDS}' trong tệp thiết lập bản tin."))
        missing = fonts.missing_characters(line, root / "fonts")
        if missing:
            shown = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in missing)
            problems.add(path, number, f"phông chữ của bản tin không có ký tự {shown}; "
                                       "hãy thay bằng ký tự khác hoặc xóa đi.")


_CSS_REFERENCE = re.compile(r"""@import\s+(?:url\(\s*)?["']?([^"')\s;]+)|url\(\s*["']?([^"')]+?)["']?\s*\)""")


def lint_stylesheet(path: Path, readable: tuple[Path, ...], problems: Problems) -> None:
    """Every url() and @import of a stylesheet must name a file inside the readable folders."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        problems.add(path, None, "không đọc được tệp kiểu trình bày (CSS) này bằng mã UTF-8.")
        return
    roots = tuple(root.resolve() for root in readable)
    for number, line in enumerate(text.split("\n"), start=1):
        for match in _CSS_REFERENCE.finditer(line):
            target = (match[1] or match[2]).strip()
            if target.startswith("#"):
                continue
            scheme = urlsplit(target).scheme
            resolved = (path.parent / unquote(target)).resolve()
            if scheme or target.startswith("/") or not any(resolved.is_relative_to(r) for r in roots):
                problems.add(path, number, (
                    f"“{target[:60]}” nằm ngoài các thư mục bản tin được đọc (thư mục của số, "
                    "layouts/, fonts/); hãy chép tệp vào thư mục bố cục và ghi đường dẫn tương đối."))
