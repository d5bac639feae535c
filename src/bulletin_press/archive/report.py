"""`bulletin report --year YYYY`: a year's figures for the office's year-end review, from the
publication records of the issues published that year, as Vietnamese text, as JSON, and as a
one-page A4 PDF (build/bao-cao-YYYY.pdf) typeset with the bulletin's fonts.

Print figures come from the records (what went to the print shop), content figures from the
issues' files, which `bulletin check` keeps identical to what was published. Totals of reams
and paper weight are computed from the total number of sheets, not by adding the rounded
figures of each issue.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from bulletin_press import output, render, typeset
from bulletin_press.archive import freeze, incremental, record
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import find_root
from bulletin_press.model import Issue
from bulletin_press.press.printrun import SHEETS_PER_REAM
from bulletin_press.vietnamese import format_number, issue_line, short_date, sort_key

TEMPLATE = "year-report.html"
LISTED = 10  # contributors and units named in the PDF; the text and JSON give them all


@dataclass(frozen=True)
class IssueFigures:
    """One published issue, as its record and its files give it."""

    id: str
    number: int
    month: date
    date: date
    pages: int
    copies: int
    sheets: int
    reams: Decimal
    paper_kg: Decimal
    articles: int
    reports: int
    briefings: int
    corrections: int

    @property
    def label(self) -> str:
        return issue_line(self.number, self.month)

    def as_json(self) -> dict:
        return {"issue": self.id, "number": self.number, "date": self.date.isoformat(),
                "pages": self.pages, "copies": self.copies, "sheets": self.sheets,
                "reams": float(self.reams), "paper_kg": float(self.paper_kg),
                "articles": self.articles, "reports": self.reports,
                "briefings": self.briefings, "corrections": self.corrections}


@dataclass(frozen=True)
class Tally:
    name: str
    count: int


@dataclass(frozen=True)
class YearReport:
    year: int
    bulletin: str                     # the bulletin's name (names, if it changed in the year)
    publisher: str
    parent: str
    issues: tuple[IssueFigures, ...]  # in month order
    paper_kg: Decimal                 # from the sheets of every stock, rounded once
    contributors: tuple[Tally, ...]   # most items first, then in Vietnamese order
    units: tuple[Tally, ...]
    unpublished: tuple[str, ...]      # issue folders of the year that have no record
    as_of: date | None                # the latest publication or correction counted

    @property
    def title(self) -> str:
        return f"BÁO CÁO TỔNG HỢP BẢN TIN {self.bulletin.upper()} NĂM {self.year}"

    @property
    def copies(self) -> int:
        return sum(i.copies for i in self.issues)

    @property
    def pages(self) -> int:
        return sum(i.pages for i in self.issues)

    @property
    def sheets(self) -> int:
        return sum(i.sheets for i in self.issues)

    @property
    def reams(self) -> Decimal:
        return (Decimal(self.sheets) / SHEETS_PER_REAM).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def articles(self) -> int:
        return sum(i.articles for i in self.issues)

    @property
    def reports(self) -> int:
        return sum(i.reports for i in self.issues)

    @property
    def briefings(self) -> int:
        return sum(i.briefings for i in self.issues)

    @property
    def months(self) -> tuple[IssueFigures | None, ...]:
        """The year's twelve months, each with its issue or None."""
        by_month = {i.month.month: i for i in self.issues}
        return tuple(by_month.get(month) for month in range(1, 13))

    def as_json(self) -> dict:
        return {
            "year": self.year, "bulletin": self.bulletin, "publisher": self.publisher,
            "as_of": self.as_of.isoformat() if self.as_of else None,
            "issues": [i.as_json() for i in self.issues],
            "totals": {"issues": len(self.issues), "copies": self.copies, "pages": self.pages,
                       "sheets": self.sheets, "reams": float(self.reams),
                       "paper_kg": float(self.paper_kg), "articles": self.articles,
                       "reports": self.reports, "briefings": self.briefings},
            "contributors": [{"name": t.name, "count": t.count} for t in self.contributors],
            "units": [{"name": t.name, "count": t.count} for t in self.units],
            "unpublished": list(self.unpublished),
        }

    def as_text(self) -> str:
        """The report in Vietnamese, as `bulletin report` prints it."""
        if not self.issues:
            return empty_message(self.year, self.unpublished) + "\n"
        lines = [self.title, "=" * len(self.title), f"Cơ quan xuất bản: {self.publisher}",
                 f"Số liệu theo hồ sơ xuất bản, cập nhật đến ngày {short_date(self.as_of)}.", "",
                 f"Đã xuất bản {len(self.issues)} số trong năm {self.year}:", ""]
        head = ("Số", "Phát hành", "Trang", "Bản in", "Tờ in", "Ram", "Giấy (kg)", "Bài viết",
                "Báo cáo", "Tin vắn")
        rows = [(i.label, short_date(i.date), str(i.pages), format_number(i.copies),
                 format_number(i.sheets), format_number(i.reams, 2),
                 format_number(i.paper_kg, 1), str(i.articles), str(i.reports),
                 str(i.briefings)) for i in self.issues]
        rows.append(("Cộng", "", str(self.pages), format_number(self.copies),
                     format_number(self.sheets), format_number(self.reams, 2),
                     format_number(self.paper_kg, 1), str(self.articles), str(self.reports),
                     str(self.briefings)))
        widths = [max(len(row[c]) for row in (head, *rows)) for c in range(len(head))]
        for row in (head, *rows):
            cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
            cells += [cell.rjust(width) for cell, width in zip(row[2:], widths[2:])]
            lines.append("  ".join(cells).rstrip())
        lines += [
            "",
            f"Số bản in: {format_number(self.copies)} bản "
            f"(bình quân {format_number(Decimal(self.copies) / len(self.issues))} bản/số).",
            f"Số trang: {format_number(self.pages)} trang.",
            f"Giấy in: {format_number(self.sheets)} tờ = {format_number(self.reams, 2)} ram "
            f"({SHEETS_PER_REAM} tờ/ram), khoảng {format_number(self.paper_kg, 1)} kg "
            "(ram và kg của dòng Cộng tính từ tổng số tờ).",
            f"Nội dung: {self.articles} bài viết, {self.reports} báo cáo, {self.briefings} tin vắn.",
            "",
            f"Tác giả ({len(self.contributors)} người, theo số bài):",
            *(f"  {t.name}: {t.count}" for t in self.contributors),
            "",
            f"Đơn vị của tác giả ({len(self.units)} đơn vị, theo số bài):",
            *(f"  {t.name}: {t.count}" for t in self.units),
        ]
        if self.unpublished:
            lines += ["", unpublished_note(self.unpublished)]
        return "\n".join(lines) + "\n"


