"""The bulletin-wide settings file (bulletins/<slug>.yaml) and the print settings and
distribution that an issue may override."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from bulletin_press.manifest.fields import Fields
from bulletin_press.model import PrintSettings, Recipient, Series

SERIES_KEYS = {"name", "publisher", "parent", "responsible", "frequency", "printing_place",
               "address", "editorial_board", "layout", "print", "distribution", "licences",
               "keep_words"}
PRINT_KEYS = {"copies", "overs_percent", "make_ready", "paper_gsm", "cover_gsm"}
# Ranges that catch typing mistakes (a minus sign, a zero too many), not a print shop's limits.
PRINT_RANGES = {"copies": (1, 100_000, "số bản in"),
                "make_ready": (0, 5_000, "số tờ chỉnh máy"),
                "paper_gsm": (40, 350, "định lượng giấy ruột, g/m²"),
                "cover_gsm": (60, 400, "định lượng giấy bìa, g/m²")}


def series(slug: str, fields: Fields, data: dict) -> Series | None:
    text = {name: fields.get(data, (name,), str) for name in
            ("name", "publisher", "parent", "responsible", "frequency", "printing_place")}
    address = fields.get(data, ("address",), str, required=False)
    members = fields.texts(data, ("editorial_board",))
    if any(value is None for value in text.values()):
        return None
    return Series(slug=slug, file=fields.doc.file, address=address, editorial_board=members,
                  **text)


def print_settings(fields: Fields, series_fields: Fields | None, data: dict,
                   series_data: dict) -> PrintSettings | None:
    """The series' print settings with the issue's keys laid over them one by one."""
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
    if values.get("copies") is None or values.get("paper_gsm") is None:
        return None
    return PrintSettings(copies=values["copies"], overs_percent=overs,
                         make_ready=values.get("make_ready") or 0,
                         paper_gsm=values["paper_gsm"], cover_gsm=values.get("cover_gsm"))


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
