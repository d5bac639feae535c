"""The issue manifest (bulletins/<YYYY-MM>/issue.yaml) with everything it names → Issue."""

from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path

from bulletin_press.errors import BulletinError, Problem, Problems
from bulletin_press.manifest import layouts, yamlfile
from bulletin_press.manifest.fields import Fields
from bulletin_press.manifest.header import load_item
from bulletin_press.manifest.licence import licence as year_licence
from bulletin_press.manifest.lint import KEEP_WORDS, lint_stylesheet, lint_text
from bulletin_press.manifest.series import SERIES_KEYS, distribution, print_settings, series
from bulletin_press.model import Issue, Section
from bulletin_press.vietnamese import normalise

ISSUE_FILE = "issue.yaml"
PUBLISHED_DIR = "xuat-ban"  # in an issue folder: what went to the print shop, and its record
FROZEN_DIR = "thiet-lap"    # in PUBLISHED_DIR: the series file, layouts and fonts.css as published
FONTS_CSS = "fonts/fonts.css"
ISSUE_DIR = re.compile(r"^(\d{4})-(\d{2})$")
MAX_NUMBER = 366  # issue numbers restart each year; even a daily would stay below this
ISSUE_KEYS = {"bulletin", "number", "month", "date", "layout", "print", "distribution", "sections"}


def load_issue(issue_dir: Path) -> Issue:
    """Validate everything an issue needs before rendering; raise all problems together."""
    issue_dir = issue_folder(issue_dir)
    problems = Problems()
    source = issue_dir / ISSUE_FILE
    if not source.is_file():
        problems.add(source, None, "không tìm thấy tệp issue.yaml trong thư mục số bản tin. "
                                   "Tạo số mới bằng lệnh: bulletin new")
        problems.raise_if_any()
    root = find_root(issue_dir)
    doc, text = _load(source, problems)
    problems.raise_if_any()
    fields = Fields(doc, problems)
    data = fields.mapping(doc.data, (), ISSUE_KEYS)
    frozen = frozen_settings(issue_dir)
    settings_dir = frozen or issue_dir.parent

    slug = fields.get(data, ("bulletin",), str)
    the_series, series_fields, series_data = None, None, {}
    series_text, keep = None, ()
    if slug:
        series_path = settings_dir / f"{slug}.yaml"
        if not series_path.is_file():
            fields.error(("bulletin",), f"không có tệp thiết lập bản tin {series_path.name} "
                                        f"trong thư mục {series_path.parent.name}/.")
        else:
            series_doc, series_text = _load(series_path, problems)
            if series_doc is not None:
                series_fields = Fields(series_doc, problems)
                series_data = series_fields.mapping(series_doc.data, (), SERIES_KEYS)
                the_series = series(slug, series_fields, series_data)
                keep = series_fields.texts(series_data, (KEEP_WORDS,))
    lint_text(source, text, root, problems, keep=keep)
    if series_text is not None:
        lint_text(series_path, series_text, root, problems, keep=keep)

    number = fields.whole(data, ("number",), 1, MAX_NUMBER, meaning="số thứ tự trong năm")
    month = _month(fields, data, issue_dir)
    published = fields.get(data, ("date",), date)
    if month and published and (published.year, published.month) != (month.year, month.month):
        fields.error(("date",), f"ngày phát hành {published.isoformat()} không thuộc tháng "
                                f"{month.month:02d}/{month.year} của số này.")

    layouts_dir = (frozen or root) / "layouts"
    layout = _layout(layouts_dir, fields, series_fields, data, series_data, problems)
    settings = print_settings(fields, series_fields, data, series_data, layout, published)
    recipients = distribution(fields, series_fields, data, series_data, settings)
    licence = None
    if series_fields and published:
        licence = year_licence(series_fields, series_data, published, settings, layout)
    sections = _sections(fields, data, issue_dir, root, problems, keep)
    if layout:
        readable = (issue_dir, layouts_dir, root / "fonts")
        for stylesheet in (issue_dir / "style.css", layout.directory / "style.css",
                           layouts_dir / layouts.SHARED / "style.css"):
            if stylesheet.is_file():
                lint_stylesheet(stylesheet, readable, problems)
    if number and month and slug:
        _check_number(fields, issue_dir, slug, number, month)

    problems.raise_if_any()
    return Issue(id=issue_dir.name, file=source, root=root, series=the_series, number=number,
                 month=month, date=published, layout=layout, print=settings,
                 distribution=recipients, licence=licence, sections=sections,
                 frozen=frozen is not None, fonts_css=(frozen or root) / FONTS_CSS)


def issue_folder(path: Path) -> Path:
    """The issue folder named by path: the folder itself or its issue.yaml."""
    path = Path(path).resolve()
    return path.parent if path.name == ISSUE_FILE else path


def frozen_settings(issue_dir: Path) -> Path | None:
    """The folder of settings frozen when the issue was published, if it was."""
    folder = issue_dir / PUBLISHED_DIR / FROZEN_DIR
    return folder if folder.is_dir() else None


def find_root(start: Path) -> Path:
    """The project folder: the nearest parent holding both layouts/ and fonts/."""
    for folder in [start, *start.parents]:
        if (folder / "layouts").is_dir() and (folder / "fonts").is_dir():
            return folder
    raise BulletinError([Problem(start, None, (
        "thư mục này không nằm trong kho bản tin (không thấy layouts/ và fonts/ ở thư mục cha). "
        "Hãy chạy lệnh với một thư mục trong bulletins/."))])