def empty_message(year: int, unpublished: tuple[str, ...]) -> str:
    text = f"Năm {year} chưa có số nào đã xuất bản."
    return f"{text} {unpublished_note(unpublished)}" if unpublished else text


def unpublished_note(unpublished: tuple[str, ...]) -> str:
    return (f"Chưa tính {len(unpublished)} số chưa xuất bản: {', '.join(unpublished)} "
            "(xuất bản bằng: bulletin publish).")


def year_report(bulletins_dir: Path, year: int) -> YearReport:
    """The figures of the issues of bulletins_dir published for year: the folders YYYY-MM of
    that year (an issue's date lies in its folder's month) that have a publication record.

    A published issue that cannot be read, or whose files changed since publication, stops
    the report with its problems: its figures would be wrong.
    """
    bulletins_dir = Path(bulletins_dir).resolve()
    if not bulletins_dir.is_dir():
        raise BulletinError([Problem(bulletins_dir, None, (
            "không có thư mục kho bản tin này; hãy nêu thư mục chứa các số (ví dụ bulletins)."))])
    find_root(bulletins_dir)
    problems: list[Problem] = []
    found: list[tuple[record.Record, Issue]] = []
    unpublished = []
    for folder in incremental.issue_dirs(bulletins_dir):
        if not folder.name.startswith(f"{year}-"):
            continue
        try:
            published = record.read(folder)
            if published is None:
                unpublished.append(folder.name)
                continue
            found.append((published, freeze.check(folder).issue))
        except BulletinError as error:
            problems += error.problems
    if problems:
        raise BulletinError(problems)
    issues = tuple(_figures(published, issue) for published, issue in found)
    items = [item for _, issue in found for item in issue.items]
    newest = found[-1][1].series if found else None
    return YearReport(
        year=year,
        bulletin=" / ".join(dict.fromkeys(issue.series.name for _, issue in found)),
        publisher=newest.publisher if newest else "", parent=newest.parent if newest else "",
        issues=issues,
        paper_kg=sum((_kilograms(p.current.print_run) for p, _ in found), Decimal(0))
        .quantize(Decimal("0.1"), ROUND_HALF_UP),
        contributors=_tally(item.author for item in items),
        units=_tally(item.unit for item in items),
        unpublished=tuple(unpublished),
        as_of=max((entry.published_on for p, _ in found for entry in p.publications),
                  default=None))


