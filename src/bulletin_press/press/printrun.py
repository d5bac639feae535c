"""Print-run counts for a saddle-stitched booklet printed 2-up: sheets, reams, paper."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from bulletin_press.model import PrintSettings, Recipient
from bulletin_press.vietnamese import format_number

PAGES_PER_SHEET = 4  # two pages a side, both sides printed
SHEETS_PER_REAM = 500


@dataclass(frozen=True)
class Stock:
    """One kind of paper in the run: sheets to print and what they weigh."""

    pages_per_copy: int
    sheets_per_copy: int
    sheets: int
    gsm: int
    kilograms: Decimal

    @property
    def reams(self) -> Decimal:
        return (Decimal(self.sheets) / SHEETS_PER_REAM).quantize(Decimal("0.01"), ROUND_HALF_UP)


@dataclass(frozen=True)
class PrintRun:
    copies: int
    pages: int
    sheet_mm: tuple[float, float]
    overs_percent: Decimal
    make_ready: int
    inside: Stock
    cover: Stock | None
    distribution: tuple[Recipient, ...]

    @property
    def sheets_per_copy(self) -> int:
        return self.pages // PAGES_PER_SHEET

    @property
    def total_sheets(self) -> int:
        return self.inside.sheets + (self.cover.sheets if self.cover else 0)

    @property
    def reams(self) -> Decimal:
        return (Decimal(self.total_sheets) / SHEETS_PER_REAM).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def paper_kg(self) -> Decimal:
        return self.inside.kilograms + (self.cover.kilograms if self.cover else 0)


def count(pages: int, settings: PrintSettings, distribution: tuple[Recipient, ...],
          sheet_mm: tuple[float, float]) -> PrintRun:
    """Count the run; pages must already be a multiple of four.

    Total sheets = copies × sheets per copy × (1 + overs), rounded up, plus make-ready sheets.
    A cover on heavier stock (cover_gsm) is one 4-page sheet per copy, counted apart.
    """
    if pages % PAGES_PER_SHEET:
        raise ValueError(f"{pages} pages is not a multiple of {PAGES_PER_SHEET}")

    def stock(stock_pages: int, gsm: int) -> Stock:
        per_copy = stock_pages // PAGES_PER_SHEET
        with_overs = Decimal(settings.copies * per_copy) * (1 + settings.overs_percent / 100)
        sheets = int(with_overs.to_integral_value(ROUND_CEILING)) + settings.make_ready
        area_m2 = Decimal(str(sheet_mm[0])) * Decimal(str(sheet_mm[1])) / 1_000_000
        kilograms = (sheets * area_m2 * gsm / 1000).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return Stock(stock_pages, per_copy, sheets, gsm, kilograms)

    cover = stock(PAGES_PER_SHEET, settings.cover_gsm) if settings.cover_gsm else None
    inside = stock(pages - (PAGES_PER_SHEET if cover else 0), settings.paper_gsm)
    return PrintRun(copies=settings.copies, pages=pages, sheet_mm=sheet_mm,
                    overs_percent=settings.overs_percent, make_ready=settings.make_ready,
                    inside=inside, cover=cover, distribution=distribution)


def as_json(run: PrintRun) -> dict:
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
        "distribution": [{"recipient": r.name, "copies": r.copies} for r in run.distribution],
    }


def _stock_json(stock: Stock) -> dict:
    return {"pages_per_copy": stock.pages_per_copy, "sheets_per_copy": stock.sheets_per_copy,
            "sheets": stock.sheets, "gsm": stock.gsm, "reams": float(stock.reams),
            "kg": float(stock.kilograms)}


def _mm(value: float) -> str:
    return format_number(value / 10, 1).removesuffix(",0")


def as_text(run: PrintRun, heading: str) -> str:
    """The print-run sheet in Vietnamese, as printed after a build and saved beside the PDFs."""
    sheet = f"{_mm(run.sheet_mm[0])} × {_mm(run.sheet_mm[1])} cm"
    rows = [
        ("Số bản in", f"{format_number(run.copies)} bản"),
        ("Số trang mỗi cuốn", f"{run.pages} trang"),
        ("Tờ in mỗi cuốn", f"{run.sheets_per_copy} tờ khổ {sheet} (in 2 mặt, 4 trang/tờ)"),
        ("Bù hao", f"{format_number(run.overs_percent, 1).removesuffix(',0')}% "
                   f"+ {format_number(run.make_ready)} tờ chỉnh máy"),
    ]
    for label, stock in (("Ruột", run.inside), ("Bìa", run.cover)):
        if stock is None:
            continue
        rows.append((f"{label}: giấy {stock.gsm} g/m²",
                     f"{format_number(stock.sheets)} tờ = {format_number(stock.reams, 2)} ram "
                     f"≈ {format_number(stock.kilograms, 1)} kg"))
    rows.append(("Tổng số tờ in", f"{format_number(run.total_sheets)} tờ "
                                  f"= {format_number(run.reams, 2)} ram (500 tờ/ram)"))
    rows.append(("Tổng khối lượng giấy", f"≈ {format_number(run.paper_kg, 1)} kg"))
    width = max(len(label) for label, _ in rows)
    lines = [heading, "=" * len(heading), ""]
    lines += [f"{label.ljust(width)}  {value}" for label, value in rows]
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
