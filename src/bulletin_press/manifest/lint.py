"""Text hygiene applied line by line to every file an editor writes."""

from __future__ import annotations

from pathlib import Path

from bulletin_press import fonts
from bulletin_press.errors import Problems
from bulletin_press.vietnamese import normalise, text_problems


def lint_text(path: Path, text: str, root: Path, problems: Problems, first_line: int = 1) -> None:
    """Report legacy encodings, stray marks and characters no bundled font can draw."""
    for number, line in enumerate(normalise(text).split("\n"), start=first_line):
        for message in text_problems(line):
            problems.add(path, number, message)
        missing = fonts.missing_characters(line, root / "fonts")
        if missing:
            shown = ", ".join(f"“{c}” (U+{ord(c):04X})" for c in missing)
            problems.add(path, number, f"phông chữ của bản tin không có ký tự {shown}; "
                                       "hãy thay bằng ký tự khác hoặc xóa đi.")
