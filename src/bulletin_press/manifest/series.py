"""The bulletin-wide settings file (bulletins/<slug>.yaml) and the print settings and
distribution that an issue may override."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from bulletin_press.manifest.fields import Fields
from bulletin_press.manifest.layouts import parse_size, press_sheet_problem
from bulletin_press.model import BLACK_BOTH_SIDES, Colours, Layout, PrintSettings, Recipient, Series

SERIES_KEYS = {"name", "publisher", "parent", "responsible", "frequency", "printing_place",
               "address", "delivery_address", "editorial_board", "layout", "print",
               "distribution", "licences", "keep_words"}
PRINT_KEYS = {"copies", "overs_percent", "make_ready", "paper_gsm", "cover_gsm", "press_sheet",
              "make_ready_per_plate", "inside_colours", "cover_colours", "paper", "cover_paper",
              "delivery_date"}
ISSUE_ONLY_PRINT_KEYS = {"delivery_date"}
# Ranges that catch typing mistakes (a minus sign, a zero too many), not a print shop's limits.
PRINT_RANGES = {"copies": (1, 100_000, "số bản in"),
                "make_ready": (0, 5_000, "số tờ chỉnh máy"),
                "make_ready_per_plate": (0, 1_000, "số tờ chỉnh máy cho mỗi bản kẽm"),
                "paper_gsm": (40, 350, "định lượng giấy ruột, g/m²"),
                "cover_gsm": (60, 400, "định lượng giấy bìa, g/m²")}
# A sheet-fed offset press spoils a few dozen sheets per plate bringing ink and register up to
# colour before the run; 50 is a usual allowance. Never zero on offset.
MAKE_READY_PER_PLATE = 50
MAX_PAPER_TEXT = 60
# The print shop delivers this many days before the publication date, on a weekday: a weekend
# day moves back to the Friday before.
DELIVERY_DAYS_BEFORE = 3
DELIVERY_EARLIEST_DAYS = 60  # a delivery date further back is a typing mistake (wrong month)


def delivery_date(published: date) -> date:
    """The default delivery date: DELIVERY_DAYS_BEFORE days before publication, or the Friday
    before if that falls on a Saturday or Sunday."""
    day = published - timedelta(days=DELIVERY_DAYS_BEFORE)
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def series(slug: str, fields: Fields, data: dict) -> Series | None:
    text = {name: fields.get(data, (name,), str) for name in
            ("name", "publisher", "parent", "responsible", "frequency", "printing_place")}
    address = fields.get(data, ("address",), str, required=False)
    delivery = fields.get(data, ("delivery_address",), str, required=False)
    members = fields.texts(data, ("editorial_board",))
    if any(value is None for value in text.values()):
        return None
    return Series(slug=slug, file=fields.doc.file, address=address, editorial_board=members,
                  delivery_address=delivery or address, **text)


def print_settings(fields: Fields, series_fields: Fields | None, data: dict,
                   series_data: dict, layout: Layout | None = None,
                   published: date | None = None) -> PrintSettings | None:
    """The series' print settings with the issue's keys laid over them one by one.

    layout gives the default press sheet and the trim it must hold; published, the issue's
    publication date, gives the default delivery date and bounds the one written.
    """
    merged: dict[str, tuple[Fields, dict, tuple]] = {}
    for reader, source in ((series_fields, series_data), (fields, data)):
        if reader is None or "print" not in source:
            continue
        block = reader.mapping(source["print"], ("print",), PRINT_KEYS)
        for name in block:
            if reader is series_fields and name in ISSUE_ONLY_PRINT_KEYS:
                reader.error(("print", name), (
                    f"'{name}' là ngày giao hàng của từng số; hãy khai báo trong issue.yaml "
                    "(print: delivery_date), không khai báo trong tệp thiết lập chung."))
                continue
            merged[name] = (reader, block, ("print", name))
    values: dict[str, Any] = {}
    for name, required in (("copies", True), ("make_ready", False), ("paper_gsm", True),
                           ("cover_gsm", False), ("make_ready_per_plate", False)):
        if name not in merged:
            if required:
                (series_fields or fields).error(("print",), f"thiếu khóa 'print: {name}'.")
            continue
        reader, block, key = merged[name]
        low, high, meaning = PRINT_RANGES[name]
        values[name] = reader.whole(block, key, low, high, meaning=meaning)
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
    press = _press_sheet(merged.get("press_sheet"), layout)
    inside = _colours(merged.get("inside_colours"), "màu in ruột", blank_back=False)
    cover = (_colours(merged.get("cover_colours"), "màu in bìa", blank_back=True)
             or (layout.cover_colours if layout else None))
    paper = {name: _paper(merged.get(name)) for name in ("paper", "cover_paper")}
    delivery = _delivery(merged.get("delivery_date"), published)
    if values.get("copies") is None or values.get("paper_gsm") is None:
        return None
    per_plate = values.get("make_ready_per_plate")
    return PrintSettings(copies=values["copies"], overs_percent=overs,
                         make_ready=values.get("make_ready") or 0,
                         paper_gsm=values["paper_gsm"], cover_gsm=values.get("cover_gsm"),
                         press_sheet_mm=press,
                         make_ready_per_plate=MAKE_READY_PER_PLATE if per_plate is None else per_plate,
                         inside_colours=inside or BLACK_BOTH_SIDES, cover_colours=cover,
                         paper=paper["paper"], cover_paper=paper["cover_paper"],
                         delivery_date=delivery)


def _press_sheet(found: tuple | None, layout: Layout | None) -> tuple[float, float] | None:
    if found is None:
        return None
    reader, block, key = found
    text = reader.get(block, key, str)
    if text is None:
        return None
    press = parse_size(text)
    problem = press_sheet_problem(press, layout.trim_mm if layout else None, text)
    if problem:
        reader.error(key, f"'press_sheet' (khổ giấy nhà in mua): {problem}")
        return None
    return press


def _colours(found: tuple | None, meaning: str, blank_back: bool) -> Colours | None:
    if found is None:
        return None
    reader, block, key = found
    return reader.colours(block, key, meaning, blank_back)


def _paper(found: tuple | None) -> str | None:
    if found is None:
        return None
    reader, block, key = found
    text = reader.get(block, key, str)
    if text is not None and len(text) > MAX_PAPER_TEXT:
        reader.error(key, f"'{key[-1]}' (loại giấy) dài {len(text)} ký tự; hãy viết gọn trong "
                          f"{MAX_PAPER_TEXT} ký tự, ví dụ: Couché mờ.")
        return None
    return text


def _delivery(found: tuple | None, published: date | None) -> date | None:
    if found is None:
        return delivery_date(published) if published else None
    reader, block, key = found
    day = reader.get(block, key, date)
    if day is None or published is None:
        return day
    earliest = published - timedelta(days=DELIVERY_EARLIEST_DAYS)
    if not earliest <= day <= published:
        reader.error(key, (
            f"ngày giao hàng {day.isoformat()} phải trong {DELIVERY_EARLIEST_DAYS} ngày trước "
            f"ngày phát hành {published.isoformat()} (từ {earliest.isoformat()} đến "
            f"{published.isoformat()}). Nếu bỏ khóa này, ngày giao là {DELIVERY_DAYS_BEFORE} ngày "
            "trước ngày phát hành."))
        return None
    return day


def distribution(fields: Fields, series_fields: Fields | None, data: dict, series_data: dict,
                 settings: PrintSettings | None) -> tuple[Recipient, ...]:
    """The issue's list if it has one, else the series' list; it must add up to the run."""
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
