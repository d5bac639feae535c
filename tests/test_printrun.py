"""Print-run counts: the finished sheets of a 2-up saddle-stitched booklet, and the press
sheets, forms, plates, waste, reams and paper weight a print shop quotes from.

The expected figures are worked out by hand (in the comments) and written as numbers, never
computed by the code under test.
"""

from __future__ import annotations

from dataclasses import replace as with_changes
from datetime import date
from decimal import Decimal

import pytest
from projects import REPO, line_of, make_project, replace

from bulletin_press import manifest
from bulletin_press.errors import BulletinError
from bulletin_press.manifest.layouts import load_layout
from bulletin_press.manifest.series import delivery_date
from bulletin_press.model import Colours, PrintSettings, Recipient
from bulletin_press.press import printrun

A5 = load_layout(REPO / "layouts", "a5")          # sheet A4, press sheet 65 × 86 cm
B19 = load_layout(REPO / "layouts", "19x27")      # sheet 38 × 27 cm, press sheet 79 × 109 cm
DISTRIBUTION = (Recipient("Văn phòng Huyện ủy", 500), Recipient("Đảng ủy xã Tân An", 380),
                Recipient("Lưu trữ, nộp lưu chiểu", 20))


def run(pages=48, layout=A5, copies=900, overs=3, make_ready=0, paper_gsm=80, cover_gsm=None,
        distribution=DISTRIBUTION, colour_pages=(), **press):
    settings = PrintSettings(copies=copies, overs_percent=Decimal(overs), make_ready=make_ready,
                             paper_gsm=paper_gsm, cover_gsm=cover_gsm, **press)
    return printrun.count(pages, settings, distribution, layout, colour_pages)


def figures(stock: printrun.PressStock) -> dict:
    return {"pages_per_side": stock.pages_per_side, "sheets_per_copy": stock.sheets_per_copy,
            "forms": stock.forms, "plates": stock.plates, "net": stock.net_sheets,
            "running": stock.running_waste, "make_ready": stock.make_ready_waste,
            "sheets": stock.sheets, "reams": stock.reams, "kg": stock.kilograms}


def assert_press_figures(stock: printrun.PressStock, **expected) -> None:
    assert figures(stock) == expected


# ---- Press sheets ------------------------------------------------------------------------------

NINETEEN_BY_TWENTY_SEVEN_48 = dict(
    # 16 pages a side: 2 spreads of 38 cm across 79 cm, 4 rows of 27 cm down 109 cm.
    pages_per_side=16,
    sheets_per_copy=Decimal("1.5"),   # 48 ÷ 32
    forms=3, plates=3,                # ⌈48 ÷ 16⌉ forms of one colour
    net=1350,                         # 900 × 1,5
    running=41,                       # ⌈1.350 × 3 %⌉ = ⌈40,5⌉
    make_ready=150,                   # 3 plates × 50
    sheets=1541,                      # 1.350 + 41 + 150
    reams=Decimal("3.08"),            # 1.541 ÷ 500 = 3,082
    kg=Decimal("106.2"))              # 1.541 × 0,79 × 1,09 m² × 80 g = 106.156 g


def test_900_copies_of_48_pages_19x27_on_79x109():
    result = run(pages=48, layout=B19)
    assert result.press.press_sheet_mm == (790.0, 1090.0)
    assert result.press.cover is None
    assert_press_figures(result.press.inside, **NINETEEN_BY_TWENTY_SEVEN_48)
    assert (result.press.total_sheets, result.press.plates) == (1541, 3)
    assert (result.press.reams, result.press.kilograms) == (Decimal("3.08"), Decimal("106.2"))


def test_a_changed_figure_fails_the_check():
    """Twin of the test above: the same check with one sheet more must fail."""
    result = run(pages=48, layout=B19)
    with pytest.raises(AssertionError):
        assert_press_figures(result.press.inside, **{**NINETEEN_BY_TWENTY_SEVEN_48, "sheets": 1542})
    with pytest.raises(AssertionError):
        assert_press_figures(run(pages=48, layout=B19, overs=4).press.inside,
                             **NINETEEN_BY_TWENTY_SEVEN_48)


