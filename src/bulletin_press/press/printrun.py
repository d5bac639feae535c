"""Print-run counts for a saddle-stitched booklet: the finished sheets folded into each copy,
and the press sheets the print shop buys, prints and spoils.

Finished sheets (tờ gấp, tờ thành phẩm): the booklet is folded from sheets twice the page size
(the layout's `sheet`: A4 for an A5 booklet, 38 × 27 cm for 19 × 27 cm), two pages a side, so
one sheet carries 4 pages. This is a finishing count, not what is bought:

    sheets per copy = pages ÷ 4
    total sheets    = ⌈copies × sheets per copy × (1 + overs % ÷ 100)⌉ + make_ready
    reams           = total sheets ÷ 500, to 0,01
    weight (kg)     = total sheets × sheet area (m²) × gsm ÷ 1000, to 0,1

Press sheets (giấy in khổ lớn): an offset shop buys paper as press sheets (65 × 86 cm,
79 × 109 cm) and prints many pages on each side of one:

    pages per side N = pages of the trim that fit on one side of the press sheet, counted as
                       two-page spreads (a folded sheet carries its pages in pairs), in the
                       better of the two orientations: 16 for 19 × 27 cm on 79 × 109 cm, 16
                       for A5 on 65 × 86 cm. Pages are counted edge to edge at the trim: the
                       bleed of a page runs into its neighbour's and is trimmed away. The
                       gripper margin and colour bars are the shop's to find in what is left
                       over (A5 on 65 × 86 cm is tight), as PRINT.md describes.
    sheets per copy  = pages ÷ 2N; a fraction when a copy takes part of a sheet (24 pages on
                       16-up sheets: 0,75)
    forms            = press-sheet sides to print, each with its own set of plates:
                       same colours both sides (1/1, 4/4): ⌈pages ÷ N⌉, a part sheet being
                       printed work-and-turn (one form for both of its sides);
                       different colours (4/1, 4/0): fronts and backs cannot share a form:
                       ⌈pages ÷ 2N⌉ fronts and as many backs (none when the back is blank)
    plates           = the colours of every form, added up
    net sheets       = ⌈copies × sheets per copy⌉
    running waste    = ⌈net sheets × overs % ÷ 100⌉
    make-ready waste = plates × make-ready sheets per plate
    total sheets     = net sheets + running waste + make-ready waste
    reams, weight    = as above, with the press sheet's area

A self-cover is printed with the inside on its paper. Where the cover has more colours than the
inside, the form holding the cover's outside (pages 1 and last) takes the cover's front colours
and the form holding its inside (pages 2 and last but one) its back colours: the two sides of
the outermost sheet, or one work-and-turn form when a copy takes less than a whole sheet. A
separate cover (cover_gsm) is 4 pages on its own paper, counted apart the same way with its own
forms, plates and waste; the inside then has pages − 4.

Worked example: 900 copies of 48 pages of 19 × 27 cm on 79 × 109 cm, 1/1, 80 g/m², 3 % overs,
50 sheets a plate: N = 16; 1,5 sheets a copy; 3 forms, 3 plates; 1.350 net + 41 running
+ 150 make-ready = 1.541 sheets = 3,08 reams; 1.541 × 0,8611 m² × 80 g = 106,2 kg.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from bulletin_press.errors import Problem
from bulletin_press.model import Colours, Layout, PrintSettings, Recipient
from bulletin_press.vietnamese import format_number

PAGES_PER_SHEET = 4  # finished sheet: two pages a side, both sides printed
SHEETS_PER_REAM = 500
COVER_PAGES = 4


def _reams(sheets: int) -> Decimal:
    return (Decimal(sheets) / SHEETS_PER_REAM).quantize(Decimal("0.01"), ROUND_HALF_UP)


def _kilograms(grams: Decimal) -> Decimal:
    return (grams / 1000).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _area_m2(size_mm: tuple[float, float]) -> Decimal:
    return Decimal(str(size_mm[0])) * Decimal(str(size_mm[1])) / 1_000_000


def _up(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


@dataclass(frozen=True)
class Stock:
    """One paper of the run in finished sheets (tờ gấp): sheets to fold and what they weigh."""

    pages_per_copy: int
    sheets_per_copy: int
    sheets: int
    gsm: int
    kilograms: Decimal

    @property
    def reams(self) -> Decimal:
        return _reams(self.sheets)


@dataclass(frozen=True)
class PressStock:
    """One paper of the run in press sheets: how it is printed and how many sheets it takes."""

    pages_per_copy: int
    gsm: int
    colours: Colours
    pages_per_side: int
    form_colours: tuple[int, ...]  # one entry per form: the plates it needs
    net_sheets: int
    running_waste: int
    make_ready_waste: int
    area_m2: Decimal

    @property
    def sheets_per_copy(self) -> Decimal:
        return Decimal(self.pages_per_copy) / (2 * self.pages_per_side)

    @property
    def forms(self) -> int:
        return len(self.form_colours)

    @property
    def plates(self) -> int:
        return sum(self.form_colours)

    @property
    def sheets(self) -> int:
        return self.net_sheets + self.running_waste + self.make_ready_waste

    @property
    def reams(self) -> Decimal:
        return _reams(self.sheets)

    @property
    def grams(self) -> Decimal:
        return self.sheets * self.area_m2 * self.gsm

    @property
    def kilograms(self) -> Decimal:
        return _kilograms(self.grams)


@dataclass(frozen=True)
class PressRun:
    """The paper bought for the run, in press sheets, and the plates it is printed from."""

    press_sheet_mm: tuple[float, float]
    make_ready_per_plate: int
    cover_colours: Colours
    inside: PressStock
    cover: PressStock | None  # None: self-cover, printed with the inside

    @property
    def stocks(self) -> tuple[PressStock, ...]:
        return (self.inside, self.cover) if self.cover else (self.inside,)

    @property
    def plates(self) -> int:
        return sum(stock.plates for stock in self.stocks)

    @property
    def total_sheets(self) -> int:
        return sum(stock.sheets for stock in self.stocks)

    @property
    def reams(self) -> Decimal:
        return _reams(self.total_sheets)

    @property
    def kilograms(self) -> Decimal:
        return _kilograms(sum((stock.grams for stock in self.stocks), Decimal(0)))


@dataclass(frozen=True)
class PrintRun:
    copies: int
    pages: int
    sheet_mm: tuple[float, float]  # the finished sheet
    overs_percent: Decimal
    make_ready: int
    inside: Stock
    cover: Stock | None
    distribution: tuple[Recipient, ...]
    press: PressRun
    colour_pages: tuple[int, ...] = ()  # pages printed in colour, as found in the PDF

    @property
    def sheets_per_copy(self) -> int:
        return self.pages // PAGES_PER_SHEET

    @property
    def total_sheets(self) -> int:
        return self.inside.sheets + (self.cover.sheets if self.cover else 0)

    @property
    def reams(self) -> Decimal:
        return _reams(self.total_sheets)

    @property
    def paper_kg(self) -> Decimal:
        return self.inside.kilograms + (self.cover.kilograms if self.cover else 0)


def pages_per_side(trim_mm: tuple[float, float], press_mm: tuple[float, float]) -> int:
    """Pages of the trim on one side of the press sheet, in two-page spreads, in the better
    orientation. Pages sit edge to edge at the trim: bleeds of adjacent pages are trimmed away,
    and the gripper margin is the shop's to find in the sheet's slack."""
    width, height = (Decimal(str(side)) for side in trim_mm)
    spreads = max(int(across // (2 * width)) * int(down // height)
                  for across, down in ((Decimal(str(press_mm[0])), Decimal(str(press_mm[1]))),
                                       (Decimal(str(press_mm[1])), Decimal(str(press_mm[0])))))
    return 2 * spreads


def form_colours(pages: int, per_side: int, colours: Colours,
                 self_cover: Colours | None = None) -> tuple[int, ...]:
    """The colours (plates) of each form printing pages at per_side pages a side.

    Same colours both sides: ⌈pages ÷ per_side⌉ forms, a part sheet printed work-and-turn.
    Different colours: ⌈pages ÷ 2·per_side⌉ fronts, then as many backs unless the back is blank.
    self_cover: the cover's colours, raising the forms that carry the cover's two sides.
    """
    if colours.front == colours.back:
        forms = [colours.front] * _up(pages, per_side)
        outside, inside = 0, (1 if pages >= 2 * per_side else 0)
    else:
        sheets = _up(pages, 2 * per_side)
        forms = [colours.front] * sheets + ([colours.back] * sheets if colours.back else [])
        outside, inside = 0, (sheets if colours.back else 0)
    if self_cover:
        forms[outside] = max(forms[outside], self_cover.front)
        forms[inside] = max(forms[inside], self_cover.back)
    return tuple(forms)


def press_stock(pages: int, copies: int, gsm: int, colours: Colours, per_side: int,
                settings: PrintSettings, area_m2: Decimal,
                self_cover: Colours | None = None) -> PressStock:
    """One paper in press sheets: forms and plates, net sheets, running and make-ready waste."""
    forms = form_colours(pages, per_side, colours, self_cover)
    net = _up(copies * pages, 2 * per_side)
    running = int((net * settings.overs_percent / 100).to_integral_value(ROUND_CEILING))
    return PressStock(pages_per_copy=pages, gsm=gsm, colours=colours, pages_per_side=per_side,
                      form_colours=forms, net_sheets=net, running_waste=running,
                      make_ready_waste=sum(forms) * settings.make_ready_per_plate,
                      area_m2=area_m2)


def count(pages: int, settings: PrintSettings, distribution: tuple[Recipient, ...],
          layout: Layout, colour_pages: tuple[int, ...] = ()) -> PrintRun:
    """Count the run; pages must already be a multiple of four.

    The layout gives the trim, the finished sheet and the default press sheet (the settings'
    press_sheet_mm overrides it; a layout naming none is printed on its finished sheet).
    colour_pages, the pages found to carry colour, are only recorded for the print order.
    """
    if pages % PAGES_PER_SHEET:
        raise ValueError(f"{pages} pages is not a multiple of {PAGES_PER_SHEET}")
    sheet_mm = layout.sheet_mm

    def stock(stock_pages: int, gsm: int) -> Stock:
        per_copy = stock_pages // PAGES_PER_SHEET
        with_overs = Decimal(settings.copies * per_copy) * (1 + settings.overs_percent / 100)
        sheets = int(with_overs.to_integral_value(ROUND_CEILING)) + settings.make_ready
        kilograms = _kilograms(sheets * _area_m2(sheet_mm) * gsm)
        return Stock(stock_pages, per_copy, sheets, gsm, kilograms)

    separate_cover = settings.cover_gsm is not None
    inside_pages = pages - (COVER_PAGES if separate_cover else 0)
    cover = stock(COVER_PAGES, settings.cover_gsm) if separate_cover else None
    inside = stock(inside_pages, settings.paper_gsm)

    press_mm = settings.press_sheet_mm or layout.press_sheet_mm or sheet_mm
    per_side = pages_per_side(layout.trim_mm, press_mm)
    if per_side == 0:
        raise ValueError(f"a press sheet of {press_mm} mm holds no two pages of {layout.trim_mm} mm")
    area = _area_m2(press_mm)
    cover_colours = settings.cover_colours or settings.inside_colours
    press = PressRun(
        press_sheet_mm=press_mm, make_ready_per_plate=settings.make_ready_per_plate,
        cover_colours=cover_colours,
        inside=press_stock(inside_pages, settings.copies, settings.paper_gsm,
                           settings.inside_colours, per_side, settings, area,
                           self_cover=None if separate_cover else cover_colours),
        cover=press_stock(COVER_PAGES, settings.copies, settings.cover_gsm, cover_colours,
                          per_side, settings, area) if separate_cover else None)
    return PrintRun(copies=settings.copies, pages=pages, sheet_mm=sheet_mm,
                    overs_percent=settings.overs_percent, make_ready=settings.make_ready,
                    inside=inside, cover=cover, distribution=distribution, press=press,
                    colour_pages=tuple(colour_pages))


def as_json(run: PrintRun) -> dict:
    """The counts as plain data. sheets_per_copy, total_sheets, reams and paper_kg are the
    finished-sheet figures, as they always were; the press sheets are under 'press'."""
    return {
        "copies": run.copies,
        "pages": run.pages,
        "sheets_per_copy": run.sheets_per_copy,
        "overs_percent": float(run.overs_percent),
        "make_ready": run.make_ready,
        "sheet_mm": list(run.sheet_mm),
        "total_sheets": run.total_sheets,
        "reams": float(run.reams),
        "paper_kg": float(run.paper_kg),
        "inside": _stock_json(run.inside),
        "cover": _stock_json(run.cover) if run.cover else None,
        "press": _press_json(run.press),
        "colour_pages": list(run.colour_pages),
        "distribution": [{"recipient": r.name, "copies": r.copies} for r in run.distribution],
    }


def _stock_json(stock: Stock) -> dict:
    return {"pages_per_copy": stock.pages_per_copy, "sheets_per_copy": stock.sheets_per_copy,
            "sheets": stock.sheets, "gsm": stock.gsm, "reams": float(stock.reams),
            "kg": float(stock.kilograms)}


def _press_json(press: PressRun) -> dict:
    def stock(item: PressStock) -> dict:
        return {"pages_per_copy": item.pages_per_copy, "gsm": item.gsm,
                "colours": str(item.colours), "pages_per_side": item.pages_per_side,
                "sheets_per_copy": float(item.sheets_per_copy), "forms": item.forms,
                "form_colours": list(item.form_colours), "plates": item.plates,
                "net_sheets": item.net_sheets, "running_waste": item.running_waste,
                "make_ready_waste": item.make_ready_waste, "sheets": item.sheets,
                "reams": float(item.reams), "kg": float(item.kilograms)}

    return {"press_sheet_mm": list(press.press_sheet_mm),
            "make_ready_per_plate": press.make_ready_per_plate,
            "self_cover": press.cover is None, "cover_colours": str(press.cover_colours),
            "inside": stock(press.inside),
            "cover": stock(press.cover) if press.cover else None,
            "plates": press.plates, "total_sheets": press.total_sheets,
            "reams": float(press.reams), "paper_kg": float(press.kilograms)}


# ---- Vietnamese wording, shared with the print order -----------------------------------------

def size_text(size_mm: tuple[float, float]) -> str:
    """(790.0, 1090.0) → '79 × 109 cm'."""
    return " × ".join(format_number(side / 10, 1).removesuffix(",0") for side in size_mm) + " cm"


def fraction_text(value: Decimal) -> str:
    """1.5 → '1,5', 0.75 → '0,75', 2 → '2': up to three decimals, no trailing zeros."""
    text = format_number(value, 3)
    return text.rstrip("0").rstrip(",") if "," in text else text


def percent_text(value: Decimal) -> str:
    return format_number(value, 1).removesuffix(",0") + "%"


def as_text(run: PrintRun, heading: str) -> str:
    """The print-run sheet in Vietnamese, as printed after a build and saved beside the PDFs."""
    sheet = size_text(run.sheet_mm)
    rows = [
        ("Số bản in", f"{format_number(run.copies)} bản"),
        ("Số trang mỗi cuốn", f"{run.pages} trang"),
        ("Tờ gấp mỗi cuốn", f"{run.sheets_per_copy} tờ thành phẩm khổ {sheet} "
                            "(in 2 mặt, 4 trang/tờ)"),
        ("Bù hao", f"{percent_text(run.overs_percent)} "
                   f"+ {format_number(run.make_ready)} tờ chỉnh máy"),
    ]
    for label, stock in (("Ruột", run.inside), ("Bìa", run.cover)):
        if stock is None:
            continue
        rows.append((f"{label}: giấy {stock.gsm} g/m²",
                     f"{format_number(stock.sheets)} tờ = {format_number(stock.reams, 2)} ram "
                     f"≈ {format_number(stock.kilograms, 1)} kg"))
    rows.append(("Tổng số tờ gấp", f"{format_number(run.total_sheets)} tờ "
                                   f"= {format_number(run.reams, 2)} ram (500 tờ/ram)"))
    rows.append(("Tổng khối lượng giấy", f"≈ {format_number(run.paper_kg, 1)} kg"))
    press = run.press
    press_heading = f"Giấy in khổ {size_text(press.press_sheet_mm)} (khổ giấy nhà in mua)"
    press_rows = []
    for label, stock in (("Ruột", press.inside), ("Bìa", press.cover)):
        if stock is None:
            continue
        press_rows += [
            (f"{label}: giấy {stock.gsm} g/m²",
             f"in {stock.colours}, {stock.pages_per_side} trang/mặt giấy, "
             f"{fraction_text(stock.sheets_per_copy)} tờ/cuốn"),
            ("  Khuôn in, bản kẽm", f"{stock.forms} khuôn, {stock.plates} bản kẽm"),
            ("  Tờ in", f"{format_number(stock.net_sheets)} + "
                        f"{format_number(stock.running_waste)} bù hao "
                        f"({percent_text(run.overs_percent)}) + "
                        f"{format_number(stock.make_ready_waste)} chỉnh máy "
                        f"({press.make_ready_per_plate} tờ/bản kẽm) "
                        f"= {format_number(stock.sheets)} tờ"),
            ("  Ram, khối lượng", f"{format_number(stock.reams, 2)} ram "
                                  f"≈ {format_number(stock.kilograms, 1)} kg"),
        ]
    if press.cover is None:
        press_rows.append(("Bìa", f"in chung giấy ruột, {press.cover_colours}"))
    press_rows.append(("Tổng giấy in", f"{format_number(press.total_sheets)} tờ "
                                       f"= {format_number(press.reams, 2)} ram "
                                       f"≈ {format_number(press.kilograms, 1)} kg; "
                                       f"{press.plates} bản kẽm"))
    if run.colour_pages:
        press_rows.append(("Trang in màu", ", ".join(map(str, run.colour_pages))))
    width = max(len(label) for label, _ in rows + press_rows)
    lines = [heading, "=" * len(heading), ""]
    lines += [f"{label.ljust(width)}  {value}" for label, value in rows]
    lines += ["", press_heading, "-" * len(press_heading)]
    lines += [f"{label.ljust(width)}  {value}" for label, value in press_rows]
    if run.distribution:
        lines += ["", "Phát hành", "---------"]
        name_width = max(len(r.name) for r in run.distribution)
        number_width = len(format_number(run.copies))
        for index, recipient in enumerate(run.distribution, start=1):
            lines.append(f"{index:>2}. {recipient.name.ljust(name_width)}  "
                         f"{format_number(recipient.copies).rjust(number_width)} bản")
        total = sum(r.copies for r in run.distribution)
        lines.append(f"    {'Cộng'.ljust(name_width)}  {format_number(total).rjust(number_width)} bản")
    return "\n".join(lines) + "\n"


def colour_warnings(run: PrintRun, issue) -> tuple[Problem, ...]:
    """Pages in colour that the settings print with one ink: the shop would print their colour
    on black alone. The cover sheet's outer pages (1 and the last) take the cover's front
    colours, its inner pages (2 and the one before last) the back's; inside pages the inside's,
    checked only when both sides of the inside are one colour."""
    settings = issue.print
    cover = settings.cover_colours or settings.inside_colours
    last = run.pages
    allowed = {1: cover.front, last: cover.front, 2: cover.back, last - 1: cover.back}
    inside = settings.inside_colours
    single = [page for page in run.colour_pages
              if allowed.get(page, 4 if max(inside.front, inside.back) > 1 else 1) == 1]
    if not single:
        return ()
    return (Problem(issue.series.file, None, (
        f"trang {', '.join(map(str, single))} có màu (ảnh hoặc chữ màu) nhưng được khai báo in "
        f"một màu (print: inside_colours {inside}, cover_colours {cover}): nhà in sẽ in các trang "
        "này bằng mực đen. Hãy khai báo in màu cho chúng, hoặc gửi bản in một màu "
        "(…-ban-in-mot-mau.pdf).")),)
