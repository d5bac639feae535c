"""The print order (phiếu đặt in) of an issue: one A4 page in Vietnamese for the print shop,
typeset with the bulletin's fonts from layouts/_shared/print-order.html, and the same figures
as JSON.

It names the publication and who publishes it, the publishing licence, the format, pages,
paper, colours, binding and copies, the press sheets, plates and paper the run takes
(press/printrun.py), delivery, packing by recipient, and who signs off the proof. The printing
rules (Decree 60/2014/NĐ-CP on printing, as amended) require a written print contract, a
certified copy of the publishing licence and a signed, stamped sample before a shop may print a
bản tin; the page asks for them and cites the decree and its amendments, without an article
number.

Its dates come from the issue (publication and delivery dates), never from the clock, so the
same inputs give the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from bulletin_press import render, typeset
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import layouts
from bulletin_press.model import Colours, Issue, Licence, Recipient
from bulletin_press.press import printrun
from bulletin_press.press.printrun import (PressStock, PrintRun, fraction_text, percent_text,
                                          size_text)
from bulletin_press.vietnamese import issue_line

TEMPLATE = "print-order.html"
TITLE = "PHIẾU ĐẶT IN"
BINDING = "Đóng lồng, hai ghim giữa, xén ba mặt"
# The printing decree and the decrees amending it, by the day each was signed; a print order
# cites those signed by the publication date.
DECREES = ((date(2014, 6, 19), "Nghị định số 60/2014/NĐ-CP"),
           (date(2018, 2, 28), "Nghị định số 25/2018/NĐ-CP"),
           (date(2022, 10, 4), "Nghị định số 72/2022/NĐ-CP"))


@dataclass(frozen=True)
class Paper:
    """One paper of the copy as the shop is asked to print it."""

    part: str                # 'Ruột', 'Bìa', or 'Ruột và bìa' for a self-cover
    kind: str | None         # e.g. 'Couché mờ'
    stock: PressStock        # its pages, gsm, colours and press sheets

    @property
    def pages(self) -> int:
        return self.stock.pages_per_copy

    @property
    def gsm(self) -> int:
        return self.stock.gsm

    @property
    def colours(self) -> Colours:
        return self.stock.colours

    @property
    def text(self) -> str:
        """'Couché mờ 80 g/m²' or '80 g/m²'."""
        return f"{self.kind} {self.gsm} g/m²" if self.kind else f"{self.gsm} g/m²"


@dataclass(frozen=True)
class PrintOrder:
    id: str                  # YYYY-MM
    bulletin: str
    parent: str
    publisher: str
    responsible: str
    issue_line: str
    publication_date: date
    licence: Licence
    printer: str
    printing_place: str
    trim_mm: tuple[float, float]
    bleed_mm: float
    print_file: str          # the print PDF's file name
    papers: tuple[Paper, ...]
    self_cover: bool
    cover_colours: Colours
    binding: str
    run: PrintRun
    delivery_date: date
    delivery_address: str | None

    @property
    def title(self) -> str:
        return f"{TITLE} – Bản tin {self.bulletin} – {self.issue_line}"

    @property
    def decrees(self) -> tuple[tuple[date, str], ...]:
        return tuple(decree for decree in DECREES if decree[0] <= self.publication_date)

    @property
    def distribution(self) -> tuple[Recipient, ...]:
        return self.run.distribution

    @property
    def distributed(self) -> int:
        return sum(r.copies for r in self.run.distribution)


def print_order(issue: Issue, run: PrintRun, print_file: str) -> PrintOrder:
    """The print order of an issue whose run has been counted; print_file names the print PDF."""
    settings = issue.print
    inside_part = "Ruột" if settings.cover_gsm else "Ruột và bìa"
    papers = [Paper(inside_part, settings.paper, run.press.inside)]
    if run.press.cover:
        papers.append(Paper("Bìa", settings.cover_paper, run.press.cover))
    return PrintOrder(
        id=issue.id, bulletin=issue.series.name, parent=issue.series.parent,
        publisher=issue.series.publisher, responsible=issue.series.responsible,
        issue_line=issue_line(issue.number, issue.month), publication_date=issue.date,
        licence=issue.licence, printer=issue.licence.printer,
        printing_place=issue.series.printing_place, trim_mm=issue.layout.trim_mm,
        bleed_mm=issue.layout.bleed_mm, print_file=print_file, papers=tuple(papers),
        self_cover=run.press.cover is None, cover_colours=run.press.cover_colours,
        binding=BINDING, run=run, delivery_date=settings.delivery_date or issue.date,
        delivery_address=issue.series.delivery_address)


def as_json(order: PrintOrder) -> dict:
    """The print order's figures as plain data (numbers as numbers, dates as YYYY-MM-DD)."""
    run = printrun.as_json(order.run)
    return {
        "title": TITLE,
        "issue": order.id,
        "bulletin": order.bulletin,
        "issue_line": order.issue_line,
        "publication_date": order.publication_date.isoformat(),
        "parent": order.parent,
        "publisher": order.publisher,
        "responsible": order.responsible,
        "licence": {"number": order.licence.number, "date": order.licence.date.isoformat(),
                    "issued_by": order.licence.issued_by,
                    "valid_until": order.licence.valid_until.isoformat()},
        "legal_basis": [name for _, name in order.decrees],
        "printer": order.printer,
        "printing_place": order.printing_place,
        "print_file": order.print_file,
        "trim_mm": list(order.trim_mm),
        "bleed_mm": order.bleed_mm,
        "pages": order.run.pages,
        "copies": order.run.copies,
        "overs_percent": float(order.run.overs_percent),
        "papers": [{"part": p.part, "pages": p.pages, "paper": p.kind, "gsm": p.gsm,
                    "colours": str(p.colours)} for p in order.papers],
        "self_cover": order.self_cover,
        "cover_colours": str(order.cover_colours),
        "colour_pages": list(order.run.colour_pages),
        "binding": order.binding,
        "press": run["press"],
        "delivery": {"date": order.delivery_date.isoformat(), "address": order.delivery_address},
        "distribution": run["distribution"],
        "distribution_total": order.distributed,
    }