def test_900_copies_of_24_pages_a5_on_65x86():
    result = run(pages=24, layout=A5)
    assert result.press.press_sheet_mm == (650.0, 860.0)
    assert_press_figures(
        result.press.inside,
        pages_per_side=16,                # 2 spreads of 29,6 cm across 65 cm, 4 rows of 21 cm
        sheets_per_copy=Decimal("0.75"),  # 24 ÷ 32
        forms=2, plates=2,                # ⌈24 ÷ 16⌉
        net=675,                          # 900 × 0,75
        running=21,                       # ⌈675 × 3 %⌉ = ⌈20,25⌉
        make_ready=100,                   # 2 × 50
        sheets=796,
        reams=Decimal("1.59"),            # 796 ÷ 500 = 1,592
        kg=Decimal("35.6"))               # 796 × 0,65 × 0,86 m² × 80 g = 35.597 g


def test_a_separate_4_4_cover_on_150_gsm_is_counted_on_its_own_press_sheets():
    result = run(pages=48, layout=B19, cover_gsm=150, cover_colours=Colours(4, 4))
    assert_press_figures(
        result.press.inside,
        pages_per_side=16,
        sheets_per_copy=Decimal("1.375"),  # 44 ÷ 32
        forms=3, plates=3,                 # ⌈44 ÷ 16⌉
        net=1238,                          # ⌈900 × 1,375⌉ = ⌈1.237,5⌉
        running=38,                        # ⌈1.238 × 3 %⌉ = ⌈37,14⌉
        make_ready=150,
        sheets=1426,
        reams=Decimal("2.85"),             # 2,852
        kg=Decimal("98.2"))                # 1.426 × 0,8611 m² × 80 g = 98.234 g
    assert_press_figures(
        result.press.cover,
        pages_per_side=16,
        sheets_per_copy=Decimal("0.125"),  # 4 ÷ 32: eight covers a sheet
        forms=1, plates=4,                 # one work-and-turn form in four colours
        net=113,                           # ⌈112,5⌉
        running=4,                         # ⌈113 × 3 %⌉ = ⌈3,39⌉
        make_ready=200,                    # 4 plates × 50
        sheets=317,
        reams=Decimal("0.63"),             # 0,634
        kg=Decimal("40.9"))                # 317 × 0,8611 m² × 150 g = 40.945 g
    assert (result.press.plates, result.press.total_sheets) == (7, 1743)
    assert (result.press.reams, result.press.kilograms) == (Decimal("3.49"), Decimal("139.2"))


def test_press_sheet_and_make_ready_per_plate_are_settings():
    result = run(pages=48, layout=B19, press_sheet_mm=(650.0, 860.0), make_ready_per_plate=30)
    inside = result.press.inside
    # 19 × 27 on 65 × 86: 4 spreads (two 38 cm across 86 cm, two 27 cm rows down 65 cm).
    assert (inside.pages_per_side, inside.forms, inside.plates) == (8, 6, 6)
    assert (inside.net_sheets, inside.running_waste, inside.make_ready_waste) == (2700, 81, 180)
    assert inside.sheets == 2961


@pytest.mark.parametrize("trim, press, pages", [
    ((190.0, 270.0), (790.0, 1090.0), 16),
    ((190.0, 270.0), (1090.0, 790.0), 16),
    ((148.0, 210.0), (650.0, 860.0), 16),
    ((190.0, 270.0), (650.0, 860.0), 8),   # 9 single pages would fit, but not in pairs
    ((148.0, 210.0), (297.0, 210.0), 2),   # the finished A4 sheet itself
    ((148.0, 210.0), (250.0, 200.0), 0),
])
def test_pages_per_side_counts_two_page_spreads_in_the_better_orientation(trim, press, pages):
    assert printrun.pages_per_side(trim, press) == pages


@pytest.mark.parametrize("inside, cover, pages, forms", [
    (Colours(1, 1), None, 48, (1, 1, 1)),
    (Colours(4, 4), None, 48, (4, 4, 4)),
    (Colours(4, 1), None, 48, (4, 4, 1, 1)),          # two sheets: fronts, then backs
    (Colours(1, 1), Colours(4, 4), 48, (4, 4, 1)),    # self-cover: both sides of the outer sheet
    (Colours(1, 1), Colours(4, 1), 48, (4, 1, 1)),
    (Colours(1, 1), Colours(4, 4), 24, (4, 1)),       # less than a sheet: one work-and-turn form
    (Colours(4, 1), Colours(4, 4), 48, (4, 4, 4, 1)),
])
def test_forms_and_their_colours(inside, cover, pages, forms):
    assert printrun.form_colours(pages, 16, inside, cover) == forms


