"""`bulletin archive`: the index of every issue in the archive, published or not, as
bulletins/README.md (shown by the repository's web view) and as the web page
build/luu-tru/index.html, with the covers.

The README is made only from what is committed (issue folders and publication records), never
from build/ or the clock, so writing it again without changes gives the same bytes. The web
page also shows the cover of the latest build of an issue not yet published, and links the
web edition and the screen PDF of every issue's latest build (build/<YYYY-MM>/web/index.html
and …-ban-man-hinh.pdf) where they exist.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import quote

from bulletin_press import build, output, render
from bulletin_press.archive import freeze, incremental, record
from bulletin_press.archive.cover import COVER_FILE, cover_png
from bulletin_press.errors import BulletinError, Problem
from bulletin_press.manifest import PUBLISHED_DIR, find_root, layouts
from bulletin_press.model import KINDS, Section
from bulletin_press.vietnamese import (format_number, initial, issue_line, long_date, short_date,
                                       sort_key)

README = "README.md"
WEB_DIR = "luu-tru"            # under build/
WEB_PAGE = "index.html"
WEB_TEMPLATE = "archive-index.html"
# The stored files an entry links to, by the end of their names (see build.output_names).
STORED_FILES = (("reader", "-ban-doc.pdf", "bản đọc (PDF)"),
                ("print", "-ban-in.pdf", "bản in gửi nhà in (PDF)"),
                ("print_run", "-so-luong-in.txt", "số lượng in"))
STORED_LABELS = {kind: label for kind, _, label in STORED_FILES}


@dataclass(frozen=True)
class Correction:
    published_on: date
    reason: str


@dataclass(frozen=True)
class Entry:
    """One issue folder as the index shows it; what could not be read is None or empty."""

    id: str                              # the folder name, YYYY-MM
    check_path: str                      # the folder as `bulletin check` takes it: bulletins/YYYY-MM
    series: str | None                   # bulletin name
    number: int | None
    date: date | None                    # publication date printed on the cover
    pages: int | None                    # known once published
    copies: int | None
    published_on: date | None            # the day of the first publication
    corrections: tuple[Correction, ...]
    sections: tuple[Section, ...]
    stored: tuple[tuple[str, str], ...]  # (kind, path relative to bulletins/) of stored files
    cover: str | None                    # stored cover, relative to bulletins/
    latest_build: Path | None            # reader PDF of the latest build of an unpublished issue
    problems: tuple[Problem, ...]
    web: Path | None = None              # the web edition of the latest build: web/index.html
    screen: Path | None = None           # the screen PDF of the latest build

    @property
    def published(self) -> bool:
        return self.published_on is not None

    @property
    def month(self) -> date:
        year, month = self.id.split("-")
        return date(int(year), int(month), 1)

    @property
    def label(self) -> str:
        """'Số 11 - Tháng 11/2023', or the month alone when the number cannot be read."""
        if self.number is None:
            return f"Tháng {self.month.month:02d}/{self.month.year}"
        return issue_line(self.number, self.month)

    @property
    def status(self) -> str:
        if not self.published:
            return "chưa xuất bản"
        text = f"đã xuất bản, lưu ngày {short_date(self.published_on)}"
        if self.corrections:
            text += f", đính chính {len(self.corrections)} lần"
        return text

    @property
    def error_note(self) -> str:
        return (f"Thư mục {self.id} có lỗi ({len(self.problems)} lỗi) nên chưa liệt kê được "
                f"nội dung. Hãy chạy `bulletin check {self.check_path}` để xem và sửa.")

    def as_json(self) -> dict:
        return {
            "issue": self.id, "label": self.label, "series": self.series, "number": self.number,
            "date": self.date.isoformat() if self.date else None, "pages": self.pages,
            "copies": self.copies, "published": self.published,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "corrections": [{"published_on": c.published_on.isoformat(), "reason": c.reason}
                            for c in self.corrections],
            "sections": [{"title": s.title, "items": [{"title": i.title, "kind": i.kind}
                                                      for i in s.items]} for s in self.sections],
            "stored": dict(self.stored), "cover": self.cover,
            "web": str(self.web) if self.web else None,
            "screen": str(self.screen) if self.screen else None,
            "errors": [p.as_dict() for p in self.problems],
        }


@dataclass(frozen=True)
class Title:
    """One title of the alphabetical index, with the issues that carry it (oldest first)."""

    text: str
    kind: str
    entries: tuple[Entry, ...]

    @property
    def letter(self) -> str:
        letter = initial(self.text)
        return "0–9" if letter.isdigit() else letter or "…"


@dataclass(frozen=True)
class Archive:
    bulletins_dir: Path
    root: Path
    entries: tuple[Entry, ...]   # newest first
    titles: tuple[Title, ...]    # in Vietnamese order

    @property
    def series(self) -> tuple[str, ...]:
        """The bulletin names in the archive, newest first."""
        return tuple(dict.fromkeys(e.series for e in self.entries if e.series))

    @property
    def letters(self) -> tuple[tuple[str, tuple[Title, ...]], ...]:
        """The titles grouped under their initial letters, in Vietnamese order."""
        groups: dict[str, list[Title]] = {}
        for title in self.titles:
            groups.setdefault(title.letter, []).append(title)
        return tuple((letter, tuple(titles)) for letter, titles in groups.items())

    @property
    def summary(self) -> str:
        published = sum(e.published for e in self.entries)
        broken = sum(bool(e.problems) for e in self.entries)
        text = (f"{len(self.entries)} số: {published} đã xuất bản, "
                f"{len(self.entries) - published} chưa xuất bản")
        return text + (f"; {broken} thư mục có lỗi" if broken else "") + "."


@dataclass(frozen=True)
class Written:
    archive: Archive
    readme: Path
    web_page: Path
    covers: tuple[Path, ...]     # covers of unpublished issues, beside the web page

    def as_json(self) -> dict:
        return {"readme": str(self.readme), "web_page": str(self.web_page),
                "covers": [str(p) for p in self.covers],
                "issues": [e.as_json() for e in self.archive.entries],
                "titles": [{"title": t.text, "kind": t.kind,
                            "issues": [e.id for e in t.entries]} for t in self.archive.titles]}


def collect(bulletins_dir: Path) -> Archive:
    """Every issue folder of bulletins_dir, newest first; a folder with errors is kept with
    its problems instead of stopping the index."""
    bulletins_dir = Path(bulletins_dir).resolve()
    if not bulletins_dir.is_dir():
        raise BulletinError([Problem(bulletins_dir, None, (
            "không có thư mục kho bản tin này; hãy nêu thư mục chứa các số (ví dụ bulletins)."))])
    root = find_root(bulletins_dir)
    entries = tuple(_entry(folder, bulletins_dir, root / "build" / folder.name)
                    for folder in reversed(incremental.issue_dirs(bulletins_dir)))
    return Archive(bulletins_dir, root, entries, _titles(entries))


def _entry(folder: Path, bulletins_dir: Path, build_dir: Path) -> Entry:
    problems: list[Problem] = []
    published = issue = None
    try:
        published = record.read(folder)
    except BulletinError as error:
        problems += error.problems
    try:
        issue = freeze.check(folder).issue
    except BulletinError as error:
        problems += error.problems
    current = published.current if published else None
    stored, cover = (), None
    if current:
        where = f"{folder.name}/{PUBLISHED_DIR}"
        present = [name for name in current.files if (folder / PUBLISHED_DIR / name).is_file()]
        stored = tuple((kind, f"{where}/{name}") for kind, ending, _ in STORED_FILES
                       for name in present if name.endswith(ending))
        cover = f"{where}/{COVER_FILE}" if COVER_FILE in present else None
    # What was printed comes from the record; an unpublished issue has only its manifest.
    number = when = copies = latest_build = None
    if published:
        number, when, copies = published.number, published.date, current.print_run["copies"]
    elif issue:
        number, when, copies = issue.number, issue.date, issue.print.copies
        reader = build_dir / build.output_names(issue)["reader"]
        latest_build = reader if reader.is_file() else None
    web = screen = None
    if issue:
        names = build.output_names(issue)
        web, screen = ((build_dir / names[kind]) for kind in ("web", "screen"))
        web, screen = (path if path.is_file() else None for path in (web, screen))
    return Entry(
        id=folder.name, check_path=f"{bulletins_dir.name}/{folder.name}",
        series=issue.series.name if issue else None, number=number, date=when,
        pages=current.pages if current else None, copies=copies,
        published_on=published.publications[0].published_on if published else None,
        corrections=tuple(Correction(p.published_on, p.reason)
                          for p in published.publications[1:]) if published else (),
        sections=issue.sections if issue else (), stored=stored, cover=cover,
        latest_build=latest_build, problems=tuple(dict.fromkeys(problems)), web=web,
        screen=screen)


def _titles(entries: tuple[Entry, ...]) -> tuple[Title, ...]:
    """Every item title once, in Vietnamese order; the same title in several issues (letter
    case and tone placement aside) is one entry listing them all."""
    found: dict[tuple, list] = {}
    for entry in reversed(entries):
        for item in (item for section in entry.sections for item in section.items):
            found.setdefault(sort_key(item.title)[0], []).append((item, entry))
    titles = []
    for uses in found.values():
        newest = uses[-1][0]
        issues = tuple({entry.id: entry for _, entry in uses}.values())
        titles.append(Title(newest.title, newest.kind, issues))
    return tuple(sorted(titles, key=lambda title: sort_key(title.text)))


# ---- README.md --------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|&"})


def _md(text: str) -> str:
    """Text as literal Markdown: no character of it is taken as markup."""
    return text.translate(_MARKDOWN_SPECIAL)


def _link(label: str, path: str) -> str:
    return f"[{_md(label)}]({quote(path)})"


def markdown(archive: Archive) -> str:
    """bulletins/README.md: a summary table, every issue newest first, then the titles A–Z."""
    name = archive.series[0] if len(archive.series) == 1 else None
    lines = [f"# Kho lưu trữ bản tin {_md(name)}" if name else "# Kho lưu trữ bản tin", "",
             "<!-- Tệp này do lệnh `bulletin archive` (hoặc `make archive`) viết lại từ các "
             "thư mục số và hồ sơ xuất bản; đừng sửa tay. -->", "",
             f"Kho có {archive.summary} Mỗi số nằm trong thư mục NĂM-THÁNG của nó; bản đã gửi "
             f"nhà in và hồ sơ xuất bản nằm trong thư mục con `{PUBLISHED_DIR}/`.", ""]
    if not archive.entries:
        return "\n".join([*lines, "Chưa có số nào.", ""])
    lines += ["| Số | Ngày phát hành | Số trang | Số bản in | Tình trạng |",
              "|---|---|---:|---:|---|"]
    for entry in archive.entries:
        status = "có lỗi, cần kiểm tra" if entry.problems else entry.status
        lines.append(f"| {_md(_heading(entry, name))} | "
                     f"{short_date(entry.date) if entry.date else '—'} | "
                     f"{entry.pages or '—'} | "
                     f"{format_number(entry.copies) if entry.copies else '—'} | {status} |")
    lines += ["", "## Các số, mới nhất trước", ""]
    for entry in archive.entries:
        lines += _markdown_entry(entry, name)
    lines += ["## Tra cứu tên bài theo thứ tự chữ cái", ""]
    for letter, titles in archive.letters:
        lines += [f"**{letter}**", ""]
        for title in titles:
            issues = "; ".join(_issue_link(entry, name) for entry in title.entries)
            lines.append(f"- {_md(title.text)}{_kind_note(title.kind)} — {issues}")
        lines.append("")
    return "\n".join(lines)


def _heading(entry: Entry, series: str | None) -> str:
    """The label, with the bulletin name when the archive holds more than one."""
    if series or not entry.series:
        return entry.label
    return f"{entry.series} – {entry.label}"


def _issue_link(entry: Entry, series: str | None) -> str:
    reader = dict(entry.stored).get("reader")
    label = _heading(entry, series)
    return _link(label, reader) if reader else _md(label)


def _kind_note(kind: str) -> str:
    return "" if kind == "article" else f" ({KINDS[kind]})"


def _markdown_entry(entry: Entry, series: str | None) -> list[str]:
    lines = [f"### {_md(_heading(entry, series))}", ""]
    stored = dict(entry.stored)
    if entry.cover:
        image = f"![Bìa {_md(entry.label)}]({quote(entry.cover)})"
        lines += [f"[{image}]({quote(stored['reader'])})" if "reader" in stored else image, ""]
    if entry.problems:
        lines += [f"> **Có lỗi.** {_md_keep_code(entry.error_note)}", ""]
    if entry.date:
        lines.append(f"- Phát hành {long_date(entry.date)}")
    if entry.pages:
        lines.append(f"- {entry.pages} trang, {format_number(entry.copies)} bản")
    elif entry.copies:
        lines.append(f"- {format_number(entry.copies)} bản (dự kiến)")
    if entry.published:
        lines.append(f"- Tình trạng: **{entry.status}**")
        lines += [f"  - đính chính ngày {short_date(c.published_on)}: {_md(c.reason)}"
                  for c in entry.corrections]
    elif not entry.problems:
        lines.append("- Tình trạng: **chưa xuất bản** (số trang và các tệp lưu trữ có khi "
                     "xuất bản)")
    if entry.stored:
        lines.append("- Tệp lưu trữ: " + " · ".join(_link(STORED_LABELS[kind], path)
                                                  for kind, path in entry.stored))
    lines.append("")
    for section in entry.sections:
        lines += [f"**{_md(section.title)}**", ""]
        lines += [f"- {_md(item.title)}{_kind_note(item.kind)}" for item in section.items]
        lines.append("")
    return lines


def _md_keep_code(text: str) -> str:
    """Like _md, but `code` spans stay code."""
    parts = text.split("`")
    return "`".join(part if index % 2 else _md(part) for index, part in enumerate(parts))


# ---- The web page -----------------------------------------------------------------------------

def web_page(archive: Archive, web_dir: Path, covers: dict[str, str]) -> str:
    """build/luu-tru/index.html; covers maps an unpublished issue's id to its cover's file name
    in web_dir. Links are relative, so the page works wherever the project is checked out."""
    def href(path_in_bulletins: str | Path) -> str:
        """A relative link to a file given under bulletins/ or by its absolute path."""
        return quote(Path(os.path.relpath(archive.bulletins_dir / path_in_bulletins, web_dir))
                     .as_posix())

    folder = archive.root / "layouts" / layouts.ARCHIVE
    template = render.environment([folder]).get_template(WEB_TEMPLATE)
    name = archive.series[0] if len(archive.series) == 1 else None
    return template.render(archive=archive, series=name, covers=covers, href=href,
                           heading=lambda entry: _heading(entry, name),
                           stored_labels=STORED_LABELS, kinds=KINDS)


def write(bulletins_dir: Path) -> Written:
    """Write bulletins/README.md, then the web page and the covers it shows beside it."""
    archive = collect(bulletins_dir)
    readme = output.write_all(archive.bulletins_dir, {README: markdown(archive).encode()})[README]
    web_dir = archive.root / "build" / WEB_DIR
    covers = {}
    for entry in archive.entries:
        if entry.latest_build:
            png = _cover(entry.latest_build)
            if png:
                covers[entry.id] = (f"bia-{entry.id}.png", png)
    page = web_page(archive, web_dir, {id: name for id, (name, _) in covers.items()})
    written = output.write_all(web_dir, {WEB_PAGE: page.encode(),
                                         **{name: png for name, png in covers.values()}})
    return Written(archive, readme, written[WEB_PAGE],
                   tuple(written[name] for name, _ in covers.values()))


def _cover(reader_pdf: Path) -> bytes | None:
    """The cover of a build's reader PDF; None if that file cannot be read (a build cut short)."""
    import pypdfium2

    try:
        return cover_png(reader_pdf.read_bytes())
    except (OSError, pypdfium2.PdfiumError):
        return None
