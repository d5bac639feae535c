"""YAML loading that remembers where every value came from, with the typing an editor expects.

PyYAML follows YAML 1.1, where `010` is 8, `08` is an error, `yes`/`no`/`on`/`off` are booleans
and `2023-02-30` stops the whole file. Here scalars follow YAML 1.2's core schema instead:
decimal integers only (a leading zero is still decimal), true/false only, dates written
YYYY-MM-DD, and an impossible date or a date with a time becomes a value the field reader
reports at its line, so every other mistake of the file is reported in the same run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from bulletin_press.errors import BulletinError, Problem, os_problem

Key = tuple  # a path into the document: ("sections", 0, "items", 2)


@dataclass(frozen=True)
class Located:
    """A loaded YAML document with the line of each value and key."""

    file: Path
    data: Any
    lines: dict[Key, int] = field(default_factory=dict)

    def line(self, key: Key) -> int:
        """Line of the value at key, or of its nearest located parent."""
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)


@dataclass(frozen=True)
class BadDate:
    """Text written like a date that is not one: '2023-02-30', '2023-11-15 08:00:00'."""

    text: str
    reason: str

    def __str__(self) -> str:
        return self.text


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, reporting other encodings and unreadable files in Vietnamese."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BulletinError([os_problem(path, exc, "đọc")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BulletinError([Problem(path, line, (
            "tệp không phải mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI). Hãy chuyển bằng "
            f"lệnh: bulletin convert {path.name} — hoặc mở tệp và lưu lại với bảng mã UTF-8."))]) from None


_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_BOOL = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_DATE_LIKE = re.compile(r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ].*)?$")
_REPLACED = {"tag:yaml.org,2002:bool", "tag:yaml.org,2002:int", "tag:yaml.org,2002:float",
             "tag:yaml.org,2002:timestamp"}


class _Loader(yaml.SafeLoader):
    """SafeLoader with YAML 1.2 core scalars and dates that never stop the loading."""

    def construct_yaml_int(self, node):
        return int(self.construct_scalar(node), 10)

    def construct_yaml_bool(self, node):
        return self.construct_scalar(node).lower() == "true"

    def construct_date(self, node):
        text = self.construct_scalar(node)
        match = re.fullmatch(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})", text)
        if not match:
            return BadDate(text, "có cả giờ; chỉ ghi ngày, dạng NĂM-THÁNG-NGÀY")
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return BadDate(text, "không có thật")


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _REPLACED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool", _BOOL, list("tTfF"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_Loader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+0123456789."))
_Loader.add_implicit_resolver("tag:yaml.org,2002:timestamp", _DATE_LIKE, list("0123456789"))
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:bool", _Loader.construct_yaml_bool)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_date)


def parse(path: Path, text: str, first_line: int = 1) -> Located:
    """Parse YAML text that starts at first_line of path."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # An unclosed quote is found at the end of the file; where it opened is more useful.
        opened = (exc.context or "").startswith("while scanning") and exc.context_mark
        mark = (exc.context_mark if opened else exc.problem_mark) or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        raise BulletinError([Problem(path, line, syntax_message(exc))]) from None
    except yaml.YAMLError as exc:  # e.g. a character YAML does not accept, with no mark
        raise BulletinError([Problem(path, first_line, syntax_message(exc))]) from None
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _mark(node, (), lines, duplicates, path, first_line)
    if duplicates:
        raise BulletinError(duplicates)
    return Located(path, data, lines)


def syntax_message(exc: yaml.YAMLError) -> str:
    """What an editor should do about a YAML syntax error, in Vietnamese."""
    problem = str(getattr(exc, "problem", "") or getattr(exc, "context", "") or exc)
    if "mapping values are not allowed" in problem:
        return ("dòng này có dấu hai chấm “:” giữa chữ; nếu đó là một phần của tên hay tiêu đề, "
                "hãy đặt cả giá trị trong ngoặc kép, ví dụ: title: \"Hỏi – đáp: pháp luật\".")
    if "found character '\\t'" in problem or "found a tab character" in problem:
        return "dòng này thụt lề bằng phím Tab; YAML chỉ cho thụt lề bằng dấu cách."
    if "unacceptable character" in problem or "special characters are not allowed" in problem:
        return ("tệp có ký tự điều khiển không in được (thường do dán từ phần mềm khác); hãy xóa "
                "và gõ lại đoạn chữ ở dòng này.")
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return ("YAML hiểu nhầm ký tự “*”, “&” hoặc “[” ở đầu giá trị; hãy đặt giá trị trong "
                "ngoặc kép.")
    if "could not find expected ':'" in problem or "expected <block end>" in problem:
        return ("thụt lề không đều hoặc thiếu dấu hai chấm sau tên khóa; các khóa cùng cấp phải "
                "thẳng hàng, mỗi khóa viết dạng “khóa: giá trị”.")
    return ("lỗi cú pháp YAML: kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép ở dòng này hoặc "
            "dòng ngay trên; giá trị có dấu “:” hoặc “#” thì đặt trong ngoặc kép.")


def load(path: Path) -> Located:
    return parse(path, read_text(path))


def _mark(node, key: Key, lines, duplicates, path: Path, first_line: int) -> None:
    lines[key] = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            name = key_node.value
            if name in seen:
                duplicates.append(Problem(path, first_line + key_node.start_mark.line,
                                          f"khóa '{name}' bị khai báo hai lần; hãy xóa một dòng."))
            seen.add(name)
            _mark(value_node, key + (name,), lines, duplicates, path, first_line)
            lines[key + (name,)] = first_line + key_node.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _mark(item, key + (index,), lines, duplicates, path, first_line)