@pytest.mark.parametrize("colours, forms", [
    (Colours(4, 4), (4,)), (Colours(4, 1), (4, 1)), (Colours(4, 0), (4,)), (Colours(1, 1), (1,))])
def test_separate_cover_forms(colours, forms):
    result = run(pages=48, layout=B19, cover_gsm=200, cover_colours=colours)
    assert result.press.cover.form_colours == forms
    assert result.press.cover.make_ready_waste == 50 * sum(forms)


def test_a_self_cover_in_colour_adds_plates_to_the_inside_paper():
    result = run(pages=48, layout=B19, cover_colours=Colours(4, 4))
    assert result.press.cover is None
    assert (result.press.inside.plates, result.press.inside.make_ready_waste) == (9, 450)
    assert result.press.inside.sheets == 1350 + 41 + 450


def test_colour_pages_are_recorded_not_counted():
    plain, marked = run(pages=48, layout=B19), run(pages=48, layout=B19, colour_pages=(1, 48))
    assert marked.colour_pages == (1, 48)
    assert plain.colour_pages == ()
    assert figures(marked.press.inside) == figures(plain.press.inside)


def test_a_layout_without_a_press_sheet_is_printed_on_its_finished_sheet():
    result = run(pages=24, layout=with_changes(A5, press_sheet_mm=None))
    inside = result.press.inside
    assert result.press.press_sheet_mm == (297.0, 210.0)
    assert (inside.pages_per_side, inside.sheets_per_copy, inside.forms) == (2, Decimal(6), 12)


# ---- Finished sheets (tờ gấp), as they always were -----------------------------------------

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


# ---- JSON and text ----------------------------------------------------------------------------

def test_as_json_keeps_the_contract_and_adds_the_press_sheets():
    data = printrun.as_json(run(pages=48, layout=B19, colour_pages=(1, 2)))
    assert {"copies", "pages", "sheets_per_copy", "total_sheets", "reams",
            "distribution"} <= set(data)
    assert (data["copies"], data["pages"], data["sheets_per_copy"]) == (900, 48, 12)
    # Finished sheets of 38 × 27 cm: 11.124 × 0,1026 m² × 80 g = 91.306 g.
    assert (data["total_sheets"], data["reams"], data["paper_kg"]) == (11_124, 22.25, 91.3)
    assert data["sheet_mm"] == [380.0, 270.0]
    assert data["cover"] is None
    assert data["colour_pages"] == [1, 2]
    assert data["distribution"] == [
        {"recipient": "Văn phòng Huyện ủy", "copies": 500},
        {"recipient": "Đảng ủy xã Tân An", "copies": 380},
        {"recipient": "Lưu trữ, nộp lưu chiểu", "copies": 20}]
    assert data["press"] == {
        "press_sheet_mm": [790.0, 1090.0], "make_ready_per_plate": 50, "self_cover": True,
        "cover_colours": "1/1",
        "inside": {"pages_per_copy": 48, "gsm": 80, "colours": "1/1", "pages_per_side": 16,
                   "sheets_per_copy": 1.5, "forms": 3, "form_colours": [1, 1, 1], "plates": 3,
                   "net_sheets": 1350, "running_waste": 41, "make_ready_waste": 150,
                   "sheets": 1541, "reams": 3.08, "kg": 106.2},
        "cover": None,
        "plates": 3, "total_sheets": 1541, "reams": 3.08, "paper_kg": 106.2}


def test_as_text_uses_vietnamese_numbers_and_lists_every_recipient():
    text = printrun.as_text(run(), "SỐ LƯỢNG IN – THỬ")
    assert text.startswith("SỐ LƯỢNG IN – THỬ\n=================\n")
    for part in ("900 bản", "48 trang", "12 tờ thành phẩm khổ 29,7 × 21 cm", "11.124 tờ",
                 "22,25 ram", "55,5 kg", "Bù hao", "3%"):
        assert part in text
    for recipient in DISTRIBUTION:
        line = next(line for line in text.splitlines() if recipient.name in line)
        assert line.endswith(f" {recipient.copies} bản")
    assert text.splitlines()[-1].split() == ["Cộng", "900", "bản"]


