"""Typed values read out of a located YAML document, every problem noted with its line."""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any

import re

from bulletin_press.errors import Problems
from bulletin_press.manifest import yamlfile
from bulletin_press.manifest.yamlfile import BadDate
from bulletin_press.model import Colours
from bulletin_press.vietnamese import normalise

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
MAX_COLOURS = 4  # process colours (CMYK) on one side
_COLOURS = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
TYPE_NAMES = {bool: "true (có) hoặc false (không)", str: "một đoạn chữ", int: "một số nguyên",
              date: "một ngày dạng NĂM-THÁNG-NGÀY",
              list: "một danh sách (mỗi dòng bắt đầu bằng “- ”)", dict: "một nhóm khóa"}


def did_you_mean(name: str, choices) -> str:
    """' Có phải ý bạn là …?' for the closest choice, or '' when none is close."""
    close = difflib.get_close_matches(str(name), sorted(choices), n=1)
    return f" Có phải ý bạn là '{close[0]}'?" if close else ""


class Fields:
    """Reads typed values out of one located YAML document, noting every problem."""

    def __init__(self, doc: yamlfile.Located, problems: Problems):
        self.doc = doc
        self.problems = problems

    def error(self, key: tuple, message: str) -> None:
        self.problems.add(self.doc.file, self.doc.line(key), message)

    def mapping(self, value: Any, key: tuple, allowed: set[str]) -> dict:
        if not isinstance(value, dict):
            self.error(key, f"cần {TYPE_NAMES[dict]} (khóa: giá trị).")
            return {}
        for name in value:
            if name not in allowed:
                hint = did_you_mean(name, allowed) or (
                    f" Các khóa được dùng: {', '.join(sorted(allowed))}.")
                self.error(key + (name,), f"khóa '{name}' không được hỗ trợ.{hint}")
        return value

    def get(self, data: dict, key: tuple, kind: type, required: bool = True):
        name = key[-1]
        value = data.get(name)
        if value is None:
            if required:
                self.error(key, f"thiếu khóa '{name}' ({TYPE_NAMES[kind]}).")
            return None
        if kind is str and isinstance(value, (int, float, date, BadDate)) and not isinstance(value, bool):
            value = str(value)
        if kind is date and isinstance(value, BadDate):
            self.error(key, f"ngày “{value.text}” {value.reason}; hãy sửa thành một ngày có thật, "
                            "dạng NĂM-THÁNG-NGÀY, ví dụ 2024-01-15.")
            return None
        if (kind is int and isinstance(value, bool)) or not isinstance(value, kind):
            self.error(key, f"'{name}' phải là {TYPE_NAMES[kind]}, không phải “{value}”.")
            return None
        if kind is str and _CONTROL.search(value):
            self.error(key, f"'{name}' có ký tự điều khiển không in được (thường do dán từ phần "
                            "mềm khác); hãy xóa và gõ lại.")
            return None
        return normalise(value).strip() if kind is str else value

    def positive(self, data: dict, key: tuple, required: bool = True) -> int | None:
        value = self.get(data, key, int, required)
        if value is not None and value <= 0:
            self.error(key, f"'{key[-1]}' phải lớn hơn 0.")
            return None
        return value

    def whole(self, data: dict, key: tuple, low: int, high: int, required: bool = True,
              meaning: str = "") -> int | None:
        """A whole number from low to high; meaning says what it is, for the message."""
        value = self.get(data, key, int, required)
        if value is not None and not low <= value <= high:
            what = f" ({meaning})" if meaning else ""
            self.error(key, f"'{key[-1]}'{what} phải từ {low} đến {high}, không phải {value}.")
            return None
        return value

    def texts(self, data: dict, key: tuple, required: bool = False) -> tuple[str, ...]:
        """A list of lines of text. A line written `- Trưởng ban: X` without quotes is read by
        YAML as a pair; it is taken as the text the editor meant."""
        entries = self.get(data, key, list, required) or []
        lines = []
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and len(entry) == 1:
                (label, value), = entry.items()
                if not isinstance(value, (dict, list)):
                    entry = f"{label}: {'' if value is None else value}".strip()
            if not isinstance(entry, (str, int, float)):
                self.error(key + (index,), f"mỗi dòng của '{key[-1]}' phải là một đoạn chữ, "
                                           f"không phải “{entry}”; nếu dòng có dấu “:” hay “[”, "
                                           "hãy đặt cả dòng trong ngoặc kép.")
                continue
            text = self.get({index: entry}, key + (index,), str)
            if text is not None:
                lines.append(text)
        return tuple(lines)

    def colours(self, data: dict, key: tuple, meaning: str, blank_back: bool) -> Colours | None:
        """Colours written front/back, like 4/1; only a cover may leave its back blank (4/0)."""
        raw = data.get(key[-1])
        match = _COLOURS.match(str(raw)) if isinstance(raw, str) else None
        lowest_back = 0 if blank_back else 1
        if match:
            colours = Colours(int(match.group(1)), int(match.group(2)))
            if 1 <= colours.front <= MAX_COLOURS and lowest_back <= colours.back <= MAX_COLOURS:
                return colours
        rule = (f"mặt trước từ 1 đến {MAX_COLOURS}, mặt sau từ 0 (không in) đến {MAX_COLOURS}, "
                "ví dụ 4/4, 4/1 hoặc 4/0" if blank_back else
                f"mỗi mặt từ 1 đến {MAX_COLOURS} (ruột in cả hai mặt), ví dụ 1/1 hoặc 4/4")
        self.error(key, f"'{key[-1]}' ({meaning}) phải viết số màu mặt trước/mặt sau, {rule}; "
                        f"không phải “{raw}”.")
        return None
