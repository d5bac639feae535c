"""Load and validate the series settings, the issue manifest and the content headers → Issue."""

from __future__ import annotations

import difflib
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bulletin_press import fonts, layouts, yamlfile
from bulletin_press.errors import BulletinError, Problem, Problems
from bulletin_press.model import (KINDS, Issue, Item, Licence, PrintSettings, Recipient,
                                  Section, Series)
from bulletin_press.vietnamese import normalise, text_problems

ISSUE_FILE = "issue.yaml"
ISSUE_DIR = re.compile(r"^(\d{4})-(\d{2})$")
MAX_PAGES = 64  # Law on Press 2016, Art. 34

SERIES_KEYS = {"name", "publisher", "parent", "responsible", "frequency", "printing_place",
               "address", "editorial_board", "layout", "print", "distribution", "licences"}
ISSUE_KEYS = {"bulletin", "number", "month", "date", "layout", "print", "distribution", "sections"}
PRINT_KEYS = {"copies", "overs_percent", "make_ready", "paper_gsm", "cover_gsm"}
LICENCE_KEYS = {"year", "number", "date", "issued_by", "valid_until", "copies", "format",
                "pages", "printer"}
ITEM_KEYS = {
    "article": {"kind", "title", "lead", "author", "unit", "date"},
    "report": {"kind", "title", "lead", "source", "date"},
    "briefing": {"kind", "title"},
}
ALL_ITEM_KEYS = set().union(*ITEM_KEYS.values())
TYPE_NAMES = {str: "một đoạn chữ", int: "một số nguyên", date: "một ngày dạng NĂM-THÁNG-NGÀY",
              list: "một danh sách (mỗi dòng bắt đầu bằng “- ”)", dict: "một nhóm khóa"}


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
                close = difflib.get_close_matches(str(name), sorted(allowed), n=1)
                hint = f" Có phải ý bạn là '{close[0]}'?" if close else (
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
        if kind is str and isinstance(value, (int, float, date)) and not isinstance(value, bool):
            value = str(value)
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            self.error(key, f"'{name}' phải là {TYPE_NAMES[kind]}, không phải “{value}”.")
            return None
        return normalise(value).strip() if kind is str else value

    def positive(self, data: dict, key: tuple, required: bool = True) -> int | None:
        value = self.get(data, key, int, required)
        if value is not None and value <= 0:
            self.error(key, f"'{key[-1]}' phải lớn hơn 0.")
            return None
        return value


def load_issue(issue_dir: Path) -> Issue:
    """Validate everything an issue needs before rendering; raise all problems together."""
    issue_dir = Path(issue_dir).resolve()
    if issue_dir.name == ISSUE_FILE:
        issue_dir = issue_dir.parent
    problems = Problems()
    source = issue_dir / ISSUE_FILE
    if not source.is_file():
        problems.add(source, None, "không tìm thấy tệp issue.yaml trong thư mục số bản tin. "
                                   "Tạo số mới bằng lệnh: bulletin new")
        problems.raise_if_any()
    root = find_root(issue_dir)
    doc = _load(source, root, problems)
    problems.raise_if_any()
    fields = Fields(doc, problems)
    data = fields.mapping(doc.data, (), ISSUE_KEYS)

    slug = fields.get(data, ("bulletin",), str)
    series, series_fields, series_data = None, None, {}
    if slug:
        series_path = issue_dir.parent / f"{slug}.yaml"
        if not series_path.is_file():
            fields.error(("bulletin",), f"không có tệp thiết lập bản tin {series_path.name} "
                                        f"trong thư mục {issue_dir.parent.name}/.")
        else:
            series_doc = _load(series_path, root, problems)
            if series_doc is not None:
                series_fields = Fields(series_doc, problems)
                series_data = series_fields.mapping(series_doc.data, (), SERIES_KEYS)
                series = _series(slug, series_fields, series_data)

    number = fields.positive(data, ("number",))
    month = _month(fields, data, issue_dir)
    published = fields.get(data, ("date",), date)
    if month and published and (published.year, published.month) != (month.year, month.month):
        fields.error(("date",), f"ngày phát hành {published.isoformat()} không thuộc tháng "
                                f"{month.month:02d}/{month.year} của số này.")

    layout_fields = fields if "layout" in data else series_fields
    layout_name = layout_fields.get(data if layout_fields is fields else series_data,
                                    ("layout",), str) if layout_fields else None
    layout = None
    if layout_name:
        try:
            layout = layouts.load_layout(root, layout_name)
        except BulletinError as exc:
            layout_fields.error(("layout",), exc.problems[0].message)
            problems.extend(exc.problems[1:])

    print_settings = _print_settings(fields, series_fields, data, series_data)
    distribution = _distribution(fields, series_fields, data, series_data, print_settings)
    licence = None
    if series_fields and published:
        licence = _licence(series_fields, series_data, published, print_settings, layout)
    sections = _sections(fields, data, issue_dir, root, problems)
    if number and month and slug:
        _check_unique_number(fields, issue_dir, slug, number, month)

    problems.raise_if_any()
    return Issue(id=issue_dir.name, source=source, root=root, series=series, number=number,
                 month=month, date=published, layout=layout_name, print=print_settings,
                 distribution=distribution, licence=licence, sections=sections)


def find_root(start: Path) -> Path:
    """The project folder: the nearest parent holding both layouts/ and fonts/."""
    for folder in [start, *start.parents]:
        if (folder / "layouts").is_dir() and (folder / "fonts").is_dir():
            return folder
    raise BulletinError([Problem(start, None, (
        "thư mục này không nằm trong kho bản tin (không thấy layouts/ và fonts/ ở thư mục cha). "
        "Hãy chạy lệnh với một thư mục trong bulletins/."))])


def _load(path: Path, root: Path, problems: Problems) -> yamlfile.Located | None:
    """Load a YAML file after checking its text line by line."""
    try:
        text = yamlfile.read_text(path)
        lint_text(path, text, root, problems)
        return yamlfile.parse(path, normalise(text))
    except BulletinError as exc:
        problems.extend(exc.problems)
        return None


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


def _month(fields: Fields, data: dict, issue_dir: Path) -> date | None:
    text = fields.get(data, ("month",), str)
    if text is None:
        return None
    match = ISSUE_DIR.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        fields.error(("month",), f"'month' phải có dạng NĂM-THÁNG, ví dụ 2024-01, không phải “{text}”.")
        return None
    if text != issue_dir.name:
        fields.error(("month",), f"tháng {text} khác tên thư mục {issue_dir.name}; "
                                 "hãy đặt tên thư mục theo tháng của số (NĂM-THÁNG).")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _series(slug: str, fields: Fields, data: dict) -> Series | None:
    text = {name: fields.get(data, (name,), str) for name in
            ("name", "publisher", "parent", "responsible", "frequency", "printing_place")}
    address = fields.get(data, ("address",), str, required=False)
    board = fields.get(data, ("editorial_board",), list, required=False) or []
    members = tuple(normalise(str(m)) for m in board)
    if any(value is None for value in text.values()):
        return None
    return Series(slug=slug, source=fields.doc.file, address=address, editorial_board=members,
                  **text)


def _print_settings(fields: Fields, series_fields: Fields | None, data: dict,
                    series_data: dict) -> PrintSettings | None:
    merged: dict[str, tuple[Fields, dict, tuple]] = {}
    for reader, source in ((series_fields, series_data), (fields, data)):
        if reader is None or "print" not in source:
            continue
        block = reader.mapping(source["print"], ("print",), PRINT_KEYS)
        for name in block:
            merged[name] = (reader, block, ("print", name))
    values: dict[str, Any] = {}
    for name, required in (("copies", True), ("make_ready", False), ("paper_gsm", True),
                           ("cover_gsm", False)):
        if name not in merged:
            if required:
                (series_fields or fields).error(("print",), f"thiếu khóa 'print: {name}'.")
            continue
        reader, block, key = merged[name]
        values[name] = (reader.get(block, key, int) if name == "make_ready"
                        else reader.positive(block, key))
    overs = Decimal(0)
    if "overs_percent" in merged:
        reader, block, key = merged["overs_percent"]
        raw = block.get("overs_percent")
        try:
            overs = Decimal(str(raw).replace(",", ".").rstrip("%").strip())
            if not 0 <= overs <= 50:
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            reader.error(key, f"'overs_percent' (bù hao, %) phải là một số từ 0 đến 50, "
                              f"ví dụ 3 hoặc 2,5; không phải “{raw}”.")
    if values.get("copies") is None or values.get("paper_gsm") is None:
        return None
    return PrintSettings(copies=values["copies"], overs_percent=overs,
                         make_ready=values.get("make_ready") or 0,
                         paper_gsm=values["paper_gsm"], cover_gsm=values.get("cover_gsm"))


def _distribution(fields: Fields, series_fields: Fields | None, data: dict, series_data: dict,
                  settings: PrintSettings | None) -> tuple[Recipient, ...]:
    reader, source = (fields, data) if "distribution" in data else (series_fields, series_data)
    if reader is None:
        return ()
    entries = reader.get(source, ("distribution",), list)
    recipients = []
    for index, entry in enumerate(entries or []):
        key = ("distribution", index)
        block = reader.mapping(entry, key, {"recipient", "copies"})
        name = reader.get(block, key + ("recipient",), str)
        copies = reader.positive(block, key + ("copies",))
        if name and copies:
            recipients.append(Recipient(name, copies))
    total = sum(r.copies for r in recipients)
    if settings and recipients and total != settings.copies:
        reader.error(("distribution",), (
            f"danh sách phát hành cộng lại {total} bản, khác số bản in {settings.copies}. "
            "Hãy sửa số bản từng nơi nhận, hoặc thêm dòng giữ lại phần còn lại "
            "(ví dụ: lưu trữ, nộp lưu chiểu)."))
    return tuple(recipients)


def _licence(fields: Fields, data: dict, published: date, settings: PrintSettings | None,
             layout: layouts.Layout | None) -> Licence | None:
    entries = fields.get(data, ("licences",), list) or []
    for index, entry in enumerate(entries):
        key = ("licences", index)
        block = fields.mapping(entry, key, LICENCE_KEYS)
        if fields.get(block, key + ("year",), int) != published.year:
            continue
        values = {name: fields.get(block, key + (name,), kind) for name, kind in (
            ("number", str), ("date", date), ("issued_by", str), ("valid_until", date),
            ("format", str), ("printer", str))}
        copies = fields.positive(block, key + ("copies",))
        pages = fields.positive(block, key + ("pages",))
        trim = layouts.parse_size(values["format"]) if values["format"] else None
        if values["format"] and trim is None:
            fields.error(key + ("format",), "'format' phải là khổ giấy phép, ví dụ: 14,8 × 21 cm.")
        if None in values.values() or copies is None or pages is None or trim is None:
            return None
        if not values["date"] <= published <= values["valid_until"]:
            fields.error(key + ("valid_until",), (
                f"giấy phép {values['number']} có hiệu lực từ {values['date'].isoformat()} đến "
                f"{values['valid_until'].isoformat()}, không bao gồm ngày phát hành "
                f"{published.isoformat()}. Hãy khai báo giấy phép mới."))
        if pages > MAX_PAGES:
            fields.error(key + ("pages",), f"bản tin không được quá {MAX_PAGES} trang (Luật Báo chí, Điều 34).")
        if settings and settings.copies > copies:
            fields.error(key + ("copies",), (
                f"số bản in {settings.copies} vượt số lượng giấy phép cho phép ({copies} bản)."))
        if layout and sorted(trim) != sorted(layout.trim_mm):
            fields.error(key + ("format",), (
                f"giấy phép ghi khổ {values['format']} nhưng bố cục '{layout.name}' có khổ "
                f"{layout.title}. Hãy chọn bố cục đúng khổ giấy phép ('layout')."))
        return Licence(year=published.year, copies=copies, pages=pages, trim_mm=trim,
                       format_text=values.pop("format"), **values)
    fields.error(("licences",), f"chưa có giấy phép xuất bản cho năm {published.year}; hãy thêm "
                               "một mục vào 'licences' với year: " + str(published.year) + ".")
    return None


def _sections(fields: Fields, data: dict, issue_dir: Path, root: Path,
              problems: Problems) -> tuple[Section, ...]:
    sections = []
    for s_index, entry in enumerate(fields.get(data, ("sections",), list) or []):
        key = ("sections", s_index)
        block = fields.mapping(entry, key, {"title", "items"})
        title = fields.get(block, key + ("title",), str)
        items = []
        for i_index, name in enumerate(fields.get(block, key + ("items",), list) or []):
            item_key = key + ("items", i_index)
            if not isinstance(name, str):
                fields.error(item_key, "mỗi mục là tên một tệp .md, ví dụ: hoi-nghi.md")
                continue
            path = (issue_dir / name).resolve()
            if not path.is_relative_to(issue_dir) or path.suffix != ".md":
                fields.error(item_key, f"“{name}” phải là một tệp .md nằm trong thư mục {issue_dir.name}/.")
            elif not path.is_file():
                fields.error(item_key, f"không tìm thấy tệp {name} trong thư mục {issue_dir.name}/.")
            else:
                item = load_item(path, root, problems)
                if item:
                    items.append(item)
        if not block.get("items") and title:
            fields.error(key + ("items",), f"chuyên mục “{title}” chưa có bài nào: thêm tên tệp .md "
                                           "vào 'items' hoặc xóa chuyên mục này.")
        if title is not None:
            sections.append(Section(title, tuple(items)))
    if data.get("sections") is not None and not sections:
        fields.error(("sections",), "số bản tin chưa có chuyên mục nào.")
    return tuple(sections)


def load_item(path: Path, root: Path, problems: Problems) -> Item | None:
    """Read one Markdown file: its YAML header and body."""
    try:
        text = normalise(yamlfile.read_text(path))
    except BulletinError as exc:
        problems.extend(exc.problems)
        return None
    lint_text(path, text, root, problems)
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
    body = "\n".join(lines[end + 1:])
    if not body.strip():
        problems.add(path, end + 2, "bài chưa có nội dung sau phần đầu YAML.")
    if title is None:
        return None
    return Item(kind=kind, source=path, title=title, date=written, body=body,
                body_line=end + 2, **optional)


def _check_unique_number(fields: Fields, issue_dir: Path, slug: str, number: int,
                         month: date) -> None:
    """Issue numbers restart each year; two issues of one year may not share a number."""
    for other in sorted(issue_dir.parent.glob(f"{month.year}-*/{ISSUE_FILE}")):
        if other.parent == issue_dir:
            continue
        try:
            data = yamlfile.load(other).data
        except BulletinError:
            continue
        if isinstance(data, dict) and data.get("bulletin") == slug and data.get("number") == number:
            fields.error(("number",), f"số {number:02d} đã dùng cho số tháng {other.parent.name} "
                                      f"({other.parent.name}/{ISSUE_FILE}); hãy sửa số thứ tự.")