def test_as_text_shows_the_press_sheets_apart_from_the_finished_sheets():
    text = printrun.as_text(run(pages=48, layout=B19), "SỐ LƯỢNG IN")
    lines = text.splitlines()
    assert "Giấy in khổ 79 × 109 cm (khổ giấy nhà in mua)" in lines
    assert "in 1/1, 16 trang/mặt giấy, 1,5 tờ/cuốn" in text
    assert "3 khuôn, 3 bản kẽm" in text
    assert "1.350 + 41 bù hao (3%) + 150 chỉnh máy (50 tờ/bản kẽm) = 1.541 tờ" in text
    assert "1.541 tờ = 3,08 ram ≈ 106,2 kg; 3 bản kẽm" in text
    assert "Tờ gấp mỗi cuốn" in text


def test_as_text_shows_the_cover_stock_apart():
    text = printrun.as_text(run(cover_gsm=200), "SỐ LƯỢNG IN")
    assert "Bìa: giấy 200 g/m²" in text
    assert "927 tờ = 1,85 ram ≈ 11,6 kg" in text
    assert "Ruột: giấy 80 g/m²" in text
    assert "10.197 tờ = 20,39 ram ≈ 50,9 kg" in text


# ---- Settings: defaults and located Vietnamese errors ------------------------------------------

def test_settings_defaults(tmp_path):
    issue = manifest.load_issue(make_project(tmp_path))
    settings = issue.print
    assert issue.layout.press_sheet_mm == (650.0, 860.0)
    assert settings.press_sheet_mm is None            # the layout's
    assert settings.make_ready_per_plate == 50
    # The bundled layouts print a red band on the cover: layout.yaml gives the cover 4/1.
    assert issue.layout.cover_colours == Colours(4, 1)
    assert (settings.inside_colours, settings.cover_colours) == (Colours(1, 1), Colours(4, 1))
    assert (settings.paper, settings.cover_paper) == (None, None)
    assert settings.delivery_date == date(2024, 1, 12)  # Monday 15 − 3 days: Friday 12
    assert issue.series.delivery_address is None


def test_settings_are_read_from_the_series_and_the_issue(tmp_path):
    issue_dir = make_project(tmp_path)
    replace(issue_dir.parent / "ban-tin.yaml", "printing_place: Xưởng in Thử\n",
            "printing_place: Xưởng in Thử\naddress: Số 1 đường Thử\n")
    replace(issue_dir.parent / "ban-tin.yaml", "  paper_gsm: 80\n",
            "  paper_gsm: 80\n  press_sheet: 79 × 109 cm\n  make_ready_per_plate: 40\n"
            "  inside_colours: 4/4\n  paper: Couché mờ\n")
    replace(issue_dir / "issue.yaml", "date: 2024-01-15\n",
            "date: 2024-01-15\nprint:\n  cover_gsm: 150\n  cover_colours: 4/0\n"
            "  cover_paper: Couché bóng\n  delivery_date: 2024-01-09\n")
    issue = manifest.load_issue(issue_dir)
    settings = issue.print
    assert settings.press_sheet_mm == (790.0, 1090.0)
    assert settings.make_ready_per_plate == 40
    assert (settings.inside_colours, settings.cover_colours) == (Colours(4, 4), Colours(4, 0))
    assert (settings.paper, settings.cover_paper) == ("Couché mờ", "Couché bóng")
    assert settings.delivery_date == date(2024, 1, 9)
    assert issue.series.delivery_address == "Số 1 đường Thử"   # defaults to the address


@pytest.mark.parametrize("published, delivered", [
    (date(2024, 1, 15), date(2024, 1, 12)),   # Monday: the Friday before
    (date(2023, 11, 15), date(2023, 11, 10)),  # Wednesday: Sunday 12 moves back to Friday 10
    (date(2023, 12, 14), date(2023, 12, 11)),  # Thursday: Monday 11
])
def test_default_delivery_date(published, delivered):
    assert delivery_date(published) == delivered


