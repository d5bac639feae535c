"""YAML loading that remembers where every value came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bulletin_press.errors import BulletinError, Problem

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


def read_text(path: Path) -> str:
    """Read a UTF-8 text file, reporting other encodings in Vietnamese."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BulletinError([Problem(path, line, (
            "tệp không phải mã UTF-8 (có thể là Windows-1258, TCVN3 hoặc VNI). "
            "Hãy mở tệp và lưu lại với bảng mã UTF-8 (Unicode)."))]) from None


class _ImpossibleDate(yaml.constructor.ConstructorError):
    pass


class _Loader(yaml.SafeLoader):
    """SafeLoader whose impossible dates (2023-12-45) are located errors, not crashes."""

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:
            raise _ImpossibleDate(
                None, None, f"ngày “{node.value}” không có thật", node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def parse(path: Path, text: str, first_line: int = 1) -> Located:
    """Parse YAML text that starts at first_line of path."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = first_line + (mark.line if mark else 0)
        if isinstance(exc, _ImpossibleDate):
            message = f"{exc.problem}; hãy sửa thành một ngày có thật, dạng NĂM-THÁNG-NGÀY."
        else:
            message = (f"lỗi cú pháp YAML ({exc.problem or exc.context}). Kiểm tra thụt lề, dấu "
                       "hai chấm và dấu ngoặc kép ở dòng này hoặc dòng ngay trên.")
        raise BulletinError([Problem(path, line, message)]) from None
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    duplicates: list[Problem] = []
    if node is not None:
        _mark(node, (), lines, duplicates, path, first_line)
    if duplicates:
        raise BulletinError(duplicates)
    return Located(path, data, lines)


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