def _load(path: Path, problems: Problems) -> tuple[yamlfile.Located | None, str | None]:
    """A YAML file and its text (to be checked line by line once the keep_words are known)."""
    text = None
    try:
        text = yamlfile.read_text(path)
        return yamlfile.parse(path, normalise(text)), text
    except BulletinError as exc:
        problems.extend(exc.problems)
        return None, text


def _layout(layouts_dir: Path, fields: Fields, series_fields: Fields | None, data: dict,
            series_data: dict, problems: Problems):
    """The issue's layout if it names one, else the series' layout."""
    reader, source = (fields, data) if "layout" in data else (series_fields, series_data)
    name = reader.get(source, ("layout",), str) if reader else None
    if not name:
        return None
    if "/" in name or name.startswith(".") or not (layouts_dir / name / "layout.yaml").is_file():
        reader.error(("layout",), (
            f"không có bố cục '{name}'. Các bố cục hiện có: "
            f"{', '.join(layouts.available(layouts_dir))}."))
        return None
    try:
        return layouts.load_layout(layouts_dir, name)
    except BulletinError as exc:
        problems.extend(exc.problems)
        return None


def _month(fields: Fields, data: dict, issue_dir: Path) -> date | None:
    text = fields.get(data, ("month",), str)
    if text is None:
        return None
    match = ISSUE_DIR.match(text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        fields.error(("month",), f"'month' phải có dạng NĂM-THÁNG, ví dụ 2024-01, không phải “{text}”.")
        return None
    if text != issue_dir.name:
        fields.error(("month",), f"tháng {text} khác tên thư mục {issue_dir.name}; "
                                 "hãy đặt tên thư mục theo tháng của số (NĂM-THÁNG).")
    return date(int(match.group(1)), int(match.group(2)), 1)


def _sections(fields: Fields, data: dict, issue_dir: Path, root: Path, problems: Problems,
              keep: tuple[str, ...]) -> tuple[Section, ...]:
    sections = []
    listed: dict[Path, int] = {}
    for s_index, entry in enumerate(fields.get(data, ("sections",), list) or []):
        key = ("sections", s_index)
        block = fields.mapping(entry, key, {"title", "items", "new_page"})
        title = fields.get(block, key + ("title",), str)
        new_page = fields.get(block, key + ("new_page",), bool, required=False) or False
        items = []
        for i_index, raw in enumerate(fields.get(block, key + ("items",), list) or []):
            item_key = key + ("items", i_index)
            name = raw if isinstance(raw, str) else None
            if name is None:
                fields.error(item_key, "mỗi mục là tên một tệp .md, ví dụ: hoi-nghi.md")
                continue
            name = fields.get({i_index: name}, item_key, str)
            if not name:
                continue
            path = (issue_dir / name).resolve()
            if "://" in name or not path.is_relative_to(issue_dir) or path.suffix != ".md":
                fields.error(item_key, f"“{name}” phải là một tệp .md nằm trong thư mục {issue_dir.name}/.")
            elif not path.is_file():
                fields.error(item_key, f"không tìm thấy tệp {name} trong thư mục {issue_dir.name}/."
                                       + _near_file(issue_dir, name))
            elif path in listed:
                fields.error(item_key, f"tệp {name} đã được liệt kê ở dòng {listed[path]}; mỗi bài "
                                       "chỉ in một lần, hãy xóa một dòng.")
            else:
                listed[path] = fields.doc.line(item_key)
                item = load_item(path, root, problems, keep)
                if item:
                    items.append(item)
        if not block.get("items") and title:
            fields.error(key + ("items",), f"chuyên mục “{title}” chưa có bài nào: thêm tên tệp .md "
                                           "vào 'items' hoặc xóa chuyên mục này.")
        if title is not None:
            sections.append(Section(title, tuple(items), new_page))
    if data.get("sections") is not None and not sections:
        fields.error(("sections",), "số bản tin chưa có chuyên mục nào.")
    return tuple(sections)


def _near_file(issue_dir: Path, name: str) -> str:
    """' Có phải ý bạn là …?' for the content file of the folder closest to name."""
    files = {normalise(p.name): p.name for p in issue_dir.glob("*.md")}
    close = difflib.get_close_matches(normalise(name), sorted(files), n=1, cutoff=0.6)
    return f" Có phải ý bạn là “{files[close[0]]}”?" if close else ""


def _check_number(fields: Fields, issue_dir: Path, slug: str, number: int, month: date) -> None:
    """Issue numbers restart each year: unique within the year, and one more than the issue
    before it in the same year (the archive may start in the middle of a year)."""
    previous = None
    for other in sorted(issue_dir.parent.glob(f"{month.year}-*/{ISSUE_FILE}")):
        if other.parent == issue_dir:
            continue
        try:
            data = yamlfile.load(other).data
        except BulletinError:
            continue
        if not isinstance(data, dict) or data.get("bulletin") != slug:
            continue
        if data.get("number") == number:
            fields.error(("number",), f"số {number:02d} đã dùng cho số tháng {other.parent.name} "
                                      f"({other.parent.name}/{ISSUE_FILE}); hãy sửa số thứ tự.")
            return
        if other.parent.name < issue_dir.name and isinstance(data.get("number"), int):
            previous = (other.parent.name, data["number"])
    if previous and number != previous[1] + 1:
        fields.error(("number",), (
            f"số thứ tự phải là {previous[1] + 1}: số liền trước trong năm {month.year} là số "
            f"{previous[1]:02d} (thư mục {previous[0]}). Nếu đúng là bỏ qua số, hãy xem lại "
            f"số của thư mục {previous[0]}."))