SETTING_MISTAKES = {
    # id: (file under bulletins/, old, new, text on the expected line, message part)
    "unknown key": (
        "ban-tin.yaml", "  paper_gsm: 80\n", "  paper_gsm: 80\n  press_shet: 79 × 109 cm\n",
        "press_shet", "khóa 'press_shet' không được hỗ trợ. Có phải ý bạn là 'press_sheet'?"),
    "press sheet in the wrong unit": (
        "ban-tin.yaml", "  paper_gsm: 80\n", "  paper_gsm: 80\n  press_sheet: 650 × 860 cm\n",
        "press_sheet", "mỗi cạnh từ 20 đến 160 cm"),
    "press sheet too small for two pages": (
        "ban-tin.yaml", "  paper_gsm: 80\n", "  paper_gsm: 80\n  press_sheet: 25 × 20 cm\n",
        "press_sheet", "không đặt được hai trang khổ 14,8 × 21 cm cạnh nhau"),
    "negative make-ready per plate": (
        "ban-tin.yaml", "  paper_gsm: 80\n", "  paper_gsm: 80\n  make_ready_per_plate: -50\n",
        "make_ready_per_plate", "(số tờ chỉnh máy cho mỗi bản kẽm) phải từ 0 đến 1000"),
    "five colours": (
        "ban-tin.yaml", "  paper_gsm: 80\n", "  paper_gsm: 80\n  inside_colours: 5/5\n",
        "inside_colours", "mỗi mặt từ 1 đến 4 (ruột in cả hai mặt), ví dụ 1/1 hoặc 4/4; "
                          "không phải “5/5”."),
    "an inside with a blank side": (
        "2024-01/issue.yaml", "date: 2024-01-15\n",
        "date: 2024-01-15\nprint:\n  inside_colours: 4/0\n", "inside_colours", "“4/0”"),
    "colours as one number": (
        "2024-01/issue.yaml", "date: 2024-01-15\n",
        "date: 2024-01-15\nprint:\n  cover_colours: 4\n", "cover_colours",
        "mặt sau từ 0 (không in) đến 4, ví dụ 4/4, 4/1 hoặc 4/0; không phải “4”."),
    "paper text too long": (
        "ban-tin.yaml", "  paper_gsm: 80\n", "  paper_gsm: 80\n  paper: " + "Giấy " * 15 + "\n",
        "paper:", "'paper' (loại giấy) dài 74 ký tự"),
    "delivery date in the series": (
        "ban-tin.yaml", "  paper_gsm: 80\n", "  paper_gsm: 80\n  delivery_date: 2024-01-12\n",
        "delivery_date", "hãy khai báo trong issue.yaml"),
    "delivery after publication": (
        "2024-01/issue.yaml", "date: 2024-01-15\n",
        "date: 2024-01-15\nprint:\n  delivery_date: 2024-01-16\n", "delivery_date",
        "ngày giao hàng 2024-01-16 phải trong 60 ngày trước ngày phát hành 2024-01-15"),
    "delivery address not text": (
        "ban-tin.yaml", "printing_place: Xưởng in Thử\n",
        "printing_place: Xưởng in Thử\ndelivery_address: [a, b]\n", "delivery_address",
        "'delivery_address' phải là một đoạn chữ"),
}


@pytest.mark.parametrize("name, old, new, needle, message", SETTING_MISTAKES.values(),
                         ids=SETTING_MISTAKES.keys())
def test_each_setting_mistake_is_one_located_vietnamese_problem(tmp_path, name, old, new,
                                                                 needle, message):
    issue_dir = make_project(tmp_path)
    path = issue_dir.parent / name
    replace(path, old, new)
    with pytest.raises(BulletinError) as info:
        manifest.load_issue(issue_dir)
    problems = info.value.problems
    assert len(problems) == 1, [str(p) for p in problems]
    assert problems[0].file == path.resolve()
    assert problems[0].line == line_of(path, needle)
    assert message in problems[0].message


def test_a_layout_press_sheet_mistake_is_located(tmp_path):
    folder = tmp_path / "layouts" / "thu"
    folder.mkdir(parents=True)
    (folder / "layout.yaml").write_text(
        "title: Thử\ntrim: 19 × 27 cm\nsheet: 38 × 27 cm\npress_sheet: 30 × 35 cm\n",
        encoding="utf-8")
    with pytest.raises(BulletinError) as info:
        load_layout(tmp_path / "layouts", "thu")
    (problem,) = info.value.problems
    assert problem.line == 4
    assert "không đặt được hai trang khổ 19 × 27 cm cạnh nhau" in problem.message
