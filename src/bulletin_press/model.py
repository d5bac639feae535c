"""Frozen data passed from stage to stage."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

KINDS = {"article": "bài viết", "report": "báo cáo", "briefing": "tin vắn"}


@dataclass(frozen=True)
class Layout:
    """A print layout: layouts/<name>/ with its layout.yaml, templates and CSS."""

    name: str
    directory: Path
    title: str
    trim_mm: tuple[float, float]
    sheet_mm: tuple[float, float]  # the finished sheet: two pages side by side, folded once
    bleed_mm: float
    # The press sheet the paper is bought in (65 × 86 cm, 79 × 109 cm); the print settings may
    # name another. A layout that names none is printed on its own finished sheet.
    press_sheet_mm: tuple[float, float] | None = None
    # The cover's colours when the print settings name none (a red cover: 4/1).
    cover_colours: "Colours | None" = None


@dataclass(frozen=True)
class Licence:
    """A year's publishing licence (giấy phép xuất bản bản tin)."""

    year: int
    number: str
    date: date
    issued_by: str
    valid_until: date
    copies: int
    trim_mm: tuple[float, float]
    format_text: str
    pages: int
    printer: str


@dataclass(frozen=True)
class Recipient:
    name: str
    copies: int


@dataclass(frozen=True)
class Colours:
    """Inks printed on each side of a sheet, as a print shop writes them: 4/1 is four colours
    on the front and one on the back; 4/0 leaves the back blank."""

    front: int
    back: int

    def __str__(self) -> str:
        return f"{self.front}/{self.back}"


BLACK_BOTH_SIDES = Colours(1, 1)


@dataclass(frozen=True)
class PrintSettings:
    copies: int
    overs_percent: Decimal
    make_ready: int           # sheets added to the finished-sheet count of each stock
    paper_gsm: int
    cover_gsm: int | None     # None: self-cover, printed with the inside on its paper
    press_sheet_mm: tuple[float, float] | None = None  # None: the layout's press sheet
    make_ready_per_plate: int = 50
    inside_colours: Colours = BLACK_BOTH_SIDES
    cover_colours: Colours | None = None  # None: as the inside
    paper: str | None = None              # kind of the inside paper, e.g. "Couché mờ"
    cover_paper: str | None = None
    delivery_date: date | None = None     # None only where no issue date is known


@dataclass(frozen=True)
class Series:
    """Bulletin-wide settings from bulletins/<slug>.yaml."""

    slug: str
    file: Path
    name: str
    publisher: str
    parent: str
    responsible: str
    frequency: str
    printing_place: str
    address: str | None
    editorial_board: tuple[str, ...]
    delivery_address: str | None = None  # where the print shop delivers; default: address


@dataclass(frozen=True)
class Item:
    """One article, report or briefing: its header and its Markdown body."""

    kind: str
    file: Path
    title: str
    lead: str | None
    author: str | None
    unit: str | None
    date: date | None
    issuer: str | None
    body: str
    body_line: int
    cover: bool | None = None  # listed under "Trong số này" on the cover; None: by its kind

    @property
    def on_cover(self) -> bool:
        """Articles and reports are listed on the cover, briefings are not, unless said."""
        return self.cover if self.cover is not None else self.kind != "briefing"


@dataclass(frozen=True)
class Section:
    title: str
    items: tuple[Item, ...]
    new_page: bool = False  # the section starts on a new page


@dataclass(frozen=True)
class Issue:
    id: str
    file: Path
    root: Path
    series: Series
    number: int
    month: date
    date: date
    layout: Layout
    print: PrintSettings
    distribution: tuple[Recipient, ...]
    licence: Licence
    sections: tuple[Section, ...]
    # Published issues read their series file, layout and font declarations from the copies
    # frozen at publication (xuat-ban/thiet-lap/), so later edits of the live ones leave them
    # alone.
    frozen: bool
    fonts_css: Path  # the @font-face rules: fonts/fonts.css, or its frozen copy

    @property
    def directory(self) -> Path:
        return self.file.parent

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for section in self.sections for item in section.items)
