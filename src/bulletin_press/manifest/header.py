"""A content file: its YAML header between two '---' lines, then its Markdown body."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from bulletin_press.errors import BulletinError, Problems
from bulletin_press.manifest import yamlfile
from bulletin_press.manifest.fields import Fields
from bulletin_press.manifest.lint import lint_text
from bulletin_press.model import KINDS, Item
from bulletin_press.vietnamese import normalise

ITEM_KEYS = {
    "article": {"kind", "title", "lead", "author", "unit", "date", "cover"},
    "report": {"kind", "title", "lead", "source", "date", "cover"},
    "briefing": {"kind", "title", "cover"},
}
ALL_ITEM_KEYS = set().union(*ITEM_KEYS.values())


def load_item(path: Path, root: Path, problems: Problems, keep: tuple[str, ...] = ()) -> Item | None:
    """Read one Markdown file: its YAML header and body."""
    try:
        text = normalise(yamlfile.read_text(path))
    except BulletinError as exc:
        problems.extend(exc.problems)
        return None
    lint_text(path, text, root, problems, keep=keep)
    lines = text.split("\n")
    if lines[0].strip() != "---" or "---" not in (line.strip() for line in lines[1:]):
        problems.add(path, 1, "tệp phải bắt đầu bằng phần đầu YAML giữa hai dòng “---” "
                              "(kind, title...). Xem mẫu trong README.")
        return None
    end = next(i for i, line in enumerate(lines) if i > 0 and line.strip() == "---")
    try:
        doc = yamlfile.parse(path, "\n".join(lines[1:end]), first_line=2)
    except BulletinError as exc:
        problems.extend(exc.problems)
        return None
    fields = Fields(doc, problems)
    header = fields.mapping(doc.data, (), ALL_ITEM_KEYS)
    kind = fields.get(header, ("kind",), str)
    if kind not in KINDS:
        if kind is not None:
            fields.error(("kind",), f"'kind' phải là article (bài viết), report (báo cáo) hoặc "
                                    f"briefing (tin vắn), không phải “{kind}”.")
        return None
    for name in header:
        if name in ALL_ITEM_KEYS - ITEM_KEYS[kind]:
            fields.error((name,), f"khóa '{name}' không dùng cho loại {kind} ({KINDS[kind]}).")
    title = fields.get(header, ("title",), str)
    optional = {name: fields.get(header, (name,), str, required=False)
                for name in ("lead", "author", "unit")}
    optional["issuer"] = fields.get(header, ("source",), str, required=False)
    if optional["unit"] and not optional["author"]:
        fields.error(("unit",), "có 'unit' (đơn vị) mà thiếu 'author' (tác giả).")
    written = fields.get(header, ("date",), date, required=False)
    cover = fields.get(header, ("cover",), bool, required=False)
    body = "\n".join(lines[end + 1:])
    if not body.strip():
        problems.add(path, end + 2, "bài chưa có nội dung sau phần đầu YAML.")
    if title is None:
        return None
    return Item(kind=kind, file=path, title=title, date=written, body=body,
                body_line=end + 2, cover=cover, **optional)