def _figures(published: record.Record, issue: Issue) -> IssueFigures:
    run = published.current.print_run
    kinds = Counter(item.kind for item in issue.items)
    return IssueFigures(
        id=published.issue, number=published.number, month=issue.month, date=published.date,
        pages=published.current.pages, copies=run["copies"], sheets=run["total_sheets"],
        reams=Decimal(str(run["reams"])), paper_kg=Decimal(str(run["paper_kg"])),
        articles=kinds["article"], reports=kinds["report"], briefings=kinds["briefing"],
        corrections=len(published.publications) - 1)


def _kilograms(run: dict) -> Decimal:
    """Paper weight of a print run, unrounded: each stock's sheets × sheet area × gsm."""
    area_m2 = Decimal(str(run["sheet_mm"][0])) * Decimal(str(run["sheet_mm"][1])) / 1_000_000
    stocks = [run["inside"]] + ([run["cover"]] if run.get("cover") else [])
    return sum((stock["sheets"] * area_m2 * stock["gsm"] / 1000 for stock in stocks), Decimal(0))


def _tally(names) -> tuple[Tally, ...]:
    counts = Counter(name for name in names if name)
    return tuple(Tally(name, count) for name, count in
                 sorted(counts.items(), key=lambda pair: (-pair[1], sort_key(pair[0]))))


# ---- The PDF ----------------------------------------------------------------------------------

def axis(largest: int) -> tuple[int, int]:
    """A chart axis for values up to largest: (top, step), step 1, 2, 2,5 or 5 × 10ⁿ, at most
    five steps."""
    magnitude = 1
    while True:
        for step in (magnitude, 2 * magnitude, 5 * magnitude // 2, 5 * magnitude):
            if step and -(-max(largest, 1) // step) <= 5:
                return step * -(-max(largest, 1) // step), step
        magnitude *= 10


def report_pdf(report: YearReport, root: Path) -> tuple[bytes, tuple[Problem, ...]]:
    """The one-page A4 report, laid out and written like an issue (bundled fonts only, fonts
    subset the same way, sandboxed fetcher); its dates are the records' latest, so the same
    records give the same bytes."""
    from bulletin_press.press import fontsubset, preflight

    rendered = render.render_page(
        root, TEMPLATE, report.title, report=report, listed=LISTED,
        pages_axis=axis(max((i.pages for i in report.issues), default=0)),
        copies_axis=axis(max((i.copies for i in report.issues), default=0)))
    document, warnings = typeset.lay_out(rendered)
    fontsubset.install()
    with typeset.collect_warnings(rendered.issue_dir) as more:
        pdf = document.write_pdf()
    foreign = preflight.foreign_fonts(pdf, root / "fonts")
    if foreign:
        raise BulletinError([Problem(rendered.issue_dir / TEMPLATE, None, (
            f"báo cáo dùng phông chữ ngoài thư mục fonts/ ({font.base_font}); mẫu báo cáo chỉ "
            "được dùng Noto Serif, Noto Sans hoặc Charis SIL.")) for font in foreign])
    return pdf, (*warnings, *more)


@dataclass(frozen=True)
class Written:
    report: YearReport
    pdf: Path | None             # None when the year has no published issue
    warnings: tuple[Problem, ...]

    def as_json(self) -> dict:
        message = None if self.report.issues else empty_message(self.report.year,
                                                                 self.report.unpublished)
        return {**self.report.as_json(), "pdf": str(self.pdf) if self.pdf else None,
                "message": message, "warnings": [str(w) for w in self.warnings]}


def write(bulletins_dir: Path, year: int) -> Written:
    """The year's report and, if any issue was published, build/bao-cao-YYYY.pdf."""
    report = year_report(bulletins_dir, year)
    if not report.issues:
        return Written(report, None, ())
    root = find_root(Path(bulletins_dir).resolve())
    pdf, warnings = report_pdf(report, root)
    name = f"bao-cao-{year}.pdf"
    return Written(report, output.write_all(root / "build", {name: pdf})[name], warnings)
