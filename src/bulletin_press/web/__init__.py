"""The web edition: one self-contained page per issue, for the portal and for phones.

`edition(content)` makes the files of build/<YYYY-MM>/web/: index.html (the whole issue, its
stylesheet inline, no script), its photos in anh/ (at most 1200 px wide, web/photos.py) and
the bundled Noto fonts it is set in, subset, in phong-chu/ (web/fonts.py). Every address in the
page is relative and inside that folder: the page makes no request elsewhere, and the folder
can be copied anywhere whole.

The page comes from the web layout, layouts/_web/ (edition.html and style.css), whatever the
issue's print layout; an issue folder's own templates and stylesheet shape its print files
only. The web layout is not an input of the issue (sources.py): it is not hashed in the
publication record, not attached to the reader PDF and not frozen at publication, so no
print or reader byte depends on it, and a published issue's web edition follows the current
web layout. `bulletin build-all` still rebuilds an issue when it changes (its stamp keeps the
web layout's hashes apart from the inputs).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from bulletin_press import render
from bulletin_press.content import Content
from bulletin_press.errors import Problem
from bulletin_press.manifest import layouts
from bulletin_press.model import Issue, Item
from bulletin_press.vietnamese import fold, issue_line, long_date
from bulletin_press.web.fonts import FONTS_DIR, font_face_css, font_files
from bulletin_press.web.html import web_fragment
from bulletin_press.web.photos import web_photo

PAGE = "index.html"
TEMPLATE = "edition.html"
STYLESHEET = "style.css"
PHOTOS_DIR = "anh"
# Ids of the page's own parts: an item is never given one of these.
PAGE_IDS = ("noi-dung", "muc-luc", "thong-tin-xuat-ban")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_TAG = re.compile(r"<[^>]+>")
DESCRIPTION_TITLES = 200  # characters of item titles at most in <meta name="description">


@dataclass(frozen=True)
class WebItem:
    """One item as the page shows it: its id in the page and its body for the web."""

    id: str
    item: Item
    html: Markup

    @property
    def title(self) -> str:
        return self.item.title


@dataclass(frozen=True)
class WebSection:
    id: str
    title: str
    items: tuple[WebItem, ...]


@dataclass(frozen=True)
class WebEdition:
    files: dict[str, bytes]  # path under web/ → bytes; PAGE is the page


def layout_dir(root: Path) -> Path:
    return root / "layouts" / layouts.WEB


def missing_layout(issue: Issue) -> Problem:
    """The warning that an issue's project has no web layout."""
    return Problem(layout_dir(issue.root) / TEMPLATE, None, (
        f"không có bố cục bản web (layouts/{layouts.WEB}/{TEMPLATE} và {STYLESHEET}) nên số "
        f"{issue.id} không có bản web; các tệp PDF vẫn được dựng. Muốn có bản web, hãy chép thư "
        f"mục layouts/{layouts.WEB}/ từ kho bản tin vào đây."))


def layout_files(root: Path) -> dict[str, Path]:
    """The web layout's files by project name (layouts/_web/…), for build-all's stamp."""
    folder = layout_dir(root)
    return {f"layouts/{layouts.WEB}/{path.relative_to(folder).as_posix()}": path
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not path.name.startswith(".")}


def edition(content: Content) -> WebEdition | None:
    """The web edition's files for a converted issue; None in a project without the web
    layout (one recovered from a reader PDF by `bulletin extract` carries only the print
    layout)."""
    issue = content.issue
    folder = layout_dir(issue.root)
    if not ((folder / TEMPLATE).is_file() and (folder / STYLESHEET).is_file()):
        return None
    files: dict[str, bytes] = {}
    photos: dict[str, tuple[str, tuple[int, int]]] = {}
    for number, (path, photo) in enumerate(content.photos.items(), start=1):
        web = web_photo(photo)
        name = f"{PHOTOS_DIR}/{number:02d}-{_slug(path.stem) or 'anh'}{web.suffix}"
        files[name] = web.data
        photos[quote(path.relative_to(issue.directory).as_posix())] = (name, web.size_px)
    fragments = iter(content.fragments)
    taken = set(PAGE_IDS)
    sections = []
    for index, section in enumerate(issue.sections, start=1):
        items = []
        for _ in section.items:
            fragment = next(fragments)
            item_id = _item_id(fragment.item.file.stem, fragment.anchor, taken)
            taken.add(item_id)
            html = web_fragment(fragment.html, fragment.item.kind, item_id, photos.__getitem__)
            items.append(WebItem(item_id, fragment.item, Markup(html)))
        sections.append(WebSection(f"chuyen-muc-{index}", section.title, tuple(items)))
    title = f"Bản tin {issue.series.name} – {issue_line(issue.number, issue.month)}"
    page = render.environment([folder]).get_template(TEMPLATE).render(
        issue=issue, series=issue.series, licence=issue.licence, title=title,
        issue_line=issue_line(issue.number, issue.month),
        description=description(title, issue.date, sections),
        sections=tuple(sections),
        style=Markup(font_face_css() + (folder / STYLESHEET).read_text(encoding="utf-8")))
    files[PAGE] = page.encode()
    text = unescape(_TAG.sub(" ", page))
    files.update({f"{FONTS_DIR}/{name}": data
                  for name, data in font_files(issue.root / "fonts", text).items()})
    return WebEdition(dict(sorted(files.items())))


def description(title: str, published: date, sections: list[WebSection]) -> str:
    """The page's summary for search engines and link previews: the issue and its titles."""
    text = f"{title}, phát hành {long_date(published)}. Trong số này: "
    titles = [item.title for section in sections for item in section.items]
    shown = []
    for item_title in titles:
        if shown and len("; ".join([*shown, item_title])) > DESCRIPTION_TITLES:
            break
        shown.append(item_title)
    return text + "; ".join(shown) + ("…" if len(shown) < len(titles) else ".")


def _item_id(stem: str, anchor: str, taken: set[str]) -> str:
    """The item's file name when it makes a clean address (#hoi-nghi-tong-ket), or its
    number in the issue (#muc-3)."""
    # Never a name the page gives its own parts: sections, numbered items, tables.
    if (_SLUG.fullmatch(stem) and stem not in taken
            and not stem.startswith(("chuyen-muc-", "muc-", "bang-"))):
        return stem
    return anchor


def _slug(stem: str) -> str:
    """'Trạm y tế xã' → 'tram-y-te-xa'."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(stem)))
