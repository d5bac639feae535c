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
    sheet_mm: tuple[float, float]  # the sheet that carries two pages side by side
    bleed_mm: float


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
class PrintSettings:
    copies: int
    overs_percent: Decimal
    make_ready: int
    paper_gsm: int
    cover_gsm: int | None


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
