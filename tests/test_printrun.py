"""Print-run counts: sheets, reams and paper weight for a 2-up saddle-stitched booklet."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bulletin_press.model import PrintSettings, Recipient
from bulletin_press.press import printrun

A4 = (297.0, 210.0)
DISTRIBUTION = (Recipient("Văn phòng Huyện ủy", 500), Recipient("Đảng ủy xã Tân An", 380),
                Recipient("Lưu trữ, nộp lưu chiểu", 20))


def run(pages=48, copies=900, overs=3, make_ready=0, paper_gsm=80, cover_gsm=None,
        distribution=DISTRIBUTION):
    settings = PrintSettings(copies=copies, overs_percent=Decimal(overs), make_ready=make_ready,
                             paper_gsm=paper_gsm, cover_gsm=cover_gsm)
    return printrun.count(pages, settings, distribution, A4)


def test_worked_example_from_the_print_brief():
    without_overs = run(overs=0)
    assert without_overs.sheets_per_copy == 12
    assert without_overs.total_sheets == 10_800

    example = run()
    assert example.sheets_per_copy == 12
    assert example.total_sheets == 11_124
    assert example.reams == Decimal("22.25")
    assert example.paper_kg == Decimal("55.5")
    assert example.cover is None


def test_overs_round_up_to_whole_sheets():
    assert run(pages=4, copies=101).total_sheets == 105  # 101 × 1,03 = 104,03


def test_make_ready_sheets_are_added():
    assert run(make_ready=50).total_sheets == 11_174


def test_cover_on_heavier_stock_is_one_sheet_per_copy():
    result = run(cover_gsm=200)
    assert (result.cover.pages_per_copy, result.cover.sheets_per_copy) == (4, 1)
    assert (result.cover.sheets, result.cover.gsm) == (927, 200)        # 900 × 1,03
    assert (result.inside.pages_per_copy, result.inside.sheets_per_copy) == (44, 11)
    assert (result.inside.sheets, result.inside.gsm) == (10_197, 80)    # 9.900 × 1,03
    assert result.total_sheets == 11_124
    assert (result.cover.kilograms, result.inside.kilograms) == (Decimal("11.6"), Decimal("50.9"))
    assert result.paper_kg == Decimal("62.5")


@pytest.mark.parametrize("pages", [46, 50, 2])
def test_page_count_not_a_multiple_of_four_is_refused(pages):
    with pytest.raises(ValueError, match=f"{pages} pages is not a multiple of 4"):
        run(pages=pages)


def test_as_json():
    data = printrun.as_json(run())
    assert {"copies", "pages", "sheets_per_copy", "total_sheets", "reams",
            "distribution"} <= set(data)
    assert (data["copies"], data["pages"], data["sheets_per_copy"]) == (900, 48, 12)
    assert (data["total_sheets"], data["reams"], data["paper_kg"]) == (11_124, 22.25, 55.5)
    assert data["cover"] is None
    assert data["distribution"] == [
        {"recipient": "Văn phòng Huyện ủy", "copies": 500},
        {"recipient": "Đảng ủy xã Tân An", "copies": 380},
        {"recipient": "Lưu trữ, nộp lưu chiểu", "copies": 20}]


def test_as_text_uses_vietnamese_numbers_and_lists_every_recipient():
    text = printrun.as_text(run(), "SỐ LƯỢNG IN – THỬ")
    assert text.startswith("SỐ LƯỢNG IN – THỬ\n=================\n")
    for part in ("900 bản", "48 trang", "12 tờ khổ 29,7 × 21 cm", "11.124 tờ", "22,25 ram",
                 "55,5 kg", "Bù hao", "3%"):
        assert part in text
    for recipient in DISTRIBUTION:
        line = next(line for line in text.splitlines() if recipient.name in line)
        assert line.endswith(f" {recipient.copies} bản")
    assert text.splitlines()[-1].split() == ["Cộng", "900", "bản"]


def test_as_text_shows_the_cover_stock_apart():
    text = printrun.as_text(run(cover_gsm=200), "SỐ LƯỢNG IN")
    assert "Bìa: giấy 200 g/m²" in text
    assert "927 tờ = 1,85 ram ≈ 11,6 kg" in text
    assert "Ruột: giấy 80 g/m²" in text
    assert "10.197 tờ = 20,39 ram ≈ 50,9 kg" in text
