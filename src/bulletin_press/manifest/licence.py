"""The year's publishing licence and the rules an issue must keep to (Law on Press 2016,
Art. 34): validity on the publication date, copies, pages and format."""

from __future__ import annotations

from datetime import date

from bulletin_press.manifest import layouts
from bulletin_press.manifest.fields import Fields
from bulletin_press.model import Layout, Licence, PrintSettings

LICENCE_KEYS = {"year", "number", "date", "issued_by", "valid_until", "copies", "format",
                "pages", "printer"}
MAX_PAGES = 64  # Law on Press 2016, Art. 34


def licence(fields: Fields, data: dict, published: date, settings: PrintSettings | None,
            layout: Layout | None) -> Licence | None:
    """The licence entry for the year of the publication date, checked against the issue."""
    entries = fields.get(data, ("licences",), list) or []
    years: dict[int, int] = {}
    for index, entry in enumerate(entries):
        key = ("licences", index)
        block = fields.mapping(entry, key, LICENCE_KEYS)
        year = fields.get(block, key + ("year",), int)
        if year in years:
            fields.error(key + ("year",), (
                f"năm {year} đã có giấy phép ở dòng {fields.doc.line(('licences', years[year]))}; "
                "mỗi năm chỉ một giấy phép. Nếu được cấp lại, hãy sửa mục cũ thay vì thêm mục mới."))
            continue
        if year is not None:
            years[year] = index
    for index, entry in enumerate(entries):
        key = ("licences", index)
        block = entry if isinstance(entry, dict) else {}
        if block.get("year") != published.year or years.get(published.year) != index:
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