def template_folder(issue: Issue) -> Path:
    """layouts/_shared of the issue: the project's, or the copy frozen at publication."""
    return issue.layout.directory.parent / layouts.SHARED


def order_pdf(order: PrintOrder, issue: Issue) -> tuple[bytes | None, tuple[Problem, ...]]:
    """The one-page A4 print order, laid out and written like the bulletin (bundled fonts,
    subset the same way, sandboxed fetcher). An issue published before the print order
    existed has no template in its frozen layout: no PDF, and a warning saying so."""
    from bulletin_press.press import fontsubset, preflight

    folder = template_folder(issue)
    if not (folder / TEMPLATE).is_file():
        return None, (Problem(issue.file, None, (
            f"bố cục lưu khi xuất bản số {issue.id} chưa có mẫu phiếu đặt in ({TEMPLATE}), "
            "nên lần dựng này không có phiếu đặt in.")),)
    rendered = render.render_page(
        issue.root, TEMPLATE, order.title, folder=folder, fonts_css=issue.fonts_css,
        order=order, size=size_text, fraction=fraction_text, percent=percent_text)
    document, warnings = typeset.lay_out(rendered)
    fontsubset.install()
    with typeset.collect_warnings(folder / TEMPLATE) as logged:
        pdf = document.write_pdf()
    foreign = preflight.foreign_fonts(pdf, issue.root / "fonts")
    if foreign:
        raise BulletinError([Problem(folder / TEMPLATE, None, (
            f"phiếu đặt in dùng phông chữ ngoài thư mục fonts/ ({font.base_font}); mẫu chỉ được "
            "dùng Noto Serif, Noto Sans hoặc Charis SIL.")) for font in foreign])
    warnings = (*warnings, *typeset.warnings_or_raise(logged))
    if len(document.pages) > 1:
        warnings += (Problem(folder / TEMPLATE, None, (
            f"phiếu đặt in dài {len(document.pages)} trang thay vì một trang A4; danh sách "
            "phát hành hoặc các dòng thông tin quá dài.")),)
    return pdf, warnings

